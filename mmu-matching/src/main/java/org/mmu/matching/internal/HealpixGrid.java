package org.mmu.matching.internal;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;

/**
 * The HEALPix (NESTED) side of the engine: which depth to bin at, and packed sort keys
 * {@code cell << rowBits | row} for one index.
 *
 * <h2>Why the neighbour search finds every pair</h2>
 * At depth {@code d}, a disc of radius {@code r} around any point of a cell lies inside that cell
 * and its (7 or 8) neighbours when {@code r} is below the smallest distance from a cell to a
 * non-adjacent cell, which cds-healpix tabulates as {@code Healpix.SMALLER_EDGE2OPEDGE_DIST[d]}
 * and uses in {@code Healpix.getBestStartingDepth}. That table is a few % too optimistic: near
 * cell vertices on base-cell boundaries in the polar caps (e.g. lon 0°, 90°, 180°, 270° at
 * |lat| 45–80°), discs of radius 0.999 × the tabulated value reach cells that are not neighbours
 * at every depth tried (3 to 22), and of 0.98 × still at depths 5, 8 and 12 (a counterexample is
 * pinned in {@code HealpixCoverageTest}). We therefore only use depths where
 * {@code r ≤ 0.75 × SMALLER_EDGE2OPEDGE_DIST[d]}, a margin the test checks with adversarial
 * points (poles, RA 0/360, base-cell corners, cell vertices) at every depth.
 */
public final class HealpixGrid {
    /** Fraction of the tabulated cell-to-non-neighbour distance we rely on (see class comment). */
    public static final double COVER_SAFETY = 0.75;

    private static final double TWO_PI = 2 * Math.PI;

    private HealpixGrid() {
    }

    /** The deepest depth whose cells plus neighbours cover any disc of this radius (radians). */
    public static int coverDepth(double radiusRad) {
        double[] dist = Healpix.SMALLER_EDGE2OPEDGE_DIST;
        int d = 0;
        while (d + 1 < dist.length && d + 1 <= Healpix.DEPTH_MAX && radiusRad <= COVER_SAFETY * dist[d + 1]) {
            d++;
        }
        return d;
    }

