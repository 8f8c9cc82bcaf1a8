package org.mmu.internal.indexfirst;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.IdType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.Storage;
import org.mmu.matching.CellCounts;
import org.mmu.matching.RegionSlice;
import org.mmu.matching.SkyCells;

/**
 * Reads an index-first dataset's {@code _index} region by region. The <em>runs</em> of
 * consecutive index rows that share a cell come from the cell tables beside the index files
 * (format 1.3, {@link #fromTables}: no index row is read to plan), or, for older datasets, from
 * one pass over the index positions ({@link #scan}, a file at a time, in parallel). The index is
 * in NESTED order, so there are about as many runs as occupied cells (objects kept in a
 * neighbouring partition, as MMU v1 conversions do, only add runs). A slice then reads exactly
 * the rows of its cells' runs, through the Parquet page index, never the whole index, and checks
 * that each row lies in its run's cell. Thread-safe after construction.
 */
public final class IndexFirstRegions {
    private final Storage storage;
    private final Manifest manifest;
    private final int depth;
    private final long[] fileStart;   // global row of each index file's first row (+ total)
    private final Map<Long, Integer> partitionOf = new HashMap<>();
    // runs sorted by (cell, start)
    private final long[] runCell;
    private final long[] runStart;
    private final int[] runLength;
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong(); // by slices, so reports count them as index bytes
    private final long planningRowsRead;

    private IndexFirstRegions(Storage storage, Manifest manifest, int depth, long[] runCell, long[] runStart,
            int[] runLength, long planningRowsRead) {
        this.planningRowsRead = planningRowsRead;
        this.storage = storage;
        this.manifest = manifest;
        this.depth = depth;
        this.runCell = runCell;
        this.runStart = runStart;
        this.runLength = runLength;
        this.fileStart = fileStarts(manifest);
        List<PartitionRef> parts = manifest.partitions();
        for (int p = 0; p < parts.size(); p++) {
            partitionOf.put(IndexFiles.key(parts.get(p).healpix(), parts.get(p).objectGroupId()), p);
        }
    }

    private static long[] fileStarts(Manifest m) {
        long[] start = new long[m.indexFiles().size() + 1];
        for (int f = 0; f < m.indexFiles().size(); f++) {
            start[f + 1] = start[f] + m.indexFiles().get(f).rows();
        }
        return start;
    }

