package org.mmu.matching.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mmu.core.ObjectIds;

class SeparationOrderTest {

    /** The order spelled out: separation, then right id, then position. */
    private static int[] expected(int[] positions, PairBuffer p, ObjectIds ids) {
        return Arrays.stream(positions).boxed()
                .sorted(Comparator.<Integer>comparingDouble(p::sep)
                        .thenComparing((x, y) -> ids.compare(p.right(x), p.right(y)))
                        .thenComparingInt(x -> x))
                .mapToInt(Integer::intValue).toArray();
    }

    private static PairBuffer pairs(Random rnd, int n, int rights, boolean crowdedTies) {
        PairBuffer p = new PairBuffer();
        for (int i = 0; i < n; i++) {
            // ties: exact duplicates (0 and repeated values), values differing only in the last bits
            double s = switch (crowdedTies ? rnd.nextInt(4) : 3) {
                case 0 -> 0.0;
                case 1 -> 0.25;
                case 2 -> Math.nextUp(0.25 + rnd.nextInt(3) * Math.ulp(0.25));
                default -> rnd.nextDouble();
            };
            p.add(0, rnd.nextInt(rights), s);
        }
        return p;
    }

    @Test
    void runsOfEverySizeComeOutInSeparationThenIdThenPositionOrder() {
        Random rnd = new Random(7);
        SeparationOrder order = new SeparationOrder();
        for (int n : new int[] {2, 5, 24, 25, 100, 1000, 5000}) {
            for (boolean ties : new boolean[] {false, true}) {
                PairBuffer p = pairs(rnd, n, Math.max(2, n / 3), ties);
                ObjectIds ids = ObjectIds.ofLongs(rnd.longs(n, -50, 50).toArray());
                int[] a = IntStream.range(0, n).toArray();
                int[] shuffled = a.clone();
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int t = shuffled[i];
                    shuffled[i] = shuffled[j];
                    shuffled[j] = t;
                }
                order.sort(shuffled, 0, n, p, ids);
                assertArrayEquals(expected(a, p, ids), shuffled, "n=" + n + " ties=" + ties);
            }
        }
    }

    @Test
    void onlyTheGivenRangeIsSortedAndStringIdsBreakTies() {
        Random rnd = new Random(11);
        int n = 300;
        PairBuffer p = pairs(rnd, n, n, true);
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = "obj-" + rnd.nextInt(40);
        }
        ObjectIds ids = ObjectIds.ofStrings(names);
        int[] a = IntStream.range(0, n).map(i -> n - 1 - i).toArray();
        int[] before = a.clone();
        new SeparationOrder().sort(a, 50, 250, p, ids);
        assertArrayEquals(Arrays.copyOfRange(before, 0, 50), Arrays.copyOfRange(a, 0, 50));
        assertArrayEquals(Arrays.copyOfRange(before, 250, n), Arrays.copyOfRange(a, 250, n));
        assertArrayEquals(expected(Arrays.copyOfRange(before, 50, 250), p, ids), Arrays.copyOfRange(a, 50, 250));
    }
}
