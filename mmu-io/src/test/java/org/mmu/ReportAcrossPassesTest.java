package org.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.RowBatch;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.testing.SyntheticSurvey;
import org.mmu.matching.CrossMatch;

/**
 * The load report's counters mean the same on every pass over a result: {@code rows_read} counts
 * the rows decoded, on each pass; {@code data_bytes_read} and {@code read_requests} count what
 * storage delivered, so a pass served from the caches adds nothing there but adds to
 * {@code cache_hits}, which counts the blocks served from a cache.
 */
class ReportAcrossPassesTest {
    @TempDir
    Path dir;

    @Test
    void aSecondPassDecodesTheRowsAgainAndCountsWhatTheCachesServed() {
        double[][] field = SyntheticSurvey.box(3000, 10, 14, -2, 2, 3);
        write("a", SyntheticSurvey.catalog(field[0], field[1], 1, 2, 8, false));
        write("b", SyntheticSurvey.catalog(field[0], field[1], 100_000, 0, 0, true));
        CrossMatch spec = CrossMatch.of("a", "b").radiusArcsec(1).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(List.of(dir.resolve("a").toString(), dir.resolve("b").toString()), spec)) {
            assertEquals(3000, m.stream().count());
            LoadReport first = m.report();
            assertEquals(3000, m.stream().count());
            LoadReport second = m.report();
            for (String s : List.of("a", "b")) {
                LoadReport.Survey one = first.surveys().get(s);
                LoadReport.Survey two = second.surveys().get(s);
                assertEquals(2 * one.rowsRead(), two.rowsRead(), s + ": rows are decoded on each pass");
                assertEquals(one.partitionsRead(), two.partitionsRead(), s + ": partitions_read counts distinct partitions");
                long fetched = two.dataRequests() - one.dataRequests();
                long served = two.cacheHits() - one.cacheHits();
                assertTrue(served > 0, s + ": the second pass is served from the verified blocks in memory: " + served);
                assertTrue(fetched < one.dataRequests() && two.dataBytesRead() - one.dataBytesRead() < one.dataBytesRead(),
                        s + ": what the caches served is not fetched again: " + fetched + " requests after " + one.dataRequests());
            }
            assertEquals(2 * first.rowsRead(), second.rowsRead());
            assertEquals(second.surveys().values().stream().mapToLong(LoadReport.Survey::cacheHits).sum(), second.cacheHits());
        }
    }

    private void write(String name, RowBatch cat) {
        try (PartitionedDataset src = CatalogDatasets.fromBatch(name, cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(200).build().build(src, dir.resolve(name));
        }
    }
}
