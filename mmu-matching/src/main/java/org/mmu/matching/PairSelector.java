package org.mmu.matching;

import java.util.Arrays;
import org.mmu.core.IndexSort;
import org.mmu.core.ObjectIds;
import org.mmu.matching.internal.PairBuffer;
import org.mmu.matching.internal.UnionFind;

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
    static PairBuffer select(PairBuffer pairs, MatchMode mode, int nLeft, int nRight, ObjectIds leftIds,
            ObjectIds rightIds) {
        return switch (mode) {
            case ALL, BEST1, KNN -> pairs;
            case BEST2 -> bestPerRight(pairs, nRight, leftIds);
            case BEST -> bestSymmetric(pairs, nLeft, nRight, leftIds, rightIds);
        };
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
     * STILTS' "best": accept pairs in ascending (separation, left id, right id) unless a row is
     * already used. Only pairs sharing a row interact, so the greedy pass runs separately in each
     * connected component; the many components of a single pair are accepted without sorting.
     */
    private static PairBuffer bestSymmetric(PairBuffer p, int nLeft, int nRight, ObjectIds leftIds,
            ObjectIds rightIds) {
        int m = p.size();
        UnionFind uf = new UnionFind(nLeft + nRight);
        for (int i = 0; i < m; i++) {
            uf.union(p.left(i), nLeft + p.right(i));
        }
        // pairs grouped by component (counting sort on the root)
        int[] start = new int[nLeft + nRight + 1];
        int[] root = new int[m];
        for (int i = 0; i < m; i++) {
            root[i] = uf.find(p.left(i));
            start[root[i] + 1]++;
        }
        for (int c = 0; c < nLeft + nRight; c++) {
            start[c + 1] += start[c];
        }
        int[] byComponent = new int[m];
        int[] cursor = Arrays.copyOf(start, nLeft + nRight);
        for (int i = 0; i < m; i++) {
            byComponent[cursor[root[i]]++] = i;
        }
        cursor = null;
        root = null;
        boolean[] usedLeft = new boolean[nLeft];
        boolean[] usedRight = new boolean[nRight];
        PairBuffer out = new PairBuffer(Math.max(16, Math.min(m, Math.min(nLeft, nRight))));
        for (int c = 0; c < nLeft + nRight; c++) {
            int s = start[c];
            int e = start[c + 1];
            if (e - s == 1) {
                int i = byComponent[s];
                out.add(p.left(i), p.right(i), p.sep(i));
            } else if (e - s > 1) {
                int[] group = Arrays.copyOfRange(byComponent, s, e);
                IndexSort.sort(group, (a, b) -> comparePairs(p, a, b, leftIds, rightIds));
                for (int i : group) {
                    if (!usedLeft[p.left(i)] && !usedRight[p.right(i)]) {
                        usedLeft[p.left(i)] = true;
                        usedRight[p.right(i)] = true;
                        out.add(p.left(i), p.right(i), p.sep(i));
                    }
                }
            }
        }
        return out;
    }

    /** Orders pairs by separation, then left id, then right id. */
    static int comparePairs(PairBuffer p, int a, int b, ObjectIds leftIds, ObjectIds rightIds) {
        int c = Double.compare(p.sep(a), p.sep(b));
        if (c == 0) {
            c = leftIds.compare(p.left(a), p.left(b));
        }
        if (c == 0) {
            c = rightIds.compare(p.right(a), p.right(b));
        }
        return c;
    }
}
