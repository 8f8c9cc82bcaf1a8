package org.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.Column;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.testing.SyntheticSurvey;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.JoinType;
import org.mmu.matching.MatchMode;
import org.mmu.matching.MatchResult;
import org.mmu.matching.NWayMatchResult;
import org.mmu.matching.NWayMatcher;

/**
 * The crossmatch-load runs on the regional engine: as one region when the indices fit, else
 * streamed region by region. Either way the rows are the in-memory engine's, and the same bytes
 * come out in the same order for any region budget and thread count.
 */
class RegionalCrossMatchLoadTest {
    @TempDir
    static Path dir;

    /** Budget small enough for dozens of regions. */
    private static final long TINY_BUDGET = 40_000;

    /** "img": 2000 objects with images; "spec": 500 re-observed plus 150 others; "uv": 300 of img's, jittered more. */
    @BeforeAll
    static void build() {
        double[][] img = SyntheticSurvey.box(2000, 10, 20, -5, 5, 4);
        java.util.Random r = new java.util.Random(9);
        double[] ra = new double[650];
        double[] dec = new double[650];
        for (int k = 0; k < 650; k++) {
            int src = k < 500 ? k * 4 : -1;
            ra[k] = src >= 0 ? img[0][src] + 0.3 / 3600 * r.nextGaussian() : 10 + 10 * r.nextDouble();
            dec[k] = src >= 0 ? img[1][src] + 0.3 / 3600 * r.nextGaussian() : -5 + 10 * r.nextDouble();
        }
        double[] ura = new double[300];
        double[] udec = new double[300];
        for (int k = 0; k < 300; k++) {
            ura[k] = img[0][k * 6] + 0.6 / 3600 * r.nextGaussian();
            udec[k] = img[1][k * 6] + 0.6 / 3600 * r.nextGaussian();
        }
        write("img", SyntheticSurvey.catalog(img[0], img[1], 1, 1, 4, false), 50);
        write("spec", SyntheticSurvey.catalog(ra, dec, 500_001, 0, 0, true), 80);
        write("uv", SyntheticSurvey.catalog(ura, udec, 900_001, 0, 0, false), 60);
    }

