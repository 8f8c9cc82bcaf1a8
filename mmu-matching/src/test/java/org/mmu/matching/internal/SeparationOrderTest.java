package org.mmu.matching.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mmu.core.ObjectIds;

class SeparationOrderTest {

    /** The order spelled out: separation, then right id, then place in the segment. */
    private static int[] expected(int[] positions, PairBuffer p, ObjectIds ids) {
        return IntStream.range(0, positions.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(k -> p.sep(positions[k]))
                        .thenComparing((x, y) -> ids.compare(p.right(positions[x]), p.right(positions[y])))
                        .thenComparingInt(k -> k))
                .mapToInt(k -> positions[k]).toArray();
    }

    /** The segment holds exactly the pairs of {@code order}, in that order (a pair's place breaks ties). */
    private static void assertSorted(int[] order, PairBuffer p, double[] sep, int[] right, int from, int to, String what) {
        double[] wantSep = Arrays.stream(order).mapToDouble(p::sep).toArray();
        int[] wantRight = Arrays.stream(order).map(p::right).toArray();
        assertArrayEquals(wantSep, Arrays.copyOfRange(sep, from, to), what);
        assertArrayEquals(wantRight, Arrays.copyOfRange(right, from, to), what);
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
                double[] sep = new double[n];
                int[] right = new int[n];
                for (int k = 0; k < n; k++) {
                    sep[k] = p.sep(shuffled[k]);
                    right[k] = p.right(shuffled[k]);
                }
                order.sort(sep, right, 0, n, ids);
                assertSorted(expected(shuffled, p, ids), p, sep, right, 0, n, "n=" + n + " ties=" + ties);
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
        double[] sep = Arrays.copyOf(p.sepArray(), n);
        int[] right = Arrays.copyOf(p.rightArray(), n);
        new SeparationOrder().sort(sep, right, 50, 250, ids);
        int[] untouched = IntStream.concat(IntStream.range(0, 50), IntStream.range(250, n)).toArray();
        for (int k : untouched) {
            assertEquals(p.sep(k), sep[k]);
            assertEquals(p.right(k), right[k]);
        }
        assertSorted(expected(IntStream.range(50, 250).toArray(), p, ids), p, sep, right, 50, 250, "segment");
    }
}
