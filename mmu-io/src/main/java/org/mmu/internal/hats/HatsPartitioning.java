package org.mmu.internal.hats;

import java.util.ArrayList;
import java.util.List;

import org.mmu.matching.internal.SortedLongs;

/**
 * Adaptive HATS partitions, with hats-import's {@code pixel_threshold} semantics: every occupied
 * pixel of the lowest order is a partition while it holds at most the row cap, else it is split
 * into its four children, and so on down to the highest order, where a pixel is kept whatever it
 * holds (callers decide whether that is an error). Empty pixels get no partition. Works on the
 * rows' order-29 cells sorted ascending: every pixel is then a run of them.
 */
final class HatsPartitioning {
    /** hats-import's default {@code pixel_threshold}: rows per partition. */
    static final int DEFAULT_MAX_ROWS = 1_000_000;
    /** hats-import's default {@code highest_healpix_order}. */
    static final int DEFAULT_HIGHEST_ORDER = 10;
    /** The deepest order the {@code Norder=K} layout goes to here: an order-29 cell is a row's own. */
    static final int MAX_ORDER = 29;

    /** One partition: its pixel and its rows, {@code [from, to)} in the sorted cells. */
    record Leaf(HatsPixel pixel, int from, int to) {
        int rows() {
            return to - from;
        }
    }

    private HatsPartitioning() {
    }

    /** The partitions of the rows whose order-29 cells are {@code sorted} (ascending), in sky order. */
    static List<Leaf> plan(long[] sorted, int lowest, int highest, long maxRows) {
        if (lowest < 0 || highest > MAX_ORDER || lowest > highest) {
            throw new IllegalArgumentException("orders " + lowest + ".." + highest);
        }
        List<Leaf> out = new ArrayList<>();
        int shift = 2 * (MAX_ORDER - lowest);
        for (int from = 0; from < sorted.length; ) {
            long pixel = sorted[from] >>> shift;
            int to = lowerBound(sorted, from, (pixel + 1) << shift);
            split(sorted, lowest, pixel, from, to, highest, maxRows, out);
            from = to;
        }
        return out;
    }

    private static void split(long[] sorted, int order, long pixel, int from, int to, int highest, long maxRows,
            List<Leaf> out) {
        if (from == to) {
            return;
        }
        if (to - from <= maxRows || order == highest) {
            out.add(new Leaf(new HatsPixel(order, pixel), from, to));
            return;
        }
        int childShift = 2 * (MAX_ORDER - order - 1);
        int start = from;
        for (long child = 4 * pixel; child < 4 * pixel + 4; child++) {
            int end = child == 4 * pixel + 3 ? to : lowerBound(sorted, start, (child + 1) << childShift);
            split(sorted, order + 1, child, start, end, highest, maxRows, out);
            start = end;
        }
    }

    private static int lowerBound(long[] sorted, int from, long cell) {
        return SortedLongs.lowerBound(sorted, from, sorted.length, cell);
    }
}
