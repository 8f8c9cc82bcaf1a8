package org.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.testing.SyntheticSurvey;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.JoinType;
import org.mmu.matching.MatchMode;

/**
 * A crossmatch-load is planned before anything is fetched, then streamed through a bounded
 * window: the plan says exactly which partitions and how many rows the fetch reads, and any
 * window gives the same examples in the same order.
 */
class StreamedCrossMatchLoadTest {
    @TempDir
    static Path dir;

    /** "img": 3000 objects with 2×8×8 images in small partitions; "spec": 600 of them re-observed plus 200 others, with spectra. */
    @BeforeAll
    static void build() {
        double[][] img = SyntheticSurvey.box(3000, 10, 30, -10, 10, 4);
        java.util.Random r = new java.util.Random(9);
        double[] ra = new double[800];
        double[] dec = new double[800];
        for (int k = 0; k < 800; k++) {
            int src = k < 600 ? k * 5 : -1;
            ra[k] = src >= 0 ? img[0][src] + 0.1 / 3600 * r.nextGaussian() : 10 + 20 * r.nextDouble();
            dec[k] = src >= 0 ? img[1][src] + 0.1 / 3600 * r.nextGaussian() : -10 + 20 * r.nextDouble();
        }
        write("img", SyntheticSurvey.catalog(img[0], img[1], 1, 2, 8, false), 40);
        write("spec", SyntheticSurvey.catalog(ra, dec, 500_001, 0, 0, true), 100);
    }

