package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmu.core.MmuInputException;

class CrossMatchTest {

    private static String message(Runnable r) {
        return assertThrows(MmuInputException.class, r::run).getMessage();
    }

    @Test
    void aSpecNamesSurveysAndCarriesCriteria() {
        CrossMatch spec = CrossMatch.of("hsc", "desi").radiusArcsec(1.0).mode(MatchMode.BEST1).threads(3).build();
        assertEquals(List.of("hsc", "desi"), spec.surveys());
        assertEquals("hsc", spec.reference());
        assertEquals(1.0, spec.criteria().radiusArcsec());
        assertEquals(MatchMode.BEST1, spec.criteria().mode());
        assertEquals(3, spec.criteria().threads());
        assertTrue(spec.errorColumns().isEmpty());
        assertSame(MatchingFunction.DEFAULT, spec.matchingFunction());
    }

    @Test
    void invalidSpecsAreRejectedWithTheReason() {
        assertTrue(message(() -> CrossMatch.of("hsc").radiusArcsec(1).build()).contains("at least 2"));
        assertTrue(message(() -> CrossMatch.of("hsc", "hsc").radiusArcsec(1).build()).contains("distinct"));
        assertTrue(message(() -> CrossMatch.of("hsc", " ").radiusArcsec(1).build()).contains("blank"));
        assertTrue(message(() -> CrossMatch.of("a", "b").radiusArcsec(1).reference("c").build()).contains("'c'"));
        assertTrue(message(() -> CrossMatch.of("a", "b").radiusArcsec(1).errorColumn("c", "err").build())
                .contains("'c'"));
        assertTrue(message(() -> CrossMatch.of("a", "b").errorColumn("a", "")).contains("column name"));
        assertTrue(message(() -> CrossMatch.of("a", "b").radiusArcsec(-1).build()).contains("-1.0"));
    }

    @Test
    void buildLeavesTheBuilderUnchanged() {
        CrossMatch.Builder b = CrossMatch.of("a", "b").radiusArcsec(1).errorColumn("a", "err");
        CrossMatch first = b.build();
        CrossMatch second = b.errorColumn("b", "e2").radiusArcsec(2).build();
        assertEquals(Map.of("a", "err"), first.errorColumns());
        assertEquals(1, first.criteria().radiusArcsec());
        assertEquals(List.of("a", "b"), List.copyOf(second.errorColumns().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> first.errorColumns().put("x", "y"));
    }

    @Test
    void bestScanIsAutoUnlessSetForEveryPairOrForOnePair() {
        CrossMatch auto = CrossMatch.of("gaia", "sdss", "hsc").radiusArcsec(5).mode(MatchMode.BEST).build();
        assertEquals(BestScan.AUTO, auto.criteria().bestScan());
        assertEquals(BestScan.AUTO, auto.criteria("gaia", "hsc", Map.of()).bestScan());
        CrossMatch right = CrossMatch.of("gaia", "sdss", "hsc").radiusArcsec(5).mode(MatchMode.BEST)
                .bestScan(BestScan.RIGHT).build();
        assertEquals(BestScan.RIGHT, right.criteria("gaia", "sdss", Map.of()).bestScan());
        CrossMatch onePair = auto.withBestScan("gaia", "hsc", BestScan.LEFT);
        assertEquals(BestScan.LEFT, onePair.criteria("gaia", "hsc", Map.of()).bestScan());
        assertEquals(BestScan.LEFT, onePair.bestScan("gaia", "hsc"));
        assertEquals(BestScan.AUTO, onePair.criteria("gaia", "sdss", Map.of()).bestScan());
        assertEquals(BestScan.AUTO, auto.bestScan("gaia", "hsc"), "withBestScan leaves the spec unchanged");
        assertTrue(onePair.toString().contains("[gaia, hsc]=LEFT"), onePair.toString());
        assertTrue(message(() -> auto.withBestScan("gaia", "desi", BestScan.LEFT)).contains("'desi'"));
    }

    @Test
    void errorColumnsAttachTheSuppliedErrorsToThePairsCriteria() {
        CrossMatch spec = CrossMatch.of("gaia", "sdss", "hsc").radiusArcsec(5).errorColumn("sdss", "pos_err").build();
        double[] sdss = {0.5, 0.7};
        MatchCriteria c = spec.criteria("gaia", "sdss", Map.of("sdss", sdss));
        assertEquals(0.7, c.rightErrorArcsec(1));
        assertTrue(!c.hasLeftErrors() && c.hasRightErrors());
        assertTrue(!spec.criteria("gaia", "hsc", Map.of()).hasErrors());
        assertTrue(message(() -> spec.criteria("gaia", "sdss", Map.of())).contains("pos_err"));
        assertTrue(message(() -> spec.criteria("gaia", "ps1", Map.of())).contains("'ps1'"));
    }
}
