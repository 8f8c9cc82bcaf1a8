package org.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.Example;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.io.build.DatasetBuilder;
import org.mmu.io.catalog.CatalogDatasets;
import org.mmu.io.dataset.OpenContext;
import org.mmu.io.dataset.PartitionedDataset;
import org.mmu.io.testing.SyntheticSurvey;
import org.mmu.matching.BruteForceMatcher;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.JoinType;
import org.mmu.matching.MatchMode;
import org.mmu.matching.MatchResult;
import org.mmu.matching.MatchingFunction;

/**
 * A crossmatch-load returns, for every pair the matcher finds, the data of exactly those two
 * objects, read from only the partitions that hold them.
 */
class CrossMatchLoadTest {
    @TempDir
    static Path dir;
    static int reobserved;

    /** "wide": 6000 imaging objects over RA 340..40 (across 0/360); "deep": 300 of them re-observed with 0.2" scatter, in one small field, plus 100 field objects. */
    @BeforeAll
    static void build() {
        double[][] wide = SyntheticSurvey.box(6000, 340, 40, -20, 20, 1);
        RowBatch w = SyntheticSurvey.catalog(wide[0], wide[1], 1, 2, 4, false);
        java.util.Random r = new java.util.Random(2);
        double[] dra = new double[400];
        double[] ddec = new double[400];
        int k = 0;
        for (int i = 0; i < 6000 && k < 300; i++) {
            if (wide[0][i] > 355 || wide[0][i] < 3) { // a field straddling RA 0
                if (Math.abs(wide[1][i]) < 5) {
                    double cos = Math.cos(Math.toRadians(wide[1][i]));
                    dra[k] = (wide[0][i] + 0.2 / 3600 * r.nextGaussian() / cos + 360) % 360;
                    ddec[k] = wide[1][i] + 0.2 / 3600 * r.nextGaussian();
                    k++;
                }
            }
        }
        reobserved = k;
        for (; k < 400; k++) {
            dra[k] = (356 + 7 * r.nextDouble()) % 360;
            ddec[k] = -5 + 10 * r.nextDouble();
        }
        RowBatch d = SyntheticSurvey.catalog(dra, ddec, 1_000_001, 0, 0, true);
        write("wide", w, 100);
        write("deep", d, 1000);
    }

