package org.mmu.internal.mmuv1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.IdType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.Schema;
import org.mmu.internal.hdf5.Hdf5ColumnInfo;

/**
 * A survey's files merged into one dataset description: the schema is the union of the files'
 * datasets, where a dimension that differs between files becomes {@link ColumnSpec#VARIABLE}
 * (SDSS spectra) and a type or rank that differs is an error naming both files; {@code ra} and
 * {@code dec} are float64 and integer ids int64 whatever their width in the files. Also collects
 * the quirks seen, for {@code mmu inspect}. Immutable.
 */
record MmuV1Survey(String name, Schema schema, IdType idType, Map<String, Object> properties) {

    static MmuV1Survey of(String rootLocation, List<MmuV1Probe> probes) {
        Map<String, ColumnSpec> specs = new LinkedHashMap<>();
        Map<String, MmuV1Probe> firstSeen = new LinkedHashMap<>();
        Map<String, Integer> filesWith = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Set<String> bigEndian = new LinkedHashSet<>();
        Set<String> widened = new LinkedHashSet<>();
        Set<String> filters = new TreeSet<>();
        Set<String> unavailableFilters = new LinkedHashSet<>();
        Set<String> idKinds = new TreeSet<>();
        boolean float32Coordinates = false;
        boolean wrappedIds = false;
        // object_id, ra, dec lead the schema whatever the files' dataset order
        for (String first : List.of(MmuV1Probe.ID, MmuV1Probe.RA, MmuV1Probe.DEC)) {
            specs.put(first, null);
        }
        for (MmuV1Probe p : probes) {
            wrappedIds |= p.wrappedIds();
            for (Hdf5ColumnInfo c : p.columns().values()) {
                String col = c.name();
                if (!c.readable()) {
                    skipped.putIfAbsent(col, col + " (" + c.storedType() + "): " + c.unsupported() + ", e.g. in "
                            + p.file().path());
                    continue;
                }
                filesWith.merge(col, 1, Integer::sum);
                if (c.bigEndian()) {
                    bigEndian.add(col);
                }
                if (c.storedType().startsWith("uint") && c.spec().type() != DType.UINT8) {
                    widened.add(col + " (" + c.storedType() + " to " + c.spec().type().label() + ")");
                }
                for (String f : c.filters()) {
                    if (c.hasUnavailableFilter()) {
                        unavailableFilters.add(col + " in " + p.file().path() + ": " + f);
                    } else {
                        filters.add(f);
                    }
                }
                if (col.equals(MmuV1Probe.ID)) {
                    idKinds.add(describeIds(c));
                }
                if ((col.equals(MmuV1Probe.RA) || col.equals(MmuV1Probe.DEC)) && c.spec().type() == DType.FLOAT32) {
                    float32Coordinates = true;
                }
                ColumnSpec spec = datasetSpec(c.spec());
                ColumnSpec prev = specs.get(col);
                if (prev == null) {
                    specs.put(col, spec);
                    firstSeen.put(col, p);
                } else {
                    specs.put(col, merge(prev, spec, firstSeen.get(col), p));
                }
            }
        }
        skipped.keySet().forEach(specs::remove); // unreadable somewhere: not a column of the dataset

        Schema schema = Schema.of(specs.values());
        IdType idType = specs.get(MmuV1Probe.ID).type() == DType.STRING ? IdType.STRING : IdType.INT64;

        Map<String, Object> props = new LinkedHashMap<>();
        props.put("format", "MMU v1 HDF5 (h5py, one dataset per column, one file set per HEALPix pixel)");
        props.put("healpix order", MmuV1Datasets.ORDER);
        props.put("nside", 1 << MmuV1Datasets.ORDER);
        props.put("files", probes.size());
        props.put("pixels", probes.stream().mapToInt(p -> p.file().healpix()).distinct().count());
        props.put("subsets", new ArrayList<>(new TreeSet<>(probes.stream().map(p -> p.file().subset().isEmpty()
                ? "." : p.file().subset()).toList())));
        props.put("id type", idType.label());
        List<String> quirks = new ArrayList<>();
        quirks.add("ids: " + String.join(", ", idKinds));
        if (wrappedIds) {
            quirks.add("string ids with literal b'...' wrappers (stripped)");
        }
        if (float32Coordinates) {
            quirks.add("float32 coordinates (promoted to float64)");
        }
        if (!bigEndian.isEmpty()) {
            quirks.add("big-endian columns: " + String.join(", ", bigEndian));
        }
        if (!widened.isEmpty()) {
            quirks.add("unsigned integers widened: " + String.join(", ", widened));
        }
        if (!filters.isEmpty()) {
            quirks.add("filters: " + String.join(", ", filters));
        }
        List<String> variable = schema.columns().stream().filter(ColumnSpec::isVariableShape)
                .map(ColumnSpec::toString).toList();
        if (!variable.isEmpty()) {
            quirks.add("lengths that differ between files: " + String.join(", ", variable));
        }
        addLayoutQuirks(probes, quirks);
        props.put("quirks", quirks);
        if (!skipped.isEmpty()) {
            props.put("skipped columns", new ArrayList<>(skipped.values()));
        }
        List<String> partial = new ArrayList<>();
        for (ColumnSpec c : schema) {
            int n = filesWith.getOrDefault(c.name(), 0);
            if (n < probes.size()) {
                partial.add(c.name() + " (in " + n + " of " + probes.size() + " files; null elsewhere)");
            }
        }
        if (!partial.isEmpty()) {
            props.put("columns missing from some files", partial);
        }
        if (!unavailableFilters.isEmpty()) {
            props.put("unreadable (filter not in jhdf)", new ArrayList<>(unavailableFilters));
        }
        List<String> missing = MmuV1Discovery.missingShards(probes.stream().map(MmuV1Probe::file).toList());
        if (!missing.isEmpty()) {
            props.put("missing shards", missing);
        }
        return new MmuV1Survey(nameOf(rootLocation, probes), schema, idType, props);
    }