    private static void write(String name, RowBatch cat, int perGroup) {
        try (PartitionedDataset src = CatalogDatasets.fromBatch(name, cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(perGroup).build().build(src, dir.resolve(name));
        }
    }

    private static CrossMatch spec(MatchMode mode, JoinType join, int threads, String... surveys) {
        CrossMatch.Builder b = CrossMatch.of(surveys).radiusArcsec(2).mode(mode).join(join).threads(threads);
        return (mode == MatchMode.KNN ? b.k(2) : b).build();
    }

    private static LoadOptions budget(long bytes) {
        return LoadOptions.builder().regionBudgetBytes(bytes).build();
    }

    /** Every row of the loaded table as text: ids, data and separations, in order. */
    private static List<String> rows(CrossMatch spec, LoadOptions o, boolean streamed) {
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec, o)) {
            assertEquals(streamed, m.isStreamed(), "streamed with budget " + o.regionBudgetBytes());
            return text(m.toRowBatch());
        }
    }

    private static List<String> text(RowBatch b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < b.rowCount(); i++) {
            StringBuilder s = new StringBuilder();
            for (Column c : b.columns()) {
                s.append(c.isNull(i) ? "null" : c.spec().isScalar() ? c.getString(i)
                        : java.util.Arrays.toString(c.getArray(i).toDoubleArray())).append(' ');
            }
            out.add(s.toString());
        }
        return out;
    }

    @Test
    void streamedRegionByRegionGivesTheSameRowsInTheSameOrderAsOneRegionForEveryModeAndJoin() {
        for (MatchMode mode : MatchMode.values()) {
            // inner, both outer sides, and the two one-sided joins: every kind of owner
            for (String join : List.of("1and2", "1or2", "all2", "2not1", "1xor2")) {
                CrossMatch one = spec(mode, JoinType.fromLabel(join), 1, "spec", "img");
                List<String> whole = rows(one, LoadOptions.defaults(), false);
                List<String> streamed = rows(spec(mode, JoinType.fromLabel(join), 3, "spec", "img"), budget(TINY_BUDGET), true);
                assertEquals(whole, streamed, mode + " " + join);
                assertFalse(whole.isEmpty(), mode + " " + join);
            }
        }
    }

    @Test
    void threeSurveysStreamTheSameRowsAsOneRegion() {
        for (MatchMode mode : List.of(MatchMode.ALL, MatchMode.BEST1)) {
            for (String join : List.of("1and2", "all1")) {
                CrossMatch spec = spec(mode, JoinType.fromLabel(join), 2, "img", "spec", "uv");
                List<String> whole = rows(spec, LoadOptions.defaults(), false);
                assertEquals(whole, rows(spec, budget(TINY_BUDGET), true), mode + " " + join);
                assertTrue(whole.size() >= 100, mode + " " + join + ": " + whole.size());
            }
        }
    }

    @Test
    void theRowsAreTheInMemoryEnginesRowsWithTheSameGroups() {
        for (MatchMode mode : MatchMode.values()) {
            for (String join : List.of("1and2", "1or2")) {
                CrossMatch spec = spec(mode, JoinType.fromLabel(join), 2, "spec", "img");
                List<String> expected;
                try (MmuDataset a = MmuDatasets.load(dir.resolve("spec").toString());
                        MmuDataset b = MmuDatasets.load(dir.resolve("img").toString())) {
                    MatchResult r = NWayMatcher.matchPair(a.index().renamed("spec"), b.index().renamed("img"), spec,
                            java.util.Map.of());
                    expected = new ArrayList<>();
                    for (int i = 0; i < r.size(); i++) {
                        expected.add(id(r.left(), r.leftRow(i)) + " " + id(r.right(), r.rightRow(i)) + " "
                                + (Double.isNaN(r.separationArcsec(i)) ? "null" : Double.toString(r.separationArcsec(i)))
                                + " " + r.groupSize(i));
                    }
                    java.util.Collections.sort(expected);
                }
                for (LoadOptions o : List.of(LoadOptions.defaults(), budget(TINY_BUDGET))) {
                    try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec,
                            o.toBuilder().fetchData(false).build())) {
                        assertEquals(expected, pairs(m.matchTable()), mode + " " + join + " streamed " + m.isStreamed());
                    }
                }
            }
        }
    }

    @Test
    void nWayRowsAreTheInMemoryEnginesRows() {
        CrossMatch spec = spec(MatchMode.ALL, JoinType.ONE_AND_TWO, 2, "img", "spec", "uv");
        List<String> expected = new ArrayList<>();
        try (MmuDataset a = MmuDatasets.load(dir.resolve("img").toString());
                MmuDataset b = MmuDatasets.load(dir.resolve("spec").toString());
                MmuDataset c = MmuDatasets.load(dir.resolve("uv").toString())) {
            NWayMatchResult r = NWayMatcher.match(List.of(a.index().renamed("img"), b.index().renamed("spec"),
                    c.index().renamed("uv")), spec, java.util.Map.of());
            for (int i = 0; i < r.size(); i++) {
                expected.add(id(r.indices().get(0), r.row(0, i)) + " " + id(r.indices().get(1), r.row(1, i)) + " "
                        + id(r.indices().get(2), r.row(2, i)));
            }
        }
        java.util.Collections.sort(expected);
        for (LoadOptions o : List.of(LoadOptions.defaults(), budget(TINY_BUDGET))) {
            List<String> got = new ArrayList<>();
            try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec, o)) {
                for (MatchedExample e : m) {
                    got.add(e.objectId("img") + " " + e.objectId("spec") + " " + e.objectId("uv"));
                }
            }
            java.util.Collections.sort(got);
            assertEquals(expected, got);
        }
    }

    private static String cell(RowBatch t, String column, int i) {
        Column c = t.column(column);
        return c.isNull(i) || c.spec().type() == org.mmu.core.DType.FLOAT64 && Double.isNaN(c.getDouble(i)) ? "null"
                : c.getString(i);
    }

    private static String id(org.mmu.core.ObjectIndex idx, int row) {
        return row < 0 ? "null" : idx.ids().getString(row);
    }

    /** (left id, right id, separation, group size) of each row, sorted: the rows as a set. */
    private static List<String> pairs(RowBatch t) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            out.add(cell(t, "left_object_id", i) + " " + cell(t, "right_object_id", i) + " "
                    + cell(t, "separation_arcsec", i) + " " + t.column("group_size").getString(i));
        }
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void streamedBatchesHaveTheAskedSizeAcrossRegionsAndTheirDataIsTheirObjects() {
        CrossMatch spec = spec(MatchMode.ALL, JoinType.fromLabel("1or2"), 2, "spec", "img");
        int size;
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec, budget(TINY_BUDGET));
                Stream<MatchedBatch> batches = m.batches(50)) {
            int seen = 0;
            for (Iterator<MatchedBatch> it = batches.iterator(); it.hasNext();) {
                MatchedBatch b = it.next();
                if (it.hasNext()) {
                    assertEquals(50, b.size());
                }
                for (int i = 0; i < b.size(); i++) {
                    assertEquals(seen + i, b.matchRow(i), "match rows number the stream");
                    MatchedExample e = b.get(i);
                    e.find("img").ifPresent(SyntheticSurvey::checkExample);
                    e.find("spec").ifPresent(SyntheticSurvey::checkExample);
                    e.find("img").ifPresent(x -> assertEquals(e.objectId("img"), x.getString("object_id")));
                }
                seen += b.size();
            }
            size = seen;
            assertEquals(size, m.report().pairs(), "the report counts the rows streamed");
            LoadReport.Survey img = m.report().surveys().get("img");
            assertEquals(img.matchedObjects(), img.rowsRead(), "each matched image row read once");
        }
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec, budget(TINY_BUDGET))) {
            assertEquals(size, m.size(), "size() counts the rows without fetching");
            assertEquals(0, m.report().rowsRead());
            assertEquals(0, m.report().dataBytesRead(), "the regions' index reads are index bytes, not data");
            assertTrue(m.report().indexBytesRead() > 0);
        }
    }

    @Test
    void aStreamedResultRefusesWhatNeedsTheWholeMatchAndSaysWhy() {
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec(MatchMode.ALL, JoinType.ONE_AND_TWO, 1,
                "spec", "img"), budget(TINY_BUDGET))) {
            for (Runnable r : List.<Runnable>of(m::plan, m::matchRows, () -> m.index("img"), () -> m.subset(new int[0]))) {
                MmuInputException e = assertThrows(MmuInputException.class, r::run);
                assertTrue(e.getMessage().contains("region by region") && e.getMessage().contains("regionBudgetBytes"),
                        e.getMessage());
            }
        }
    }

    @Test
    void aPrefetchWindowThatCannotFitTheHeapIsRefusedBeforeAnyWork() {
        long heap = Runtime.getRuntime().maxMemory();
        LoadOptions o = LoadOptions.builder().prefetchBytes(heap).build();
        MmuInputException e = assertThrows(MmuInputException.class, () -> MmuDatasets.load(dir.toString(),
                spec(MatchMode.ALL, JoinType.ONE_AND_TWO, 1, "spec", "img"), o));
        assertTrue(e.getMessage().contains("does not fit") && e.getMessage().contains("-Xmx"), e.getMessage());
        assertTrue(LoadOptions.defaults().fetchWindow().bytes() <= Math.max(4L << 20, heap / 8),
                "the default window follows the heap");
    }
}
