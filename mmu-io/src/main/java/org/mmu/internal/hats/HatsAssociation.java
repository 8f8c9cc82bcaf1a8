package org.mmu.internal.hats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmu.core.Column;
import org.mmu.core.MmuFormatException;
import org.mmu.core.Parallel;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.Storage;

/**
 * A HATS association catalog ({@code dataproduct_type=association}): precomputed pairs between a
 * primary and a join catalog, one row per pair holding the primary object's id
 * ({@code hats_col_assn_primary_assn}, matching the primary's {@code hats_col_assn_primary}) and
 * the join object's ({@code hats_col_assn_join_assn} / {@code hats_col_assn_join}), partitioned on
 * the sky by the primary side. Opening reads properties and footers; {@link #readPairs} reads the
 * two id columns (and {@code _dist_arcsec} when present) of every partition. Immutable.
 */
public final class HatsAssociation {
    static final String PRIMARY_COLUMN = "hats_col_assn_primary";
    static final String PRIMARY_ASSN_COLUMN = "hats_col_assn_primary_assn";
    static final String JOIN_URL = "hats_assn_join_table_url";
    static final String JOIN_COLUMN = "hats_col_assn_join";
    static final String JOIN_ASSN_COLUMN = "hats_col_assn_join_assn";
    static final String MAX_SEPARATION = "hats_assn_max_separation";
    static final String LEAF_FILES = "hats_assn_leaf_files";
    /** The separation column hats/LSDB write into association tables (arcsec). */
    public static final String SEPARATION_COLUMN = "_dist_arcsec";

    private final Storage storage;
    private final HatsProperties props;
    private final Schema schema;
    private final List<PartitionRef> partitions;
    private final int threads;

    private HatsAssociation(Storage storage, HatsProperties props, Schema schema, List<PartitionRef> partitions,
            int threads) {
        this.storage = storage;
        this.props = props;
        this.schema = schema;
        this.partitions = List.copyOf(partitions);
        this.threads = threads;
    }

    /** Whether the storage root holds a HATS catalog whose {@code dataproduct_type} is association. */
    public static boolean isAssociation(Storage storage) {
        HatsProperties p = HatsProperties.readTable(storage, "");
        return p != null && "association".equalsIgnoreCase(p.getOrDefault(HatsProperties.TYPE, ""));
    }

    /**
     * Opens the association catalog at the storage root (the caller keeps the storage). Missing
     * keys, a catalog without leaf files, or id columns absent from the files are errors naming
     * the file.
     */
    public static HatsAssociation open(Storage storage, int threads) {
        HatsProperties props = HatsProperties.readTable(storage, "");
        if (props == null) {
            throw new MmuFormatException(storage.location(), "no hats.properties (or legacy properties) file: not a HATS catalog");
        }
        props.checkVersion();
        props.require("a HATS catalog", HatsProperties.NAME, HatsProperties.TYPE);
        if (!"association".equalsIgnoreCase(props.get(HatsProperties.TYPE))) {
            throw new MmuFormatException(props.location(), "dataproduct_type=" + props.get(HatsProperties.TYPE)
                    + ", not association");
        }
        props.require("a HATS association catalog", HatsProperties.PRIMARY, PRIMARY_COLUMN, PRIMARY_ASSN_COLUMN, JOIN_URL,
                JOIN_COLUMN, JOIN_ASSN_COLUMN);
        if ("false".equalsIgnoreCase(props.getOrDefault(LEAF_FILES, "true"))) {
            throw new MmuFormatException(props.location(), LEAF_FILES + "=" + props.get(LEAF_FILES)
                    + ": the pairs are not stored as leaf files, so there is nothing to load");
        }
        String suffix = props.getOrDefault(HatsProperties.NPIX_SUFFIX, HatsPaths.DEFAULT_SUFFIX);
        ParquetFooters.Footer metadata = storage.exists(HatsPaths.METADATA) ? ParquetFooters.read(storage, HatsPaths.METADATA)
                : null;
        String healpix = props.getOrDefault(HatsProperties.HEALPIX, HatsTable.DEFAULT_HEALPIX_COLUMN);
        int healpixOrder = (int) props.getLong(HatsProperties.HEALPIX_ORDER, 29);
        HatsPartitions.Found found = new HatsPartitions(storage, "", suffix, metadata, threads, true, null, healpix,
                healpixOrder).find();
        String schemaSource = storage.exists(HatsPaths.COMMON_METADATA) ? HatsPaths.COMMON_METADATA
                : metadata != null ? HatsPaths.METADATA : found.partitions().get(0).path();
        Schema schema = ParquetFooters.read(storage, schemaSource).schema();
        for (String key : List.of(PRIMARY_ASSN_COLUMN, JOIN_ASSN_COLUMN)) {
            String col = props.get(key);
            if (!schema.contains(col)) {
                throw new MmuFormatException(storage.location() + "/" + schemaSource, "column '" + col + "' (" + key
                        + ") is not in the files; columns are " + schema.names());
            }
        }
        long rows = found.partitions().stream().mapToLong(PartitionRef::rows).sum();
        long stated = props.getLong(HatsProperties.NROWS, -1);
        if (stated >= 0 && stated != rows) {
            throw new MmuFormatException(props.location(), "hats_nrows=" + stated + " but the partitions hold " + rows
                    + " rows (by " + found.rowSource() + "): the properties and the files disagree");
        }
        return new HatsAssociation(storage, props, schema, found.partitions(), Math.max(1, threads));
    }

