package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;

/** The same inputs give the same result for any thread count and any order of the input rows. */
class DeterminismTest {
    /** Many chunks of work (a few thousand rows each), ties, clusters, poles and the RA seam. */
    private static final ObjectIndex LEFT;
    private static final ObjectIndex RIGHT;

    static {
        Sky l = new Sky(100).uniform(15000).poles(500, 0.01).raWrap(1000, 0.01).cluster(300, 0.001).duplicates(400);
        Sky r = new Sky(101).near(l, 0.7, 0.0004).near(l, 0.1, 0).uniform(3000).cluster(200, 0.001);
        LEFT = l.index("left");
        RIGHT = r.index("right");
    }

    private static MatchCriteria criteria(MatchMode mode, int threads) {
        return MatchCriteria.builder().radiusArcsec(2).mode(mode).k(mode == MatchMode.KNN ? 3 : 1)
                .join(JoinType.ONE_OR_TWO).threads(threads).build();
    }

    @ParameterizedTest
    @EnumSource(MatchMode.class)
    void oneTwoAndSevenThreadsGiveIdenticalResults(MatchMode mode) {
        MatchResult one = Crossmatcher.match(LEFT, RIGHT, criteria(mode, 1));
        assertTrue(one.pairCount() > 10000, "enough pairs: " + one.pairCount());
        Results.assertSame(one, Crossmatcher.match(LEFT, RIGHT, criteria(mode, 2)), mode + " 2 threads");
        Results.assertSame(one, Crossmatcher.match(LEFT, RIGHT, criteria(mode, 7)), mode + " 7 threads");
    }

    @ParameterizedTest
    @EnumSource(MatchMode.class)
    void shuffledInputsGiveTheSameRowsById(MatchMode mode) {
        MatchResult base = Crossmatcher.match(LEFT, RIGHT, criteria(mode, 2));
        MatchResult shuffled = Crossmatcher.match(shuffle(LEFT, 5), shuffle(RIGHT, 6), criteria(mode, 2));
        List<String> a = Results.rowsById(base);
        List<String> b = Results.rowsById(shuffled);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), "row " + i);
        }
    }

    /** The same objects (ids, positions) in another row order. */
    static ObjectIndex shuffle(ObjectIndex in, long seed) {
        int n = in.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[] ra = new double[n];
        double[] dec = new double[n];
        for (int i = 0; i < n; i++) {
            ra[i] = in.ra(perm[i]);
            dec[i] = in.dec(perm[i]);
        }
        ObjectIds ids = in.ids().gather(perm);
        return ObjectIndex.ofPositions(in.name(), ids, ra, dec);
    }
}
