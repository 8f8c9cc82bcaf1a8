package org.mmu.internal.hats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.mmu.core.Column;
import org.mmu.core.DType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.Storage;

/**
 * A HATS index catalog ({@code dataproduct_type=index}): for each value of one column
 * ({@code hats_index_column}) of a primary table, the partitions ({@code Norder}, {@code Npix})
 * holding rows with that value. A lookup tells which partitions to read for some ids, so that a
 * caller reads just those instead of the whole catalog.
 *
 * <p>Opening reads {@code dataset/_metadata} (or the index files' footers); a lookup reads only
 * the row groups whose min/max statistics of the index column can contain a wanted id (hats-import
 * writes the index sorted, so a few ids touch a few row groups).
 *
 * <pre>{@code
 * HatsIdIndex byId = HatsDatasets.openIdIndex(collectionStorage, "id");
 * HatsIdIndex.Lookup hit = byId.lookup(707, 792);
 * List<PartitionRef> toRead = hit.partitionsIn(dataset.partitions());
 * }</pre>
 *
 * Immutable and thread-safe. Does not own the storage: close it yourself.
 */
public final class HatsIdIndex {
    static final String ORDER_COLUMN = "Norder";
    static final String PIXEL_COLUMN = "Npix";

    /** One row group of an index file, with the index column's range when the statistics give one. */
    private record Chunk(String path, int firstRow, int rows, Object min, Object max) {
    }

    /**
     * The result of a lookup.
     *
     * @param pixels        the distinct partitions holding at least one of the ids, in sky order
     * @param missingIds    the ids the index does not hold (as text), in the order asked
     * @param rowGroupsRead row groups of the index read to answer
     * @param rowGroupsTotal row groups of the index in all
     */
    public record Lookup(List<HatsPixel> pixels, List<String> missingIds, int rowGroupsRead, int rowGroupsTotal) {
        public Lookup {
            pixels = List.copyOf(pixels);
            missingIds = List.copyOf(missingIds);
        }

        /** The partitions of a primary dataset (e.g. {@code dataset.partitions()}) at the pixels found. */
        public List<PartitionRef> partitionsIn(List<PartitionRef> partitions) {
            Set<HatsPixel> wanted = new java.util.HashSet<>(pixels);
            return partitions.stream()
                    .filter(p -> p.isSkyPartitioned() && wanted.contains(new HatsPixel(p.order(), p.healpix())))
                    .toList();
        }
    }

    private final Storage storage;
    private final String location;
    private final String name;
    private final String column;
    private final String primaryTable;
    private final Schema readSchema;
    private final boolean stringIds;
    private final List<Chunk> chunks;
    private final long rows;

    private HatsIdIndex(Storage storage, String location, String name, String column, String primaryTable,
            Schema readSchema, boolean stringIds, List<Chunk> chunks, long rows) {
        this.storage = storage;
        this.location = location;
        this.name = name;
        this.column = column;
        this.primaryTable = primaryTable;
        this.readSchema = readSchema;
        this.stringIds = stringIds;
        this.chunks = chunks;
        this.rows = rows;
    }

