package org.mmu.internal.indexfirst;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;
import org.mmu.matching.CellCounts;
import org.mmu.matching.SkyCells;

/**
 * The cell table beside an index file ({@code _index/part-NNNNN.cells}, format 1.3,
 * {@code docs/format.md} §2.1): at one NESTED depth fixed when the file was written, the runs of
 * consecutive index rows that share a cell, and per occupied cell its count and how clustered
 * it is below (Σ of squared run lengths at each finer depth). Regions are planned from these
 * tables alone, without reading an index row. Immutable once read.
 */
public final class CellTable {
    /** The file name suffix, after the index file's name without {@code .parquet}. */
    public static final String SUFFIX = ".cells";
    /** The average objects per cell a build aims at: coarse enough that the table is a few % of the index. */
    static final int OBJECTS_PER_CELL = 16;
    private static final byte[] MAGIC = "MMUCELLS".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private final int depth;
    private final long rows;
    private final long[] runCell;   // in row order
    private final int[] runStart;   // row inside the file
    private final int[] runLength;
    private final long[] cells;     // ascending, distinct
    private final int[] counts;
    private final float[][] squares; // per cell: at depth+1, depth+2, ...; deeper ones equal the count

    private CellTable(int depth, long rows, long[] runCell, int[] runStart, int[] runLength, long[] cells, int[] counts,
            float[][] squares) {
        this.depth = depth;
        this.rows = rows;
        this.runCell = runCell;
        this.runStart = runStart;
        this.runLength = runLength;
        this.cells = cells;
        this.counts = counts;
        this.squares = squares;
    }

    /**
     * The table depth for a dataset of {@code objects} objects: the deepest with about
     * {@value #OBJECTS_PER_CELL} objects per cell on average, at most {@link SkyCells#MAX_REGION_DEPTH}.
     */
    public static int depthFor(long objects) {
        int d = 0;
        while (d < SkyCells.MAX_REGION_DEPTH && SkyCells.cellCount(d + 1) * OBJECTS_PER_CELL <= objects) {
            d++;
        }
        return d;
    }

    /** The table's path for an index file's path. */
    public static String pathFor(String indexFilePath) {
        String base = indexFilePath.endsWith(".parquet") ? indexFilePath.substring(0, indexFilePath.length() - 8)
                : indexFilePath;
        return base + SUFFIX;
    }

    public int depth() {
        return depth;
    }

    public long rows() {
        return rows;
    }

    /** Number of runs. */
    public int runCount() {
        return runCell.length;
    }

    public long runCell(int r) {
        return runCell[r];
    }

    public int runStart(int r) {
        return runStart[r];
    }

    public int runLength(int r) {
        return runLength[r];
    }

    /** Reads and checks the table of an index file (which must have one) through the dataset's storage. */
    public static CellTable read(org.mmu.internal.storage.Storage storage, Manifest.FileEntry file) {
        Manifest.CellTableRef ref = file.cells();
        byte[] data;
        try (org.mmu.internal.storage.ByteSource s = storage.open(ref.path(), ref.bytes())) {
            java.nio.ByteBuffer b = s.read(0, Math.toIntExact(ref.bytes()));
            data = new byte[b.remaining()];
            b.get(data);
        }
        return parse(data, storage.location() + "/" + ref.path(), ref.depth(), file.rows());
    }

    /** Whether two tables say the same: depth, rows, runs, cells, counts and squares. */
    public boolean sameAs(CellTable o) {
        return depth == o.depth && rows == o.rows && Arrays.equals(runCell, o.runCell)
                && Arrays.equals(runStart, o.runStart) && Arrays.equals(runLength, o.runLength)
                && Arrays.equals(cells, o.cells) && Arrays.equals(counts, o.counts)
                && Arrays.deepEquals(squares, o.squares);
    }

