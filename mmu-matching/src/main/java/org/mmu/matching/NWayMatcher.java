package org.mmu.matching;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.internal.IdOrder;
import org.mmu.matching.internal.UnionFind;

/**
 * Matches three or more surveys (two work too) relative to a reference survey: each other survey
 * is matched pairwise against the reference with the spec's mode and criteria (and its matching
 * function), and the partners of each reference row are combined into tuples.
 *
 * <p>A reference row is <em>complete</em> when it has partners in every other survey,
 * <em>partial</em> when in some, <em>lone</em> when in none. The join type, read with "2" as "any
 * other survey", decides which rows exist:
 * <ul>
 *   <li>{@code 1and2}: complete tuples (objects found in every survey);</li>
 *   <li>{@code all1}: every reference row (absent surveys -1);</li>
 *   <li>{@code 1or2}: every reference row, then every row of the other surveys that has no
 *       reference partner, alone;</li>
 *   <li>{@code all2}: complete and partial tuples, then the rows without reference partner;</li>
 *   <li>{@code 1not2}: lone reference rows; {@code 2not1}: rows without reference partner;
 *       {@code 1xor2}: both.</li>
 * </ul>
 * With several partners in a survey (mode all or knn) a reference row yields one tuple per
 * combination. With two surveys the rows are those of the pairwise {@link MatchResult}.
 */
public final class NWayMatcher {
    private NWayMatcher() {
    }

    /**
     * @param indices       one index per survey of {@code spec}, in {@code spec.surveys()} order
     * @param errorsArcsec  per-row errors by survey name, for the surveys with error columns;
     *                      may be empty
     */
    public static NWayMatchResult match(List<ObjectIndex> indices, CrossMatch spec, Map<String, double[]> errorsArcsec) {
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(spec, "spec");
        List<String> surveys = spec.surveys();
        if (indices.size() != surveys.size()) {
            throw new MmuInputException("got " + indices.size() + " indices for the " + surveys.size() + " surveys "
                    + surveys);
        }
        int ns = surveys.size();
        int ref = surveys.indexOf(spec.reference());
        ObjectIndex refIndex = indices.get(ref);
        int nRef = refIndex.size();

        // partners of each reference row, per survey, in (separation, id) order
        int[][] start = new int[ns][];
        int[][] partner = new int[ns][];
        double[][] partnerSep = new double[ns][];
        boolean[][] hasRefPartner = new boolean[ns][];
        for (int s = 0; s < ns; s++) {
            if (s == ref) {
                continue;
            }
            MatchCriteria c = spec.criteria(surveys.get(ref), surveys.get(s), errorsArcsec).withJoin(JoinType.ONE_AND_TWO);
            MatchResult r = spec.matchingFunction().match(refIndex, indices.get(s), c);
            start[s] = new int[nRef + 1];
            for (int i = 0; i < r.size(); i++) {
                if (r.leftRow(i) >= 0 && r.rightRow(i) >= 0) {
                    start[s][r.leftRow(i) + 1]++;
                }
            }
            for (int l = 0; l < nRef; l++) {
                start[s][l + 1] += start[s][l];
            }
            int[] cursor = Arrays.copyOf(start[s], nRef);
            partner[s] = new int[start[s][nRef]];
            partnerSep[s] = new double[start[s][nRef]];
            hasRefPartner[s] = new boolean[indices.get(s).size()];
            for (int i = 0; i < r.size(); i++) { // the result's order keeps each row's partners sorted
                int l = r.leftRow(i);
                int rr = r.rightRow(i);
                if (l >= 0 && rr >= 0) {
                    int k = cursor[l]++;
                    partner[s][k] = rr;
                    partnerSep[s][k] = r.separationArcsec(i);
                    hasRefPartner[s][rr] = true;
                }
            }
        }

        JoinType join = spec.criteria().join();
        boolean keepComplete = join.keepsPairs();
        boolean keepPartial = join == JoinType.ALL_ONE || join == JoinType.ONE_OR_TWO || join == JoinType.ALL_TWO;
        boolean keepLone = join.keepsUnmatchedLeft();
        boolean keepOthers = join.keepsUnmatchedRight();

        int[] refOrder = IdOrder.sortedRows(refIndex.ids());
        // count rows first: combinations can multiply
        long n = 0;
        for (int l : refOrder) {
            long combos = 1;
            int present = 0;
            for (int s = 0; s < ns; s++) {
                if (s != ref) {
                    int k = start[s][l + 1] - start[s][l];
                    combos *= Math.max(1, k);
                    present += k > 0 ? 1 : 0;
                }
            }
            n += kept(present, ns - 1, keepComplete, keepPartial, keepLone) ? combos : 0;
            if (n > Integer.MAX_VALUE - 8) {
                throw new MmuInputException("the N-way result would have more than 2^31 rows; use mode best or best1");
            }
        }
        if (keepOthers) {
            for (int s = 0; s < ns; s++) {
                if (s != ref) {
                    for (boolean b : hasRefPartner[s]) {
                        n += b ? 0 : 1;
                    }
                }
            }
        }
        int size = Math.toIntExact(n);
        int[][] rows = new int[ns][size];
        double[][] seps = new double[ns][size];
        for (int s = 0; s < ns; s++) {
            Arrays.fill(rows[s], -1);
            Arrays.fill(seps[s], Double.NaN);
        }
        int o = 0;
        int[] choice = new int[ns];
        for (int l : refOrder) {
            int present = 0;
            for (int s = 0; s < ns; s++) {
                if (s != ref) {
                    present += start[s][l + 1] > start[s][l] ? 1 : 0;
                }
            }
            if (!kept(present, ns - 1, keepComplete, keepPartial, keepLone)) {
                continue;
            }
            // odometer over the partner lists (the last survey varies fastest: lexicographic order)
            Arrays.fill(choice, 0);
            while (true) {
                rows[ref][o] = l;
                for (int s = 0; s < ns; s++) {
                    if (s != ref && start[s][l + 1] > start[s][l]) {
                        int k = start[s][l] + choice[s];
                        rows[s][o] = partner[s][k];
                        seps[s][o] = partnerSep[s][k];
                    }
                }
                o++;
                int s = ns - 1;
                for (; s >= 0; s--) {
                    if (s == ref) {
                        continue;
                    }
                    int count = start[s][l + 1] - start[s][l];
                    if (choice[s] + 1 < count) {
                        choice[s]++;
                        break;
                    }
                    choice[s] = 0;
                }
                if (s < 0) {
                    break;
                }
            }
        }
        if (keepOthers) {
            for (int s = 0; s < ns; s++) {
                if (s == ref) {
                    continue;
                }
                for (int r : IdOrder.sortedRows(indices.get(s).ids())) {
                    if (!hasRefPartner[s][r]) {
                        rows[s][o++] = r;
                    }
                }
            }
        }
        int[][] groups = groups(rows, indices, size);
        return new NWayMatchResult(surveys, List.copyOf(indices), ref, rows, seps, groups[0], groups[1]);
    }

