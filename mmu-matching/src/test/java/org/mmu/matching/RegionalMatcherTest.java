package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.internal.SkyOverlap;

/**
 * Region by region gives the in-memory engine's rows, for every mode, join and N-way, on hard
 * geometry, with regions forced down to one cell; and the same streamed rows for any region size
 * and thread count.
 */
class RegionalMatcherTest {
    private static final long ONE_CELL = 1; // a budget of 1 byte: every occupied cell is a region
    /** About 25 objects per region: hundreds of borders in every scenario, at a test's cost. */
    private static final long TINY = 25 * SkyRegions.BYTES_PER_OBJECT;

    static Stream<Arguments> scenariosAndModes() {
        List<Arguments> out = new ArrayList<>();
        for (Scenario s : Scenario.all()) {
            for (MatchMode m : MatchMode.values()) {
                out.add(Arguments.of(s, m));
            }
        }
        return out.stream();
    }

    @DisplayName("every mode with groups equals the in-memory engine, regions of one cell, at two depths")
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("scenariosAndModes")
    void everyModeEqualsInMemory(Scenario s, MatchMode mode) {
        CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(s.radiusArcsec()).mode(mode)
                .join(JoinType.ONE_OR_TWO).k(mode == MatchMode.KNN ? 3 : 1).threads(1).build();
        List<ObjectIndex> indices = List.of(s.left(), s.right());
        List<String> expected = rows(NWayMatcher.matchPair(s.left(), s.right(), spec, Map.of()));
        int deepest = SkyCells.marginDepth(s.radiusArcsec());
        for (int depth : new int[] {deepest, Math.max(0, deepest - 3)}) {
            for (boolean groups : depth == deepest ? new boolean[] {true, false} : new boolean[] {true}) {
                Streamed r = regional(indices, spec, depth, TINY, groups, 1);
                assertSameRows(expected, r.rows, groups, mode + " at depth " + depth + (groups ? " with groups" : ""));
                assertTrue(depth < deepest || r.regions > 2, "regions were cut: " + r.regions);
            }
        }
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

    @DisplayName("every mode and join equals the in-memory engine on a mixed sky")
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modesAndJoins")
    void everyJoinEqualsInMemory(MatchMode mode, JoinType join) {
        ObjectIndex[] sky = mixedSky();
        CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(5).mode(mode).join(join)
                .k(mode == MatchMode.KNN ? 2 : 1).threads(1).build();
        List<String> expected = rows(NWayMatcher.matchPair(sky[0], sky[1], spec, Map.of()));
        Streamed r = regional(List.of(sky[0], sky[1]), spec, 8, TINY, true, 3);
        assertSameRows(expected, r.rows, true, mode + " " + join);
    }

    @Test
    @DisplayName("N-way (three surveys, every mode, outer join) equals the in-memory N-way match")
    void nWayEqualsInMemory() {
        List<ObjectIndex> indices = threeSurveys();
        for (MatchMode mode : MatchMode.values()) {
            for (JoinType join : mode == MatchMode.BEST ? new JoinType[] {JoinType.ONE_OR_TWO, JoinType.ALL_TWO}
                    : new JoinType[] {JoinType.ONE_OR_TWO}) {
                CrossMatch spec = CrossMatch.of("left", "right", "third").radiusArcsec(5).mode(mode).join(join)
                        .reference("right").threads(1).build();
                List<String> expected = rows(NWayMatcher.match(indices, spec, Map.of()));
                Streamed r = regional(indices, spec, 8, TINY, true, 2);
                assertSameRows(expected, r.rows, true, "N-way " + mode + " " + join);
            }
        }
    }

    @Test
    @DisplayName("the streamed rows are identical for any region size, regions in flight and thread count")
    void sameStreamForAnyRegionSize() {
        ObjectIndex[] sky = mixedSky();
        for (MatchMode mode : new MatchMode[] {MatchMode.ALL, MatchMode.BEST, MatchMode.BEST2}) {
            CrossMatch one = CrossMatch.of("left", "right").radiusArcsec(5).mode(mode).join(JoinType.ONE_OR_TWO)
                    .threads(1).build();
            CrossMatch two = CrossMatch.of("left", "right").radiusArcsec(5).mode(mode).join(JoinType.ONE_OR_TWO)
                    .threads(2).build();
            List<ObjectIndex> indices = List.of(sky[0], sky[1]);
            Streamed whole = regional(indices, one, 8, Long.MAX_VALUE, true, 1);
            assertEquals(1, whole.regions);
            for (long budget : new long[] {ONE_CELL, 20_000, 200_000}) {
                Streamed cut = regional(indices, two, 8, budget, true, 3);
                assertEquals(whole.rows, cut.rows, mode + " with budget " + budget + " (" + cut.regions + " regions)");
                Streamed coarse = regional(indices, one, 5, budget, true, 1);
                assertEquals(whole.rows, coarse.rows, mode + " at depth 5 with budget " + budget);
            }
        }
    }

    @Test
    @DisplayName("best's auto scan side is decided once over the whole sky, per pair of surveys; matchRegion refuses it undecided")
    void bestAutoIsResolvedOverTheWholeSky() {
        List<ObjectIndex> indices = threeSurveys();
        CrossMatch spec = CrossMatch.of("left", "right", "third").radiusArcsec(5).mode(MatchMode.BEST)
                .join(JoinType.ONE_OR_TWO).reference("right").build();
        InMemoryRegionSource source = InMemoryRegionSource.of(indices, spec.surveys(), Map.of());
        SkyRegions plan = SkyRegions.plan(source.counts(8, 5), spec, TINY);
        CrossMatch resolved = RegionalMatcher.resolveBest(plan, source, spec);
        for (int s : new int[] {0, 2}) {
            long[] inOverlap = SkyOverlap.counts(indices.get(1), indices.get(s), 5);
            assertEquals(inOverlap[0] < inOverlap[1] ? BestScan.RIGHT : BestScan.LEFT,
                    resolved.bestScan("right", spec.surveys().get(s)), "pair right x " + spec.surveys().get(s));
        }
        CrossMatch fixed = spec.withBestScan("right", "left", BestScan.RIGHT).withBestScan("right", "third", BestScan.RIGHT);
        assertSame(fixed, RegionalMatcher.resolveBest(plan, source, fixed), "explicit sides are kept");
        SkyRegion first = plan.regions().get(0);
        String refused = assertThrows(MmuInputException.class,
                () -> RegionalMatcher.matchRegion(plan, first, source, spec, false)).getMessage();
        assertTrue(refused.contains("RegionalMatcher.resolveBest(plan, source, spec)"), refused);
        assertTrue(RegionalMatcher.matchRegion(plan, first, source, resolved, false).size() > 0);
    }

    @Test
    @DisplayName("regions matched one at a time elsewhere: best's sides from the regions' parts, groups numbered as the walk numbers them")
    void regionsMatchedElsewhereGiveTheWalksSidesAndGroups() {
        List<ObjectIndex> indices = threeSurveys();
        CrossMatch spec = CrossMatch.of("left", "right", "third").radiusArcsec(5).mode(MatchMode.BEST)
                .join(JoinType.ONE_OR_TWO).reference("right").build();
        InMemoryRegionSource source = InMemoryRegionSource.of(indices, spec.surveys(), Map.of());
        SkyRegions plan = SkyRegions.plan(source.counts(8, 5), spec, TINY);
        assertTrue(plan.regions().size() > 3, "regions: " + plan.regions().size());
        List<RegionalMatcher.BestCounts> parts = new ArrayList<>();
        for (SkyRegion r : plan.regions()) { // as separate tasks would, in any order
            parts.add(0, RegionalMatcher.bestCounts(plan, r, source, spec));
        }
        CrossMatch resolved = RegionalMatcher.resolveBest(spec, parts);
        CrossMatch walked = RegionalMatcher.resolveBest(plan, source, spec);
        for (String other : List.of("left", "third")) {
            assertEquals(walked.bestScan("right", other), resolved.bestScan("right", other), other);
        }
        List<Integer> walkGroups = new ArrayList<>();
        RegionalMatcher.walk(plan, source, spec, true, 1, m -> {
            for (int i = 0; i < m.size(); i++) {
                walkGroups.add(m.groupId(i));
            }
        });
        RegionalMatcher.GroupNumbering numbering = new RegionalMatcher.GroupNumbering();
        List<Integer> numbered = new ArrayList<>();
        for (SkyRegion r : plan.regions()) {
            RegionMatch m = RegionalMatcher.matchRegion(plan, r, source, resolved, true);
            List<Integer> globalOfLocal = new ArrayList<>();
            for (int i = 0; i < m.size(); i++) {
                if (m.groupId(i) == globalOfLocal.size()) { // a group's first row
                    globalOfLocal.add(numbering.number(m.groupKey(i), m.groupStartsHere(i), m.groupContinuesLater(i)));
                }
                numbered.add(globalOfLocal.get(m.groupId(i)));
            }
        }
        assertEquals(walkGroups, numbered);
        assertTrue(walkGroups.size() > 100, "rows: " + walkGroups.size());
    }

    @Test
    @DisplayName("the plan covers the sky once, in NESTED order, each region within budget unless one cell is over it")
    void planTilesTheSky() {
        ObjectIndex[] sky = mixedSky();
        InMemoryRegionSource source = InMemoryRegionSource.of(List.of(sky[0], sky[1]), List.of("left", "right"), Map.of());
        CellCounts counts = source.counts(8, 5);
        SkyRegions plan = SkyRegions.plan(counts, 5, 0, 30_000);
        long objects = 0;
        long previousLast = -1;
        for (SkyRegion r : plan.regions()) {
            assertEquals(previousLast + 1, r.firstCell(), "regions are contiguous");
            previousLast = r.lastCell();
            objects += r.objects();
            assertTrue(r.estimatedBytes() <= 30_000 || plan.occupiedCells(r).length == 1, r.toString());
        }
        assertEquals(sky[0].size() + sky[1].size(), objects);
        assertTrue(plan.regions().size() > 3);
    }

    /** Both poles across RA 0/360, a base-cell corner, the RA seam, a dense cluster with duplicates. */
    static ObjectIndex[] mixedSky() {
        double arcsec = 1 / 3600.0;
        Sky l = new Sky(901).poles(120, 0.01).raWrap(120, 0.01).cellBorders(0, 100, 3 * arcsec)
                .cap(150, 150, -30, 10 * arcsec).duplicates(20).uniform(100);
        Sky r = new Sky(902).near(l, 0.7, 4 * arcsec).poles(50, 0.01).cap(100, 150, -30, 10 * arcsec).uniform(60);
        return new ObjectIndex[] {l.index("left"), r.index("right")};
    }

    /** The mixed sky and a third survey at both poles, in a cluster and across the RA seam. */
    static List<ObjectIndex> threeSurveys() {
        ObjectIndex[] sky = mixedSky();
        ObjectIndex third = new Sky(903).poles(60, 0.01).cap(60, 150, -30, 10 / 3600.0).raWrap(40, 0.01).index("third");
        return List.of(sky[0], sky[1], third);
    }

    private record Streamed(List<String> rows, int regions) {
    }

    private static Streamed regional(List<ObjectIndex> indices, CrossMatch spec, int depth, long budget, boolean groups,
            int inFlight) {
        InMemoryRegionSource source = InMemoryRegionSource.of(indices, spec.surveys(), Map.of());
        SkyRegions plan = SkyRegions.plan(source.counts(depth, spec.criteria().radiusArcsec()), spec, budget);
        List<String> out = new ArrayList<>();
        RegionalMatcher.walk(plan, source, spec, groups, inFlight, m -> {
            for (int i = 0; i < m.size(); i++) {
                StringBuilder sb = new StringBuilder("(");
                for (int s = 0; s < m.surveys().size(); s++) {
                    int row = m.row(s, i);
                    sb.append(row < 0 ? "-" : m.slice(s).ids().getString(row)).append(", ");
                }
                for (int s = 0; s < m.surveys().size(); s++) {
                    sb.append(m.separationArcsec(s, i)).append(", ");
                }
                sb.append("g").append(m.groupId(i)).append("/").append(m.groupSize(i)).append(")");
                out.add(sb.toString());
            }
        });
        return new Streamed(out, plan.regions().size());
    }

    private static List<String> rows(MatchResult r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            out.add("(" + (r.leftRow(i) < 0 ? "-" : r.left().ids().getString(r.leftRow(i))) + ", "
                    + (r.rightRow(i) < 0 ? "-" : r.right().ids().getString(r.rightRow(i))) + ", NaN, "
                    + r.separationArcsec(i) + ", g" + r.groupId(i) + "/" + r.groupSize(i) + ")");
        }
        return out;
    }

