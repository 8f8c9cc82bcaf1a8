package org.mmu.matching;

import org.mmu.core.ObjectIndex;

/**
 * The plug-in seam for crossmatching: two indices and criteria in, a {@link MatchResult} out.
 * {@link #DEFAULT} is the built-in exact HEALPix engine ({@link Crossmatcher#match}).
 *
 * <p>A custom function usually only decides which pairs match and ends with
 * {@link MatchResult#fromPairs}, which applies the mode, join, order and groups the same way the
 * built-in engine does:
 * <pre>{@code
 * MatchingFunction sameId = (left, right, criteria) -> {
 *     ... collect int[] l, int[] r, double[] sepArcsec ...
 *     return MatchResult.fromPairs(left, right, criteria, l, r, sepArcsec);
 * };
 * }</pre>
 * Implementations must be safe to call from several threads at once (keep no mutable state).
 */
@FunctionalInterface
public interface MatchingFunction {
    /** The built-in engine. */
    MatchingFunction DEFAULT = Crossmatcher::match;

    MatchResult match(ObjectIndex left, ObjectIndex right, MatchCriteria criteria);
}
