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
 * cell and its neighbours, which share the mask cell.
 */
public final class SkyOverlap {
    static final int MASK_ORDER = 6;

    private SkyOverlap() {
    }

    /** {@code {left rows in the overlap, right rows in the overlap}} for a match radius. */
    public static long[] counts(ObjectIndex left, ObjectIndex right, double radiusArcsec) {
        double radius = radiusArcsec / Sphere.ARCSEC_PER_RAD;
        int depth = Math.max(0, Healpix.getBestStartingDepth(radius) - 1);
        BitSet both = mask(left, depth, radius);
        both.and(mask(right, depth, radius));
        return new long[] {countInside(left, depth, both), countInside(right, depth, both)};
    }

    private static BitSet mask(ObjectIndex index, int depth, double radius) {
        BitSet mask = new BitSet(12 << (2 * MASK_ORDER));
        HashComputer hc = Healpix.getNested(depth).newHashComputer();
        HealpixNestedFixedRadiusCone4XMatch cone = Healpix.getNested(depth).newConeComputer4Xmatch(radius);
        long[] cells = new long[9];
        for (int i = 0; i < index.size(); i++) {
            long cell = HealpixGrid.hash(hc, index.ra(i), index.dec(i));
            if (depth > MASK_ORDER && !onMaskCellBorder(cell, depth - MASK_ORDER)) {
                mask.set((int) (cell >>> (2 * (depth - MASK_ORDER))));
                continue;
            }
            double lon = Math.toRadians(index.ra(i));
            double lat = Math.toRadians(index.dec(i));
            int n = cone.overlappingCells(lon >= 2 * Math.PI ? lon - 2 * Math.PI : lon, lat, cells);
            for (int k = 0; k < n; k++) {
                add(mask, depth, cells[k]);
            }
        }
        return mask;
    }

    private static void add(BitSet mask, int depth, long cell) {
        if (depth >= MASK_ORDER) {
            mask.set((int) (cell >>> (2 * (depth - MASK_ORDER))));
        } else {
            int shift = 2 * (MASK_ORDER - depth);
            mask.set((int) (cell << shift), (int) ((cell + 1) << shift));
        }
    }

    private static long countInside(ObjectIndex index, int depth, BitSet mask) {
        HashComputer hc = Healpix.getNested(depth).newHashComputer();
        long n = 0;
        for (int i = 0; i < index.size(); i++) {
            long cell = HealpixGrid.hash(hc, index.ra(i), index.dec(i));
            boolean inside;
            if (depth >= MASK_ORDER) {
                inside = mask.get((int) (cell >>> (2 * (depth - MASK_ORDER))));
            } else {
                int shift = 2 * (MASK_ORDER - depth);
                int next = mask.nextSetBit((int) (cell << shift));
                inside = next >= 0 && next < (int) ((cell + 1) << shift);
            }
            n += inside ? 1 : 0;
        }
        return n;
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
