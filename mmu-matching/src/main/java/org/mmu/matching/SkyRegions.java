package org.mmu.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.mmu.core.MmuInputException;

/**
 * A plan for matching region by region: the sky cut into contiguous runs of NESTED cells
 * ({@link SkyRegion}s), each estimated to fit a heap budget, from per-cell counts.
 *
 * <pre>{@code
 * int depth = SkyCells.regionDepth(nLeft + nRight, spec.criteria().radiusArcsec());
 * SkyRegions plan = SkyRegions.plan(counts, spec, 512L << 20);
 * for (SkyRegion region : plan.regions()) {
 *     RegionMatch m = RegionalMatcher.matchRegion(plan, region, source, spec);
 *     ...
 * }
 * }</pre>
 *
 * <h2>Margins</h2>
 * A region's match reads its own occupied cells and their neighbours ({@link #readCells}). The
 * plan's depth is at most {@link SkyCells#marginDepth}, so a cell and its neighbours cover every
 * point within twice the match radius of any point of the cell — exactly, also at the poles, at
 * RA 0/360 and at base-cell corners, with the engine's 75 % safety on cds-healpix's distance table.
 * Twice the radius because some outputs depend on the partners' partners (see
 * {@link RegionalMatcher}).
 *
 * <h2>Coverage</h2>
 * For an inner join of two surveys one of which is sparse, a plan made from a spec covers only
 * the sparse survey's cells and their neighbours: the dense survey's other cells hold no object
 * any row depends on, so they are never read ({@link #coverage}).
 */
public final class SkyRegions {
    /** Estimated heap per object in a region's match: its slice (32 B) and the engine's arrays. */
    static final long BYTES_PER_OBJECT = 130;
    /** Estimated heap per candidate pair (engine buffers and result rows). */
    static final long BYTES_PER_PAIR = 100;

    /** The most cells of a sparse survey whose neighbourhoods {@link #coverage} lists. */
    static final int MAX_COVERAGE_CELLS = 1 << 20;

    private final CellCounts counts;
    private final double radiusArcsec;
    private final int reference;
    private final long budgetBytes;
    private final List<SkyRegion> regions;

    private SkyRegions(CellCounts counts, double radiusArcsec, int reference, long budgetBytes, List<SkyRegion> regions) {
        this.counts = counts;
        this.radiusArcsec = radiusArcsec;
        this.reference = reference;
        this.budgetBytes = budgetBytes;
        this.regions = regions;
    }

    /** Estimated heap for matching {@code objects} objects making about {@code pairs} candidate pairs at once. */
    public static long estimatedBytes(long objects, long pairs) {
        return objects * BYTES_PER_OBJECT + pairs * BYTES_PER_PAIR;
    }

    /** Plans regions for a crossmatch spec (its radius and reference survey, surveys in spec order). */
    public static SkyRegions plan(CellCounts counts, CrossMatch spec, long budgetBytes) {
        if (counts.surveys() != spec.surveys().size()) {
            throw new MmuInputException("cell counts have " + counts.surveys() + " surveys, the crossmatch "
                    + spec.surveys().size() + " " + spec.surveys());
        }
        return plan(coverage(counts, spec), spec.criteria().radiusArcsec(), RegionalMatcher.referenceOf(spec),
                budgetBytes);
    }

    /**
     * The cells an inner join of two surveys needs, when one survey is sparse: its occupied
     * cells and their neighbours (every row has an object of it, and every object a row depends
     * on lies within twice the radius of one), so the dense survey's index is read only there.
     * The counts themselves otherwise: outer joins keep objects anywhere, and mode {@code best}
     * decides its scan side from the whole surveys.
     */
    static CellCounts coverage(CellCounts counts, CrossMatch spec) {
        if (counts.surveys() != 2 || spec.criteria().join() != JoinType.ONE_AND_TWO
                || spec.criteria().mode() == MatchMode.BEST) {
            return counts;
        }
        int[] occupied = new int[2];
        for (int k = 0; k < counts.occupiedCount(); k++) {
            for (int s = 0; s < 2; s++) {
                occupied[s] += counts.countAt(s, k) > 0 ? 1 : 0;
            }
        }
        int sparse = occupied[0] <= occupied[1] ? 0 : 1;
        // worth it when the neighbourhoods (9 cells each) leave out much of the sky; bounded memory
        if ((long) occupied[sparse] * 9 > counts.occupiedCount() / 2 || occupied[sparse] > MAX_COVERAGE_CELLS) {
            return counts;
        }
        long[] cells = new long[occupied[sparse]];
        int n = 0;
        for (int k = 0; k < counts.occupiedCount(); k++) {
            if (counts.countAt(sparse, k) > 0) {
                cells[n++] = counts.occupiedCell(k);
            }
        }
        return counts.restrictedTo(SkyCells.withNeighbours(counts.depth(), cells));
    }

