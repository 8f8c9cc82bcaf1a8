package org.mmu.matching;

import java.util.Arrays;
import java.util.List;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;

/**
 * How many objects of each survey lie in each NESTED cell at one depth, and how clustered they
 * are inside it: the index statistics regions are planned from. Immutable; only occupied cells
 * are kept (ascending).
 *
 * <p>Besides the count, each cell keeps the sum over its sub-cells at a finer depth (about the
 * match radius) of the squared sub-cell counts: a cluster of arcseconds inside a cell of
 * arcminutes makes many more pairs than the cell's count suggests, and this sum sees it.
 *
 * <pre>{@code
 * CellCounts.Counter c = CellCounts.counter(depth, SkyCells.pairDepth(radiusArcsec), 2, nLeft + nRight);
 * c.add(0, SkyCells.hash29(ra, dec));      // while streaming the left index, in index order
 * CellCounts counts = c.build();
 * }</pre>
 */
public final class CellCounts {
    private final int depth;
    private final int fineDepth;
    private final long[] cells;
    private final int[][] counts;
    private final double[][] squares;
    private final long[] totals;

    private CellCounts(int depth, int fineDepth, long[] cells, int[][] counts, double[][] squares) {
        this.depth = depth;
        this.fineDepth = fineDepth;
        this.cells = cells;
        this.counts = counts;
        this.squares = squares;
        this.totals = new long[counts.length];
        for (int s = 0; s < counts.length; s++) {
            long t = 0;
            for (int v : counts[s]) {
                t += v;
            }
            totals[s] = t;
        }
    }

    /**
     * A counter for {@code surveys} surveys at {@code depth} (sub-cells at {@code fineDepth}), for
     * about {@code expectedObjects} objects in all: a dense array of cells (50 MB per survey at
     * depth 10) when there are not many more cells than objects, else a list of the objects'
     * sub-cells (small inputs, deep cells).
     */
    public static Counter counter(int depth, int fineDepth, int surveys, long expectedObjects) {
        boolean dense = depth <= SkyCells.MAX_REGION_DEPTH && SkyCells.cellCount(depth) <= Math.max(1 << 16, 4 * expectedObjects);
        return new Counter(depth, Math.max(depth, fineDepth), surveys, dense);
    }

    /** The counts of in-memory indices, one survey per index, with sub-cells for a match radius. */
    public static CellCounts of(int depth, double radiusArcsec, List<ObjectIndex> indices) {
        return InMemoryRegionSource.of(indices, List.of(), null).counts(depth, radiusArcsec);
    }

    public int depth() {
        return depth;
    }

    /** The depth of the sub-cells behind {@link #squares}. */
    public int fineDepth() {
        return fineDepth;
    }

    public int surveys() {
        return counts.length;
    }

    /** The occupied cells (any survey), ascending; a copy. */
    public long[] occupiedCells() {
        return cells.clone();
    }

    /** Number of occupied cells. */
    public int occupiedCount() {
        return cells.length;
    }

    /** The k-th occupied cell. */
    public long occupiedCell(int k) {
        return cells[k];
    }

    /** Objects of survey {@code s} in the k-th occupied cell. */
    public int countAt(int s, int k) {
        return counts[s][k];
    }

    /** Σ over the k-th cell's sub-cells of (objects of survey {@code s} in the sub-cell)². */
    public double squaresAt(int s, int k) {
        return squares[s][k];
    }

    /** Objects of survey {@code s} in {@code cell}. */
    public int count(int s, long cell) {
        int k = Arrays.binarySearch(cells, cell);
        return k < 0 ? 0 : counts[s][k];
    }

    /** Objects of survey {@code s} in all cells. */
    public long total(int s) {
        return totals[s];
    }

    /** Whether any survey has an object in {@code cell}. */
    public boolean occupied(long cell) {
        return Arrays.binarySearch(cells, cell) >= 0;
    }

    /** These counts in the given cells only (ascending; cells not occupied are left out). */
    public CellCounts restrictedTo(long[] keep) {
        int n = 0;
        int[] at = new int[Math.min(keep.length, cells.length)];
        for (long c : keep) {
            int k = Arrays.binarySearch(cells, c);
            if (k >= 0) {
                at[n++] = k;
            }
        }
        long[] kc = new long[n];
        int[][] kn = new int[counts.length][n];
        double[][] ks = new double[counts.length][n];
        for (int i = 0; i < n; i++) {
            kc[i] = cells[at[i]];
            for (int s = 0; s < counts.length; s++) {
                kn[s][i] = counts[s][at[i]];
                ks[s][i] = squares[s][at[i]];
            }
        }
        return new CellCounts(depth, fineDepth, kc, kn, ks);
    }

    /** The position in {@link #occupiedCells()} of the first occupied cell ≥ {@code cell}. */
    public int firstAtOrAfter(long cell) {
        int k = Arrays.binarySearch(cells, cell);
        return k >= 0 ? k : -k - 1;
    }

    /**
     * Accumulates counts. Not thread-safe for one survey, but each survey's state is its own, so
     * different surveys may be added from different threads at once (then {@link #build} after
     * they are done). Objects should come in index (NESTED) order per survey, as sub-cells are
     * counted in runs; out-of-order objects only blur the estimate.
     */
    public static final class Counter {
        private final int depth;
        private final int fineDepth;
        private final int[][] dense;
        private final double[][] denseSquares;
        private final long[] runFine;
        private final long[] runLength;
        private final long[][] listed;
        private final int[] listedSize;
        // whole cells added by addCell when cells are listed: cell, count, squares per survey
        private final java.util.List<java.util.List<double[]>> listedCells;

