package org.mmu.matching.internal;

import cds.healpix.Healpix;
import cds.healpix.NeighbourList;
import cds.healpix.NeighbourSelector;
import org.mmu.core.IndexSort;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.MatchCriteria;

/**
 * Finds candidate pairs by HEALPix binning: both sides are binned at one depth, both sorted by
 * packed key {@code cell << rowBits | row}; for each left cell the right rows of the cell and its
 * neighbours are scanned with a chord pre-test and an exact angle.
 *
 * <p>Work is cut into chunks of about {@value #CHUNK} left rows ending at cell boundaries, so the
 * chunks, and the pairs each produces, do not depend on the thread count; chunk outputs are
 * concatenated in chunk order.
 *
 * <p>Memory while searching: left 8 bytes per row (keys; left unit vectors are computed on the
 * fly, each left row is visited once), right 36 bytes per row (keys, unit vectors, a directory of
 * at most one int per row); while sorting (before the unit vectors exist) 16 bytes per row of
 * each side; 16 to 20 bytes per pair in the trimmed chunk buffers, 16 more while concatenating.
 */
public final class HealpixPairFinder {
    /** Left rows per chunk of work (moved to the end of the current cell). */
    static final int CHUNK = 4096;

    private final ObjectIndex left;
    private final ObjectIndex right;
    private final MatchCriteria criteria;
    private final int perLeftLimit;
    private final ObjectIds rightIds;

    private int depth;
    private int rowBits;
    private long rowMask;
    private long[] leftKeys;
    private long[] rightKeys;
    private double[] rightXyz;
    private int dirDepth;
    private int[] dir;
    private double chord2;
    private int depthOverride = -1;
    private Plan plan;

    private HealpixPairFinder(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, int perLeftLimit) {
        this.left = left;
        this.right = right;
        this.criteria = criteria;
        this.perLeftLimit = perLeftLimit;
        this.rightIds = right.ids();
    }

    /**
     * What one run chose and how long its phases took, for tests and diagnostics.
     *
     * @param hashDepth the deepest safe depth (keys are first computed there)
     * @param depth     the depth pairs were searched at
     */
    public record Plan(int hashDepth, int depth, int dirDepth, int chunks, long hashNanos, long sortNanos,
            long vectorNanos, long searchNanos) {
    }

    /**
     * All candidate pairs (see {@link MatchCriteria#accepts}), in an order that depends on the
     * input order but not on the thread count.
     *
     * @param perLeftLimit when &gt; 0, keep for each left row only its {@code perLeftLimit} best
     *                     pairs (smallest separation, then smallest right id): BEST1 and KNN
     *                     need no more, which bounds memory in dense fields
     */
    public static PairBuffer find(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, int perLeftLimit,
            Parallel par) {
        return find(left, right, criteria, perLeftLimit, par, -1, null);
    }

    /**
     * Like {@link #find(ObjectIndex, ObjectIndex, MatchCriteria, int, Parallel)}, binning at
     * {@code min(depthOverride, deepest safe depth)} instead of the cost-based depth when
     * {@code depthOverride >= 0} (tests use it to exercise the deepest, tightest grid), and
     * reporting the plan in {@code planOut[0]} when given.
     */
    public static PairBuffer find(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, int perLeftLimit,
            Parallel par, int depthOverride, Plan[] planOut) {
        HealpixPairFinder f = new HealpixPairFinder(left, right, criteria, perLeftLimit);
        f.depthOverride = depthOverride;
        PairBuffer p = f.run(par);
        if (planOut != null) {
            planOut[0] = f.plan;
        }
        return p;
    }