    /** The catalog's name ({@code obs_collection}). */
    public String name() {
        return props.get(HatsProperties.NAME);
    }

    /** {@code hats.properties} (or legacy {@code properties}), for messages. */
    public String location() {
        return props.location();
    }

    /** {@code hats_primary_table_url} as written: a path relative to the association's parent, or absolute. */
    public String primaryUrl() {
        return props.get(HatsProperties.PRIMARY);
    }

    /** {@code hats_assn_join_table_url} as written. */
    public String joinUrl() {
        return props.get(JOIN_URL);
    }

    /** The primary catalog's column the pairs' primary ids refer to ({@code hats_col_assn_primary}). */
    public String primaryIdColumn() {
        return props.get(PRIMARY_COLUMN);
    }

    /** The join catalog's column the pairs' join ids refer to ({@code hats_col_assn_join}). */
    public String joinIdColumn() {
        return props.get(JOIN_COLUMN);
    }

    /** {@code hats_assn_max_separation} in arcsec, or NaN when not stated. */
    public double maxSeparationArcsec() {
        return props.getDouble(MAX_SEPARATION);
    }

    /** The number of pairs. */
    public long size() {
        return partitions.stream().mapToLong(PartitionRef::rows).sum();
    }

    public List<PartitionRef> partitions() {
        return partitions;
    }

    /** The properties, for {@code mmu inspect}-like listings. */
    public Map<String, String> properties() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : List.of(HatsProperties.NAME, HatsProperties.PRIMARY, PRIMARY_COLUMN, PRIMARY_ASSN_COLUMN, JOIN_URL,
                JOIN_COLUMN, JOIN_ASSN_COLUMN, MAX_SEPARATION, HatsProperties.NROWS)) {
            if (props.get(k) != null) {
                out.put(k, props.get(k));
            }
        }
        return out;
    }

    /**
     * Every pair, in partition order then file order: the primary and join ids, and the stated
     * separation ({@value #SEPARATION_COLUMN}) when the files have one (else null).
     */
    public record Pairs(Column primaryIds, Column joinIds, Column statedSeparationArcsec, List<String> files,
            int[] fileStarts) {
        public int size() {
            return primaryIds.rows();
        }

        /** The file holding pair {@code i}, and its row there, for messages. */
        public String where(int i) {
            int f = java.util.Arrays.binarySearch(fileStarts, i);
            if (f < 0) {
                f = -f - 2;
            }
            while (f + 1 < fileStarts.length && fileStarts[f + 1] == i) {
                f++; // skip empty files
            }
            return files.get(f) + " row " + (i - fileStarts[f]);
        }
    }

    /** Reads the pairs: the two id columns (and the separation column) of every partition, in parallel. */
    public Pairs readPairs() {
        List<String> cols = new ArrayList<>(List.of(props.get(PRIMARY_ASSN_COLUMN), props.get(JOIN_ASSN_COLUMN)));
        boolean sep = schema.contains(SEPARATION_COLUMN);
        if (sep) {
            cols.add(SEPARATION_COLUMN);
        }
        Schema wanted = schema.select(cols);
        List<RowBatch> parts = Parallel.map(partitions, threads, "reading the pairs of " + storage.location(), p -> {
            try (ParquetFile f = ParquetFile.open(storage.open(p.path(), p.bytes()))) {
                if (p.rows() >= 0 && f.rowCount() != p.rows()) {
                    throw new MmuFormatException(storage.location() + "/" + p.path(), "the file has " + f.rowCount()
                            + " rows but _metadata says " + p.rows() + " (stale metadata, or a replaced file)");
                }
                return f.read(null, wanted);
            }
        });
        List<String> files = new ArrayList<>();
        int[] starts = new int[parts.size()];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            files.add(storage.location() + "/" + partitions.get(i).path());
            starts[i] = at;
            at += parts.get(i).rowCount();
        }
        RowBatch all = RowBatch.concat(parts);
        return new Pairs(all.column(cols.get(0)), all.column(cols.get(1)), sep ? all.column(SEPARATION_COLUMN) : null,
                files, starts);
    }
}