    /**
     * Scans the index positions once, adding survey {@code survey}'s counts at {@code depth} to
     * {@code counter}, and keeps the runs for {@link #slice}. Fails naming the file, row and id
     * of an object with unusable coordinates.
     */
    public static IndexFirstRegions scan(IndexFirstIndex index, int depth, int threads, CellCounts.Counter counter,
            int survey) {
        if (index.filter() != null) {
            throw new IllegalArgumentException("a filtered index is read whole, not region by region");
        }
        Storage storage = index.storage();
        Manifest m = index.manifest();
        List<Manifest.FileEntry> files = m.indexFiles();
        long[] start = fileStarts(m);
        int shift = 2 * (SkyCells.MAX_DEPTH - depth);
        Schema positions = Schema.of(ColumnSpec.scalar("ra", DType.FLOAT64), ColumnSpec.scalar("dec", DType.FLOAT64));
        long[][] cellsOfRun = new long[files.size()][];
        long[][] startsOfRun = new long[files.size()][];
        int[][] lengthsOfRun = new int[files.size()][];
        AtomicLong scanned = new AtomicLong();
        org.mmu.core.Parallel.Pool pool = org.mmu.core.Parallel.pool("index-scan", Math.max(1, Math.min(threads, files.size())), null);
        try {
            List<java.util.concurrent.Future<long[]>> cellsOfFile = new ArrayList<>();
            for (int f = 0; f < files.size(); f++) {
                Manifest.FileEntry fe = files.get(f);
                cellsOfFile.add(pool.submit(() -> {
                    RowBatch b;
                    try (ParquetFile pf = ParquetFile.open(counting(storage.open(fe.path(), fe.bytes()), scanned))) {
                        IndexFiles.checkFile(storage.location() + "/" + fe.path(), pf, m, fe, IndexFiles.schema(m.idType()));
                        b = pf.read(null, positions);
                    }
                    double[] ra = (double[]) b.column("ra").unsafeData();
                    double[] dec = (double[]) b.column("dec").unsafeData();
                    int n = b.rowCount();
                    long[] cells = new long[n];
                    for (int i = 0; i < n; i++) {
                        String problem = ObjectIndex.coordinateProblem(ra[i], dec[i]);
                        if (problem != null) {
                            throw new MmuInputException(storage.location() + "/" + fe.path() + ": row " + i + " "
                                    + problem);
                        }
                        cells[i] = SkyCells.hash29(ra[i], dec[i]);
                    }
                    return cells;
                }));
            }
            // files finish in any order; runs and counts are added in file order
            for (int f = 0; f < files.size(); f++) {
                long[] cells = get(cellsOfFile.get(f), storage.location() + "/" + files.get(f).path());
                cellsOfFile.set(f, null);
                int runs = 0;
                for (int i = 0; i < cells.length; i++) {
                    counter.add(survey, cells[i]);
                    cells[i] >>>= shift;
                    runs += i == 0 || cells[i] != cells[i - 1] ? 1 : 0;
                }
                long[] rc = new long[runs];
                long[] rs = new long[runs];
                int[] rl = new int[runs];
                int r = -1;
                for (int i = 0; i < cells.length; i++) {
                    if (i == 0 || cells[i] != cells[i - 1]) {
                        r++;
                        rc[r] = cells[i];
                        rs[r] = start[f] + i;
                    }
                    rl[r]++;
                }
                cellsOfRun[f] = rc;
                startsOfRun[f] = rs;
                lengthsOfRun[f] = rl;
            }
        } finally {
            pool.close();
        }
        IndexFirstRegions out = assemble(storage, m, depth, cellsOfRun, startsOfRun, lengthsOfRun, m.rowCount());
        out.bytesRead.addAndGet(scanned.get());
        return out;
    }

    /**
     * Adds survey {@code survey}'s counts at {@code depth} to {@code counter} and keeps the runs
     * for {@link #slice}, from the cell tables beside the index files (format 1.3) alone: no
     * index row is read. Null when a file has no table, or one coarser than {@code depth} (then
     * {@link #scan}); each table is checked against its index file's entry.
     */
    public static IndexFirstRegions fromTables(IndexFirstIndex index, int depth, CellCounts.Counter counter, int survey) {
        if (index.filter() != null) {
            throw new IllegalArgumentException("a filtered index is read whole, not region by region");
        }
        Manifest m = index.manifest();
        List<Manifest.FileEntry> files = m.indexFiles();
        if (files.stream().anyMatch(f -> f.cells() == null || f.cells().depth() < depth)) {
            return null;
        }
        Storage storage = index.storage();
        long[] start = fileStarts(m);
        long[][] cellsOfRun = new long[files.size()][];
        long[][] startsOfRun = new long[files.size()][];
        int[][] lengthsOfRun = new int[files.size()][];
        for (int f = 0; f < files.size(); f++) {
            Manifest.FileEntry fe = files.get(f);
            CellTable t = CellTable.read(storage, fe);
            t.addTo(counter, survey);
            // the table's runs at the region depth: neighbours in the same coarser cell merge
            int shift = 2 * (t.depth() - depth);
            long[] rc = new long[t.runCount()];
            long[] rs = new long[t.runCount()];
            int[] rl = new int[t.runCount()];
            int r = -1;
            for (int k = 0; k < t.runCount(); k++) {
                long c = t.runCell(k) >>> shift;
                if (r < 0 || rc[r] != c) {
                    r++;
                    rc[r] = c;
                    rs[r] = start[f] + t.runStart(k);
                }
                rl[r] += t.runLength(k);
            }
            cellsOfRun[f] = Arrays.copyOf(rc, r + 1);
            startsOfRun[f] = Arrays.copyOf(rs, r + 1);
            lengthsOfRun[f] = Arrays.copyOf(rl, r + 1);
        }
        IndexFirstRegions out = assemble(storage, m, depth, cellsOfRun, startsOfRun, lengthsOfRun, 0);
        out.bytesRead.addAndGet(m.indexFiles().stream().mapToLong(f -> f.cells().bytes()).sum());
        return out;
    }

