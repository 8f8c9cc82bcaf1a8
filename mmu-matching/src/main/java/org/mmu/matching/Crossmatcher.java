package org.mmu.matching;

import java.util.Objects;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.internal.ZonePairFinder;
import org.mmu.matching.internal.PairBuffer;
import org.mmu.matching.internal.Parallel;

/**
 * The built-in crossmatch engine: exact in every mode, deterministic, parallel.
 *
 * <pre>{@code
 * MatchResult r = Crossmatcher.match(hsc, desi,
 *         MatchCriteria.builder().radiusArcsec(1.0).mode(MatchMode.BEST1).build());
 * }</pre>
 *
 * <h2>How</h2>
 * Both indices are cut into declination zones as high as the search radius; packed
 * {@code zone | ra | row} keys are sorted (the two sides on two threads); each left object scans,
 * in the zones its search disc touches, the right objects of an RA window that provably holds
 * every partner (see {@code docs/matching.md}), with a chord pre-test and then the exact angle
 * {@code atan2(|a×b|, a·b)} between unit vectors (error ~1e-16 rad, far below 1 µas).
 * Work is cut into chunks fixed by the data, never by the thread count, and every choice
 * between pairs is a minimum under (separation, object ids), so results are identical for any
 * thread count and input order. See {@link MatchResult} for the output order and tie rules.
 *
 * <h2>Memory</h2>
 * See {@link #estimateMemoryBytes(long, long, long)}: at most about 40 bytes per left object,
 * 44 per right object and 60 per result pair, on top of the indices (which hold about 32 bytes
 * per object).
 */
public final class Crossmatcher {
    private Crossmatcher() {
    }

    /**
     * Matches two indices. Fails with {@link MmuInputException} on an object with unusable
     * coordinates (naming its id and index) or per-row errors whose count differs from an index.
     */
    public static MatchResult match(ObjectIndex left, ObjectIndex right, MatchCriteria criteria) {
        return match(left, right, criteria, 0, null);
    }

    /** {@link #match} with rows in row order, not id order: for the region path (see {@link ResultAssembler}). */
    static MatchResult matchInRowOrder(ObjectIndex left, ObjectIndex right, MatchCriteria criteria) {
        return match(left, right, criteria, 0, null, true);
    }

    /** {@link #match} with zones {@code max(radius, zoneDeg)} high when {@code zoneDeg > 0}; for tests. */
    static MatchResult match(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, double zoneDeg,
            ZonePairFinder.Plan[] planOut) {
        return match(left, right, criteria, zoneDeg, planOut, false);
    }

    private static MatchResult match(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, double zoneDeg,
            ZonePairFinder.Plan[] planOut, boolean rowOrder) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(criteria, "criteria");
        checkErrors("left", left, criteria.leftErrorCount());
        checkErrors("right", right, criteria.rightErrorCount());
        MatchMode mode = criteria.mode();
        int perLeft = mode == MatchMode.BEST1 ? 1 : mode == MatchMode.KNN ? criteria.k() : 0;
        PairBuffer pairs;
        try (Parallel par = new Parallel(criteria.threads())) {
            pairs = ZonePairFinder.find(left, right, criteria, perLeft, par, zoneDeg, planOut);
        }
        return MatchResult.fromCandidates(left, right, criteria, pairs, rowOrder);
    }

    private static void checkErrors(String side, ObjectIndex index, int count) {
        if (count >= 0 && count != index.size()) {
            throw new MmuInputException(side + " errors: " + count + " values for " + index.size() + " rows of index '"
                    + index.name() + "'");
        }
    }

    /**
     * Peak heap the engine needs beyond the two indices, for {@code min(nLeft, nRight)} result
     * pairs (a typical one-to-one crossmatch); see {@link #estimateMemoryBytes(long, long, long)}.
     */
    public static long estimateMemoryBytes(long nLeft, long nRight) {
        return estimateMemoryBytes(nLeft, nRight, Math.min(nLeft, nRight));
    }

    /**
     * Peak heap the engine needs beyond the two indices, for {@code pairs} candidate pairs (and
     * as many result rows).
     * <ul>
     *   <li>Search: left 8 B/object (sort keys; left unit vectors are computed on the fly) + right
     *       36 B/object (keys, unit vectors, a directory of at most one int per object); while
     *       sorting, before the unit vectors exist, 16 B/object on each side; + 36 B/pair (trimmed
     *       per-chunk buffers and their concatenation). Bounded by 16 B/left + 36 B/right object.</li>
     *   <li>Output (search arrays freed): 36 B/pair (candidates, the mode's selection, grouping by
     *       left row) + 24 B per result row (rows, separation, group id and size) + 40 B per left
     *       and 33 B per right object (grouping by left row, id order, union-find for groups;
     *       the id order needs no memory when ids already ascend with the row).</li>
     * </ul>
     * The larger of the two phases, plus 1 MiB of fixed overhead. Per-row errors are the
     * caller's arrays and not counted. For 10⁶ × 10⁶ objects and 10⁶ pairs this is about 135 MB.
     */
    public static long estimateMemoryBytes(long nLeft, long nRight, long pairs) {
        if (nLeft < 0 || nRight < 0 || pairs < 0) {
            throw new MmuInputException("sizes must be >= 0, got " + nLeft + ", " + nRight + ", " + pairs);
        }
        long search = 16 * nLeft + 36 * nRight + 36 * pairs;
        long output = 36 * pairs + 24 * pairs + 40 * nLeft + 33 * nRight;
        return Math.max(search, output) + (1 << 20);
    }
}
