package org.mmu.matching;

import java.util.Arrays;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.internal.PairBuffer;
import org.mmu.matching.internal.SkyOverlap;

/**
 * Applies the modes that look across left rows (BEST, BEST2) to candidate pairs. BEST1 and KNN
 * keep a left row's best pairs, which {@link ResultAssembler} does while ordering each left
 * row's pairs. Every rule is a minimum under a total order (separation, then ids), so the result
 * does not depend on the order the pairs arrive in.
 */
final class PairSelector {
    private PairSelector() {
    }

    /** The pairs the mode keeps (BEST1/KNN: all candidates, trimmed later per left row). */
    static PairBuffer select(PairBuffer pairs, MatchCriteria criteria, ObjectIndex left, ObjectIndex right) {
        return switch (criteria.mode()) {
            case ALL, BEST1, KNN -> pairs;
            case BEST2 -> bestPerRight(pairs, right.size(), left.ids());
            case BEST -> bestSymmetric(pairs, left, right, scanSide(criteria, left, right));
        };
    }

    /** The side {@code best} scans: the criteria's, or under {@link BestScan#AUTO} STILTS' rule on these inputs. */
    static BestScan scanSide(MatchCriteria criteria, ObjectIndex left, ObjectIndex right) {
        if (criteria.bestScan() != BestScan.AUTO) {
            return criteria.bestScan();
        }
        long[] inOverlap = SkyOverlap.counts(left, right, criteria.radiusArcsec());
        return BestScan.fromOverlap(inOverlap[0], inOverlap[1]);
    }

    /** For each right row the pair with the smallest separation, then the smallest left id. */
    private static PairBuffer bestPerRight(PairBuffer p, int nRight, ObjectIds leftIds) {
        int[] best = new int[nRight];
        Arrays.fill(best, -1);
        for (int i = 0; i < p.size(); i++) {
            int r = p.right(i);
            int b = best[r];
            if (b < 0 || p.sep(i) < p.sep(b) || (p.sep(i) == p.sep(b) && leftIds.compare(p.left(i), p.left(b)) < 0)) {
                best[r] = i;
            }
        }
        PairBuffer out = new PairBuffer(Math.min(p.size(), nRight));
        for (int r = 0; r < nRight; r++) {
            if (best[r] >= 0) {
                out.add(p.left(best[r]), r, p.sep(best[r]));
            }
        }
        return out;
    }

    /**
     * STILTS' {@code tmatch2 find=best}: the scanned side ({@link #scanSide}: by default the one
     * with more rows in the common coverage, the left on a tie) keeps, for each row, its nearest
     * partner, then each row of the other side keeps the nearest of the rows that chose it
     * (ties: smaller id). STILTS does this as one pass over those pairs in ascending (separation,
     * left, right), dropping a pair when either of its rows was in an earlier pair, accepted or
     * not; as each scanned row is in one pair, that is the same rule.
     */
    private static PairBuffer bestSymmetric(PairBuffer p, ObjectIndex left, ObjectIndex right, BestScan scan) {
        if (scan == BestScan.LEFT) {
            return bestPerRight(bestPerLeft(p, left.size(), right.ids()), right.size(), left.ids());
        }
        return bestPerLeft(bestPerRight(p, right.size(), left.ids()), left.size(), right.ids());
    }

    /** For each left row the pair with the smallest separation, then the smallest right id. */
    private static PairBuffer bestPerLeft(PairBuffer p, int nLeft, ObjectIds rightIds) {
        int[] best = new int[nLeft];
        Arrays.fill(best, -1);
        for (int i = 0; i < p.size(); i++) {
            int l = p.left(i);
            int b = best[l];
            if (b < 0 || p.sep(i) < p.sep(b) || (p.sep(i) == p.sep(b) && rightIds.compare(p.right(i), p.right(b)) < 0)) {
                best[l] = i;
            }
        }
        PairBuffer out = new PairBuffer(Math.min(p.size(), nLeft));
        for (int l = 0; l < nLeft; l++) {
            if (best[l] >= 0) {
                out.add(l, p.right(best[l]), p.sep(best[l]));
            }
        }
        return out;
    }
}