    private static void write(String name, RowBatch cat, int perGroup) {
        try (PartitionedDataset src = CatalogDatasets.fromBatch(name, cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(perGroup).build().build(src, dir.resolve(name));
        }
    }

    static CrossMatch spec(MatchMode mode, JoinType join) {
        return CrossMatch.of("spec", "img").radiusArcsec(1).mode(mode).join(join).build();
    }

    static LoadOptions window(long bytes, int partitions) {
        return LoadOptions.builder().prefetchBytes(bytes).prefetchPartitions(partitions).build();
    }

    @Test
    void thePlanReadsExactlyThePartitionsAndRowsTheFetchThenReads() {
        for (LoadOptions o : List.of(LoadOptions.defaults(), window(20_000, 3))) {
            try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec(MatchMode.ALL, JoinType.ONE_AND_TWO), o)) {
                FetchPlan plan = m.plan();
                assertEquals(0, m.report().partitionsRead(), "planning reads no data");
                assertTrue(plan.survey("img").partitionsRead() > 1, plan.toString());
                m.forEach(e -> { });
                for (String s : m.surveys()) {
                    LoadReport.Survey read = m.report().surveys().get(s);
                    assertEquals(plan.survey(s).partitionsRead(), read.partitionsRead(), s + ": " + plan);
                    assertEquals(plan.survey(s).partitionsTotal(), read.partitionsTotal(), s);
                    assertEquals(plan.survey(s).rows(), read.rowsRead(), s + ": rows");
                }
                assertEquals(plan.partitionsRead(), m.report().partitionsRead());
                long requests = m.report().dataRequests();
                assertTrue(plan.estimatedBytes() > 0 && plan.estimatedRequests() >= plan.partitionsRead()
                        && plan.estimatedRequests() <= 1.5 * requests && requests <= 1.5 * plan.estimatedRequests(),
                        "the request estimate is within 1.5x of the fetch's: " + plan.estimatedRequests() + " for " + requests);
            }
        }
    }

    @Test
    void aTinyWindowStreamsInManyStepsAndGivesTheSameExamplesInTheSameOrder() {
        for (JoinType join : List.of(JoinType.ONE_AND_TWO, JoinType.fromLabel("1or2"))) {
            List<String> wide = examples(LoadOptions.defaults(), join);
            try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec(MatchMode.ALL, join), window(5_000, 2))) {
                assertTrue(m.plan().stepCount() > 20, "steps: " + m.plan().stepCount());
            }
            assertEquals(wide, examples(window(5_000, 2), join), join.toString());
            assertTrue(wide.size() >= 600, "pairs: " + wide.size());
        }
    }

    /** Each match row as "spec id, img id, flux of each, first image value": data checked against its id. */
    private static List<String> examples(LoadOptions o, JoinType join) {
        List<String> out = new ArrayList<>();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec(MatchMode.ALL, join), o)) {
            for (MatchedExample e : m) {
                StringBuilder b = new StringBuilder();
                for (String s : m.surveys()) {
                    b.append(e.objectId(s)).append(' ');
                    e.find(s).ifPresent(x -> {
                        SyntheticSurvey.checkExample(x);
                        b.append(x.getDouble("flux")).append(' ');
                    });
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void batchesCutTheStreamIntoFixedSizesAcrossStepsInFetchOrder() {
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec(MatchMode.BEST1, JoinType.ONE_AND_TWO), window(8_000, 4));
                Stream<MatchedBatch> batches = m.batches(64)) {
            int seen = 0;
            java.util.Set<Integer> rows = new java.util.HashSet<>();
            for (Iterator<MatchedBatch> it = batches.iterator(); it.hasNext();) {
                MatchedBatch b = it.next();
                assertEquals(it.hasNext() ? 64 : m.size() - seen, b.size());
                RowBatch table = b.toRowBatch();
                for (int i = 0; i < b.size(); i++) {
                    assertEquals(m.plan().matchRowAt(seen + i), b.matchRow(i), "batches follow the fetch order");
                    assertEquals(m.matchTable().column("right_object_id").getLong(b.matchRow(i)),
                            table.column("img_object_id").getLong(i));
                    assertEquals(m.matchTable().column("separation_arcsec").getDouble(b.matchRow(i)),
                            table.column("separation_arcsec").getDouble(i));
                    rows.add(b.matchRow(i));
                }
                seen += b.size();
            }
            assertEquals(m.size(), seen);
            assertEquals(m.size(), rows.size(), "every match row once");
        }
    }

    @Test
    void theFetchOrderGroupsMatchRowsByTheHeaviestSurveysPartitionSoEachIsReadOnce() {
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec(MatchMode.ALL, JoinType.ONE_AND_TWO))) {
            FetchPlan plan = m.plan();
            int last = -1;
            java.util.Set<Integer> done = new java.util.HashSet<>();
            for (int t = 0; t < plan.matchRows(); t++) {
                int p = m.index("img").partitionOrdinal(m.matchRows().indexRow(1, plan.matchRowAt(t)));
                if (p != last) {
                    assertTrue(done.add(p), "partition " + p + " comes back at fetch position " + t);
                    last = p;
                }
            }
            m.forEach(e -> { });
            assertEquals(plan.survey("img").partitionsRead(), m.report().surveys().get("img").partitionsRead());
            assertEquals(m.report().surveys().get("img").matchedObjects(), m.report().surveys().get("img").rowsRead(),
                    "each matched image row decoded once");
        }
    }

    @Test
    void aSubsetStreamsOnlyItsRowsAndAStreamClosedEarlyStopsFetching() {
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec(MatchMode.BEST1, JoinType.ONE_AND_TWO), window(8_000, 4))) {
            int[] reversed = new int[10];
            for (int i = 0; i < 10; i++) {
                reversed[i] = m.size() - 1 - i;
            }
            CrossMatchedDatasets tail = m.subset(reversed);
            List<String> ids = tail.map(e -> e.objectId("img")).toList();
            java.util.Set<Long> expected = new java.util.HashSet<>();
            for (int i = 0; i < 10; i++) {
                expected.add(m.matchTable().column("right_object_id").getLong(reversed[i]));
            }
            assertEquals(expected, ids.stream().map(Long::parseLong).collect(java.util.stream.Collectors.toSet()));
            try (Stream<MatchedExample> s = m.stream()) {
                assertEquals(5, s.limit(5).count());
            }
            long before = m.report().rowsRead();
            assertTrue(before < m.plan().rows() + 10, "an early close does not read the whole plan: " + before);
        }
    }

    @Test
    void aMatchOnlyLoadRefusesToIterateAndSaysWhy() {
        LoadOptions matchOnly = LoadOptions.builder().fetchData(false).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec(MatchMode.BEST1, JoinType.ONE_AND_TWO), matchOnly)) {
            assertTrue(m.matchTable().rowCount() > 0);
            MmuInputException e = assertThrows(MmuInputException.class, m::iterator);
            assertTrue(e.getMessage().contains("fetchData"), e.getMessage());
        }
        assertThrows(MmuInputException.class, () -> LoadOptions.builder().prefetchBytes(0));
    }

    @Test
    void anEmbeddersExecutorRunsTheLoadsBackgroundWorkAndChangesNoRow() {
        CrossMatch spec = CrossMatch.of("img", "spec").radiusArcsec(1).build();
        java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService shared = java.util.concurrent.Executors.newFixedThreadPool(1);
        java.util.concurrent.Executor counting = r -> {
            tasks.incrementAndGet();
            shared.execute(r);
        };
        try {
            for (LoadOptions own : List.of(window(8 << 10, 64), window(8 << 10, 64).toBuilder().regionBudgetBytes(2_000).build())) {
                RowBatch expected;
                try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec, own)) {
                    expected = m.toRowBatch();
                }
                int before = tasks.get();
                try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec, own.toBuilder().executor(counting).build())) {
                    RowBatch got = m.toRowBatch();
                    assertEquals(expected.rowCount(), got.rowCount());
                    for (int c = 0; c < expected.schema().size(); c++) {
                        for (int i = 0; i < expected.rowCount(); i++) {
                            assertEquals(text(expected.column(c), i), text(got.column(c), i),
                                    expected.schema().get(c).name() + " row " + i);
                        }
                    }
                    assertTrue(tasks.get() > before, "the executor ran the fetch (streamed " + m.isStreamed() + ")");
                }
            }
        } finally {
            shared.shutdownNow();
        }
    }

    private static String text(org.mmu.core.Column c, int i) {
        return c.isNull(i) ? "null" : c.spec().isScalar() ? c.getString(i)
                : java.util.Arrays.toString(c.getArray(i).toDoubleArray());
    }
}
