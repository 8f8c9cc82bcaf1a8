package org.mmu.matching.internal;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;
import cds.healpix.HealpixNestedFixedRadiusCone4XMatch;
import java.util.BitSet;
import org.mmu.core.ObjectIndex;

/**
 * How many rows of each catalogue lie in the two catalogues' common sky coverage, counted the
 * way STILTS' {@code tmatch2} counts them. STILTS scans the side with more such rows against
 * the other, and in {@code find=best} that choice decides which side's nearest neighbours are
 * kept (see {@code docs/matching.md}); reproducing it is what makes our {@code best} equal.
 *
 * <p>The coverage of a catalogue is a HEALPix mask at order {@value #MASK_ORDER}: every cell, at
 * depth {@code d = bestStartingDepth(radius) - 1}, that a disc of the radius around one of its
 * positions overlaps, mapped to the mask order. A row lies in the overlap when its own depth-d
 * cell falls in both masks. Discs are computed only for positions whose depth-d cell touches the
 * border of its mask cell: elsewhere the disc (smaller than a depth-d cell) overlaps only the
 * cell and its neighbours, which share the mask cell. {@link Counter} takes the rows in any
 * order and slicing (region by region), each row once.
 */
public final class SkyOverlap {
    static final int MASK_ORDER = 6;

    private SkyOverlap() {
    }

    /** {@code {left rows in the overlap, right rows in the overlap}} for a match radius. */
    public static long[] counts(ObjectIndex left, ObjectIndex right, double radiusArcsec) {
        Counter c = counter(radiusArcsec);
        c.addAll(0, left);
        c.addAll(1, right);
        return c.counts();
    }

    /** A counter to which the rows of both sides are added in any order and any slicing, each row once. */
    public static Counter counter(double radiusArcsec) {
        return new Counter(radiusArcsec / Sphere.ARCSEC_PER_RAD);
    }

    /**
     * The counts in one pass over the rows: per side, the coverage mask and a histogram of rows
     * by cell at order {@code min(depth, MASK_ORDER)}. A row's "inside" depends only on its
     * depth-d cell: its ancestor at the mask order (depth &ge; mask order), or its descendants
     * there (depth &lt; mask order), so a histogram cell is inside or out as a whole. Not
     * thread-safe (one per thread, then {@link #merge}).
     */
    public static final class Counter {
        private final double radius;
        private final int depth;
        private final int histogramShift;
        private final HashComputer hc;
        private final HealpixNestedFixedRadiusCone4XMatch cone;
        private final long[] cells = new long[9];
        private final BitSet[] masks = {new BitSet(12 << (2 * MASK_ORDER)), new BitSet(12 << (2 * MASK_ORDER))};
        private final long[][] histograms;

        private Counter(double radius) {
            this.radius = radius;
            this.depth = Math.max(0, Healpix.getBestStartingDepth(radius) - 1);
            this.histogramShift = 2 * Math.max(0, depth - MASK_ORDER);
            int order = Math.min(depth, MASK_ORDER);
            this.histograms = new long[][] {new long[12 << (2 * order)], new long[12 << (2 * order)]};
            this.hc = Healpix.getNested(depth).newHashComputer();
            this.cone = Healpix.getNested(depth).newConeComputer4Xmatch(radius);
        }

        /** Adds every row of {@code index} to side {@code side} (0 left, 1 right). */
        public void addAll(int side, ObjectIndex index) {
            for (int i = 0; i < index.size(); i++) {
                add(side, index.ra(i), index.dec(i));
            }
        }

        /** Adds one row at (ra, dec) in degrees to side {@code side} (0 left, 1 right). */
        public void add(int side, double ra, double dec) {
            long cell = HealpixGrid.hash(hc, ra, dec);
            histograms[side][(int) (cell >>> histogramShift)]++;
            BitSet mask = masks[side];
            if (depth > MASK_ORDER && !onMaskCellBorder(cell, depth - MASK_ORDER)) {
                mask.set((int) (cell >>> (2 * (depth - MASK_ORDER))));
                return;
            }
            double lon = Math.toRadians(ra);
            double lat = Math.toRadians(dec);
            int n = cone.overlappingCells(lon >= 2 * Math.PI ? lon - 2 * Math.PI : lon, lat, cells);
            for (int k = 0; k < n; k++) {
                addToMask(mask, cells[k]);
            }
        }

        /** Adds the rows another counter (of the same radius) has seen. */
        public void merge(Counter other) {
            if (other.radius != radius) {
                throw new IllegalArgumentException("counters of radii " + radius + " and " + other.radius + " rad");
            }
            for (int side = 0; side < 2; side++) {
                masks[side].or(other.masks[side]);
                for (int c = 0; c < histograms[side].length; c++) {
                    histograms[side][c] += other.histograms[side][c];
                }
            }
        }

        /** What this counter has seen, as arrays (to merge counters of other JVMs with {@link #merge(long[][])}). */
        public long[][] state() {
            return new long[][] {masks[0].toLongArray(), masks[1].toLongArray(), histograms[0].clone(),
                    histograms[1].clone()};
        }

        /** Adds the rows a counter of the same radius has seen, given as its {@link #state()}. */
        public void merge(long[][] state) {
            for (int side = 0; side < 2; side++) {
                if (state[2 + side].length != histograms[side].length) {
                    throw new IllegalArgumentException("a counter state of another radius");
                }
                masks[side].or(BitSet.valueOf(state[side]));
                for (int c = 0; c < histograms[side].length; c++) {
                    histograms[side][c] += state[2 + side][c];
                }
            }
        }

        /** {@code {left rows in the overlap, right rows in the overlap}} of the rows added. */
        public long[] counts() {
            BitSet both = (BitSet) masks[0].clone();
            both.and(masks[1]);
            return new long[] {countInside(histograms[0], both), countInside(histograms[1], both)};
        }

        private void addToMask(BitSet mask, long cell) {
            if (depth >= MASK_ORDER) {
                mask.set((int) (cell >>> (2 * (depth - MASK_ORDER))));
            } else {
                int shift = 2 * (MASK_ORDER - depth);
                mask.set((int) (cell << shift), (int) ((cell + 1) << shift));
            }
        }

        private long countInside(long[] histogram, BitSet both) {
            long n = 0;
            if (depth >= MASK_ORDER) {
                for (int c = both.nextSetBit(0); c >= 0; c = both.nextSetBit(c + 1)) {
                    n += histogram[c];
                }
                return n;
            }
            int shift = 2 * (MASK_ORDER - depth);
            for (int c = 0; c < histogram.length; c++) {
                if (histogram[c] > 0) {
                    int next = both.nextSetBit(c << shift);
                    n += next >= 0 && next < (c + 1) << shift ? histogram[c] : 0;
                }
            }
            return n;
        }
    }

    /** Whether a cell touches the border of its ancestor {@code levels} depths up (nested x/y bits). */
    static boolean onMaskCellBorder(long cell, int levels) {
        int x = 0;
        int y = 0;
        for (int b = 0; b < levels; b++) {
            x |= (int) ((cell >>> (2 * b)) & 1) << b;
            y |= (int) ((cell >>> (2 * b + 1)) & 1) << b;
        }
        int max = (1 << levels) - 1;
        return x == 0 || y == 0 || x == max || y == max;
    }
}
