package org.mmu.internal.hats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.mmu.core.MmuFormatException;
import org.mmu.core.PartitionRef;
import org.mmu.core.Schema;
import org.mmu.internal.storage.Storage;

/**
 * The metadata of one sky-partitioned HATS table (object, source or margin) inside a storage:
 * its properties, schema, partitions and coordinate columns, read and validated once. Reads
 * footers and small text files only, never data pages. Immutable.
 *
 * @param prefix       the table's directory inside the storage: {@code ""} or {@code "name/"}
 * @param schemaSource the file the schema was taken from (root-relative)
 * @param healpixColumn the column holding each row's HEALPix index at {@code healpixOrder}, or
 *                      null when the files have none (then partition membership is not checked)
 */
record HatsTable(Storage storage, String prefix, HatsProperties properties, CatalogType type, String name,
        String version, Schema schema, Map<String, String> unsupportedColumns, String schemaSource,
        List<PartitionRef> partitions, String pixelSource, String rowSource, String npixSuffix,
        String raColumn, String decColumn, String healpixColumn, int healpixOrder, long rows) {

    static final String DEFAULT_HEALPIX_COLUMN = "_healpix_29";

    /** The table's location, for messages: the storage root plus the prefix. */
    String location() {
        return prefix.isEmpty() ? storage.location() : storage.location() + "/" + prefix.substring(0, prefix.length() - 1);
    }

    /** The HEALPix orders its partitions use, ascending. */
    List<Integer> orders() {
        return new ArrayList<>(new TreeSet<>(partitions.stream().map(PartitionRef::order).toList()));
    }

    /**
     * Opens the table at {@code prefix}, whose properties the caller has read and whose type it
     * has checked ({@link CatalogType#isSkyTable()}).
     */
    static HatsTable open(Storage storage, String prefix, HatsProperties props, int threads) {
        return open(storage, prefix, props, threads, null);
    }

    /** As {@link #open(Storage, String, HatsProperties, int)}, with the files at {@code leafTemplate} (or null). */
    static HatsTable open(Storage storage, String prefix, HatsProperties props, int threads, String leafTemplate) {
        String version = props.checkVersion();
        props.require("a HATS catalog", HatsProperties.NAME, HatsProperties.TYPE);
        CatalogType type = CatalogType.of(props.get(HatsProperties.TYPE));
        props.require("a HATS " + type.name().toLowerCase(java.util.Locale.ROOT)
                + " catalog (its ra/dec columns are how objects are placed and matched)", HatsProperties.RA, HatsProperties.DEC);
        String suffix = props.getOrDefault(HatsProperties.NPIX_SUFFIX, HatsPaths.DEFAULT_SUFFIX);

        String metadataPath = HatsPaths.join(prefix, HatsPaths.METADATA);
        ParquetFooters.Footer metadata = storage.exists(metadataPath) ? ParquetFooters.read(storage, metadataPath) : null;
        String healpix = props.getOrDefault(HatsProperties.HEALPIX, DEFAULT_HEALPIX_COLUMN);
        int healpixOrder = (int) props.getLong(HatsProperties.HEALPIX_ORDER, 29);
        if (healpixOrder < 0 || healpixOrder > 29) {
            throw new MmuFormatException(props.location(), HatsProperties.HEALPIX_ORDER + "=" + healpixOrder
                    + " is outside [0, 29]");
        }
        HatsPartitions.Found found = new HatsPartitions(storage, prefix, suffix, metadata, threads,
                type != CatalogType.MARGIN, leafTemplate, healpix, healpixOrder).find();

        // Schema: _common_metadata (tiny), else the _metadata footer already read, else the first leaf.
        String commonPath = HatsPaths.join(prefix, HatsPaths.COMMON_METADATA);
        ParquetFooters.Footer schemaFooter;
        String schemaSource;
        if (storage.exists(commonPath)) {
            schemaFooter = ParquetFooters.read(storage, commonPath);
            schemaSource = commonPath;
        } else if (metadata != null) {
            schemaFooter = metadata;
            schemaSource = metadataPath;
        } else {
            schemaSource = found.partitions().get(0).path();
            schemaFooter = ParquetFooters.read(storage, schemaSource);
        }
        Schema schema = schemaFooter.schema();
        String ra = props.get(HatsProperties.RA);
        String dec = props.get(HatsProperties.DEC);
        List<String> missing = new ArrayList<>();
        for (String[] c : new String[][] {{HatsProperties.RA, ra}, {HatsProperties.DEC, dec}}) {
            if (!schema.contains(c[1])) {
                String why = schemaFooter.unsupported().get(c[1]);
                missing.add("'" + c[1] + "' (" + c[0] + ")" + (why != null ? " cannot be read: " + why : ""));
            }
        }
        if (!missing.isEmpty()) {
            throw new MmuFormatException(storage.location() + "/" + schemaSource, "coordinate column"
                    + (missing.size() > 1 ? "s " : " ") + String.join(" and ", missing) + " named in "
                    + props.location().substring(props.location().lastIndexOf('/') + 1)
                    + (missing.size() > 1 ? " are" : " is") + " not in the files; columns are " + schema.names());
        }

        if (!schema.contains(healpix) || !schema.column(healpix).type().isInteger()) {
            healpix = null; // lenient: hand-made catalogs may lack it; the check is then skipped (noted by inspect)
        }

        long rows = found.partitions().stream().mapToLong(PartitionRef::rows).sum();
        long stated = props.getLong(HatsProperties.NROWS, -1);
        if (stated >= 0 && stated != rows) {
            throw new MmuFormatException(props.location(), "hats_nrows=" + stated + " but the partitions hold " + rows
                    + " rows (by " + found.rowSource() + "): the properties and the files disagree");
        }
        return new HatsTable(storage, prefix, props, type, props.get(HatsProperties.NAME), version, schema,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(schemaFooter.unsupported())), schemaSource, found.partitions(), found.pixelSource(),
                found.rowSource(), suffix, ra, dec, healpix, healpixOrder, rows);
    }
}