    private static void write(String name, RowBatch cat, int perGroup) {
        try (PartitionedDataset src = CatalogDatasets.fromBatch(name, cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(perGroup).build().build(src, dir.resolve(name));
        }
    }

    @Test
    void everyPairCarriesTheDataOfItsOwnTwoObjectsAndThePairsAreTheBruteForcePairs() {
        CrossMatch spec = CrossMatch.of("deep", "wide").radiusArcsec(2).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec)) {
            MatchResult expected = BruteForceMatcher.INSTANCE.match(m.index("deep"), m.index("wide"), spec.criteria());
            assertEquals(pairs(expected, m.index("deep"), m.index("wide")), pairs(m));
            assertTrue(reobserved > 100 && m.size() >= reobserved,
                    "each of the " + reobserved + " re-observed objects pairs with its original: " + m.size());
            for (MatchedExample e : m) {
                Example deep = e.get("deep");
                Example wide = e.get("wide");
                assertEquals(e.objectId("deep"), Long.toString(deep.getLong("object_id")));
                assertEquals(e.objectId("wide"), Long.toString(wide.getLong("object_id")));
                SyntheticSurvey.checkExample(deep);
                SyntheticSurvey.checkExample(wide);
                assertTrue(e.separationArcsec() <= 2);
            }
        }
    }

    @Test
    void aSparseMatchOpensFewerPartitionsThanExistAndSaysSoInTheReport() {
        CrossMatch spec = CrossMatch.of("deep", "wide").radiusArcsec(1).mode(MatchMode.BEST1).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec)) {
            assertEquals(0, m.report().surveys().get("wide").partitionsRead(), "nothing is fetched before iterating");
            assertEquals(m.size(), m.stream().count());
            LoadReport.Survey wide = m.report().surveys().get("wide");
            assertTrue(wide.partitionsRead() > 0 && wide.partitionsRead() * 4 < wide.partitionsTotal(),
                    "read " + wide.partitionsRead() + " of " + wide.partitionsTotal());
            assertEquals(m.matchResult().orElseThrow().distinctRightRows().length, wide.rowsRead(),
                    "only matched rows decoded");
            LoadReport r = m.report();
            assertEquals(r.pairs(), m.size());
            assertEquals(r.partitionsRead(), r.surveys().values().stream().mapToLong(LoadReport.Survey::partitionsRead).sum());
            assertTrue(r.indexBytesRead() > 0 && r.bytesRead() > r.indexBytesRead());
            assertTrue(r.toJson().contains("\"partitions_read\" : " + r.partitionsRead()));
            assertTrue(r.stageSeconds().keySet().containsAll(List.of("open", "index", "match", "plan", "fetch")));
        }
    }

    @Test
    void outerJoinsGiveAbsentPartnersAsNulls() {
        CrossMatch spec = CrossMatch.of("deep", "wide").radiusArcsec(1).mode(MatchMode.BEST1).join(JoinType.fromLabel("all1")).build();
        LoadOptions only = LoadOptions.builder().columns("wide", List.of("object_id", "flux")).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec, only)) {
            assertEquals(400, m.size(), "every deep object appears once");
            long lonely = m.stream().filter(e -> e.find("wide").isEmpty()).count();
            assertTrue(lonely >= 400 - reobserved - 5, "field objects have no partner: " + lonely);
            m.batches(7).forEach(b -> {
                RowBatch wide = b.survey("wide");
                assertEquals(List.of("object_id", "flux"), wide.schema().names());
                for (int i = 0; i < b.size(); i++) {
                    MatchedExample e = b.get(i);
                    assertEquals(e.find("wide").isEmpty(), wide.column("object_id").isNull(i));
                    assertEquals(e.find("wide").isEmpty(), Double.isNaN(e.separationArcsec()));
                    assertEquals(e.objectId("wide") == null, e.find("wide").isEmpty());
                }
            });
        }
    }

    @Test
    void filterAndMapAreLazyStreamsAndToRowBatchHoldsTheWholeResult() {
        CrossMatch spec = CrossMatch.of("deep", "wide").radiusArcsec(1).mode(MatchMode.BEST1).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec)) {
            List<MatchedExample> close = m.filter(e -> e.separationArcsec() < 0.2).toList();
            assertTrue(close.size() > 0 && close.size() < m.size());
            assertTrue(close.stream().allMatch(e -> e.separationArcsec() < 0.2));
            List<Double> flux = m.map(e -> e.get("wide").getDouble("flux")).limit(3).toList();
            assertEquals(3, flux.size());
            RowBatch table = m.toRowBatch();
            assertEquals(m.size(), table.rowCount());
            assertTrue(table.schema().contains("deep_spectrum") && table.schema().contains("wide_image")
                    && table.schema().contains("separation_arcsec"), table.schema().names().toString());
            for (int i = 0; i < m.size(); i++) {
                int row = m.plan().matchRowAt(i); // rows come in fetch order
                assertEquals(m.matchTable().column("right_object_id").getLong(row), table.column("wide_object_id").getLong(i));
            }
        }
    }

    @Test
    void threeSurveysMatchRelativeToTheReference() {
        CrossMatch spec = CrossMatch.of("deep", "wide", "deep2").radiusArcsec(1).reference("deep").build();
        try (CrossMatchedDatasets m = MmuDatasets.load(List.of(dir.resolve("deep").toString(),
                dir.resolve("wide").toString(), dir.resolve("deep").toString()), spec, LoadOptions.defaults())) {
            assertEquals("deep", m.referenceSurvey());
            for (MatchedExample e : m) {
                if (e.find("deep").isPresent() && e.find("deep2").isPresent()) {
                    assertEquals(e.objectId("deep"), e.objectId("deep2"), "a survey matches itself at zero distance");
                    assertEquals(0.0, e.separationArcsec("deep2"), 1e-9);
                }
            }
            assertTrue(m.matchTable().schema().names().containsAll(List.of("deep_object_id", "wide_object_id",
                    "deep2_object_id", "wide_separation_arcsec", "deep2_separation_arcsec")));
        }
    }

    @Test
    void aCustomMatchingFunctionDecidesWhatIsLoaded() {
        // pairs by id: deep object 1_000_001 + k <-> wide object 1 + k (not by position)
        MatchingFunction byId = (left, right, c) -> {
            int n = Math.min(5, left.size());
            int[] l = new int[n];
            int[] r = new int[n];
            for (int i = 0; i < n; i++) {
                l[i] = i;
                long want = left.ids().getLong(i) - 1_000_000;
                for (int j = 0; j < right.size(); j++) {
                    if (right.ids().getLong(j) == want) {
                        r[i] = j;
                    }
                }
            }
            return MatchResult.fromPairs(left, right, c, l, r, new double[n]);
        };
        CrossMatch spec = CrossMatch.of("deep", "wide").radiusArcsec(1).matchingFunction(byId).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec)) {
            assertEquals(5, m.size());
            for (MatchedExample e : m) {
                assertEquals(e.get("deep").getLong("object_id") - 1_000_000, e.get("wide").getLong("object_id"));
            }
        }
    }

    @Test
    void unknownSurveysAndColumnsAreNamed() {
        CrossMatch spec = CrossMatch.of("deep", "nope").radiusArcsec(1).build();
        var e = assertThrows(org.mmu.core.MmuException.class, () -> MmuDatasets.load(dir.toString(), spec));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        LoadOptions bad = LoadOptions.builder().columns("wide", List.of("fluxx")).build();
        MmuInputException c = assertThrows(MmuInputException.class,
                () -> MmuDatasets.load(dir.toString(), CrossMatch.of("deep", "wide").radiusArcsec(1).build(), bad));
        assertTrue(c.getMessage().contains("did you mean 'flux'"), c.getMessage());
        assertThrows(MmuInputException.class, () -> CrossMatch.of("deep", "wide").radiusArcsec(-1).build());
    }

    static Set<String> pairs(CrossMatchedDatasets m) {
        Set<String> s = new HashSet<>();
        for (MatchedExample e : m) {
            s.add(e.objectId("deep") + "," + e.objectId("wide"));
        }
        return s;
    }

    static Set<String> pairs(MatchResult r, ObjectIndex left, ObjectIndex right) {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < r.size(); i++) {
            s.add(left.ids().getString(r.leftRow(i)) + "," + right.ids().getString(r.rightRow(i)));
        }
        assertFalse(s.isEmpty());
        return s;
    }
}
