package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;

/**
 * N-way matching. Hand-made example along the equator near RA 10° (offsets in arcsec):
 * <pre>
 *   hsc  (reference)  h1 (id 1) at 0     h2 (id 2) at 10    h3 (id 3) at 20
 *   desi              d1 (id 11) at 0.5  d2 (id 12) at 10.4               d9 (id 19) at 40
 *   sdss              s1 (id 21) at 0.3  s2 (id 22) at 0.9               s3 (id 23) at 20.2
 * </pre>
 * With a 1" radius: h1 has desi d1 and sdss s1, s2; h2 only desi d2; h3 only sdss s3.
 */
class NWayMatcherTest {
    private static final double S = 1 / 3600.0;

    private static ObjectIndex survey(String name, long[] ids, double... offsetsArcsec) {
        double[] ra = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ra[i] = 10 + offsetsArcsec[i] * S;
        }
        return ObjectIndex.ofPositions(name, ObjectIds.ofLongs(ids), ra, new double[ids.length]);
    }

    private static final ObjectIndex HSC = survey("hsc", new long[] {3, 1, 2}, 20, 0, 10);
    private static final ObjectIndex DESI = survey("desi", new long[] {11, 12, 19}, 0.5, 10.4, 40);
    private static final ObjectIndex SDSS = survey("sdss", new long[] {21, 22, 23}, 0.3, 0.9, 20.2);

    private static NWayMatchResult match(MatchMode mode, JoinType join) {
        CrossMatch spec = CrossMatch.of("hsc", "desi", "sdss").radiusArcsec(1).mode(mode).join(join).build();
        return NWayMatcher.match(List.of(HSC, DESI, SDSS), spec, Map.of());
    }

    /** Rows as "hscId desiId sdssId g<group>/<size>" with "-" for absent. */
    private static List<String> rows(NWayMatchResult r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s < r.surveys().size(); s++) {
                int row = r.row(s, i);
                sb.append(row < 0 ? "-" : r.indices().get(s).ids().getString(row)).append(' ');
            }
            out.add(sb.append('g').append(r.groupId(i)).append('/').append(r.groupSize(i)).toString());
        }
        return out;
    }

    @Test
    void allModeGivesOneTuplePerCombinationOfPartners() {
        assertEquals(List.of("1 11 21 g0/2", "1 11 22 g0/2"), rows(match(MatchMode.ALL, JoinType.ONE_AND_TWO)));
    }

    @Test
    void allOneKeepsEveryReferenceRowWithAbsentSurveysMinusOne() {
        assertEquals(List.of("1 11 21 g0/2", "1 11 22 g0/2", "2 12 - g1/1", "3 - 23 g2/1"),
                rows(match(MatchMode.ALL, JoinType.ALL_ONE)));
        NWayMatchResult best1 = match(MatchMode.BEST1, JoinType.ALL_ONE);
        assertEquals(List.of("1 11 21 g0/1", "2 12 - g1/1", "3 - 23 g2/1"), rows(best1));
        assertEquals(0.3, best1.separationArcsec(2, 0), 1e-9);
        assertEquals(0.5, best1.separationArcsec(1, 0), 1e-9);
        assertTrue(Double.isNaN(best1.separationArcsec(0, 0)));
        assertTrue(Double.isNaN(best1.separationArcsec(2, 1)));
    }

    @Test
    void otherJoinsReadTwoAsAnyOtherSurvey() {
        assertEquals(List.of("1 11 21 g0/1", "2 12 - g1/1", "3 - 23 g2/1", "- 19 - g3/1", "- - 22 g4/1"),
                rows(match(MatchMode.BEST, JoinType.ONE_OR_TWO)));
        assertEquals(List.of("- 19 - g0/1", "- - 22 g1/1"), rows(match(MatchMode.BEST, JoinType.TWO_NOT_ONE)));
        assertEquals(List.of(), rows(match(MatchMode.BEST, JoinType.ONE_NOT_TWO)));
        assertEquals(List.of("1 11 21 g0/1", "2 12 - g1/1", "3 - 23 g2/1", "- 19 - g3/1", "- - 22 g4/1"),
                rows(match(MatchMode.BEST, JoinType.ALL_TWO)));
    }

    @Test
    void theReferenceSurveyCanBeChosen() {
        CrossMatch spec = CrossMatch.of("hsc", "desi", "sdss").radiusArcsec(1).mode(MatchMode.BEST1).reference("sdss")
                .build();
        NWayMatchResult r = NWayMatcher.match(List.of(HSC, DESI, SDSS), spec, Map.of());
        assertEquals(2, r.referenceSurvey());
        // s1 -> h1 and d1; s2 -> h1 (0.9") and d1 (0.4"); s3 -> h3 only: not complete
        assertEquals(List.of("1 11 21 g0/2", "1 11 22 g0/2"), rows(r));
        assertArrayEquals(new int[] {1}, r.distinctRows(0));
        assertEquals(HSC.partitions(), r.partitions(0));
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void twoSurveysGiveThePairwiseResult(JoinType join) {
        Sky a = new Sky(1).cap(300, 50, 50, 0.002).duplicates(20);
        Sky b = new Sky(2).near(a, 0.7, 0.0003).cap(100, 50, 50, 0.002);
        ObjectIndex l = a.index("a");
        ObjectIndex r = b.index("b");
        for (MatchMode mode : MatchMode.values()) {
            CrossMatch spec = CrossMatch.of("a", "b").radiusArcsec(1.5).mode(mode).join(join)
                    .k(mode == MatchMode.KNN ? 2 : 1).build();
            MatchResult pair = NWayMatcher.matchPair(l, r, spec, Map.of());
            NWayMatchResult nway = NWayMatcher.match(List.of(l, r), spec, Map.of());
            assertEquals(pair.size(), nway.size(), mode + "/" + join);
            for (int i = 0; i < pair.size(); i++) {
                assertEquals(pair.leftRow(i), nway.row(0, i));
                assertEquals(pair.rightRow(i), nway.row(1, i));
                assertEquals(pair.separationArcsec(i), nway.separationArcsec(1, i));
                assertEquals(pair.groupId(i), nway.groupId(i));
                assertEquals(pair.groupSize(i), nway.groupSize(i));
            }
        }
    }

    @Test
    void best1TuplesHoldEachSurveysNearestPartnerOfTheReferenceRow() {
        Sky a = new Sky(3).cap(400, 200, -20, 0.003);
        ObjectIndex ref = a.index("ref");
        ObjectIndex b = new Sky(4).near(a, 0.8, 0.0002).cap(100, 200, -20, 0.003).index("b");
        ObjectIndex c = new Sky(5).near(a, 0.6, 0.0002).index("c");
        CrossMatch spec = CrossMatch.of("ref", "b", "c").radiusArcsec(1).mode(MatchMode.BEST1).build();
        NWayMatchResult r = NWayMatcher.match(List.of(ref, b, c), spec, Map.of());
        MatchResult rb = Crossmatcher.match(ref, b, spec.criteria());
        MatchResult rc = Crossmatcher.match(ref, c, spec.criteria());
        int[] bestB = partnerOf(rb, ref.size());
        int[] bestC = partnerOf(rc, ref.size());
        int complete = 0;
        for (int l = 0; l < ref.size(); l++) {
            complete += bestB[l] >= 0 && bestC[l] >= 0 ? 1 : 0;
        }
        assertEquals(complete, r.size());
        for (int i = 0; i < r.size(); i++) {
            assertEquals(bestB[r.row(0, i)], r.row(1, i));
            assertEquals(bestC[r.row(0, i)], r.row(2, i));
        }
    }

    @Test
    void errorColumnsUseTheSuppliedPerRowErrors() {
        CrossMatch spec = CrossMatch.of("hsc", "desi", "sdss").radiusArcsec(30).mode(MatchMode.BEST1)
                .errorColumn("hsc", "err").errorColumn("desi", "err").errorColumn("sdss", "err").build();
        // errors of 0.22" everywhere match up to 0.44": h1-s1 (0.3"), h2-d2 (0.4"), h3-s3 (0.2"); none complete
        double[] e = {0.22, 0.22, 0.22};
        NWayMatchResult r = NWayMatcher.match(List.of(HSC, DESI, SDSS), spec, Map.of("hsc", e, "desi", e, "sdss", e));
        assertEquals(0, r.size());
        CrossMatch all1 = CrossMatch.of("hsc", "desi", "sdss").radiusArcsec(30).mode(MatchMode.BEST1)
                .join(JoinType.ALL_ONE).errorColumn("hsc", "err").errorColumn("desi", "err").errorColumn("sdss", "err")
                .build();
        assertEquals(List.of("1 - 21 g0/1", "2 12 - g1/1", "3 - 23 g2/1"),
                rows(NWayMatcher.match(List.of(HSC, DESI, SDSS), all1, Map.of("hsc", e, "desi", e, "sdss", e))));
        assertThrows(MmuInputException.class, () -> NWayMatcher.match(List.of(HSC, DESI, SDSS), all1, Map.of()));
        assertThrows(MmuInputException.class, () -> NWayMatcher.match(List.of(HSC, DESI), all1, Map.of()));
    }

    private static int[] partnerOf(MatchResult r, int n) {
        int[] p = new int[n];
        java.util.Arrays.fill(p, -1);
        for (int i = 0; i < r.size(); i++) {
            p[r.leftRow(i)] = r.rightRow(i);
        }
        return p;
    }
}
