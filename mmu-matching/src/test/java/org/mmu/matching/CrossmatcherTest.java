package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.internal.HealpixGrid;
import org.mmu.matching.internal.ZonePairFinder;
import org.mmu.matching.internal.SkyOverlap;
import org.mmu.matching.internal.Sphere;

/** The engine gives exactly what the brute-force reference gives, everywhere on the sphere. */
class CrossmatcherTest {

    static Stream<Arguments> scenariosAndModes() {
        List<Arguments> out = new ArrayList<>();
        for (Scenario s : Scenario.all()) {
            for (MatchMode m : MatchMode.values()) {
                out.add(Arguments.of(s, m));
            }
        }
        return out.stream();
    }

    /**
     * Small inputs let the engine pick zones higher than the radius, so each case also runs with
     * zones exactly as high as the radius, where a disc reaches the next zones with no slack.
     */
    @DisplayName("every mode equals brute force on hard geometry, on the chosen zones and on zones as high as the radius")
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("scenariosAndModes")
    void everyModeEqualsBruteForce(Scenario s, MatchMode mode) {
        MatchCriteria c = MatchCriteria.builder().radiusArcsec(s.radiusArcsec()).mode(mode)
                .join(JoinType.ONE_OR_TWO).k(mode == MatchMode.KNN ? 3 : 1).threads(2).build();
        MatchResult expected = BruteForceMatcher.INSTANCE.match(s.left(), s.right(), c);
        assertTrue(expected.pairCount() > 0, "the scenario has pairs");
        Results.assertSame(expected, Crossmatcher.match(s.left(), s.right(), c), mode + " on " + s);
        ZonePairFinder.Plan[] plan = new ZonePairFinder.Plan[1];
        Results.assertSame(expected, Crossmatcher.match(s.left(), s.right(), c, 1e-300, plan),
                mode + " on " + s + " with zones as high as the radius");
        assertEquals(s.radiusArcsec() / 3600, plan[0].zoneDeg(), 1e-9 * s.radiusArcsec() / 3600 + 2e-12);
    }

    @Test
    void theDeepestGridForOneArcsecIsDepth16() {
        assertEquals(16, HealpixGrid.coverDepth(1 / Sphere.ARCSEC_PER_RAD));
        assertEquals(4, HealpixGrid.coverDepth(3600 / Sphere.ARCSEC_PER_RAD));
    }

    static Stream<Arguments> modesAndJoins() {
        List<Arguments> out = new ArrayList<>();
        for (MatchMode m : MatchMode.values()) {
            for (JoinType j : JoinType.values()) {
                out.add(Arguments.of(m, j));
            }
        }
        return out.stream();
    }

    /** Poles, seam, base-cell corners and ties together, smaller. */
    private static final Scenario MIXED = mixed();

    private static Scenario mixed() {
        Sky l = new Sky(5).poles(60, 0.01).raWrap(80, 0.002).cellBorders(0, 80, 0.001).cap(40, 10, 10, 0.002)
                .duplicates(20);
        Sky r = new Sky(6).near(l, 0.6, 0.001).poles(40, 0.01).raWrap(40, 0.002).duplicates(20);
        return new Scenario("mixed", l.index("left"), r.index("right"), 4);
    }

    @DisplayName("every join type with every mode equals brute force")
    @ParameterizedTest(name = "{0} join {1}")
    @MethodSource("modesAndJoins")
    void everyJoinEqualsBruteForce(MatchMode mode, JoinType join) {
        MatchCriteria c = MatchCriteria.builder().radiusArcsec(MIXED.radiusArcsec()).mode(mode).join(join)
                .k(mode == MatchMode.KNN ? 2 : 1).build();
        Results.assertSame(BruteForceMatcher.INSTANCE.match(MIXED.left(), MIXED.right(), c),
                Crossmatcher.match(MIXED.left(), MIXED.right(), c), mode + "/" + join);
    }

