package org.mmu.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.CrossMatchedDatasets;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.core.RowBatch;
import org.mmu.internal.testing.SyntheticSurvey;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.JoinType;
import org.mmu.matching.MatchMode;

/** The distributed crossmatch and crossmatch-load give the single-machine engine's rows, on hard geometry. */
class CrossMatchTest {
    @TempDir
    static Path dir;
    static String left;
    static String right;
    static String third;
    static SparkSession spark;

    @BeforeAll
    static void build() {
        spark = TestSpark.session();
        HardSky a = new HardSky(7).polesAndWrap(300).baseCellEdges(600, 0.01).cluster(400, 0.01).cluster(300, 0.02);
        HardSky b = a.near(0.8, 3.0 / 3600, 8).baseCellEdges(300, 0.01);
        left = TestSpark.writeSurvey(dir, "deep", a, 1);
        right = TestSpark.writeSurvey(dir, "wide", b, 1_000_001);
        third = TestSpark.writeSurvey(dir, "extra", a.near(0.5, 3.0 / 3600, 9), 2_000_001);
    }

    /** The single-machine rows as "left|right|separation" (absent sides empty), sorted. */
    private static List<String> sdkRows(CrossMatch spec) {
        LoadOptions options = LoadOptions.builder().fetchData(false).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(List.of(left, right), spec, options)) {
            RowBatch t = m.matchTable();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < t.rowCount(); i++) {
                out.add(cell(t.column(0).get(i)) + "|" + cell(t.column(1).get(i)) + "|"
                        + cell(t.column(2).isNull(i) || Double.isNaN(t.column(2).getDouble(i)) ? null : t.column(2).get(i)));
            }
            Collections.sort(out);
            return out;
        }
    }

    private static List<String> sparkRows(Dataset<Row> pairs) {
        List<String> out = new ArrayList<>();
        for (Row r : pairs.select("left_object_id", "right_object_id", "separation_arcsec").collectAsList()) {
            out.add(cell(r.get(0)) + "|" + cell(r.get(1)) + "|" + cell(r.get(2)));
        }
        Collections.sort(out);
        return out;
    }

    private static String cell(Object v) {
        return v == null ? "" : v.toString();
    }

    @Test
    void pairsAreTheSingleMachineEnginesInEveryModeAndJoin() {
        int checked = 0;
        for (MatchMode mode : MatchMode.values()) {
            // every mode with the inner and the full outer join, and each one-sided join once
            List<JoinType> joins = switch (mode) {
                case ALL -> List.of(JoinType.ONE_AND_TWO, JoinType.ONE_OR_TWO, JoinType.ALL_ONE);
                case BEST1 -> List.of(JoinType.ONE_AND_TWO, JoinType.ONE_OR_TWO, JoinType.TWO_NOT_ONE);
                default -> List.of(JoinType.ONE_AND_TWO, JoinType.ONE_OR_TWO);
            };
            for (JoinType join : joins) {
                CrossMatch.Builder b = CrossMatch.of("deep", "wide").radiusArcsec(4).mode(mode).join(join);
                CrossMatch spec = (mode == MatchMode.KNN ? b.k(2) : b).build();
                List<String> expected = sdkRows(spec);
                assertEquals(expected, sparkRows(MmuSpark.crossmatch(spark, left, right, spec)), mode + " " + join);
                checked += expected.size();
            }
        }
        assertTrue(checked > 10_000, "the geometry gives many rows: " + checked);
    }

    @Test
    void theSkyIsCutIntoSeveralRegionsEachOneSparkTask() {
        CrossMatch spec = CrossMatch.of("deep", "wide").radiusArcsec(4).build();
        Dataset<Row> pairs = MmuSpark.crossmatch(spark, left, right, spec);
        int tasks = pairs.rdd().getNumPartitions();
        assertTrue(tasks >= 4, "regions: " + tasks);
        Set<Integer> regions = new HashSet<>();
        pairs.select("region").distinct().collectAsList().forEach(r -> regions.add(r.getInt(0)));
        assertTrue(regions.size() >= 4, "pairs come from several regions: " + regions);
    }

    @Test
    void loadedValuesBelongToTheirObjectsAndOnlyPartitionsWithMatchesAreRead() {
        OpenDatasets.close(left);
        OpenDatasets.close(right);
        CrossMatch spec = CrossMatch.of("deep", "wide").radiusArcsec(4).mode(MatchMode.BEST).build();
        Dataset<Row> rows = MmuSpark.crossmatchLoad(spark, left, right, spec);
        List<Row> all = rows.collectAsList();
        assertEquals(sdkRows(spec).size(), all.size());
        Set<Integer> leftPartitions = new HashSet<>();
        Set<Integer> rightPartitions = new HashSet<>();
        for (Row p : MmuSpark.crossmatch(spark, left, right, spec).collectAsList()) {
            leftPartitions.add(p.getInt(3));
            rightPartitions.add(p.getInt(5));
        }
        for (Row r : all) {
            long l = r.getAs("deep_object_id");
            long w = r.getAs("wide_object_id");
            assertEquals(l * 0.5, (double) r.getAs("deep_flux"));
            assertEquals(w * 0.5, (double) r.getAs("wide_flux"));
            List<Float> img = r.getList(r.fieldIndex("wide_image"));
            assertEquals(SyntheticSurvey.imageValue(w, 0, 1, 1), img.get(3));
            List<Double> spectrum = r.getList(r.fieldIndex("deep_spectrum"));
            assertEquals(SyntheticSurvey.spectrumLength(l), spectrum.size());
        }
        MmuDataset deep = OpenDatasets.get(left);
        MmuDataset wide = OpenDatasets.get(right);
        assertEquals(leftPartitions.size(), deep.readStats().partitionsRead());
        assertEquals(rightPartitions.size(), wide.readStats().partitionsRead());
        assertTrue(leftPartitions.size() < deep.partitions().size(), leftPartitions.size() + " of " + deep.partitions().size());

        Path out = dir.resolve("matched.parquet");
        rows.select("deep_object_id", "wide_object_id", "wide_image", "separation_arcsec").write().parquet(out.toString());
        assertEquals(all.size(), spark.read().parquet(out.toString()).count());
    }

    @Test
    void threeSurveysLoadTheLibrarysRowsWithEachSurveysColumns() {
        CrossMatch spec = CrossMatch.of("deep", "wide", "extra").radiusArcsec(4).join(JoinType.ONE_OR_TWO).build();
        List<String> locations = List.of(left, right, third);
        List<List<String>> columns = List.of(List.of("object_id", "flux"), List.of("object_id"),
                List.of("object_id", "flux"));
        LoadOptions.Builder options = LoadOptions.builder();
        for (int s = 0; s < 3; s++) {
            options.columns(spec.surveys().get(s), columns.get(s));
        }
        RowBatch expected;
        try (CrossMatchedDatasets m = MmuDatasets.load(locations, spec, options.build())) {
            expected = m.toRowBatch();
        }
        Dataset<Row> rows = MmuSpark.crossmatchLoad(spark, locations, spec, columns);
        List<String> names = expected.schema().names();
        assertEquals(names, List.of(rows.columns()));
        List<String> want = new ArrayList<>();
        for (int i = 0; i < expected.rowCount(); i++) {
            StringBuilder b = new StringBuilder();
            for (String n : names) {
                Object v = expected.column(n).get(i);
                b.append(v instanceof Double d && d.isNaN() ? "" : cell(v)).append('|');
            }
            want.add(b.toString());
        }
        List<String> got = new ArrayList<>();
        for (Row r : rows.collectAsList()) {
            StringBuilder b = new StringBuilder();
            for (String n : names) {
                b.append(cell(r.get(r.fieldIndex(n)))).append('|');
            }
            got.add(b.toString());
        }
        Collections.sort(want);
        Collections.sort(got);
        assertEquals(want, got);
        assertTrue(want.size() > 1000, "rows: " + want.size());
    }
}