    /**
     * Plans regions: cells are taken in NESTED order and a new region starts before an occupied
     * cell that would take the current one over {@code budgetBytes} (a single cell over budget is
     * a region of its own). Regions without objects are left out.
     *
     * @param reference the survey the others are matched against (0 for two surveys)
     */
    public static SkyRegions plan(CellCounts counts, double radiusArcsec, int reference, long budgetBytes) {
        if (!(radiusArcsec > 0) || radiusArcsec > MatchCriteria.MAX_RADIUS_ARCSEC) {
            throw new MmuInputException("radiusArcsec must be in (0, 3600], got " + radiusArcsec);
        }
        if (budgetBytes <= 0) {
            throw new MmuInputException("region budget must be > 0 bytes, got " + budgetBytes);
        }
        if (reference < 0 || reference >= counts.surveys()) {
            throw new MmuInputException("reference survey " + reference + " is not one of the " + counts.surveys());
        }
        int depth = counts.depth();
        if (depth > SkyCells.marginDepth(radiusArcsec)) {
            throw new MmuInputException("region depth " + depth + " is too deep for a " + radiusArcsec
                    + "\" radius: cells and neighbours cover twice the radius only down to depth "
                    + SkyCells.marginDepth(radiusArcsec));
        }
        double pairFactor = pairFactor(counts.fineDepth(), radiusArcsec);
        List<SkyRegion> out = new ArrayList<>();
        long start = 0;
        long bytes = 0;
        long objects = 0;
        for (int k = 0; k < counts.occupiedCount(); k++) {
            long c = counts.occupiedCell(k);
            long b = cellBytes(counts, k, reference, pairFactor);
            if (bytes > 0 && bytes + b > budgetBytes) {
                out.add(new SkyRegion(out.size(), depth, start, c - 1, objects, bytes));
                start = c;
                bytes = 0;
                objects = 0;
            }
            bytes += b;
            for (int s = 0; s < counts.surveys(); s++) {
                objects += counts.countAt(s, k);
            }
        }
        if (objects > 0) {
            out.add(new SkyRegion(out.size(), depth, start, SkyCells.cellCount(depth) - 1, objects, bytes));
        }
        return new SkyRegions(counts, radiusArcsec, reference, budgetBytes, Collections.unmodifiableList(out));
    }

    /** Expected candidate pairs per (nRef × nOther) in one sub-cell: π r² over the sub-cell's area. */
    private static double pairFactor(int depth, double radiusArcsec) {
        double r = Math.toRadians(radiusArcsec / 3600);
        double cellArea = 4 * Math.PI / SkyCells.cellCount(depth);
        return Math.PI * r * r / cellArea;
    }

    private static long cellBytes(CellCounts counts, int k, int reference, double pairFactor) {
        long objects = 0;
        for (int s = 0; s < counts.surveys(); s++) {
            objects += counts.countAt(s, k);
        }
        // Σ_sub nRef·nOther ≈ sqrt(Σ nRef² · Σ nOther²) (equal for surveys clustered alike)
        double pairs = 0;
        double ref = counts.squaresAt(reference, k);
        for (int s = 0; s < counts.surveys(); s++) {
            if (s != reference) {
                pairs += Math.sqrt(ref * counts.squaresAt(s, k)) * pairFactor;
            }
        }
        return objects * BYTES_PER_OBJECT + (long) Math.min(Long.MAX_VALUE / 4, pairs * BYTES_PER_PAIR);
    }

    public int depth() {
        return counts.depth();
    }

    public double radiusArcsec() {
        return radiusArcsec;
    }

    public int reference() {
        return reference;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public CellCounts counts() {
        return counts;
    }

    /** The regions in NESTED order. */
    public List<SkyRegion> regions() {
        return regions;
    }

    /** The largest estimated heap of one region. */
    public long largestRegionBytes() {
        return regions.stream().mapToLong(SkyRegion::estimatedBytes).max().orElse(0);
    }

    /** The cells of a region that hold objects of any survey, ascending. */
    public long[] occupiedCells(SkyRegion region) {
        int from = counts.firstAtOrAfter(region.firstCell());
        int to = region.lastCell() == Long.MAX_VALUE ? counts.occupiedCount() : counts.firstAtOrAfter(region.lastCell() + 1);
        long[] out = new long[to - from];
        for (int k = from; k < to; k++) {
            out[k - from] = counts.occupiedCell(k);
        }
        return out;
    }

    /**
     * The cells to read for matching the objects of {@code cells} exactly: those cells and their
     * neighbours (which cover twice the radius), keeping only cells that hold objects. Ascending.
     */
    public long[] readCells(long[] cells) {
        long[] all = SkyCells.withNeighbours(depth(), cells);
        int k = 0;
        for (long c : all) {
            if (counts.occupied(c)) {
                all[k++] = c;
            }
        }
        return Arrays.copyOf(all, k);
    }

    @Override
    public String toString() {
        return "SkyRegions[" + regions.size() + " regions at depth " + depth() + ", budget " + budgetBytes
                + " B, largest " + largestRegionBytes() + " B]";
    }
}
