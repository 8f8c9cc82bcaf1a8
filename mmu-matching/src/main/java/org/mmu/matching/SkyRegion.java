package org.mmu.matching;

/**
 * One sky region: the NESTED cells {@code firstCell..lastCell} (inclusive) at {@code depth}.
 * Regions of a plan are contiguous, disjoint and in NESTED order; {@code ordinal} is the
 * region's position in the plan.
 *
 * @param objects      objects of all surveys in the region (from the plan's counts)
 * @param estimatedBytes the heap the region's match is estimated to need
 */
public record SkyRegion(int ordinal, int depth, long firstCell, long lastCell, long objects, long estimatedBytes) {
    /** Whether a cell at the region's depth belongs to the region. */
    public boolean contains(long cell) {
        return cell >= firstCell && cell <= lastCell;
    }

    /** Whether a depth-29 hash ({@link SkyCells#hash29}) lies in the region. */
    public boolean containsHash29(long hash29) {
        return contains(hash29 >>> (2 * (SkyCells.MAX_DEPTH - depth)));
    }
}