    /** The column as the dataset exposes it: coordinates in float64, integer ids in int64. */
    private static ColumnSpec datasetSpec(ColumnSpec file) {
        String n = file.name();
        if (n.equals(MmuV1Probe.RA) || n.equals(MmuV1Probe.DEC)) {
            return ColumnSpec.scalar(n, DType.FLOAT64);
        }
        if (n.equals(MmuV1Probe.ID) && file.type().isInteger()) {
            return ColumnSpec.scalar(n, DType.INT64);
        }
        return file;
    }

    private static ColumnSpec merge(ColumnSpec a, ColumnSpec b, MmuV1Probe aFile, MmuV1Probe bFile) {
        if (a.type() != b.type() || a.rank() != b.rank()) {
            throw new MmuFormatException(bFile.location(), "column '" + a.name() + "' is " + b.typeString()
                    + " here but " + a.typeString() + " in " + aFile.location() + "; the files of one dataset must"
                    + " agree on each column's type and number of dimensions (open the files that agree separately)");
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        if (Arrays.equals(as, bs)) {
            return a;
        }
        for (int i = 0; i < as.length; i++) {
            if (as[i] != bs[i]) {
                as[i] = ColumnSpec.VARIABLE;
            }
        }
        return a.withShape(as);
    }

    private static String describeIds(Hdf5ColumnInfo c) {
        return switch (c.kind()) {
            case FIXED_BYTES -> "fixed-length byte strings";
            case FIXED_UTF8 -> "fixed-length utf-8 strings";
            case VLEN_STRING -> "variable-length strings";
            case ENUM -> "enum names";
            default -> c.storedType();
        };
    }

    private static void addLayoutQuirks(List<MmuV1Probe> probes, List<String> quirks) {
        Map<String, Integer> perPixelDir = new LinkedHashMap<>();
        boolean padded = false;
        boolean h5 = false;
        boolean unsharded = false;
        boolean deep = false;
        for (MmuV1Probe p : probes) {
            MmuV1File f = p.file();
            perPixelDir.merge(f.pixelDirPath(), 1, Integer::sum);
            padded |= f.zeroPadded();
            h5 |= f.path().toLowerCase(java.util.Locale.ROOT).endsWith(".h5");
            unsharded |= f.shard() < 0;
            deep |= f.subset().contains("/");
        }
        if (perPixelDir.values().stream().anyMatch(n -> n > 1)) {
            quirks.add("several files per pixel directory");
        }
        if (padded) {
            quirks.add("zero-padded pixel directories");
        }
        if (h5) {
            quirks.add(".h5 file names");
        }
        if (unsharded) {
            quirks.add("file names other than NNN-of-MMM (e.g. one file per object)");
        }
        if (deep) {
            quirks.add("extra directory levels above healpix=N");
        }
    }

    /**
     * {@code survey/subset}: the root's name and the single subset below it, or the root's
     * parent and name when the root is a subset directory; just the root's name when it holds
     * several subsets.
     */
    static String nameOf(String rootLocation, List<MmuV1Probe> probes) {
        String[] seg = rootLocation.replace('\\', '/').replaceAll("/+$", "").split("/");
        String last = seg.length > 0 ? seg[seg.length - 1] : rootLocation;
        Set<String> subsets = new TreeSet<>(probes.stream().map(p -> p.file().subset()).toList());
        if (subsets.size() == 1) {
            String only = subsets.iterator().next();
            if (!only.isEmpty()) {
                return last + "/" + only;
            }
            return seg.length > 1 && !seg[seg.length - 2].isEmpty() && !seg[seg.length - 2].endsWith(":")
                    ? seg[seg.length - 2] + "/" + last : last;
        }
        return last;
    }
}
