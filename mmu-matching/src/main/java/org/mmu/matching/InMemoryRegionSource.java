package org.mmu.matching;

import java.util.List;
import java.util.Map;
import org.mmu.core.IndexSort;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.internal.SortedLongs;

/**
 * A {@link RegionSource} over indices already in memory (layouts that cannot read index rows by
 * cell, and tests): each index is sorted once by depth-29 cell and sliced by binary search.
 */
public final class InMemoryRegionSource implements RegionSource {
    private final List<RegionSlice> surveys;
    private final long[][] sortedHash;
    private final int[][] order;

    private InMemoryRegionSource(List<RegionSlice> surveys) {
        this.surveys = surveys;
        int ns = surveys.size();
        sortedHash = new long[ns][];
        order = new int[ns][];
        for (int s = 0; s < ns; s++) {
            ObjectIndex idx = surveys.get(s).index();
            long[] h = SkyCells.hash29(idx);
            int[] o = IndexSort.argsort(h.length, (a, b) -> Long.compare(h[a], h[b]));
            long[] sh = new long[h.length];
            for (int k = 0; k < o.length; k++) {
                sh[k] = h[o[k]];
            }
            sortedHash[s] = sh;
            order[s] = o;
        }
    }

    /** A source over the given indices (in crossmatch survey order), errors by survey name (may be empty). */
    public static InMemoryRegionSource of(List<ObjectIndex> indices, List<String> surveys, Map<String, double[]> errors) {
        List<RegionSlice> slices = new java.util.ArrayList<>();
        for (int s = 0; s < indices.size(); s++) {
            double[] e = errors == null || s >= surveys.size() ? null : errors.get(surveys.get(s));
            slices.add(new RegionSlice(indices.get(s), e));
        }
        return new InMemoryRegionSource(List.copyOf(slices));
    }

    /** The counts of these indices at a depth (sub-cells for a match radius), for {@link SkyRegions#plan}. */
    public CellCounts counts(int depth, double radiusArcsec) {
        long total = 0;
        for (long[] h : sortedHash) {
            total += h.length;
        }
        CellCounts.Counter c = CellCounts.counter(depth, SkyCells.pairDepth(radiusArcsec), surveys.size(), total);
        for (int s = 0; s < surveys.size(); s++) {
            for (long h : sortedHash[s]) {
                c.add(s, h);
            }
        }
        return c.build();
    }

    @Override
    public RegionSlice slice(int survey, int depth, long[] cells) {
        long[] h = sortedHash[survey];
        int shift = 2 * (SkyCells.MAX_DEPTH - depth);
        int[] picked = new int[16];
        int n = 0;
        for (long c : cells) {
            int from = SortedLongs.lowerBound(h, 0, h.length, c << shift);
            int to = SortedLongs.lowerBound(h, 0, h.length, (c + 1) << shift);
            for (int k = from; k < to; k++) {
                if (n == picked.length) {
                    picked = java.util.Arrays.copyOf(picked, n * 2);
                }
                picked[n++] = order[survey][k];
            }
        }
        if (n == h.length) {
            return surveys.get(survey); // every row (one region for the whole sky): positions stay index positions
        }
        int[] rows = java.util.Arrays.copyOf(picked, n);
        java.util.Arrays.sort(rows);
        return surveys.get(survey).gather(rows);
    }
}