    private PairBuffer run(Parallel par) {
        int nL = left.size();
        int nR = right.size();
        double searchArcsec = criteria.searchRadiusArcsec();
        rowBits = HealpixGrid.rowBits(Math.max(nL, nR));
        rowMask = (1L << rowBits) - 1;
        int hashDepth = Math.min(HealpixGrid.coverDepth(searchArcsec / Sphere.ARCSEC_PER_RAD),
                HealpixGrid.packDepth(rowBits));
        long t0 = System.nanoTime();
        // Hash (and so validate) both sides even when one is empty: bad coordinates always fail.
        leftKeys = HealpixGrid.keys(left, "left", hashDepth, rowBits, par);
        rightKeys = HealpixGrid.keys(right, "right", hashDepth, rowBits, par);
        if (nL == 0 || nR == 0) {
            plan = new Plan(hashDepth, hashDepth, hashDepth, 0, System.nanoTime() - t0, 0, 0, 0);
            return new PairBuffer(1);
        }
        long t1 = System.nanoTime();
        par.sortBoth(leftKeys, rightKeys);
        long t2 = System.nanoTime();
        if (depthOverride >= 0) {
            depth = Math.min(depthOverride, hashDepth);
        } else {
            depth = HealpixGrid.bestDepth(HealpixGrid.distinctCells(leftKeys, hashDepth, rowBits, par),
                    HealpixGrid.sharedCellPairs(leftKeys, rightKeys, hashDepth, rowBits, par), hashDepth);
        }
        HealpixGrid.coarsen(leftKeys, hashDepth, depth, rowBits, par);
        HealpixGrid.coarsen(rightKeys, hashDepth, depth, rowBits, par);
        rightXyz = new double[3 * nR];
        par.forRange(nR, 1 << 16, (from, to) -> {
            for (int j = from; j < to; j++) {
                int row = (int) (rightKeys[j] & rowMask);
                Sphere.unitVector(right.ra(row), right.dec(row), rightXyz, 3 * j);
            }
        });
        buildDirectory(nR);
        chord2 = Sphere.chord2Bound(searchArcsec);
        long t3 = System.nanoTime();

        int[] bounds = chunkBounds(nL);
        int chunks = bounds.length - 1;
        PairBuffer[] parts = new PairBuffer[chunks];
        par.forEach(chunks, c -> parts[c] = chunk(bounds[c], bounds[c + 1]));
        plan = new Plan(hashDepth, depth, dirDepth, chunks, t1 - t0, t2 - t1, t3 - t2, System.nanoTime() - t3);
        leftKeys = null;
        rightKeys = null;
        rightXyz = null;
        dir = null;
        return concat(parts);
    }

    /** dir[c] = first right position whose cell at dirDepth is ≥ c; at most one int per right row. */
    private void buildDirectory(int nR) {
        int g = 0;
        while (g < depth && 12L << (2 * (g + 1)) <= Math.max(12, nR)) {
            g++;
        }
        dirDepth = g;
        int nDir = 12 << (2 * g);
        int shift = rowBits + 2 * (depth - g);
        dir = new int[nDir + 1];
        int j = 0;
        for (int c = 0; c <= nDir; c++) {
            while (j < nR && (rightKeys[j] >>> shift) < c) {
                j++;
            }
            dir[c] = j;
        }
    }

    private int[] chunkBounds(int nL) {
        int[] b = new int[16];
        int n = 1;
        int pos = 0;
        while (pos < nL) {
            int next = (int) Math.min(nL, (long) pos + CHUNK);
            while (next < nL && (leftKeys[next] >>> rowBits) == (leftKeys[next - 1] >>> rowBits)) {
                next++;
            }
            if (n == b.length) {
                b = java.util.Arrays.copyOf(b, 2 * n);
            }
            b[n++] = next;
            pos = next;
        }
        return java.util.Arrays.copyOf(b, n);
    }

    private PairBuffer chunk(int from, int to) {
        PairBuffer out = new PairBuffer(Math.max(16, (to - from) / 2));
        NeighbourSelector neighbours = Healpix.getNested(depth).newNeighbourSelector();
        NeighbourList nl = new NeighbourList(depth);
        long[] cells = new long[10];
        int[] lo = new int[10];
        int[] hi = new int[10];
        double[] u = new double[3];
        Candidates cand = perLeftLimit > 0 ? new Candidates() : null;
        final long[] lk = leftKeys;
        final long[] rk = rightKeys;
        final double[] xyz = rightXyz;
        final double c2 = chord2;
        int k = from;
        while (k < to) {
            long cell = lk[k] >>> rowBits;
            int kEnd = k + 1;
            while (kEnd < to && (lk[kEnd] >>> rowBits) == cell) {
                kEnd++;
            }
            int nRanges = ranges(cell, neighbours, nl, cells, lo, hi);
            for (int i = k; i < kEnd && nRanges > 0; i++) {
                int row = (int) (lk[i] & rowMask);
                Sphere.unitVector(left.ra(row), left.dec(row), u, 0);
                double lx = u[0];
                double ly = u[1];
                double lz = u[2];
                for (int r = 0; r < nRanges; r++) {
                    for (int j = lo[r], end = hi[r]; j < end; j++) {
                        int o = 3 * j;
                        double rx = xyz[o];
                        double ry = xyz[o + 1];
                        double rz = xyz[o + 2];
                        double dx = rx - lx;
                        double dy = ry - ly;
                        double dz = rz - lz;
                        if (dx * dx + dy * dy + dz * dz <= c2) {
                            double sep = Sphere.separationArcsec(lx, ly, lz, rx, ry, rz);
                            int rRow = (int) (rk[j] & rowMask);
                            if (criteria.accepts(sep, row, rRow)) {
                                if (cand == null) {
                                    out.add(row, rRow, sep);
                                } else {
                                    cand.add(rRow, sep);
                                }
                            }
                        }
                    }
                }
                if (cand != null && cand.size > 0) {
                    cand.emitBest(row, perLeftLimit, rightIds, out);
                }
            }
            k = kEnd;
        }
        return out.trim();
    }

