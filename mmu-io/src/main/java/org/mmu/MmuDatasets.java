package org.mmu;

import org.mmu.core.DatasetLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import org.mmu.core.MmuDataset;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.matching.CrossMatch;
import org.mmu.core.CoordinateColumns;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.InPlaceFingerprints;
import org.mmu.internal.dataset.LayoutProvider;
import org.mmu.internal.validate.DatasetValidator;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/**
 * The front door. {@code MmuDatasets.load("/data/hsc")} opens a survey in whichever layout it
 * is stored (index-first, MMU v1 HDF5, HATS; or a flat CSV/Parquet catalog) from a local path or
 * a URI; {@code MmuDatasets.load(base, crossMatch)} crossmatches named surveys under a base
 * location and loads only the matched objects.
 *
 * <pre>{@code
 * try (MmuDataset hsc = MmuDatasets.load("/data/hsc")) {
 *     System.out.println(hsc.size() + " objects, columns " + hsc.schema().names());
 * }
 * }</pre>
 */
public final class MmuDatasets {
    private MmuDatasets() {
    }

    /** Opens a dataset with default options. */
    public static MmuDataset load(String location) {
        return load(location, LoadOptions.defaults());
    }

    public static MmuDataset load(Path path) {
        return load(path.toString(), LoadOptions.defaults());
    }

    /**
     * Opens a dataset, detecting its layout: a manifest {@code mmu_dataset.json} means
     * index-first; {@code hats.properties} means HATS; {@code healpix=N/*.hdf5} means MMU v1; a
     * local {@code .csv}/{@code .parquet} file or a directory of Parquet files is a flat catalog.
     * The layouts are {@link LayoutProvider} plug-ins, asked in priority order. Reads metadata only.
     */
    public static MmuDataset load(String location, LoadOptions options) {
        LayoutProvider.Where where = where(location, options);
        try {
            LayoutProvider layout = detect(where);
            where = InPlaceFingerprints.protect(where, layout.layout(), options.fingerprint(), options.storage().cacheDir(),
                    options.threads());
            MmuDataset d = layout.open(where, options.openContext(), options.idColumn());
            if (layout.layout() != DatasetLayout.INDEX_FIRST
                    && (options.version() != 0 || options.whereFor(d.name()).isPresent())) {
                d.close();
                throw new MmuInputException(location + ": versions and 'where' filters need an index-first dataset"
                        + " (this is " + layout.layout() + "; build one with 'mmu index')");
            }
            return d;
        } catch (RuntimeException | Error e) {
            where.storage().ifPresent(Storage::close);
            throw e;
        }
    }

    /**
     * Which layout is at a location, reading only what detection needs (a manifest or properties
     * file; for MMU v1 a listing). An error names what was expected when nothing is recognised.
     */
    public static DatasetLayout detectLayout(String location, LoadOptions options) {
        LayoutProvider.Where where = where(location, options);
        try {
            return detect(where).layout();
        } finally {
            where.storage().ifPresent(Storage::close);
        }
    }

    /**
     * Opens a local CSV or Parquet catalog whose id/ra/dec columns have other names than the
     * defaults ({@code id}, {@code ra}, {@code dec}); the dataset is named after the file.
     *
     * @param file a {@code .csv} or {@code .parquet} file, or a directory of Parquet files
     * @param columns the catalog's id, right ascension and declination columns
     * @param options open options (caching, id column type, ...)
     * @return the opened catalog, to close after use
     */
    public static MmuDataset loadCatalog(Path file, CoordinateColumns columns, LoadOptions options) {
        String name = file.getFileName().toString().replaceFirst("\\.(csv|parquet)$", "");
        return CatalogDatasets.open(file, name, columns, options.openContext());
    }

    /**
     * Checks a dataset's metadata and index; with {@code deep}, also verifies every byte against
     * its recorded checksums and decodes every value.
     *
     * @param dataset an open dataset
     * @param deep whether to read all data, not only metadata
     * @return the checks run and the problems found
     */
    public static ValidationReport validate(MmuDataset dataset, boolean deep) {
        return DatasetValidator.validate(dataset, deep);
    }

    /** The location, its local path, and its storage (none for a single local file: only catalogs are files). */
    private static LayoutProvider.Where where(String location, LoadOptions options) {
        Path local = Storages.schemeOf(location).equals("file") ? localPath(location) : null;
        Storage storage = local != null && Files.isRegularFile(local) ? null : Storages.open(location, options.storage());
        return new LayoutProvider.Where(location, Optional.ofNullable(local), Optional.ofNullable(storage));
    }

