package org.mmu.spark;

import org.mmu.matching.SkyCells;
import org.mmu.matching.SkyRegions;

/**
 * How the driver cuts the sky for Spark: at the regions API's depth, into regions of about equal
 * estimated work (objects and expected pairs, from the index's cell counts), several per core so
 * that a crowded region does not leave the other cores idle, and each within a heap budget.
 */
final class RegionPlanning {
    /** Regions per core: enough for Spark to balance, few enough to keep margins a small overhead. */
    static final int REGIONS_PER_CORE = 4;
    /** The most one region's match may hold in an executor's heap. */
    static final long MAX_REGION_BYTES = 256L << 20;
    private static final long MIN_REGION_BYTES = 16L << 10; // about 120 objects: below that margins dominate

    private RegionPlanning() {
    }

    /** The plan's depth and budget for a crossmatch over {@code cores} cores (the spec's plan fields are ignored). */
    static MatchSpec plan(MatchSpec m, RegionContext ctx, int cores) {
        long objects = ctx.indices.get(0).size() + (long) ctx.indices.get(1).size();
        int depth = SkyCells.regionDepth(objects, m.radiusArcsec());
        SkyRegions whole = ctx.plan(depth, Long.MAX_VALUE / 4);
        long total = whole.largestRegionBytes();
        long budget = total / Math.max(1, (long) cores * REGIONS_PER_CORE);
        budget = Math.max(MIN_REGION_BYTES, Math.min(MAX_REGION_BYTES, budget));
        return m.withPlan(depth, budget);
    }
}
