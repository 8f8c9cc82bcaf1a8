/**
 * Exact, deterministic crossmatching of in-memory {@link org.mmu.core.ObjectIndex}es.
 *
 * <p>Entry points: {@link org.mmu.matching.Crossmatcher#match} (two indices and
 * {@link org.mmu.matching.MatchCriteria}), {@link org.mmu.matching.CrossMatch} (the spec by survey
 * name that dataset loading takes) and {@link org.mmu.matching.NWayMatcher} (three or more
 * surveys). Plug in another algorithm with {@link org.mmu.matching.MatchingFunction}; results are
 * {@link org.mmu.matching.MatchResult} / {@link org.mmu.matching.NWayMatchResult}. See
 * {@code docs/matching.md} for modes, joins, order, ties and the exactness argument.
 */
package org.mmu.matching;
