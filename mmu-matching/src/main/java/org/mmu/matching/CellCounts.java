package org.mmu.matching;

import java.util.Arrays;
import java.util.List;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;

/**
 * How many objects of each survey lie in each NESTED cell at one depth: the index statistics
 * regions are planned from. Immutable; only occupied cells are kept (ascending).
 *
 * <pre>{@code
 * CellCounts.Counter c = CellCounts.counter(depth, 2, nLeft + nRight);
 * c.add(0, SkyCells.cell(depth, ra, dec));      // while streaming the left index
 * CellCounts counts = c.build();
 * }</pre>
 */
public final class CellCounts {
    private final int depth;
    private final long[] cells;
    private final int[][] counts;
    private final long[] totals;

    private CellCounts(int depth, long[] cells, int[][] counts) {
        this.depth = depth;
        this.cells = cells;
        this.counts = counts;
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
     * A counter for {@code surveys} surveys at {@code depth}, for about {@code expectedObjects}
     * objects in all: a dense array of cells (50 MB per survey at depth 10) when there are not
     * many more cells than objects, else a list of the objects' cells (small inputs, deep cells).
     */
    public static Counter counter(int depth, int surveys, long expectedObjects) {
        boolean dense = depth <= SkyCells.MAX_REGION_DEPTH && SkyCells.cellCount(depth) <= Math.max(1 << 16, 4 * expectedObjects);
        return new Counter(depth, surveys, dense);
    }

    /** The counts of in-memory indices, one survey per index. */
    public static CellCounts of(int depth, List<ObjectIndex> indices) {
        Counter c = counter(depth, indices.size(), indices.stream().mapToLong(ObjectIndex::size).sum());
        for (int s = 0; s < indices.size(); s++) {
            ObjectIndex idx = indices.get(s);
            for (int i = 0; i < idx.size(); i++) {
                c.add(s, SkyCells.cell(depth, idx.ra(i), idx.dec(i)));
            }
        }
        return c.build();
    }

    public int depth() {
        return depth;
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

    /** The position in {@link #occupiedCells()} of the first occupied cell ≥ {@code cell}. */
    public int firstAtOrAfter(long cell) {
        int k = Arrays.binarySearch(cells, cell);
        return k >= 0 ? k : -k - 1;
    }

    /** Accumulates counts; not thread-safe (use one per thread and {@link #merge}). */
    public static final class Counter {
        private final int depth;
        private final int[][] dense;
        private final long[][] listed;
        private final int[] listedSize;

        private Counter(int depth, int surveys, boolean denseCells) {
            if (depth < 0 || depth > SkyCells.MAX_DEPTH) {
                throw new MmuInputException("region depth must be in [0, " + SkyCells.MAX_DEPTH + "], got " + depth);
            }
            if (surveys < 1) {
                throw new MmuInputException("need at least one survey, got " + surveys);
            }
            this.depth = depth;
            if (denseCells) {
                dense = new int[surveys][(int) SkyCells.cellCount(depth)];
                listed = null;
                listedSize = null;
            } else {
                dense = null;
                listed = new long[surveys][64];
                listedSize = new int[surveys];
            }
        }

        public int depth() {
            return depth;
        }

        /** Counts one object of survey {@code s} in {@code cell}. */
        public void add(int s, long cell) {
            if (dense != null) {
                dense[s][(int) cell]++;
                return;
            }
            if (listedSize[s] == listed[s].length) {
                listed[s] = Arrays.copyOf(listed[s], listedSize[s] * 2);
            }
            listed[s][listedSize[s]++] = cell;
        }

        /** Adds another counter's counts (made by the same {@link #counter} call). */
        public void merge(Counter other) {
            int ns = dense != null ? dense.length : listed.length;
            int otherNs = other.dense != null ? other.dense.length : other.listed.length;
            if (other.depth != depth || otherNs != ns || (other.dense == null) != (dense == null)) {
                throw new MmuInputException("cannot merge counts of depth " + other.depth + " into depth " + depth);
            }
            for (int s = 0; s < ns; s++) {
                if (dense != null) {
                    int[] a = dense[s];
                    int[] b = other.dense[s];
                    for (int i = 0; i < a.length; i++) {
                        a[i] += b[i];
                    }
                } else {
                    for (int i = 0; i < other.listedSize[s]; i++) {
                        add(s, other.listed[s][i]);
                    }
                }
            }
        }

        /** The counts so far (the counter may go on). */
        public CellCounts build() {
            int ns = dense != null ? dense.length : listed.length;
            if (dense != null) {
                int occupied = 0;
                int n = dense[0].length;
                for (int c = 0; c < n; c++) {
                    if (anyAt(c)) {
                        occupied++;
                    }
                }
                long[] cells = new long[occupied];
                int[][] counts = new int[ns][occupied];
                int k = 0;
                for (int c = 0; c < n; c++) {
                    if (anyAt(c)) {
                        cells[k] = c;
                        for (int s = 0; s < ns; s++) {
                            counts[s][k] = dense[s][c];
                        }
                        k++;
                    }
                }
                return new CellCounts(depth, cells, counts);
            }
            long[] all = new long[Arrays.stream(listedSize).sum()];
            int o = 0;
            for (int s = 0; s < ns; s++) {
                System.arraycopy(listed[s], 0, all, o, listedSize[s]);
                o += listedSize[s];
            }
            long[] cells = SkyCells.distinctSorted(all, all.length);
            int[][] counts = new int[ns][cells.length];
            for (int s = 0; s < ns; s++) {
                for (int i = 0; i < listedSize[s]; i++) {
                    counts[s][Arrays.binarySearch(cells, listed[s][i])]++;
                }
            }
            return new CellCounts(depth, cells, counts);
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