    /** The runs of every file (in file order) as one table sorted by (cell, start). */
    private static IndexFirstRegions assemble(Storage storage, Manifest m, int depth, long[][] cellsOfRun,
            long[][] startsOfRun, int[][] lengthsOfRun, long planningRows) {
        int total = 0;
        for (long[] rc : cellsOfRun) {
            total += rc.length;
        }
        long[] rc = new long[total];
        long[] rs = new long[total];
        int[] rl = new int[total];
        int o = 0;
        for (int f = 0; f < cellsOfRun.length; f++) {
            int n = cellsOfRun[f].length;
            System.arraycopy(cellsOfRun[f], 0, rc, o, n);
            System.arraycopy(startsOfRun[f], 0, rs, o, n);
            System.arraycopy(lengthsOfRun[f], 0, rl, o, n);
            o += n;
        }
        boolean sorted = true; // the usual case: files in NESTED order, one after the other
        for (int k = 1; k < total && sorted; k++) {
            sorted = rc[k - 1] < rc[k] || rc[k - 1] == rc[k] && rs[k - 1] < rs[k];
        }
        if (sorted) {
            return new IndexFirstRegions(storage, m, depth, rc, rs, rl, planningRows);
        }
        int[] order = org.mmu.core.IndexSort.argsort(total, (a, b) -> {
            int c = Long.compare(rc[a], rc[b]);
            return c != 0 ? c : Long.compare(rs[a], rs[b]);
        });
        long[] sc = new long[total];
        long[] ss = new long[total];
        int[] sl = new int[total];
        for (int k = 0; k < total; k++) {
            sc[k] = rc[order[k]];
            ss[k] = rs[order[k]];
            sl[k] = rl[order[k]];
        }
        return new IndexFirstRegions(storage, m, depth, sc, ss, sl, planningRows);
    }

    private static long[] get(java.util.concurrent.Future<long[]> f, String location) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.mmu.core.MmuStorageException(location, "interrupted while scanning the index", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.mmu.core.MmuException me) {
                throw me;
            }
            throw new MmuFormatException(location, "cannot scan the index", e.getCause());
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Number of runs (consecutive index rows in one cell) kept for slicing. */
    public int runCount() {
        return runCell.length;
    }

    /** Index rows read to plan: every row after a {@link #scan}, none from the cell tables. */
    public long planningRowsRead() {
        return planningRowsRead;
    }

