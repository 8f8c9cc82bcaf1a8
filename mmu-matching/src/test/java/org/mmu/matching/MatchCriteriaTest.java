package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmu.core.MmuInputException;

class MatchCriteriaTest {

    private static String message(Runnable r) {
        return assertThrows(MmuInputException.class, r::run).getMessage();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, 3600.0001, Double.POSITIVE_INFINITY})
    void radiusOutsideZeroToOneDegreeIsRejectedNamingTheValue(double radius) {
        String m = message(() -> MatchCriteria.builder().radiusArcsec(radius).build());
        assertTrue(m.contains(Double.isNaN(radius) ? "required" : String.valueOf(radius)), m);
    }

    @Test
    void radiusFromOneMilliarcsecToOneDegreeIsAccepted() {
        assertEquals(0.001, MatchCriteria.builder().radiusArcsec(0.001).build().radiusArcsec());
        assertEquals(3600, MatchCriteria.builder().radiusArcsec(3600).build().radiusArcsec());
    }

    @Test
    void defaultsAreAllPairsInnerJoinAllProcessors() {
        MatchCriteria c = MatchCriteria.builder().radiusArcsec(1).build();
        assertEquals(MatchMode.ALL, c.mode());
        assertEquals(JoinType.ONE_AND_TWO, c.join());
        assertEquals(1, c.k());
        assertEquals(0, c.minRadiusArcsec());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.threads());
        assertFalse(c.hasErrors());
    }

    @Test
    void otherOptionsAreValidatedWithTheValueInTheMessage() {
        assertTrue(message(() -> MatchCriteria.builder().radiusArcsec(1).minRadiusArcsec(1).build()).contains("1.0"));
        assertTrue(message(() -> MatchCriteria.builder().radiusArcsec(1).minRadiusArcsec(-0.5).build()).contains("-0.5"));
        assertTrue(message(() -> MatchCriteria.builder().radiusArcsec(1).mode(MatchMode.KNN).k(0).build()).contains("0"));
        assertTrue(message(() -> MatchCriteria.builder().radiusArcsec(1).k(3).build()).contains("knn"));
        assertTrue(message(() -> MatchCriteria.builder().threads(0)).contains("0"));
        assertTrue(message(() -> MatchCriteria.builder().radiusArcsec(1)
                .errorsArcsec(new double[] {1, Double.NaN}, null).build()).contains("row 1"));
        assertTrue(message(() -> MatchCriteria.builder().radiusArcsec(1)
                .errorsArcsec(null, new double[] {-2}).build()).contains("-2"));
    }

    @Test
    void buildLeavesTheBuilderUnchangedAndCriteriaAreIndependent() {
        MatchCriteria.Builder b = MatchCriteria.builder().radiusArcsec(2).mode(MatchMode.KNN).k(5);
        MatchCriteria first = b.build();
        MatchCriteria second = b.radiusArcsec(3).build();
        assertEquals(2, first.radiusArcsec());
        assertEquals(3, second.radiusArcsec());
        assertEquals(5, second.k());
        assertEquals(JoinType.ALL_ONE, first.withJoin(JoinType.ALL_ONE).join());
        assertEquals(2, first.withJoin(JoinType.ALL_ONE).radiusArcsec());
    }

    @Test
    void withErrorsTheMatchIsTheSumOfErrorsCappedByTheRadius() {
        MatchCriteria c = MatchCriteria.builder().radiusArcsec(5).errorsArcsec(new double[] {1, 4}, new double[] {0.5})
                .build();
        assertEquals(4.5, c.searchRadiusArcsec()); // the largest errors add up to less than the radius
        assertTrue(c.accepts(1.5, 0, 0));
        assertFalse(c.accepts(1.6, 0, 0));
        assertTrue(c.accepts(4.5, 1, 0));
        assertFalse(c.accepts(4.6, 1, 0));
    }

    @Test
    void labelsRoundTripAndUnknownLabelsListTheValidOnes() {
        for (MatchMode m : MatchMode.values()) {
            assertEquals(m, MatchMode.fromLabel(m.label()));
        }
        for (JoinType j : JoinType.values()) {
            assertEquals(j, JoinType.fromLabel(j.label()));
        }
        assertEquals(MatchMode.BEST1, MatchMode.fromLabel("BEST1"));
        assertTrue(message(() -> MatchMode.fromLabel("nearest")).contains("all, best, best1, best2, knn"));
        assertTrue(message(() -> JoinType.fromLabel("inner")).contains("1and2, 1or2, all1, all2, 1not2, 2not1, 1xor2"));
    }
}