    /** The first layout, in priority order, that recognizes the location; else an error saying what was expected. */
    private static LayoutProvider detect(LayoutProvider.Where where) {
        String location = where.location();
        Path local = where.localPath().orElse(null);
        for (LayoutProvider p : Layouts.PROVIDERS) {
            if (p.layout() == DatasetLayout.CATALOG && local != null && Files.isDirectory(local)) {
                // a directory holding datasets is a base for crossmatches, not a catalog of their files
                List<String> children = childDatasets(local);
                if (!children.isEmpty()) {
                    throw new MmuFormatException(location, "no dataset here, but it holds the datasets " + children
                            + ": load " + MmuDatasets.child(location, children.get(0)) + ", or crossmatch them with "
                            + "MmuDatasets.load(\"" + location + "\", CrossMatch.of(...)) / mmu xmatch");
                }
            }
            if (p.recognizes(where)) {
                return p;
            }
        }
        if (local != null && Files.isRegularFile(local)) {
            throw new MmuFormatException(location, "not a dataset: a file must be a .csv or .parquet catalog");
        }
        throw new MmuFormatException(location, "no dataset found: expected an index-first manifest (mmu_dataset.json), "
                + "a HATS catalog (hats.properties), MMU v1 files (healpix=N/*.hdf5), or a CSV/Parquet catalog");
    }

    /** The layout plug-ins on the class path, in priority order (loaded once). */
    private static final class Layouts {
        static final List<LayoutProvider> PROVIDERS = load();

        private static List<LayoutProvider> load() {
            List<LayoutProvider> found = new ArrayList<>();
            ServiceLoader.load(LayoutProvider.class, MmuDatasets.class.getClassLoader()).forEach(found::add);
            if (found.isEmpty()) {
                throw new MmuFormatException("META-INF/services/" + LayoutProvider.class.getName(),
                        "no dataset layouts found on the class path (a shaded jar must merge service files)");
            }
            found.sort(java.util.Comparator.comparingInt(LayoutProvider::priority));
            return List.copyOf(found);
        }
    }

    /**
     * Crossmatches surveys stored side by side under {@code base} ({@code base/<survey>} for
     * each survey named in the crossmatch), then loads only the matched objects' data.
     */
    public static CrossMatchedDatasets load(String base, CrossMatch crossMatch) {
        return load(base, crossMatch, LoadOptions.defaults());
    }

    public static CrossMatchedDatasets load(String base, CrossMatch crossMatch, LoadOptions options) {
        List<String> locations = new ArrayList<>();
        for (String survey : crossMatch.surveys()) {
            locations.add(child(base, survey));
        }
        return load(locations, crossMatch, options);
    }

    /** {@link #load(List, CrossMatch, LoadOptions)} with the default options. */
    public static CrossMatchedDatasets load(List<String> locations, CrossMatch crossMatch) {
        return load(locations, crossMatch, LoadOptions.defaults());
    }

    /**
     * Crossmatches the datasets at the given locations, one per survey of the crossmatch in the
     * same order (the survey names label the output). Returns once the indices are matched and
     * the fetch planned; the matched objects' data is read as the result is iterated.
     */
    public static CrossMatchedDatasets load(List<String> locations, CrossMatch crossMatch, LoadOptions options) {
        if (locations.size() != crossMatch.surveys().size()) {
            throw new MmuInputException(locations.size() + " locations given for the " + crossMatch.surveys().size()
                    + " surveys " + crossMatch.surveys());
        }
        return crossMatch(Surveys.open(locations, options), crossMatch, options);
    }

    /** Crossmatches datasets the caller has opened (they stay open after the result is closed). */
    public static CrossMatchedDatasets crossMatch(List<MmuDataset> datasets, CrossMatch crossMatch, LoadOptions options) {
        return crossMatch(Surveys.of(datasets), crossMatch, options);
    }

    /**
     * Crossmatches opened surveys (the open stage, {@link Surveys#open}); the result closes
     * what {@link Surveys#open} opened, on its own close or on failure.
     */
    public static CrossMatchedDatasets crossMatch(Surveys surveys, CrossMatch crossMatch, LoadOptions options) {
        return CrossMatchPipeline.run(surveys, crossMatch, options);
    }

    /** {@code base/name} for a local path or a URI. */
    static String child(String base, String name) {
        if (Storages.schemeOf(base).equals("file") && !base.startsWith("file:")) {
            return Path.of(base).resolve(name).toString();
        }
        return base.endsWith("/") ? base + name : base + "/" + name;
    }

    /** Immediate sub-directories that are datasets themselves (index-first or HATS). */
    private static List<String> childDatasets(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .filter(d -> Files.exists(d.resolve("mmu_dataset.json")) || Files.exists(d.resolve("hats.properties"))
                            || Files.exists(d.resolve("collection.properties")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    static Path localPath(String location) {
        return location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
    }
}