    /** Index rows read by {@link #slice} so far. */
    /** Bytes of index files read to plan (cell tables, or the scan) and by slices so far (footers, page indexes, pages). */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** The source, counting what is read from it into {@code bytesRead}. */
    private static org.mmu.internal.storage.ByteSource counting(org.mmu.internal.storage.ByteSource source, AtomicLong bytesRead) {
        return new org.mmu.internal.storage.ByteSource() {
            @Override
            public String location() {
                return source.location();
            }

            @Override
            public long size() {
                return source.size();
            }

            @Override
            public java.nio.ByteBuffer read(long offset, int length) {
                java.nio.ByteBuffer b = source.read(offset, length);
                bytesRead.addAndGet(b.remaining());
                return b;
            }

            @Override
            public List<java.nio.ByteBuffer> readRanges(List<org.mmu.internal.storage.ByteRange> ranges) {
                List<java.nio.ByteBuffer> out = source.readRanges(ranges);
                for (java.nio.ByteBuffer b : out) {
                    bytesRead.addAndGet(b.remaining());
                }
                return out;
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }

    public long rowsRead() {
        return rowsRead.get();
    }

    /** The index rows of the given cells (ascending, at the scan's depth), in index order. */
    public RegionSlice slice(int cellDepth, long[] cells) {
        if (cellDepth != depth) {
            throw new MmuInputException("index of '" + manifest.name() + "' was scanned at depth " + depth
                    + ", a slice at depth " + cellDepth + " was asked");
        }
        // runs of the cells, then in row order
        List<long[]> picked = new ArrayList<>();
        long rows = 0;
        for (long c : cells) {
            int k = lowerBound(runCell, c);
            for (; k < runCell.length && runCell[k] == c; k++) {
                picked.add(new long[] {runStart[k], runLength[k], c});
                rows += runLength[k];
            }
        }
        picked.sort((a, b) -> Long.compare(a[0], b[0]));
        int n = Math.toIntExact(rows);
        List<ObjectIds> ids = new ArrayList<>();
        double[] ra = new double[n];
        double[] dec = new double[n];
        int[] part = new int[n];
        int[] row = new int[n];
        int o = 0;
        int p = 0;
        for (int f = 0; f < manifest.indexFiles().size() && p < picked.size(); f++) {
            long end = fileStart[f + 1];
            int count = 0;
            for (int q = p; q < picked.size() && picked.get(q)[0] < end; q++) {
                count += (int) picked.get(q)[1];
            }
            if (count == 0) {
                continue;
            }
            int[] local = new int[count];
            long[] cellOf = new long[count]; // the cell each row's run claims
            int w = 0;
            for (; p < picked.size() && picked.get(p)[0] < end; p++) {
                long s = picked.get(p)[0] - fileStart[f];
                for (int i = 0; i < picked.get(p)[1]; i++) {
                    cellOf[w] = picked.get(p)[2];
                    local[w++] = (int) (s + i);
                }
            }
            Manifest.FileEntry fe = manifest.indexFiles().get(f);
            String location = storage.location() + "/" + fe.path();
            RowBatch b;
            try (ParquetFile pf = ParquetFile.open(counting(storage.open(fe.path(), fe.bytes()), bytesRead))) {
                b = pf.read(local, IndexFiles.checkFile(location, pf, manifest, fe, IndexFiles.schema(manifest.idType())));
            }
            checkCells(location, local, cellOf, (double[]) b.column("ra").unsafeData(),
                    (double[]) b.column("dec").unsafeData());
            Column idc = b.column("object_id");
            ids.add(manifest.idType() == IdType.INT64 ? ObjectIds.ofLongs((long[]) idc.unsafeData())
                    : ObjectIds.ofStrings((String[]) idc.unsafeData()));
            System.arraycopy((double[]) b.column("ra").unsafeData(), 0, ra, o, count);
            System.arraycopy((double[]) b.column("dec").unsafeData(), 0, dec, o, count);
            // a slice gets the whole read's checks: listed partition, row inside it
            int[] pr = IndexFiles.partitions(location, manifest, partitionOf, b, i -> "row " + local[i]);
            System.arraycopy(pr, 0, part, o, count);
            System.arraycopy((int[]) b.column("row").unsafeData(), 0, row, o, count);
            o += count;
        }
        rowsRead.addAndGet(n);
        ObjectIds all = ids.isEmpty() ? emptyIds() : ids.size() == 1 ? ids.get(0) : ObjectIds.concat(ids);
        return RegionSlice.of(ObjectIndex.of(manifest.name(), all, ra, dec, part, row, manifest.partitions()));
    }

    /**
     * Each row read must lie in the cell its run claims: runs from a cell table are checked
     * here, row by row as regions read them, so a wrong table fails instead of losing objects.
     */
    private void checkCells(String location, int[] local, long[] cellOf, double[] ra, double[] dec) {
        int shift = 2 * (SkyCells.MAX_DEPTH - depth);
        for (int i = 0; i < local.length; i++) {
            String problem = ObjectIndex.coordinateProblem(ra[i], dec[i]);
            if (problem != null) {
                throw new MmuInputException(location + ": row " + local[i] + " " + problem);
            }
            long cell = SkyCells.hash29(ra[i], dec[i]) >>> shift;
            if (cell != cellOf[i]) {
                throw new MmuFormatException(location, "row " + local[i] + " is in cell " + cell + " at depth " + depth
                        + ", but its cell table puts it in cell " + cellOf[i]);
            }
        }
    }

    private ObjectIds emptyIds() {
        return manifest.idType() == IdType.INT64 ? ObjectIds.ofLongs(new long[0]) : ObjectIds.ofStrings(new String[0]);
    }

    private static int lowerBound(long[] a, long key) {
        int k = Arrays.binarySearch(a, key);
        if (k < 0) {
            return -k - 1;
        }
        while (k > 0 && a[k - 1] == key) {
            k--;
        }
        return k;
    }
}