    /**
     * Adds this file's objects to {@code counter} as survey {@code survey}: counts per cell at
     * the counter's depth (no deeper than this table's) and Σ of squared sub-cell counts at its
     * fine depth.
     */
    public void addTo(CellCounts.Counter counter, int survey) {
        int d = counter.depth();
        int fine = counter.fineDepth();
        if (d > depth) {
            throw new IllegalArgumentException("a table at depth " + depth + " cannot count at depth " + d);
        }
        int shift = 2 * (depth - d);
        if (fine > depth) {
            for (int k = 0; k < cells.length; k++) {
                int i = fine - depth - 1;
                double sq = i < squares[k].length ? squares[k][i] : counts[k];
                counter.addCell(survey, cells[k] >>> shift, counts[k], sq);
            }
            return;
        }
        // sub-cells no finer than the table's cells: their counts are sums of whole cells
        int fineShift = 2 * (depth - fine);
        for (int k = 0; k < cells.length; ) {
            long f = cells[k] >>> fineShift;
            long n = 0;
            int j = k;
            for (; j < cells.length && cells[j] >>> fineShift == f; j++) {
                n += counts[j];
            }
            for (int q = k; q < j; q++) { // every table cell of a sub-cell lies in one cell at depth d
                counter.addCell(survey, cells[q] >>> shift, counts[q], q == k ? (double) n * n : 0);
            }
            k = j;
        }
    }

    /**
     * Accumulates the table of one index file from its rows' positions, in index order, and
     * writes it. Not thread-safe.
     */
    public static final class Writer {
        private final int depth;
        private final int levels; // finer depths tracked: depth+1 .. MAX_DEPTH
        private long rows;
        private long[] runCell = new long[64];
        private int[] runStart = new int[64];
        private int[] runLength = new int[64];
        private int runs;
        private final long[] fineRun;    // current run's fine cell per level
        private final long[] fineLength; // and its length
        private final java.util.HashMap<Long, double[]> acc = new java.util.HashMap<>(); // cell -> {count, squares...}
        private double[] current; // acc of the current run's cell

        public Writer(int depth) {
            if (depth < 0 || depth > SkyCells.MAX_REGION_DEPTH) {
                throw new IllegalArgumentException("cell table depth must be in [0, " + SkyCells.MAX_REGION_DEPTH
                        + "], got " + depth);
            }
            this.depth = depth;
            this.levels = SkyCells.MAX_DEPTH - depth;
            fineRun = new long[levels];
            fineLength = new long[levels];
            Arrays.fill(fineRun, -1);
        }

        /** Adds the next index row, at a depth-29 position ({@link SkyCells#hash29}). */
        public void add(long hash29) {
            long cell = hash29 >>> (2 * levels);
            if (runs == 0 || runCell[runs - 1] != cell) {
                flushFine();
                if (runs == runCell.length) {
                    runCell = Arrays.copyOf(runCell, runs * 2);
                    runStart = Arrays.copyOf(runStart, runs * 2);
                    runLength = Arrays.copyOf(runLength, runs * 2);
                }
                runCell[runs] = cell;
                runStart[runs] = Math.toIntExact(rows);
                runLength[runs] = 0;
                runs++;
                current = acc.computeIfAbsent(cell, c -> new double[1 + levels]);
            }
            runLength[runs - 1]++;
            current[0]++;
            for (int l = 0; l < levels; l++) { // sub-cells nest in the current cell: their runs are its
                long f = hash29 >>> (2 * (levels - 1 - l));
                if (f != fineRun[l]) {
                    current[1 + l] += (double) fineLength[l] * fineLength[l];
                    fineRun[l] = f;
                    fineLength[l] = 0;
                }
                fineLength[l]++;
            }
            rows++;
        }

        private void flushFine() {
            for (int l = 0; l < levels; l++) {
                if (current != null) {
                    current[1 + l] += (double) fineLength[l] * fineLength[l];
                }
                fineLength[l] = 0;
                fineRun[l] = -1;
            }
        }

        /** The table of the rows added so far. */
        public CellTable build() {
            flushFine();
            current = null;
            long[] cells = acc.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            int[] counts = new int[cells.length];
            float[][] squares = new float[cells.length][];
            for (int k = 0; k < cells.length; k++) {
                double[] a = acc.get(cells[k]);
                counts[k] = (int) a[0];
                int stored = 0;
                while (stored < levels && a[1 + stored] > a[0]) { // deeper ones equal the count: all singletons
                    stored++;
                }
                squares[k] = new float[stored];
                for (int l = 0; l < stored; l++) {
                    squares[k][l] = (float) a[1 + l];
                }
            }
            return new CellTable(depth, rows, Arrays.copyOf(runCell, runs), Arrays.copyOf(runStart, runs),
                    Arrays.copyOf(runLength, runs), cells, counts, squares);
        }

        /** Writes the table to {@code file}; returns its size in bytes. */
        public long write(Path file) {
            CellTable t = build();
            try {
                Files.write(file, t.toBytes());
                return Files.size(file);
            } catch (IOException e) {
                throw new MmuStorageException(file.toString(), "cannot write the cell table", e);
            }
        }
    }

    byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(depth);
            out.writeLong(rows);
            out.writeInt(runCell.length);
            long previous = 0;
            for (int r = 0; r < runCell.length; r++) { // cells as differences: they mostly grow slowly
                out.writeLong(runCell[r] - previous);
                previous = runCell[r];
                out.writeInt(runLength[r]);
            }
            out.writeInt(cells.length);
            previous = 0;
            for (int k = 0; k < cells.length; k++) {
                out.writeLong(cells[k] - previous);
                previous = cells[k];
                out.writeInt(counts[k]);
                out.writeByte(squares[k].length);
                for (float s : squares[k]) {
                    out.writeFloat(s);
                }
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Reads and checks a table: it must describe exactly {@code rows} rows at {@code depth}, its
     * runs tiling them in order and its cells agreeing with its runs. Problems name the file.
     */
    public static CellTable parse(byte[] data, String location, int depth, long rows) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(data)))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new MmuFormatException(location, "not a cell table (no MMUCELLS header)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new MmuFormatException(location, "cell table version " + version + " is not supported (this "
                        + "mmu-java reads " + VERSION + ")");
            }
            int d = in.readInt();
            long n = in.readLong();
            if (d != depth || n != rows) {
                throw new MmuFormatException(location, "cell table is for " + n + " rows at depth " + d
                        + ", the manifest says " + rows + " rows at depth " + depth);
            }
            long maxCell = SkyCells.cellCount(depth);
            int runs = count(in.readInt(), rows, location, "runs");
            long[] runCell = new long[runs];
            int[] runStart = new int[runs];
            int[] runLength = new int[runs];
            long cell = 0;
            long next = 0;
            for (int r = 0; r < runs; r++) {
                cell += in.readLong();
                int length = in.readInt();
                if (cell < 0 || cell >= maxCell || length <= 0 || next + length > rows) {
                    throw new MmuFormatException(location, "run " + r + " (cell " + cell + ", " + length
                            + " rows from row " + next + ") is outside the " + rows + " rows or the cells at depth "
                            + depth);
                }
                runCell[r] = cell;
                runStart[r] = (int) next;
                runLength[r] = length;
                next += length;
            }
            if (next != rows) {
                throw new MmuFormatException(location, "the runs cover " + next + " rows, the index file has " + rows);
            }
            int ncells = count(in.readInt(), rows, location, "cells");
            long[] cells = new long[ncells];
            int[] counts = new int[ncells];
            float[][] squares = new float[ncells][];
            cell = -1;
            for (int k = 0; k < ncells; k++) {
                long c = (k == 0 ? 0 : cell) + in.readLong();
                int count = in.readInt();
                int stored = in.readUnsignedByte();
                if (c <= cell || c >= maxCell || count <= 0 || stored > SkyCells.MAX_DEPTH - depth) {
                    throw new MmuFormatException(location, "cell entry " + k + " (cell " + c + ", " + count
                            + " objects, " + stored + " finer depths) is out of order or out of range");
                }
                cell = c;
                cells[k] = c;
                counts[k] = count;
                squares[k] = new float[stored];
                for (int l = 0; l < stored; l++) {
                    squares[k][l] = in.readFloat();
                }
            }
            if (in.read() != -1) {
                throw new MmuFormatException(location, "trailing bytes after the cell table");
            }
            long[] perCell = new long[ncells];
            for (int r = 0; r < runs; r++) {
                int k = Arrays.binarySearch(cells, runCell[r]);
                if (k < 0) {
                    throw new MmuFormatException(location, "run " + r + " is in cell " + runCell[r]
                            + ", which the table does not list");
                }
                perCell[k] += runLength[r];
            }
            for (int k = 0; k < ncells; k++) {
                if (perCell[k] != counts[k]) {
                    throw new MmuFormatException(location, "cell " + cells[k] + " counts " + counts[k]
                            + " objects, its runs " + perCell[k]);
                }
            }
            return new CellTable(depth, rows, runCell, runStart, runLength, cells, counts, squares);
        } catch (EOFException e) {
            throw new MmuFormatException(location, "the cell table is truncated", e);
        } catch (IOException e) {
            throw new MmuFormatException(location, "cannot decode the cell table", e);
        }
    }

    private static int count(int n, long rows, String location, String what) {
        if (n < 0 || n > rows) {
            throw new MmuFormatException(location, "the cell table lists " + n + " " + what + " for " + rows + " rows");
        }
        return n;
    }
}