    private static List<String> rows(NWayMatchResult r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            StringBuilder sb = new StringBuilder("(");
            for (int s = 0; s < r.surveys().size(); s++) {
                int row = r.row(s, i);
                sb.append(row < 0 ? "-" : r.indices().get(s).ids().getString(row)).append(", ");
            }
            for (int s = 0; s < r.surveys().size(); s++) {
                sb.append(r.separationArcsec(s, i)).append(", ");
            }
            sb.append("g").append(r.groupId(i)).append("/").append(r.groupSize(i)).append(")");
            out.add(sb.toString());
        }
        return out;
    }

    /**
     * The same rows as a multiset (the streamed order differs from the in-memory order by design);
     * with groups, the same partition of rows into groups and the same group sizes.
     */
    private static void assertSameRows(List<String> expected, List<String> actual, boolean groups, String what) {
        List<String> e = new ArrayList<>();
        List<String> a = new ArrayList<>();
        Map<String, String> groupOfExpected = new HashMap<>();
        Map<String, String> groupOfActual = new HashMap<>();
        for (String row : expected) {
            e.add(strip(row, groupOfExpected));
        }
        for (String row : actual) {
            a.add(strip(row, groupOfActual));
        }
        Collections.sort(e);
        Collections.sort(a);
        assertEquals(e.size(), a.size(), what + ": row count");
        assertEquals(e, a, what + ": rows");
        assertTrue(!e.isEmpty(), what + ": has rows");
        if (groups) {
            Map<String, String> actualOfExpected = new HashMap<>();
            Map<String, String> expectedOfActual = new HashMap<>();
            for (String row : groupOfExpected.keySet()) {
                String ge = groupOfExpected.get(row);
                String ga = groupOfActual.get(row);
                assertEquals(ge.substring(ge.indexOf('/')), ga.substring(ga.indexOf('/')), what + ": group size of " + row);
                assertEquals(actualOfExpected.computeIfAbsent(ge, k -> ga), ga, what + ": group of " + row);
                assertEquals(expectedOfActual.computeIfAbsent(ga, k -> ge), ge, what + ": group of " + row);
            }
        }
    }

    private static String strip(String row, Map<String, String> groupOf) {
        int g = row.lastIndexOf(", g");
        String key = row.substring(0, g) + ")";
        groupOf.put(key, row.substring(g + 3, row.length() - 1));
        return key;
    }
}