    /** Opens the index catalog at {@code prefix} ({@code ""} or {@code "name/"}), whose properties say index. */
    static HatsIdIndex open(Storage storage, String prefix, HatsProperties props) {
        props.checkVersion();
        props.require("a HATS index catalog", HatsProperties.NAME, HatsProperties.TYPE, HatsProperties.INDEX_COLUMN);
        String location = prefix.isEmpty() ? storage.location() : storage.location() + "/" + prefix.substring(0, prefix.length() - 1);
        String column = props.get(HatsProperties.INDEX_COLUMN);

        String metadataPath = HatsPaths.join(prefix, HatsPaths.METADATA);
        List<ParquetFooters.Footer> footers = new ArrayList<>();
        List<String> paths = new ArrayList<>(); // root-relative file of each footer, null for _metadata
        if (storage.exists(metadataPath)) {
            footers.add(ParquetFooters.read(storage, metadataPath));
            paths.add(null);
        } else {
            String dir = HatsPaths.join(prefix, HatsPaths.DATASET_DIR);
            List<String> files;
            try {
                files = storage.list(dir).stream().filter(HatsPaths::isDataFileName).toList();
            } catch (UnsupportedOperationException e) {
                throw new MmuFormatException(location + "/" + HatsPaths.METADATA, "missing, and " + storage.scheme()
                        + " storage cannot list the index files");
            }
            if (files.isEmpty()) {
                throw new MmuFormatException(location + "/" + HatsPaths.DATASET_DIR, "the index catalog has no files");
            }
            for (String f : files) {
                footers.add(ParquetFooters.read(storage, f));
                paths.add(f);
            }
        }
        Schema schema = footers.get(0).schema();
        for (String c : List.of(column, ORDER_COLUMN, PIXEL_COLUMN)) {
            if (!schema.contains(c)) {
                throw new MmuFormatException(footers.get(0).location(), "index catalog lacks column '" + c + "' ("
                        + (c.equals(column) ? "hats_index_column" : "partition of each value") + "); columns are "
                        + schema.names());
            }
        }
        DType idType = schema.column(column).type();
        if (!idType.isInteger() && idType != DType.STRING) {
            throw new MmuFormatException(footers.get(0).location(), "index column '" + column + "' is " + idType.label()
                    + "; only integer and string columns can be looked up");
        }

        List<Chunk> chunks = new ArrayList<>();
        Map<String, Integer> nextRow = new LinkedHashMap<>();
        long rows = 0;
        for (int i = 0; i < footers.size(); i++) {
            for (ParquetFooters.RowGroup g : footers.get(i).rowGroups()) {
                String file = paths.get(i) != null ? paths.get(i)
                        : HatsPaths.join(prefix, HatsPaths.DATASET_DIR + "/" + requirePath(g, location));
                int first = nextRow.getOrDefault(file, 0);
                nextRow.put(file, Math.addExact(first, Math.toIntExact(g.rows())));
                Object[] range = range(g.block(), column);
                chunks.add(new Chunk(file, first, (int) g.rows(), range[0], range[1]));
                rows += g.rows();
            }
        }
        long stated = props.getLong(HatsProperties.NROWS, -1);
        if (stated >= 0 && stated != rows) {
            throw new MmuFormatException(props.location(), "hats_nrows=" + stated + " but the index files hold " + rows + " rows");
        }
        return new HatsIdIndex(storage, location, props.get(HatsProperties.NAME), column, props.get(HatsProperties.PRIMARY),
                schema.select(List.of(column, ORDER_COLUMN, PIXEL_COLUMN)), idType == DType.STRING, List.copyOf(chunks), rows);
    }

    private static String requirePath(ParquetFooters.RowGroup g, String location) {
        if (g.path() == null) {
            throw new MmuFormatException(location + "/" + HatsPaths.METADATA, "a row group has no file path");
        }
        return g.path();
    }

    /** {min, max} of the column in a row group as Long or UTF-8 bytes; nulls when unknown or unusable. */
    private static Object[] range(BlockMetaData block, String column) {
        for (ColumnChunkMetaData c : block.getColumns()) {
            if (!c.getPath().toDotString().equals(column)) {
                continue;
            }
            Statistics<?> s = c.getStatistics();
            if (s == null || s.isEmpty() || !s.hasNonNullValue()) {
                return new Object[2];
            }
            // unsigned statistics do not order like our signed longs: do not prune on them
            if (c.getPrimitiveType().getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
                    && !i.isSigned()) {
                return new Object[2];
            }
            Object min = s.genericGetMin();
            Object max = s.genericGetMax();
            if (min instanceof Number a && max instanceof Number b) {
                return new Object[] {a.longValue(), b.longValue()};
            }
            if (min instanceof Binary a && max instanceof Binary b) {
                return new Object[] {a.getBytes(), b.getBytes()};
            }
            return new Object[2];
        }
        return new Object[2];
    }

    /** The index catalog's name ({@code obs_collection}). */
    public String name() {
        return name;
    }

    public String location() {
        return location;
    }

    /** The primary-table column indexed ({@code hats_index_column}). */
    public String column() {
        return column;
    }

    /** The primary table ({@code hats_primary_table_url}, as written), or null. */
    public String primaryTable() {
        return primaryTable;
    }

    /** Whether the index column holds strings (else integers). */
    public boolean hasStringIds() {
        return stringIds;
    }

    /** Rows in the index (one per value and partition). */
    public long size() {
        return rows;
    }