    @Test
    @DisplayName("best scans the side it is told, as brute force does; auto scans the side with more rows in the common coverage")
    void bestScansTheSideItIsTold() {
        int sidesDiffer = 0;
        for (Scenario s : Scenario.all()) {
            MatchCriteria auto = MatchCriteria.builder().radiusArcsec(s.radiusArcsec()).mode(MatchMode.BEST)
                    .join(JoinType.ONE_AND_TWO).threads(2).build();
            List<List<String>> bySide = new ArrayList<>();
            for (BestScan side : new BestScan[] {BestScan.LEFT, BestScan.RIGHT}) {
                MatchCriteria c = auto.withBestScan(side);
                MatchResult r = Crossmatcher.match(s.left(), s.right(), c);
                Results.assertSame(BruteForceMatcher.INSTANCE.match(s.left(), s.right(), c), r, side + " on " + s);
                bySide.add(Results.rowsById(r));
            }
            sidesDiffer += bySide.get(0).equals(bySide.get(1)) ? 0 : 1;
            long[] inOverlap = SkyOverlap.counts(s.left(), s.right(), s.radiusArcsec());
            BestScan stilts = inOverlap[0] < inOverlap[1] ? BestScan.RIGHT : BestScan.LEFT;
            Results.assertSame(Crossmatcher.match(s.left(), s.right(), auto.withBestScan(stilts)),
                    Crossmatcher.match(s.left(), s.right(), auto), "auto on " + s);
        }
        assertTrue(sidesDiffer > 3, "scenarios where the side changes the pairs: " + sidesDiffer);
    }

