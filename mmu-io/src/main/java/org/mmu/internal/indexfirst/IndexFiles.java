package org.mmu.internal.indexfirst;

import org.mmu.core.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.IdType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.ProgressListener;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.parquet.ParquetBatchWriter;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.Storage;

/**
 * Writes and loads the {@code _index/part-NNNNN.parquet} files of an index-first dataset:
 * one row per object with {@code object_id, ra, dec, healpix, object_group_id, row}, in
 * spatial order (sorted by partition, then by position along the HEALPix curve).
 */
public final class IndexFiles {
    public static final String DIR = "_index";
    public static final List<String> COLUMNS = List.of("object_id", "ra", "dec", "healpix", "object_group_id", "row");
    /** Rows per index file: files load in parallel; a million rows is about 20 MB. */
    public static final int DEFAULT_ROWS_PER_FILE = 1_000_000;

    private IndexFiles() {
    }

    /** The index columns beyond the standard six that hold nulls (the data's values: nulls allowed, §2). */
    private static java.util.Set<String> nullableColumns(RowBatch extra) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (extra != null) {
            for (Column c : extra.columns()) {
                if (c.hasNulls()) {
                    out.add(c.name());
                }
            }
        }
        return out;
    }

    static Schema schema(IdType idType) {
        return Schema.of(ColumnSpec.scalar("object_id", idType == IdType.INT64 ? DType.INT64 : DType.STRING),
                ColumnSpec.scalar("ra", DType.FLOAT64), ColumnSpec.scalar("dec", DType.FLOAT64),
                ColumnSpec.scalar("healpix", DType.INT64), ColumnSpec.scalar("object_group_id", DType.INT32),
                ColumnSpec.scalar("row", DType.INT32));
    }

    /**
     * Writes the index of objects already in index order.
     *
     * @param order positions (into the arrays) of the objects, in index order
     * @param extra the values of the index columns beyond the standard six, in index order (null: none)
     * @param namePrefix file names are {@code <namePrefix>NNNNN.parquet} in {@code _index/}
     * @param cellDepth  the depth of each file's {@link CellTable}, written beside it
     * @return the files written, relative to {@code root}
     */
    static List<Manifest.FileEntry> write(Path root, ObjectIds ids, ObjectIndex positions, long[] healpix,
            int[] group, int[] row, int[] order, int rowsPerFile, RowBatch extra, String namePrefix, int cellDepth) {
        List<Manifest.FileEntry> out = new ArrayList<>();
        Path dir = root.resolve(DIR);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new MmuStorageException(dir.toString(), "cannot create directory", e);
        }
        List<ColumnSpec> specs = new ArrayList<>(schema(ids.type()).columns());
        if (extra != null) {
            specs.addAll(extra.schema().columns());
        }
        Schema schema = Schema.of(specs);
        for (int start = 0, part = 0; start < order.length || (order.length == 0 && part == 0); start += rowsPerFile, part++) {
            int end = Math.min(order.length, start + rowsPerFile);
            int[] slice = java.util.Arrays.copyOfRange(order, start, end);
            int n = slice.length;
            double[] r = new double[n];
            double[] d = new double[n];
            long[] h = new long[n];
            int[] g = new int[n];
            int[] w = new int[n];
            for (int k = 0; k < n; k++) {
                int i = slice[k];
                r[k] = positions.ra(i);
                d[k] = positions.dec(i);
                h[k] = healpix[i];
                g[k] = group[i];
                w[k] = row[i];
            }
            ObjectIds sliceIds = ids.gather(slice);
            Column idCol;
            if (ids.type() == IdType.INT64) {
                long[] v = new long[n];
                for (int k = 0; k < n; k++) {
                    v[k] = sliceIds.getLong(k);
                }
                idCol = Column.of("object_id", v);
            } else {
                String[] v = new String[n];
                for (int k = 0; k < n; k++) {
                    v[k] = sliceIds.getString(k);
                }
                idCol = Column.of("object_id", v);
            }
            List<Column> cols = new ArrayList<>(List.of(idCol, Column.of("ra", r), Column.of("dec", d),
                    Column.of("healpix", h), Column.of("object_group_id", g), Column.of("row", w)));
            if (extra != null) {
                int[] range = new int[n];
                for (int k = 0; k < n; k++) {
                    range[k] = start + k;
                }
                cols.addAll(extra.gather(range).columns());
            }
            RowBatch batch = RowBatch.of(cols);
            String rel = DIR + "/" + namePrefix + String.format("%05d", part) + ".parquet";
            Path file = root.resolve(rel);
            try (ParquetBatchWriter writer = new ParquetBatchWriter(file, schema,
                    Map.of("mmu.format", Manifest.FORMAT, "mmu.format_version", Manifest.FORMAT_VERSION),
                    ParquetBatchWriter.Profile.INDEX, nullableColumns(extra))) {
                writer.write(batch);
            }
            CellTable.Writer cells = new CellTable.Writer(cellDepth);
            for (int k = 0; k < n; k++) {
                cells.add(org.mmu.matching.SkyCells.hash29(r[k], d[k]));
            }
            String cellsRel = CellTable.pathFor(rel);
            long cellsBytes = cells.write(root.resolve(cellsRel));
            out.add(new Manifest.FileEntry(rel, n, file.toFile().length(),
                    new Manifest.CellTableRef(cellsRel, cellsBytes, cellDepth)));
            if (order.length == 0) {
                break;
            }
        }
        return out;
    }

    /** Loads the whole index, reading the index files in parallel, and checks it against the manifest. */
    static ObjectIndex load(Storage storage, Manifest m, IndexFilter filter, int threads, ProgressListener progress) {
        List<Manifest.FileEntry> files = m.indexFiles();
        Map<Long, Integer> partitionOf = new HashMap<>();
        List<PartitionRef> parts = m.partitions();
        for (int p = 0; p < parts.size(); p++) {
            if (partitionOf.put(key(parts.get(p).healpix(), parts.get(p).objectGroupId()), p) != null) {
                throw new MmuFormatException(storage.location() + "/" + Manifest.FILE_NAME, "partition "
                        + parts.get(p).label() + " is listed twice");
            }
        }
        AtomicLong done = new AtomicLong();
        List<Part> loaded = Parallel.map(files, threads, "loading the index of " + storage.location(), f -> {
            Part part = loadFile(storage, m, f, partitionOf, filter);
            progress.onProgress("load index " + m.name(), done.addAndGet(f.rows()), m.rowCount());
            return part;
        });
        return concat(m, loaded);
    }

    private record Part(ObjectIds ids, double[] ra, double[] dec, int[] partition, int[] row) {
    }

    /**
     * The manifest partition of each index row, checking that the partition is listed and the
     * row lies inside it; {@code rowName} names a row in the error (e.g. "row 17 (object 42)").
     */
    static int[] partitions(String location, Manifest m, Map<Long, Integer> partitionOf, RowBatch b,
            java.util.function.IntFunction<String> rowName) {
        long[] h = (long[]) b.column("healpix").unsafeData();
        int[] g = (int[]) b.column("object_group_id").unsafeData();
        int[] row = (int[]) b.column("row").unsafeData();
        int[] partition = new int[b.rowCount()];
        long lastKey = Long.MIN_VALUE;
        int lastPart = -1;
        for (int i = 0; i < partition.length; i++) {
            long k = key(h[i], g[i]);
            if (k != lastKey) { // rows of one partition are consecutive: one lookup per run
                Integer p = partitionOf.get(k);
                if (p == null) {
                    throw new MmuFormatException(location, rowName.apply(i) + " points to healpix=" + h[i]
                            + "/object_group_id=" + g[i] + ", which the manifest does not list");
                }
                lastKey = k;
                lastPart = p;
            }
            partition[i] = lastPart;
            if (row[i] < 0 || row[i] >= m.partitions().get(lastPart).rows()) {
                throw new MmuFormatException(location, rowName.apply(i) + " points to row " + row[i] + " of "
                        + m.partitions().get(lastPart).path() + ", which has " + m.partitions().get(lastPart).rows()
                        + " rows");
            }
        }
        return partition;
    }

    /**
     * The columns read from an index file: the standard six, plus the index columns a filter
     * names (by their data names; id, ra and dec are always read).
     */
    static Schema schema(Manifest m, IndexFilter filter) {
        List<ColumnSpec> cols = new ArrayList<>(schema(m.idType()).columns());
        if (filter != null) {
            for (String c : m.indexColumns()) {
                if (filter.columns().contains(c)) {
                    cols.add(m.columns().column(c));
                }
            }
        }
        return Schema.of(cols);
    }

    /** The filter's columns under their data names (the index stores id, ra and dec as object_id, ra, dec). */
    static RowBatch filterInput(Manifest m, IndexFilter filter, RowBatch index) {
        List<Column> cols = new ArrayList<>();
        for (String c : filter.columns()) {
            String stored = c.equals(m.idColumn()) ? "object_id" : c.equals(m.raColumn()) ? "ra"
                    : c.equals(m.decColumn()) ? "dec" : c;
            cols.add(index.column(stored).renamed(c));
        }
        return RowBatch.of(cols);
    }

    static int[] kept(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        int[] out = new int[n];
        for (int i = 0, k = 0; i < keep.length; i++) {
            if (keep[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    static long key(long healpix, int group) {
        return (healpix << 30) | group; // order <= 13 keeps healpix below 2^33
    }

    private static Part loadFile(Storage storage, Manifest m, Manifest.FileEntry f, Map<Long, Integer> partitionOf,
            IndexFilter filter) {
        String location = storage.location() + "/" + f.path();
        RowBatch b;
        try (ParquetFile pf = ParquetFile.open(storage.open(f.path(), f.bytes()))) {
            b = pf.read(null, checkFile(location, pf, m, f, schema(m, filter)));
        }
        if (filter != null) {
            b = b.gather(kept(filter.keep(filterInput(m, filter, b))));
        }
        Column idc = b.column("object_id");
        for (String c : COLUMNS) {
            if (b.column(c).hasNulls()) {
                throw new MmuFormatException(location, "index column '" + c + "' holds nulls");
            }
        }
        ObjectIds ids = m.idType() == IdType.INT64 ? ObjectIds.ofLongs((long[]) idc.unsafeData())
                : ObjectIds.ofStrings((String[]) idc.unsafeData());
        int[] row = (int[]) b.column("row").unsafeData();
        int[] partition = partitions(location, m, partitionOf, b,
                i -> "row " + i + " (object " + ids.getString(i) + ")");
        return new Part(ids, (double[]) b.column("ra").unsafeData(), (double[]) b.column("dec").unsafeData(), partition, row);
    }

    /**
     * The manifest-against-index checks every reader of an index file makes (whole loads and
     * region slices alike): the columns of the manifest's id type, and the row count it lists.
     *
     * @param expected the index columns to read (the standard six, and any a filter needs)
     * @return {@code expected}
     */
    static Schema checkFile(String location, ParquetFile pf, Manifest m, Manifest.FileEntry f, Schema expected) {
        for (ColumnSpec c : expected) {
            if (!pf.schema().contains(c.name())) {
                throw new MmuFormatException(location, "index file lacks column '" + c.name() + "'");
            }
            if (pf.schema().column(c.name()).type() != c.type()) {
                throw new MmuFormatException(location, "index column '" + c.name() + "' is "
                        + pf.schema().column(c.name()).type() + ", expected " + c.type()
                        + (c.name().equals("object_id") ? " (the manifest's id_type is " + m.idType().label() + ")" : ""));
            }
        }
        if (pf.rowCount() != f.rows()) {
            throw new MmuFormatException(location, "index file has " + pf.rowCount() + " rows, the manifest says " + f.rows());
        }
        return expected;
    }

    private static ObjectIndex concat(Manifest m, List<Part> parts) {
        if (parts.size() == 1) {
            Part p = parts.get(0);
            return ObjectIndex.of(m.name(), p.ids(), p.ra(), p.dec(), p.partition(), p.row(), m.partitions());
        }
        int n = Math.toIntExact(parts.stream().mapToLong(p -> p.ra().length).sum());
        double[] ra = new double[n];
        double[] dec = new double[n];
        int[] part = new int[n];
        int[] row = new int[n];
        int k = 0;
        for (Part p : parts) {
            int len = p.ra().length;
            System.arraycopy(p.ra(), 0, ra, k, len);
            System.arraycopy(p.dec(), 0, dec, k, len);
            System.arraycopy(p.partition(), 0, part, k, len);
            System.arraycopy(p.row(), 0, row, k, len);
            k += len;
        }
        ObjectIds ids = ObjectIds.concat(parts.stream().map(Part::ids).toList());
        return ObjectIndex.of(m.name(), ids, ra, dec, part, row, m.partitions());
    }
}
