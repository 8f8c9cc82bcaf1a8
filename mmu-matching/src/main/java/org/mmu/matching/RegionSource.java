package org.mmu.matching;

/**
 * Where region-by-region matching gets its objects: the index rows of one survey in some cells.
 * Implementations read only those rows (index-first {@code _index} runs, HATS pixels, MMU v1
 * {@code healpix=N} files) or slice an index already in memory ({@link InMemoryRegionSource}).
 * Must be safe to call from several threads at once.
 */
@FunctionalInterface
public interface RegionSource {
    /**
     * The objects of survey {@code survey} (a position in the crossmatch's survey list) whose
     * cell at {@code depth} ({@link SkyCells#cell}) is one of {@code cells} (ascending, distinct).
     * Returning more objects is allowed (the matcher decides ownership by position), fewer is not.
     */
    RegionSlice slice(int survey, int depth, long[] cells);
}
