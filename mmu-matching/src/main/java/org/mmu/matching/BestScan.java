package org.mmu.matching;

/**
 * Which side {@link MatchMode#BEST} scans: each row of the scanned side keeps its nearest
 * partner, then each row of the other side keeps the nearest of the rows that chose it (see
 * {@code docs/matching.md}). Other modes ignore it.
 */
public enum BestScan {
    /**
     * STILTS' rule, decided from the two inputs: the side with more rows in the two catalogues'
     * common sky coverage, the left on a tie. A global decision: a subset of the rows (one sky
     * region) may decide differently, so region-by-region matching resolves it first
     * ({@link RegionalMatcher#resolveBest}).
     */
    AUTO,
    /** Scan the left (reference) side: {@code best1}, then {@code best2}. */
    LEFT,
    /** Scan the right side: {@code best2}, then {@code best1}. */
    RIGHT;

    /** STILTS' choice from the rows of each side in the common coverage. */
    static BestScan fromOverlap(long leftRowsInOverlap, long rightRowsInOverlap) {
        return leftRowsInOverlap < rightRowsInOverlap ? RIGHT : LEFT;
    }

    /** The lower-case name used in labels and messages. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
