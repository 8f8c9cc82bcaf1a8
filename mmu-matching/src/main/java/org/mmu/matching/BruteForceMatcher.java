package org.mmu.matching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.internal.Sphere;

/**
 * The reference implementation: every left row against every right row, and every mode, join,
 * order and group rule written out in the most direct way, sharing no code with the engine
 * beyond the separation formula ({@link Sphere}) and {@link MatchCriteria#accepts}. Use it as a
 * test oracle or for small inputs: time O(nLeft × nRight), an object per candidate pair.
 */
public final class BruteForceMatcher implements MatchingFunction {
    /** The one instance; stateless. */
    public static final BruteForceMatcher INSTANCE = new BruteForceMatcher();

    private BruteForceMatcher() {
    }

    private record Pair(int l, int r, double sep) {
    }

    @Override
    public MatchResult match(ObjectIndex left, ObjectIndex right, MatchCriteria criteria) {
        check("left", left);
        check("right", right);
        if (criteria.leftErrorCount() >= 0 && criteria.leftErrorCount() != left.size()
                || criteria.rightErrorCount() >= 0 && criteria.rightErrorCount() != right.size()) {
            throw new MmuInputException("error counts do not match the index sizes");
        }
        ObjectIds lIds = left.ids();
        ObjectIds rIds = right.ids();
        List<Pair> candidates = new ArrayList<>();
        for (int l = 0; l < left.size(); l++) {
            for (int r = 0; r < right.size(); r++) {
                double sep = Sphere.separationArcsec(left.ra(l), left.dec(l), right.ra(r), right.dec(r));
                if (criteria.accepts(sep, l, r)) {
                    candidates.add(new Pair(l, r, sep));
                }
            }
        }
        Comparator<Pair> bySepLeftRight = (a, b) -> {
            int c = Double.compare(a.sep, b.sep);
            c = c != 0 ? c : lIds.compare(a.l, b.l);
            return c != 0 ? c : rIds.compare(a.r, b.r);
        };
        Comparator<Pair> bySepRight = (a, b) -> {
            int c = Double.compare(a.sep, b.sep);
            return c != 0 ? c : rIds.compare(a.r, b.r);
        };
        List<Pair> kept = new ArrayList<>();
        switch (criteria.mode()) {
            case ALL -> kept.addAll(candidates);
            case BEST1, KNN -> {
                int k = criteria.mode() == MatchMode.BEST1 ? 1 : criteria.k();
                Map<Integer, List<Pair>> byLeft = new TreeMap<>();
                candidates.forEach(p -> byLeft.computeIfAbsent(p.l, x -> new ArrayList<>()).add(p));
                byLeft.values().forEach(list -> list.stream().sorted(bySepRight).limit(k).forEach(kept::add));
            }
            case BEST2 -> {
                Map<Integer, List<Pair>> byRight = new TreeMap<>();
                candidates.forEach(p -> byRight.computeIfAbsent(p.r, x -> new ArrayList<>()).add(p));
                byRight.values().forEach(list -> list.stream().min((a, b) -> {
                    int c = Double.compare(a.sep, b.sep);
                    return c != 0 ? c : lIds.compare(a.l, b.l);
                }).ifPresent(kept::add));
            }
            case BEST -> {
                // STILTS tmatch2 find=best, literally: the scanned side (by default the one with
                // more rows in the common coverage) keeps each row's nearest partner, then the kept
                // pairs in ascending (separation, left, right) are accepted unless a row of theirs
                // was in an earlier pair, accepted or not
                boolean scanLeft = PairSelector.scanSide(criteria, left, right) == BestScan.LEFT;
                Map<Integer, Pair> nearest = new TreeMap<>();
                for (Pair p : candidates) {
                    int key = scanLeft ? p.l : p.r;
                    Pair b = nearest.get(key);
                    int c = b == null ? -1 : Double.compare(p.sep, b.sep);
                    if (c == 0) {
                        c = scanLeft ? rIds.compare(p.r, b.r) : lIds.compare(p.l, b.l);
                    }
                    if (c < 0) {
                        nearest.put(key, p);
                    }
                }
                List<Pair> sorted = new ArrayList<>(nearest.values());
                sorted.sort(bySepLeftRight);
                boolean[] seenL = new boolean[left.size()];
                boolean[] seenR = new boolean[right.size()];
                for (Pair p : sorted) {
                    if (!seenL[p.l] && !seenR[p.r]) {
                        kept.add(p);
                    }
                    seenL[p.l] = true;
                    seenR[p.r] = true;
                }
            }
            default -> throw new IllegalStateException();
        }

        // rows in the documented order
        JoinType join = criteria.join();
        List<Pair> rows = new ArrayList<>();
        Integer[] leftOrder = boxedOrder(left.size(), lIds);
        Integer[] rightOrder = boxedOrder(right.size(), rIds);
        boolean[] rightMatched = new boolean[right.size()];
        kept.forEach(p -> rightMatched[p.r] = true);
        Map<Integer, List<Pair>> keptByLeft = new HashMap<>();
        kept.forEach(p -> keptByLeft.computeIfAbsent(p.l, x -> new ArrayList<>()).add(p));
        for (int l : leftOrder) {
            List<Pair> mine = new ArrayList<>(keptByLeft.getOrDefault(l, List.of()));
            mine.sort(bySepRight);
            if (!mine.isEmpty() && join.keepsPairs()) {
                rows.addAll(mine);
            } else if (mine.isEmpty() && join.keepsUnmatchedLeft()) {
                rows.add(new Pair(l, -1, Double.NaN));
            }
        }
        if (join.keepsUnmatchedRight()) {
            for (int r : rightOrder) {
                if (!rightMatched[r]) {
                    rows.add(new Pair(-1, r, Double.NaN));
                }
            }
        }

        // groups: components of the output pairs, by breadth-first search over shared rows
        int n = rows.size();
        Map<Integer, List<Integer>> byLeft = new HashMap<>();
        Map<Integer, List<Integer>> byRight = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Pair p = rows.get(i);
            if (p.l >= 0 && p.r >= 0) {
                byLeft.computeIfAbsent(p.l, x -> new ArrayList<>()).add(i);
                byRight.computeIfAbsent(p.r, x -> new ArrayList<>()).add(i);
            }
        }
        int[] group = new int[n];
        Arrays.fill(group, -1);
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (group[i] >= 0) {
                continue;
            }
            int id = next++;
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(i));
            group[i] = id;
            while (!queue.isEmpty()) {
                Pair p = rows.get(queue.poll());
                List<Integer> linked = new ArrayList<>();
                linked.addAll(byLeft.getOrDefault(p.l, List.of()));
                linked.addAll(byRight.getOrDefault(p.r, List.of()));
                for (int j : linked) {
                    if (group[j] < 0) {
                        group[j] = id;
                        queue.add(j);
                    }
                }
            }
        }
        int[] count = new int[next];
        for (int g : group) {
            count[g]++;
        }
        int[] size = new int[n];
        for (int i = 0; i < n; i++) {
            size[i] = count[group[i]];
        }
        int[] outL = new int[n];
        int[] outR = new int[n];
        double[] outS = new double[n];
        for (int i = 0; i < n; i++) {
            outL[i] = rows.get(i).l;
            outR[i] = rows.get(i).r;
            outS[i] = rows.get(i).sep;
        }
        return new MatchResult(left, right, criteria, outL, outR, outS, group, size);
    }

    private static Integer[] boxedOrder(int n, ObjectIds ids) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, ids::compare);
        return order;
    }

    private static void check(String side, ObjectIndex index) {
        for (int i = 0; i < index.size(); i++) {
            String problem = ObjectIndex.coordinateProblem(index.ra(i), index.dec(i));
            if (problem != null) {
                throw new MmuInputException(side + " index '" + index.name() + "': object " + index.ids().getString(i)
                        + " (row " + i + ") " + problem);
            }
        }
    }
}