    /** Coarse zones: windows that wrap at RA 0/360, and at 45° and more, zones scanned whole. */
    @ParameterizedTest(name = "zones of {0} deg")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.01, 0.5, 5, 45, 180})
    void coarseZonesUpToOneForTheWholeSkyGiveTheSameResult(double zoneDeg) {
        MatchCriteria c = MatchCriteria.builder().radiusArcsec(MIXED.radiusArcsec()).mode(MatchMode.ALL)
                .join(JoinType.ONE_OR_TWO).build();
        ZonePairFinder.Plan[] plan = new ZonePairFinder.Plan[1];
        Results.assertSame(BruteForceMatcher.INSTANCE.match(MIXED.left(), MIXED.right(), c),
                Crossmatcher.match(MIXED.left(), MIXED.right(), c, zoneDeg, plan), zoneDeg + " deg zones");
        assertEquals(zoneDeg, plan[0].zoneDeg());
    }

    @Test
    void perRowErrorsMatchWhenSeparationIsAtMostTheSumOfErrors() {
        Sky l = new Sky(7).cap(400, 40, -60, 0.01).poles(50, 0.005);
        Sky r = new Sky(8).near(l, 0.8, 0.001).cap(200, 40, -60, 0.01);
        ObjectIndex left = l.index("left");
        ObjectIndex right = r.index("right");
        double[] el = new double[left.size()];
        double[] er = new double[right.size()];
        java.util.Random rnd = new java.util.Random(9);
        for (int i = 0; i < el.length; i++) {
            el[i] = rnd.nextDouble() * 2;
        }
        for (int i = 0; i < er.length; i++) {
            er[i] = i % 5 == 0 ? 0 : rnd.nextDouble() * 3;
        }
        for (MatchMode mode : MatchMode.values()) {
            MatchCriteria c = MatchCriteria.builder().radiusArcsec(4).mode(mode).join(JoinType.ONE_OR_TWO)
                    .errorsArcsec(el, er).build();
            MatchResult got = Crossmatcher.match(left, right, c);
            Results.assertSame(BruteForceMatcher.INSTANCE.match(left, right, c), got, "errors " + mode);
            for (int i = 0; i < got.size(); i++) {
                if (got.leftRow(i) >= 0 && got.rightRow(i) >= 0) {
                    assertTrue(got.separationArcsec(i) <= el[got.leftRow(i)] + er[got.rightRow(i)]);
                }
            }
        }
        // errors on one side only
        MatchCriteria oneSide = MatchCriteria.builder().radiusArcsec(4).errorsArcsec(null, er).build();
        Results.assertSame(BruteForceMatcher.INSTANCE.match(left, right, oneSide),
                Crossmatcher.match(left, right, oneSide), "right errors only");
    }

    @Test
    void knnKeepsTheKNearestOutsideTheMinimumRadius() {
        Sky l = new Sky(10).cap(300, 120, 5, 0.003);
        Sky r = new Sky(11).near(l, 1, 0.0002).cap(600, 120, 5, 0.003);
        MatchCriteria c = MatchCriteria.builder().radiusArcsec(8).minRadiusArcsec(0.3).mode(MatchMode.KNN).k(4)
                .join(JoinType.ALL_ONE).build();
        MatchResult got = Crossmatcher.match(l.index("l"), r.index("r"), c);
        Results.assertSame(BruteForceMatcher.INSTANCE.match(got.left(), got.right(), c), got, "knn min radius");
        for (int i = 0; i < got.size(); i++) {
            if (got.rightRow(i) >= 0) {
                assertTrue(got.separationArcsec(i) >= 0.3 && got.separationArcsec(i) <= 8);
            }
        }
    }

    @Test
    void stringIdsOrderAndBreakTies() {
        Sky l = new Sky(12).cap(200, 0, 0, 0.002).duplicates(50);
        Sky r = new Sky(13).near(l, 1, 0).near(l, 0.5, 0.0002);
        ObjectIndex left = l.stringIndex("l");
        ObjectIndex right = r.stringIndex("r");
        for (MatchMode mode : MatchMode.values()) {
            MatchCriteria c = MatchCriteria.builder().radiusArcsec(2).mode(mode).join(JoinType.ONE_OR_TWO).build();
            Results.assertSame(BruteForceMatcher.INSTANCE.match(left, right, c), Crossmatcher.match(left, right, c),
                    "string ids " + mode);
        }
    }

    @Test
    void emptyIndicesGiveEmptyOrOneSidedResults() {
        ObjectIndex empty = ObjectIndex.ofPositions("empty", new double[0], new double[0]);
        ObjectIndex some = new Sky(14).uniform(10).index("some");
        MatchCriteria or = MatchCriteria.builder().radiusArcsec(1).join(JoinType.ONE_OR_TWO).build();
        assertEquals(10, Crossmatcher.match(empty, some, or).size());
        assertEquals(10, Crossmatcher.match(some, empty, or).size());
        assertEquals(0, Crossmatcher.match(some, empty, MatchCriteria.builder().radiusArcsec(1).build()).size());
    }

    @Test
    void nanCoordinatesAreRejectedNamingTheObjectAndIndex() {
        ObjectIndex bad = ObjectIndex.ofPositions("hsc", ObjectIds.ofLongs(new long[] {10, 20, 30}),
                new double[] {1, Double.NaN, 3}, new double[] {1, 2, 3});
        ObjectIndex ok = new Sky(15).uniform(5).index("desi");
        MatchCriteria c = MatchCriteria.builder().radiusArcsec(1).build();
        MmuInputException e = assertThrows(MmuInputException.class, () -> Crossmatcher.match(ok, bad, c));
        assertTrue(e.getMessage().contains("object 20") && e.getMessage().contains("'hsc'"), e.getMessage());
        MmuInputException e2 = assertThrows(MmuInputException.class, () -> Crossmatcher.match(bad, ok, c));
        assertTrue(e2.getMessage().contains("left index 'hsc'"), e2.getMessage());
    }

    @Test
    void errorArraysMustHaveOneValuePerRow() {
        ObjectIndex a = new Sky(16).uniform(5).index("a");
        MatchCriteria c = MatchCriteria.builder().radiusArcsec(1).errorsArcsec(new double[4], null).build();
        MmuInputException e = assertThrows(MmuInputException.class, () -> Crossmatcher.match(a, a, c));
        assertTrue(e.getMessage().contains("4 values for 5 rows"), e.getMessage());
    }

    @Test
    void memoryEstimateGrowsLinearlyAndStaysWellUnderAGigabyteForAMillionSquared() {
        long m = Crossmatcher.estimateMemoryBytes(1_000_000, 1_000_000);
        assertTrue(m > 50e6 && m < 300e6, "1e6 x 1e6: " + m);
        assertEquals(Crossmatcher.estimateMemoryBytes(10, 10, 0) - (1 << 20),
                (Crossmatcher.estimateMemoryBytes(20, 20, 0) - (1 << 20)) / 2);
    }
}