    /** The partitions holding rows with these integer ids. */
    public Lookup lookup(long... ids) {
        if (stringIds) {
            throw new MmuInputException("index '" + name + "' is over string column '" + column
                    + "'; look up strings with lookup(List<String>)");
        }
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        LinkedHashSet<Object> asked = new LinkedHashSet<>();
        for (long id : ids) {
            asked.add(id);
        }
        return run(asked, c -> c.min() == null || containsAny(sorted, (Long) c.min(), (Long) c.max()));
    }

    /** The partitions holding rows with these ids (strings; decimal text for an integer index). */
    public Lookup lookup(List<String> ids) {
        if (!stringIds) {
            long[] parsed = new long[ids.size()];
            for (int i = 0; i < parsed.length; i++) {
                try {
                    parsed[i] = Long.parseLong(ids.get(i).trim());
                } catch (NumberFormatException e) {
                    throw new MmuInputException("index '" + name + "' is over integer column '" + column + "'; '"
                            + ids.get(i) + "' is not an integer");
                }
            }
            return lookup(parsed);
        }
        List<byte[]> sorted = new ArrayList<>();
        LinkedHashSet<Object> asked = new LinkedHashSet<>(ids);
        for (String s : asked.toArray(String[]::new)) {
            sorted.add(s.getBytes(StandardCharsets.UTF_8));
        }
        sorted.sort(Arrays::compareUnsigned);
        return run(asked, c -> c.min() == null || containsAny(sorted, (byte[]) c.min(), (byte[]) c.max()));
    }

    private static boolean containsAny(long[] sorted, long min, long max) {
        int i = Arrays.binarySearch(sorted, min);
        int at = i >= 0 ? i : -i - 1;
        return at < sorted.length && sorted[at] <= max;
    }

    private static boolean containsAny(List<byte[]> sorted, byte[] min, byte[] max) {
        Comparator<byte[]> cmp = Arrays::compareUnsigned;
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) { // first id >= min
            int mid = (lo + hi) >>> 1;
            if (cmp.compare(sorted.get(mid), min) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < sorted.size() && cmp.compare(sorted.get(lo), max) <= 0;
    }

    private Lookup run(Set<Object> asked, java.util.function.Predicate<Chunk> mayHold) {
        Map<String, List<Chunk>> byFile = new LinkedHashMap<>();
        int read = 0;
        for (Chunk c : chunks) {
            if (!asked.isEmpty() && mayHold.test(c)) {
                byFile.computeIfAbsent(c.path(), k -> new ArrayList<>()).add(c);
                read++;
            }
        }
        TreeSet<HatsPixel> pixels = new TreeSet<>();
        Set<Object> found = new java.util.HashSet<>();
        for (Map.Entry<String, List<Chunk>> e : byFile.entrySet()) {
            int n = e.getValue().stream().mapToInt(Chunk::rows).sum();
            int[] rowsToRead = new int[n];
            int k = 0;
            for (Chunk c : e.getValue()) {
                for (int r = 0; r < c.rows(); r++) {
                    rowsToRead[k++] = c.firstRow() + r;
                }
            }
            RowBatch b;
            try (ParquetFile f = ParquetFile.open(storage.open(e.getKey()))) {
                b = f.read(rowsToRead, readSchema);
            }
            Column ids = b.column(column);
            Column order = b.column(ORDER_COLUMN);
            Column pixel = b.column(PIXEL_COLUMN);
            for (int r = 0; r < b.rowCount(); r++) {
                if (ids.isNull(r)) {
                    continue;
                }
                Object key = stringIds ? ids.getString(r) : (Object) ids.getLong(r);
                if (asked.contains(key)) {
                    found.add(key);
                    try {
                        pixels.add(new HatsPixel((int) order.getLong(r), pixel.getLong(r)));
                    } catch (MmuInputException bad) {
                        throw new MmuFormatException(storage.location() + "/" + e.getKey(), "row " + rowsToRead[r] + ": "
                                + bad.getMessage());
                    }
                }
            }
        }
        List<String> missing = asked.stream().filter(id -> !found.contains(id)).map(String::valueOf).toList();
        return new Lookup(new ArrayList<>(pixels), missing, read, chunks.size());
    }

    @Override
    public String toString() {
        return "HatsIdIndex[" + name + " on '" + column + "', " + rows + " rows, " + chunks.size() + " row groups]";
    }
}
