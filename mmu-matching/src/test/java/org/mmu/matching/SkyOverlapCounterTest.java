package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.internal.SkyOverlap;

/**
 * STILTS' overlap counts (which decide {@code best}'s scan side), computed in one streaming pass,
 * are the same whatever order and slicing the rows arrive in, on every hard geometry and on
 * catalogues that overlap only in part. (They were shown equal to the former two-pass
 * computation, mask then count, before it was replaced.)
 */
class SkyOverlapCounterTest {
    @Test
    @DisplayName("the counts do not depend on the order and slicing of the rows, with partial overlaps")
    void countsDoNotDependOnSlicing() {
        List<Scenario> all = Scenario.all();
        Random random = new Random(7);
        int partial = 0;
        for (Scenario a : all) {
            for (Scenario b : all) {
                ObjectIndex left = a.left();
                ObjectIndex right = b.right();
                for (double radius : a == b ? new double[] {a.radiusArcsec()} : new double[] {a.radiusArcsec(), 5}) {
                    long[] expected = SkyOverlap.counts(left, right, radius);
                    assertArrayEquals(expected, sliced(left, right, radius, random), a + " x " + b + " sliced");
                    partial += expected[0] > 0 && expected[0] < left.size() ? 1 : 0;
                }
            }
        }
        assertTrue(partial > 10, "pairs with a partial overlap: " + partial);
    }

    /** The rows of both sides interleaved in random order, added to counters of random size, merged. */
    private static long[] sliced(ObjectIndex left, ObjectIndex right, double radius, Random random) {
        int n = left.size() + right.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        SkyOverlap.Counter total = SkyOverlap.counter(radius);
        SkyOverlap.Counter slice = SkyOverlap.counter(radius);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (i < left.size()) {
                slice.add(0, left.ra(i), left.dec(i));
            } else {
                slice.add(1, right.ra(i - left.size()), right.dec(i - left.size()));
            }
            if (random.nextInt(50) == 0) {
                total.merge(slice);
                slice = SkyOverlap.counter(radius);
            }
        }
        total.merge(slice);
        return total.counts();
    }
}
