package org.mmu.matching;

import java.util.Arrays;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.internal.IdOrder;
import org.mmu.matching.internal.PairBuffer;
import org.mmu.matching.internal.SeparationOrder;
import org.mmu.matching.internal.UnionFind;

/**
 * Builds a {@link MatchResult} from the pairs a mode kept: applies the join type, the output
 * order and the groups. The shared half of LSDB's template: matching functions only produce
 * pairs.
 *
 * <p>Order: rows with a left side in ascending left id; one left row's pairs by ascending
 * separation, then right id; then rows without a left side in ascending right id.
 * Groups: connected components of the output's pairs; a row without partner is a group of its
 * own; ids count from 0 in order of first appearance; a group's size is its number of output rows.
 */
final class ResultAssembler {
    private ResultAssembler() {
    }

    /**
     * @param perLeftLimit keep at most this many pairs per left row (BEST1: 1, KNN: k), 0 for all
     */
    static MatchResult assemble(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, PairBuffer pairs,
            int perLeftLimit) {
        return assemble(left, right, criteria, pairs, perLeftLimit, false);
    }

    /**
     * {@link #assemble}, with {@code rowOrder} listing left rows (then unmatched right rows) in
     * row order instead of id order: for the region path, which re-sorts every owner's rows into
     * streamed order anyway and so would only undo the id order. Each left row's pairs keep
     * their order (separation, right id).
     */
    static MatchResult assemble(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, PairBuffer pairs,
            int perLeftLimit, boolean rowOrder) {
        int nL = left.size();
        int nR = right.size();
        int m = pairs.size();
        JoinType join = criteria.join();
        ObjectIds rightIds = right.ids();

        // each left row's pairs as one segment [start[l], start[l] + count[l]) of groupedRight and
        // groupedSep, so that the sorts and the output below read memory in order; each segment
        // by (separation, right id). The engine's pairs come so (one left row's pairs together)
        // and are used in place; others are grouped by a counting sort.
        int[] pairLeft = pairs.leftArray();
        int[] start = new int[nL];
        int[] count = new int[nL];
        int[] groupedRight = pairs.rightArray();
        double[] groupedSep = pairs.sepArray();
        if (!segments(pairLeft, m, start, count)) {
            Arrays.fill(count, 0);
            for (int i = 0; i < m; i++) {
                count[pairLeft[i]]++;
            }
            for (int l = 0, at = 0; l < nL; l++) {
                start[l] = at;
                at += count[l];
            }
            groupedRight = new int[m];
            groupedSep = new double[m];
            int[] pairRight = pairs.rightArray();
            double[] pairSep = pairs.sepArray();
            int[] cursor = start.clone();
            for (int i = 0; i < m; i++) {
                int at = cursor[pairLeft[i]]++;
                groupedRight[at] = pairRight[i];
                groupedSep[at] = pairSep[i];
            }
        }
        int[] kept = new int[nL];
        boolean[] rightMatched = new boolean[nR];
        long pairRows = 0;
        SeparationOrder order = new SeparationOrder();
        for (int l = 0; l < nL; l++) {
            int s = start[l];
            int e = s + count[l];
            if (e - s > 1) {
                order.sort(groupedSep, groupedRight, s, e, rightIds);
            }
            int k = perLeftLimit > 0 ? Math.min(perLeftLimit, e - s) : e - s;
            kept[l] = k;
            for (int t = s; t < s + k; t++) {
                rightMatched[groupedRight[t]] = true;
            }
            pairRows += k;
        }

        long rows = join.keepsPairs() ? pairRows : 0;
        if (join.keepsUnmatchedLeft()) {
            for (int l = 0; l < nL; l++) {
                rows += kept[l] == 0 ? 1 : 0;
            }
        }
        if (join.keepsUnmatchedRight()) {
            for (int r = 0; r < nR; r++) {
                rows += rightMatched[r] ? 0 : 1;
            }
        }
        if (rows > Integer.MAX_VALUE - 8) {
            throw new org.mmu.core.MmuInputException("the match result would have " + rows
                    + " rows, more than one result can hold (2^31)");
        }
        int n = (int) rows;
        int[] outLeft = new int[n];
        int[] outRight = new int[n];
        double[] outSep = new double[n];
        int o = 0;
        if (join.keepsPairs() || join.keepsUnmatchedLeft()) {
            for (int l : rowOrder ? identity(nL) : IdOrder.sortedRows(left.ids())) {
                int k = kept[l];
                if (k > 0 && join.keepsPairs()) {
                    Arrays.fill(outLeft, o, o + k, l);
                    System.arraycopy(groupedRight, start[l], outRight, o, k);
                    System.arraycopy(groupedSep, start[l], outSep, o, k);
                    o += k;
                } else if (k == 0 && join.keepsUnmatchedLeft()) {
                    outLeft[o] = l;
                    outRight[o] = -1;
                    outSep[o++] = Double.NaN;
                }
            }
        }
        if (join.keepsUnmatchedRight()) {
            for (int r : rowOrder ? identity(nR) : IdOrder.sortedRows(rightIds)) {
                if (!rightMatched[r]) {
                    outLeft[o] = -1;
                    outRight[o] = r;
                    outSep[o++] = Double.NaN;
                }
            }
        }
        start = null;
        groupedRight = null;
        groupedSep = null;

        return new MatchResult(left, right, criteria, outLeft, outRight, outSep, null, null); // groups: on first use
    }

    /**
     * Whether each left row's pairs are one run of consecutive pairs; if so, fills {@code start}
     * and {@code count} with the runs (stopping at the first row seen twice otherwise).
     */
    private static boolean segments(int[] pairLeft, int m, int[] start, int[] count) {
        int previous = -1;
        for (int i = 0; i < m; i++) {
            int l = pairLeft[i];
            if (l != previous) {
                if (count[l] != 0) {
                    return false;
                }
                start[l] = i;
                previous = l;
            }
            count[l]++;
        }
        return true;
    }

    /** Positions 0..n-1 in order. */
    static int[] identity(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** Group id and size of every output row (see the class comment). */
    static int[][] groups(int[] outLeft, int[] outRight, int nL, int nR) {
        int n = outLeft.length;
        UnionFind uf = new UnionFind(nL + nR);
        for (int i = 0; i < n; i++) {
            if (outLeft[i] >= 0 && outRight[i] >= 0) {
                uf.union(outLeft[i], nL + outRight[i]);
            }
        }
        int[] nodeOfRow = new int[n];
        for (int i = 0; i < n; i++) {
            nodeOfRow[i] = outLeft[i] >= 0 ? outLeft[i] : nL + outRight[i];
        }
        return uf.groupsOf(nodeOfRow);
    }
}