    /**
     * The right position ranges of a cell and its neighbours: cells sorted and de-duplicated
     * (a neighbour list may repeat a cell near base-cell corners at low depth, and a repeated
     * cell would repeat pairs), empty ranges dropped, touching ranges merged.
     */
    private int ranges(long cell, NeighbourSelector neighbours, NeighbourList nl, long[] cells, int[] lo, int[] hi) {
        neighbours.neighbours(cell, nl);
        int n = 0;
        cells[n++] = cell;
        for (int m = 0; m < nl.size(); m++) {
            cells[n++] = nl.get(m);
        }
        // insertion sort of a handful of cells
        for (int i = 1; i < n; i++) {
            long v = cells[i];
            int j = i - 1;
            while (j >= 0 && cells[j] > v) {
                cells[j + 1] = cells[j];
                j--;
            }
            cells[j + 1] = v;
        }
        int nr = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && cells[i] == cells[i - 1]) {
                continue;
            }
            long c = cells[i];
            int d = (int) (c >>> (2 * (depth - dirDepth)));
            int s = dir[d];
            int e = dir[d + 1];
            if (depth != dirDepth && s < e) {
                s = HealpixGrid.lowerBound(rightKeys, s, e, c << rowBits);
                e = HealpixGrid.lowerBound(rightKeys, s, e, (c + 1) << rowBits);
            }
            if (s == e) {
                continue;
            }
            if (nr > 0 && hi[nr - 1] == s) {
                hi[nr - 1] = e;
            } else {
                lo[nr] = s;
                hi[nr] = e;
                nr++;
            }
        }
        return nr;
    }

    private static PairBuffer concat(PairBuffer[] parts) {
        return parts.length == 1 ? parts[0] : PairBuffer.concat(parts);
    }

    /** The candidate partners of one left row, for keeping only its best few. */
    private static final class Candidates {
        int[] rows = new int[16];
        double[] seps = new double[16];
        int size;

        void add(int r, double s) {
            if (size == rows.length) {
                rows = java.util.Arrays.copyOf(rows, 2 * size);
                seps = java.util.Arrays.copyOf(seps, 2 * size);
            }
            rows[size] = r;
            seps[size] = s;
            size++;
        }

        /** Adds the {@code limit} best (separation, then right id) to {@code out}, then clears. */
        void emitBest(int leftRow, int limit, ObjectIds ids, PairBuffer out) {
            if (size <= limit) {
                for (int i = 0; i < size; i++) {
                    out.add(leftRow, rows[i], seps[i]);
                }
            } else if (limit == 1) {
                int b = 0;
                for (int i = 1; i < size; i++) {
                    if (seps[i] < seps[b] || (seps[i] == seps[b] && ids.compare(rows[i], rows[b]) < 0)) {
                        b = i;
                    }
                }
                out.add(leftRow, rows[b], seps[b]);
            } else {
                int[] order = new int[size];
                for (int i = 0; i < size; i++) {
                    order[i] = i;
                }
                IndexSort.sort(order, (a, b) -> {
                    int c = Double.compare(seps[a], seps[b]);
                    return c != 0 ? c : ids.compare(rows[a], rows[b]);
                });
                for (int i = 0; i < limit; i++) {
                    out.add(leftRow, rows[order[i]], seps[order[i]]);
                }
            }
            size = 0;
        }
    }
}
