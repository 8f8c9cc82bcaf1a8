package org.mmu.matching;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;
import cds.healpix.NeighbourList;
import cds.healpix.NeighbourSelector;
import java.util.Arrays;
import org.mmu.matching.internal.HealpixGrid;

/**
 * The NESTED HEALPix cells that region-by-region matching works on. Every position is hashed
 * once at depth 29 ({@link #hash29}); its cell at a coarser depth is a prefix
 * ({@code hash29 >>> 2·(29 − depth)}), so the region planner, the index readers and the matcher
 * always agree on which cell an object is in. Thread-safe (one cds hash computer per thread).
 */
public final class SkyCells {
    /** The depth of {@link #hash29}. */
    public static final int MAX_DEPTH = 29;
    /** Deepest depth for region planning: 12·4¹⁰ cells, 50 MB of int counts per survey. */
    public static final int MAX_REGION_DEPTH = 10;

    private static final ThreadLocal<HashComputer> HASH29 =
            ThreadLocal.withInitial(() -> Healpix.getNested(MAX_DEPTH).newHashComputer());
    private static final double TWO_PI = 2 * Math.PI;

    private SkyCells() {
    }

    /** The depth-29 NESTED cell of a position (degrees); RA 360 is RA 0, dec is clamped to ±90. */
    public static long hash29(double raDeg, double decDeg) {
        return hash29(HASH29.get(), raDeg, decDeg);
    }

    /** {@link #hash29} of every object of an index, in row order (one thread-local lookup, not one per row). */
    static long[] hash29(org.mmu.core.ObjectIndex index) {
        HashComputer hc = HASH29.get();
        long[] h = new long[index.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = hash29(hc, index.ra(i), index.dec(i));
        }
        return h;
    }

    private static long hash29(HashComputer hc, double raDeg, double decDeg) {
        double lon = Math.toRadians(raDeg);
        if (lon >= TWO_PI) {
            lon -= TWO_PI;
        }
        if (lon < 0) {
            lon = 0;
        }
        double lat = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, Math.toRadians(decDeg)));
        return hc.hash(lon, lat);
    }

    /** The cell at {@code depth} of a position (degrees). */
    public static long cell(int depth, double raDeg, double decDeg) {
        return hash29(raDeg, decDeg) >>> (2 * (MAX_DEPTH - depth));
    }

    /** Number of cells at a depth: 12·4^depth. */
    public static long cellCount(int depth) {
        return 12L << (2 * depth);
    }

    /**
     * The depth regions are planned at for surveys of {@code totalObjects} objects (together)
     * matched within {@code radiusArcsec}: deep enough that a cell holds about 64 objects on
     * average (so regions can be cut finely in crowded areas), never deeper than
     * {@link #MAX_REGION_DEPTH}, and never so deep that a cell's neighbours stop covering
     * twice the radius (the margin, see {@link SkyRegions}): the same 75 % safety on cds-healpix's
     * cell-distance table as the engine ({@code docs/matching.md}).
     */
    public static int regionDepth(long totalObjects, double radiusArcsec) {
        int d = 0;
        while (d < MAX_REGION_DEPTH && cellCount(d + 1) * 64 <= Math.max(64, totalObjects)) {
            d++;
        }
        return Math.min(d, marginDepth(radiusArcsec));
    }

    /** The depth of sub-cells about the radius in size, for estimating pairs ({@link CellCounts}). */
    public static int pairDepth(double radiusArcsec) {
        return Math.min(MAX_DEPTH, HealpixGrid.coverDepth(Math.toRadians(radiusArcsec / 3600)));
    }

    /** The deepest depth whose cell-plus-neighbours cover a disc of twice the radius. */
    public static int marginDepth(double radiusArcsec) {
        return HealpixGrid.coverDepth(Math.toRadians(2 * radiusArcsec / 3600));
    }

    /**
     * The given cells and all their neighbours at {@code depth}, sorted and distinct: at a depth
     * no deeper than {@link #marginDepth}, every position within twice the radius of an object
     * in one of the cells lies in one of these.
     */
    public static long[] withNeighbours(int depth, long[] cells) {
        NeighbourSelector selector = Healpix.getNested(depth).newNeighbourSelector();
        NeighbourList nl = new NeighbourList(depth);
        long[] out = new long[Math.max(16, cells.length * 9)];
        int n = 0;
        for (long c : cells) {
            if (n + 9 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = c;
            selector.neighbours(c, nl);
            for (int m = 0; m < nl.size(); m++) {
                out[n++] = nl.get(m);
            }
        }
        return distinctSorted(out, n);
    }

    /** The distinct values of {@code a[0..n)}, ascending. */
    static long[] distinctSorted(long[] a, int n) {
        long[] s = Arrays.copyOf(a, n);
        Arrays.sort(s);
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (i == 0 || s[i] != s[i - 1]) {
                s[k++] = s[i];
            }
        }
        return Arrays.copyOf(s, k);
    }
}
