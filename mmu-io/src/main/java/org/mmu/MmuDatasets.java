package org.mmu;

import org.mmu.core.CoordinateColumns;
import org.mmu.core.DataFormat;
import org.mmu.core.DatasetLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.mmu.core.MmuDataset;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.matching.CrossMatch;
import org.mmu.io.catalog.CatalogDatasets;
import org.mmu.io.dataset.OpenContext;
import org.mmu.io.dataset.PartitionedDataset;
import org.mmu.io.hats.HatsDatasets;
import org.mmu.io.hats.HatsOptions;
import org.mmu.io.indexfirst.IndexFirstDatasets;
import org.mmu.io.mmuv1.MmuV1Datasets;
import org.mmu.io.storage.Storage;
import org.mmu.io.storage.Storages;

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
     * Reads metadata only.
     */
    public static MmuDataset load(String location, LoadOptions options) {
        OpenContext ctx = options.openContext();
        Path local = Storages.schemeOf(location).equals("file") ? localPath(location) : null;
        CoordinateColumns catalogColumns = options.idColumn()
                .map(id -> new CoordinateColumns(id, "ra", "dec")).orElse(CoordinateColumns.DEFAULT);
        if (local != null && Files.isRegularFile(local)) {
            return CatalogDatasets.open(local, baseName(local), catalogColumns, ctx);
        }
        Storage storage = Storages.open(location, options.storage());
        try {
            switch (detect(location, local, storage)) {
                case INDEX_FIRST:
                    return requireOwnIdColumn(IndexFirstDatasets.open(storage, ctx), options);
                case HATS:
                    HatsOptions hats = options.idColumn().map(id -> HatsOptions.builder().idColumn(id).build())
                            .orElse(HatsOptions.defaults());
                    return HatsDatasets.open(storage, ctx, hats);
                case MMU_V1_HDF5:
                    return requireOwnIdColumn(MmuV1Datasets.open(storage, ctx.progress(), ctx.readThreads()), options);
                default:
                    storage.close();
                    return CatalogDatasets.open(local, baseName(local), catalogColumns, ctx);
            }
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /**
     * Which layout is at a location, reading only what detection needs (a manifest or properties
     * file; for MMU v1 a listing). An error names what was expected when nothing is recognised.
     */
    public static DatasetLayout detectLayout(String location, LoadOptions options) {
        Path local = Storages.schemeOf(location).equals("file") ? localPath(location) : null;
        if (local != null && Files.isRegularFile(local)) {
            if (DataFormat.fromFileName(local.getFileName().toString()) == null) {
                throw new MmuFormatException(location, "not a dataset: a file must be a .csv or .parquet catalog");
            }
            return DatasetLayout.CATALOG;
        }
        try (Storage storage = Storages.open(location, options.storage())) {
            return detect(location, local, storage);
        }
    }

    /** The layout rules, in order: our manifest, HATS properties, MMU v1 files, a local catalog directory. */
    private static DatasetLayout detect(String location, Path local, Storage storage) {
        if (IndexFirstDatasets.isIndexFirst(storage)) {
            return DatasetLayout.INDEX_FIRST;
        }
        if (HatsDatasets.isHats(storage)) {
            return DatasetLayout.HATS;
        }
        if (MmuV1Datasets.isMmuV1(storage)) {
            return DatasetLayout.MMU_V1_HDF5;
        }
        if (local != null && Files.isDirectory(local)) {
            List<String> children = childDatasets(local);
            if (!children.isEmpty()) {
                throw new MmuFormatException(location, "no dataset here, but it holds the datasets " + children
                        + ": load " + MmuDatasets.child(location, children.get(0)) + ", or crossmatch them with "
                        + "MmuDatasets.load(\"" + location + "\", CrossMatch.of(...)) / mmu xmatch");
            }
            if (CatalogDatasets.isCatalog(local)) {
                return DatasetLayout.CATALOG;
            }
        }
        throw new MmuFormatException(location, "no dataset found: expected an index-first manifest (mmu_dataset.json), "
                + "a HATS catalog (hats.properties), MMU v1 files (healpix=N/*.hdf5), or a CSV/Parquet catalog");
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
        return CrossMatchPipeline.run(surveys, crossMatch, options, MatchStage.IN_MEMORY);
    }

    /** {@code base/name} for a local path or a URI. */
    static String child(String base, String name) {
        if (Storages.schemeOf(base).equals("file") && !base.startsWith("file:")) {
            return Path.of(base).resolve(name).toString();
        }
        return base.endsWith("/") ? base + name : base + "/" + name;
    }

    /** Index-first and MMU v1 datasets fix their id column: a different one asked for is an error, not ignored. */
    private static MmuDataset requireOwnIdColumn(PartitionedDataset ds, LoadOptions options) {
        String own = ds.descriptor().coordinates().id();
        if (options.idColumn().isPresent() && !options.idColumn().get().equals(own)) {
            String layout = ds.layout().label();
            ds.close();
            throw new MmuInputException(ds.location() + ": this " + layout + " dataset's id column is '" + own
                    + "'; idColumn applies to HATS and CSV/Parquet catalogs");
        }
        return ds;
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

    static String baseName(Path p) {
        String n = p.getFileName() == null ? "dataset" : p.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