    /** Bits needed to store a row index in {@code [0, n)} (at least 1). */
    public static int rowBits(int n) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
    }

    /** The deepest depth whose cell numbers (4 + 2d bits) fit beside rowBits in a positive long. */
    public static int packDepth(int rowBits) {
        return Math.min(Healpix.DEPTH_MAX, (63 - rowBits - 4) / 2);
    }

    /** One position's cell at the computer's depth; RA 360 is RA 0, dec is clamped to ±90. */
    static long hash(HashComputer hc, double raDeg, double decDeg) {
        double lon = Math.toRadians(raDeg);
        if (lon >= TWO_PI) {
            lon -= TWO_PI;
        }
        double lat = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, Math.toRadians(decDeg)));
        return hc.hash(lon, lat);
    }

    /**
     * The unsorted keys {@code cell(depth) << rowBits | row} of every row, computed in parallel
     * (one hash computer per block: cds-healpix computers are not thread-safe). Fails on the
     * lowest row with unusable coordinates, naming its id and the index.
     */
    public static long[] keys(ObjectIndex index, String side, int depth, int rowBits, Parallel par) {
        int n = index.size();
        long[] keys = new long[n];
        par.forRange(n, 1 << 16, (from, to) -> {
            HashComputer hc = Healpix.getNested(depth).newHashComputer();
            for (int i = from; i < to; i++) {
                double ra = index.ra(i);
                double dec = index.dec(i);
                String problem = ObjectIndex.coordinateProblem(ra, dec);
                if (problem != null) {
                    throw new MmuInputException(side + " index '" + index.name() + "': object "
                            + index.ids().getString(i) + " (row " + i + ") " + problem);
                }
                keys[i] = hash(hc, ra, dec) << rowBits | i;
            }
        });
        return keys;
    }

    /**
     * For sorted keys at {@code depth}, the number of distinct cells at every depth
     * {@code 0..depth} (two neighbouring keys are in different cells at depth e exactly when their
     * cells differ in the bits above depth e). Blocks of keys are counted in parallel.
     */
    public static long[] distinctCells(long[] sortedKeys, int depth, int rowBits, Parallel par) {
        long[] firstDiff = new long[depth + 1];
        par.forRange(sortedKeys.length, 1 << 18, (from, to) -> {
            long[] local = new long[depth + 1];
            for (int i = Math.max(1, from); i < to; i++) {
                long x = (sortedKeys[i] >>> rowBits) ^ (sortedKeys[i - 1] >>> rowBits);
                if (x != 0) {
                    int highBit = 63 - Long.numberOfLeadingZeros(x);
                    local[Math.max(0, depth - highBit / 2)]++;
                }
            }
            synchronized (firstDiff) {
                for (int d = 0; d <= depth; d++) {
                    firstDiff[d] += local[d];
                }
            }
        });
        long[] distinct = new long[depth + 1];
        long acc = sortedKeys.length > 0 ? 1 : 0;
        for (int d = 0; d <= depth; d++) {
            acc += firstDiff[d];
            distinct[d] = acc;
        }
        return distinct;
    }

    /**
     * For sorted keys of both sides at {@code depth}, the number of (left, right) pairs sharing a
     * cell at every depth {@code 0..depth}: {@code Σ_cells nLeft(c) · nRight(c)}. The cells of a
     * coarse depth {@code s ≤ 3} are counted in parallel, each by one merge pass over its keys
     * (counts kept for the deepest level only and handed to the parent level when a cell ends);
     * depths below {@code s} are summed from the coarse cells' totals.
     */
    public static long[] sharedCellPairs(long[] left, long[] right, int depth, int rowBits, Parallel par) {
        int s = Math.min(depth, 3);
        int tasks = 12 << (2 * s);
        int shift = rowBits + 2 * (depth - s);
        long[] sum = new long[depth + 1];
        long[] nl = new long[tasks];
        long[] nr = new long[tasks];
        par.forRange(tasks, 16, (t0, t1) -> {
            long[] local = new long[depth + 1];
            long[] cl = new long[depth + 1];
            long[] cr = new long[depth + 1];
            for (int t = t0; t < t1; t++) {
                int lo = lowerBound(left, (long) t << shift);
                int hi = lowerBound(left, (long) (t + 1) << shift);
                int ro = lowerBound(right, (long) t << shift);
                int rh = lowerBound(right, (long) (t + 1) << shift);
                nl[t] = hi - lo;
                nr[t] = rh - ro;
                if (lo < hi && ro < rh) {
                    mergeCount(left, lo, hi, right, ro, rh, depth, rowBits, s, local, cl, cr);
                }
            }
            synchronized (sum) {
                for (int d = s; d <= depth; d++) {
                    sum[d] += local[d];
                }
            }
        });
        for (int d = 0; d < s; d++) {
            int group = 1 << (2 * (s - d));
            for (int p = 0; p < tasks; p += group) {
                long a = 0;
                long b = 0;
                for (int t = p; t < p + group; t++) {
                    a += nl[t];
                    b += nr[t];
                }
                sum[d] += a * b;
            }
        }
        return sum;
    }

    /** Adds, for depths {@code s..depth}, the pairs sharing a cell among keys of one depth-s cell. */
    private static void mergeCount(long[] left, int i, int iEnd, long[] right, int j, int jEnd, int depth, int rowBits,
            int s, long[] sum, long[] cl, long[] cr) {
        long prev = -1;
        while (i < iEnd || j < jEnd) {
            boolean fromLeft = j >= jEnd || (i < iEnd && left[i] >>> rowBits <= right[j] >>> rowBits);
            long cell = (fromLeft ? left[i++] : right[j++]) >>> rowBits;
            if (prev >= 0 && cell != prev) {
                int highBit = 63 - Long.numberOfLeadingZeros(cell ^ prev);
                close(sum, cl, cr, Math.max(s, depth - highBit / 2), depth, s);
            }
            prev = cell;
            if (fromLeft) {
                cl[depth]++;
            } else {
                cr[depth]++;
            }
        }
        close(sum, cl, cr, s, depth, s);
    }

    /** Ends the current cells at depths {@code from..to}, deepest first, passing counts up to depth s. */
    private static void close(long[] sum, long[] cl, long[] cr, int from, int to, int s) {
        for (int d = to; d >= from; d--) {
            sum[d] += cl[d] * cr[d];
            if (d > s) {
                cl[d - 1] += cl[d];
                cr[d - 1] += cr[d];
            }
            cl[d] = 0;
            cr[d] = 0;
        }
    }

    private static int lowerBound(long[] a, long key) {
        return lowerBound(a, 0, a.length, key);
    }

    /** The first position in {@code a[from, to)} (ascending) whose value is at least {@code key}. */
    static int lowerBound(long[] a, int from, int to, long key) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Estimated nanoseconds per non-empty left cell: neighbour computation and look-ups. */
    static final double CELL_COST = 300;
    /** Estimated nanoseconds per candidate (chord pre-test). */
    static final double CANDIDATE_COST = 3;

    /**
     * The depth in {@code [0, maxDepth]} with the lowest estimated cost: every non-empty left cell
     * costs a neighbour search, every (left, right) pair sharing a cell about 9 candidate tests
     * (the cell and its 8 neighbours). Only speed depends on it; it depends only on the positions
     * (not their order), so it is deterministic.
     */
    public static int bestDepth(long[] distinctLeft, long[] sharedPairs, int maxDepth) {
        int best = maxDepth;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int d = 0; d <= maxDepth; d++) {
            double cost = CELL_COST * distinctLeft[d] + CANDIDATE_COST * 9.0 * sharedPairs[d];
            if (cost < bestCost) {
                bestCost = cost;
                best = d;
            }
        }
        return best;
    }

    /** Rewrites keys from {@code fromDepth} to the coarser {@code toDepth}; their order stays sorted. */
    public static void coarsen(long[] keys, int fromDepth, int toDepth, int rowBits, Parallel par) {
        if (fromDepth == toDepth) {
            return;
        }
        int shift = 2 * (fromDepth - toDepth);
        long rowMask = (1L << rowBits) - 1;
        par.forRange(keys.length, 1 << 18, (from, to) -> {
            for (int i = from; i < to; i++) {
                long k = keys[i];
                keys[i] = ((k >>> rowBits) >>> shift) << rowBits | (k & rowMask);
            }
        });
    }
}