        private Counter(int depth, int fineDepth, int surveys, boolean denseCells) {
            if (depth < 0 || fineDepth > SkyCells.MAX_DEPTH) {
                throw new MmuInputException("region depths must be in [0, " + SkyCells.MAX_DEPTH + "], got " + depth
                        + " and " + fineDepth);
            }
            if (surveys < 1) {
                throw new MmuInputException("need at least one survey, got " + surveys);
            }
            this.depth = depth;
            this.fineDepth = fineDepth;
            runFine = new long[surveys];
            runLength = new long[surveys];
            Arrays.fill(runFine, -1);
            if (denseCells) {
                dense = new int[surveys][(int) SkyCells.cellCount(depth)];
                denseSquares = new double[surveys][(int) SkyCells.cellCount(depth)];
                listed = null;
                listedSize = null;
                listedCells = null;
            } else {
                dense = null;
                denseSquares = null;
                listed = new long[surveys][64];
                listedSize = new int[surveys];
                listedCells = new java.util.ArrayList<>();
                for (int s = 0; s < surveys; s++) {
                    listedCells.add(new java.util.ArrayList<>());
                }
            }
        }

        public int depth() {
            return depth;
        }

        /** The depth of the sub-cells whose squared counts are summed. */
        public int fineDepth() {
            return fineDepth;
        }

        /**
         * Adds {@code count} objects of survey {@code s} in {@code cell} (at {@link #depth}) whose
         * sub-cells' squared counts sum to {@code squares}: counts known without the objects
         * (an index's cell tables).
         */
        public void addCell(int s, long cell, int count, double squares) {
            if (cell < 0 || cell >= SkyCells.cellCount(depth)) {
                throw new MmuInputException("cell " + cell + " is not a cell at depth " + depth);
            }
            if (dense == null) {
                listedCells.get(s).add(new double[] {cell, count, squares});
                return;
            }
            dense[s][(int) cell] += count;
            denseSquares[s][(int) cell] += squares;
        }

        /** Counts one object of survey {@code s} at a depth-29 position ({@link SkyCells#hash29}). */
        public void add(int s, long hash29) {
            long fine = hash29 >>> (2 * (SkyCells.MAX_DEPTH - fineDepth));
            if (dense == null) {
                if (listedSize[s] == listed[s].length) {
                    listed[s] = Arrays.copyOf(listed[s], listedSize[s] * 2);
                }
                listed[s][listedSize[s]++] = fine;
                return;
            }
            dense[s][(int) (fine >>> (2 * (fineDepth - depth)))]++;
            if (fine != runFine[s]) {
                flush(s);
                runFine[s] = fine;
            }
            runLength[s]++;
        }

        private void flush(int s) {
            if (runLength[s] > 0) {
                denseSquares[s][(int) (runFine[s] >>> (2 * (fineDepth - depth)))] += (double) runLength[s] * runLength[s];
            }
            runLength[s] = 0;
        }

        /** The counts so far. */
        public CellCounts build() {
            int shift = 2 * (fineDepth - depth);
            int ns = dense != null ? dense.length : listed.length;
            if (dense != null) {
                for (int s = 0; s < ns; s++) {
                    flush(s);
                    runFine[s] = -1;
                }
                int occupied = 0;
                int n = dense[0].length;
                for (int c = 0; c < n; c++) {
                    if (anyAt(c)) {
                        occupied++;
                    }
                }
                long[] cells = new long[occupied];
                int[][] counts = new int[ns][occupied];
                double[][] squares = new double[ns][occupied];
                int k = 0;
                for (int c = 0; c < n; c++) {
                    if (anyAt(c)) {
                        cells[k] = c;
                        for (int s = 0; s < ns; s++) {
                            counts[s][k] = dense[s][c];
                            squares[s][k] = denseSquares[s][c];
                        }
                        k++;
                    }
                }
                return new CellCounts(depth, fineDepth, cells, counts, squares);
            }
            long[] all = new long[Arrays.stream(listedSize).sum() + listedCells.stream().mapToInt(List::size).sum()];
            int o = 0;
            for (int s = 0; s < ns; s++) {
                for (int i = 0; i < listedSize[s]; i++) {
                    all[o++] = listed[s][i] >>> shift;
                }
                for (double[] c : listedCells.get(s)) {
                    all[o++] = (long) c[0];
                }
            }
            long[] cells = SkyCells.distinctSorted(all, all.length);
            int[][] counts = new int[ns][cells.length];
            double[][] squares = new double[ns][cells.length];
            for (int s = 0; s < ns; s++) {
                long[] fine = Arrays.copyOf(listed[s], listedSize[s]);
                Arrays.sort(fine);
                for (int i = 0; i < fine.length; ) {
                    int j = i;
                    while (j < fine.length && fine[j] == fine[i]) {
                        j++;
                    }
                    int k = Arrays.binarySearch(cells, fine[i] >>> shift);
                    counts[s][k] += j - i;
                    squares[s][k] += (double) (j - i) * (j - i);
                    i = j;
                }
                for (double[] c : listedCells.get(s)) {
                    int k = Arrays.binarySearch(cells, (long) c[0]);
                    counts[s][k] += (int) c[1];
                    squares[s][k] += c[2];
                }
            }
            return new CellCounts(depth, fineDepth, cells, counts, squares);
        }

        private boolean anyAt(int c) {
            for (int[] d : dense) {
                if (d[c] != 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
