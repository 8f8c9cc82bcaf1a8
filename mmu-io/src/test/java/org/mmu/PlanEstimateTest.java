package org.mmu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.DataFormat;
import org.mmu.core.RowBatch;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.mmuv1.MmuV1Fixtures;
import org.mmu.internal.testing.SyntheticSurvey;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchMode;

/**
 * The fetch plan's request estimate is honest: on data of each shape a load meets — small rows,
 * image rows, HDF5 partitions, MMU v1 HDF5 and HATS read in place; a few rows per partition or
 * most of them — the plan's {@code requests} per survey is within 1.5× of the read requests the
 * fetch then makes (the report's {@code read_requests} after the load minus before it).
 */
class PlanEstimateTest {
    @TempDir
    static Path dir;

    /** Dense: 12,000 objects in a 10°×10° field. Sparse/dense followers: every 40th / every 2nd object re-observed. */
    @BeforeAll
    static void build() {
        double[][] field = SyntheticSurvey.box(12_000, 20, 30, -5, 5, 7);
        write("small", SyntheticSurvey.catalog(field[0], field[1], 1, 0, 0, false), 1500, DataFormat.PARQUET);
        write("images", SyntheticSurvey.catalog(field[0], field[1], 1, 3, 16, false), 400, DataFormat.PARQUET);
        write("hdf5", SyntheticSurvey.catalog(field[0], field[1], 1, 3, 16, true), 400, DataFormat.HDF5);
        write("sparse", follower(field, 40, 11), 100_000, DataFormat.PARQUET);
        write("dense", follower(field, 2, 12), 100_000, DataFormat.PARQUET);
    }

    /** Every {@code every}-th object of the field, moved by about 0.1″, with ids of its own. */
    private static RowBatch follower(double[][] field, int every, long seed) {
        Random r = new Random(seed);
        int n = field[0].length / every;
        double[] ra = new double[n];
        double[] dec = new double[n];
        for (int i = 0; i < n; i++) {
            ra[i] = field[0][i * every] + 0.1 / 3600 * r.nextGaussian();
            dec[i] = field[1][i * every] + 0.1 / 3600 * r.nextGaussian();
        }
        return SyntheticSurvey.catalog(ra, dec, 1_000_000, 0, 0, true);
    }

    private static void write(String name, RowBatch cat, int perGroup, DataFormat format) {
        try (PartitionedDataset src = CatalogDatasets.fromBatch(name, cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(perGroup).format(format).build().build(src, dir.resolve(name));
        }
    }

    @Test
    void smallRowsAFewPerPartition() {
        assertHonest("sparse", "small");
    }

    @Test
    void smallRowsMostOfEachPartition() {
        assertHonest("dense", "small");
    }

    @Test
    void imageRowsAFewPerPartition() {
        assertHonest("sparse", "images");
    }

    @Test
    void imageRowsMostOfEachPartition() {
        assertHonest("dense", "images");
    }

    @Test
    void hdf5PartitionsAFewAndMostRowsPerPartition() {
        assertHonest("sparse", "hdf5");
        assertHonest("dense", "hdf5");
    }

    @Test
    void mmuV1HdfAndHatsReadInPlace() {
        String shared = System.getProperty("mmu.shared.dir");
        Path hats = shared == null ? null : Path.of(shared, "fixtures", "hats", "small_sky_order1_collection");
        assumeTrue(hats != null && Files.isDirectory(hats), "the HATS fixture is in <shared>/fixtures/hats: skipping");
        Path v1 = MmuV1Fixtures.root().resolve("overlap_like/dr16_south");
        assertHonest(List.of(v1.toString(), hats.toString()), "dr16_south", "small_sky_order1_collection");
    }

    private static void assertHonest(String left, String right) {
        assertHonest(List.of(dir.resolve(left).toString(), dir.resolve(right).toString()), left, right);
    }

    private static void assertHonest(List<String> locations, String left, String right) {
        CrossMatch spec = CrossMatch.of(left, right).radiusArcsec(1).mode(MatchMode.BEST1).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(locations, spec)) {
            FetchPlan plan = m.plan();
            LoadReport before = m.report();
            long examples = m.stream().count();
            LoadReport after = m.report();
            assertTrue(examples > 0, "the match finds pairs");
            Map<String, String> seen = new LinkedHashMap<>();
            for (String s : List.of(left, right)) {
                long actual = after.surveys().get(s).readRequests() - before.surveys().get(s).readRequests();
                long estimate = plan.survey(s).estimatedRequests();
                seen.put(s, "estimate " + estimate + ", actual " + actual + " (" + plan.survey(s).partitionsRead()
                        + " partitions, " + plan.survey(s).rows() + " rows, " + after.surveys().get(s).rowLevelReads()
                        + " row groups read row by row, " + after.surveys().get(s).wholeReads() + " whole)");
            }
            for (String s : List.of(left, right)) {
                long actual = after.surveys().get(s).readRequests() - before.surveys().get(s).readRequests();
                long estimate = plan.survey(s).estimatedRequests();
                assertTrue(estimate <= 1.5 * actual && actual <= 1.5 * estimate,
                        s + " of " + left + " x " + right + ": " + seen.get(s));
            }
        }
    }
}