    /**
     * Two surveys as a pairwise {@link MatchResult}: {@code spec}'s first survey on the left, with
     * the spec's matching function, criteria and error columns.
     */
    public static MatchResult matchPair(ObjectIndex left, ObjectIndex right, CrossMatch spec,
            Map<String, double[]> errorsArcsec) {
        if (spec.surveys().size() != 2) {
            throw new MmuInputException("matchPair needs a spec of 2 surveys, got " + spec.surveys());
        }
        MatchCriteria c = spec.criteria(spec.surveys().get(0), spec.surveys().get(1), errorsArcsec);
        return spec.matchingFunction().match(left, right, c);
    }

    private static boolean kept(int present, int others, boolean complete, boolean partial, boolean lone) {
        if (present == others) {
            return complete;
        }
        return present == 0 ? lone : partial;
    }

    private static int[][] groups(int[][] rows, List<ObjectIndex> indices, int n) {
        int ns = rows.length;
        int[] offset = new int[ns + 1];
        for (int s = 0; s < ns; s++) {
            offset[s + 1] = Math.addExact(offset[s], indices.get(s).size());
        }
        UnionFind uf = new UnionFind(offset[ns]);
        for (int i = 0; i < n; i++) {
            int first = -1;
            for (int s = 0; s < ns; s++) {
                if (rows[s][i] >= 0) {
                    int node = offset[s] + rows[s][i];
                    if (first < 0) {
                        first = node;
                    } else {
                        uf.union(first, node);
                    }
                }
            }
        }
        int[] nodeOfRow = new int[n];
        for (int i = 0; i < n; i++) {
            int s = 0;
            while (rows[s][i] < 0) {
                s++;
            }
            nodeOfRow[i] = offset[s] + rows[s][i];
        }
        return uf.groupsOf(nodeOfRow);
    }
}
