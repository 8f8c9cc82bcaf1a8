package org.mmu.internal.regions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.MmuDatasets;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.testing.SyntheticSurvey;
import org.mmu.matching.CellCounts;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.InMemoryRegionSource;
import org.mmu.matching.JoinType;
import org.mmu.matching.MatchMode;
import org.mmu.matching.RegionSlice;
import org.mmu.matching.RegionalMatcher;
import org.mmu.matching.SkyRegion;
import org.mmu.matching.SkyCells;
import org.mmu.matching.SkyRegions;

/** Index-first indices read by region give the rows an in-memory index gives, reading only those rows. */
class IndexRegionsTest {
    @TempDir
    Path dir;

    private MmuDataset build(String name, RowBatch catalog) {
        return build(name, catalog, -1, 700);
    }

    /** A dataset whose index files hold {@code rowsPerFile} rows, with cell tables at {@code tableDepth} (-1: default). */
    private MmuDataset build(String name, RowBatch catalog, int tableDepth, int rowsPerFile) {
        Path out = dir.resolve(name);
        DatasetBuilder.builder().name(name).objectsPerGroup(50).indexRowsPerFile(rowsPerFile).cellTableDepth(tableDepth)
                .build().build(CatalogDatasets.fromBatch(name, catalog, CoordinateColumns.DEFAULT, OpenContext.defaults()),
                        CoordinateColumns.DEFAULT, out);
        return MmuDatasets.load(out);
    }

    private static RowBatch sky(int n, long seed, long firstId) {
        double[][] p = SyntheticSurvey.box(n, 359.98, 0.04, -89.99, -89.95, seed); // the south pole, across RA 0/360
        double[][] q = SyntheticSurvey.box(n, 350, 20, -10, 10, seed + 1);         // a band across RA 0/360
        double[] ra = new double[2 * n];
        double[] dec = new double[2 * n];
        for (int i = 0; i < n; i++) {
            ra[i] = p[0][i];
            dec[i] = p[1][i];
            ra[n + i] = q[0][i];
            dec[n + i] = q[1][i];
        }
        return SyntheticSurvey.catalog(ra, dec, firstId, 1, 1, false);
    }

    @Test
    void slicesAndCountsEqualTheInMemoryIndexAndReadOnlyTheirRows() {
        try (MmuDataset left = build("left", sky(2000, 1, 1)); MmuDataset right = build("right", sky(1500, 7, 100_000))) {
            CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(30).build();
            int depth = 7;
            IndexRegions source = IndexRegions.open(List.of(left, right), spec, depth, 2);
            assertTrue(source.readsByRegion(0) && source.readsByRegion(1));
            assertEquals(left.size() + right.size(), source.planningRowsRead(),
                    "cell tables coarser than the depth asked: the indices are scanned");
            List<ObjectIndex> whole = List.of(left.index(), right.index());
            InMemoryRegionSource truth = InMemoryRegionSource.of(whole, spec.surveys(), Map.of());
            CellCounts counts = source.counts();
            CellCounts expected = assertSameCounts(CellCounts.of(depth, 30, whole), counts);
            for (int k = 0; k < counts.occupiedCount(); k++) {
                assertEquals(expected.squaresAt(0, k), counts.squaresAt(0, k));
            }
            long[] cells = counts.occupiedCells();
            long[] some = {cells[0], cells[cells.length / 3], cells[cells.length / 3 + 1], cells[cells.length - 1]};
            for (int s = 0; s < 2; s++) {
                RegionSlice got = source.slice(s, depth, some);
                RegionSlice want = truth.slice(s, depth, some);
                assertArrayEquals(ids(want.index()), ids(got.index()), "survey " + s);
                java.util.Map<Long, Integer> rowOf = new java.util.HashMap<>();
                for (int i = 0; i < whole.get(s).size(); i++) {
                    rowOf.put(whole.get(s).ids().getLong(i), i);
                }
                for (int i = 0; i < got.index().size(); i++) { // still locates the object's data
                    int w = rowOf.get(got.index().ids().getLong(i));
                    assertEquals(whole.get(s).partition(w), got.index().partition(i));
                    assertEquals(whole.get(s).row(w), got.index().row(i));
                }
            }
            long inSlices = source.slice(0, depth, some).index().size() + source.slice(1, depth, some).index().size();
            assertEquals(2 * inSlices, source.rowsRead(), "slices read exactly their rows");
            long inCells = 0;
            for (long c : some) {
                inCells += counts.count(0, c) + counts.count(1, c);
            }
            assertEquals(inCells, inSlices, "the rows of those cells, no more");
            assertTrue(inSlices < (left.size() + right.size()) / 2, "a few cells are a part of the index");
        }
    }

    @Test
    void aWalkOverIndexFirstAndACatalogEqualsTheInMemoryMatch() {
        try (MmuDataset left = build("left", sky(1500, 3, 1));
                MmuDataset right = CatalogDatasets.fromBatch("right", sky(1200, 3, 100_000), CoordinateColumns.DEFAULT,
                        OpenContext.defaults())) {
            CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(20).mode(MatchMode.BEST)
                    .join(JoinType.ONE_OR_TWO).build();
            IndexRegions source = IndexRegions.open(List.of(left, right), spec, 7, 2);
            assertTrue(source.readsByRegion(0) && !source.readsByRegion(1));
            SkyRegions plan = source.plan(spec, 20_000);
            assertTrue(plan.regions().size() > 5, plan.toString());
            assertEquals(inMemoryRows(left, right, spec), walkedRows(plan, source, spec));
            assertTrue(plan.regions().stream().mapToLong(SkyRegion::objects).sum() == left.size() + right.size());
        }
    }

    @Test
    void anIndexRowOutsideItsPartitionFailsARegionSliceAsItFailsAWholeRead() throws Exception {
        Path ds = dir.resolve("left");
        build("left", sky(1000, 5, 1)).close();
        // a 1.0 manifest (no checksums to trip first) whose partition 0 claims a single row, the
        // rest moved to partition 1 so that the totals still agree
        org.mmu.internal.testing.OldManifests.rewriteAsVersion10(ds, root -> {
            var p0 = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("partitions").get(0);
            var p1 = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("partitions").get(1);
            p1.put("rows", p1.get("rows").asLong() + p0.get("rows").asLong() - 1);
            p0.put("rows", 1);
        });
        try (MmuDataset d = MmuDatasets.load(ds)) {
            var whole = assertThrows(MmuFormatException.class, d::index);
            assertTrue(whole.getMessage().contains("which has 1 rows"), whole.getMessage());
            CrossMatch spec = CrossMatch.of("left", "again").radiusArcsec(30).build();
            IndexRegions source = IndexRegions.open(List.of(d, d), spec, 7, 2);
            var sliced = assertThrows(MmuFormatException.class, () -> source.slice(0, 7, source.counts().occupiedCells()));
            assertTrue(sliced.getMessage().contains("_index/") && sliced.getMessage().contains("points to row")
                    && sliced.getMessage().contains("which has 1 rows"), sliced.getMessage());
        }
    }

    /** Asserts both surveys' counts are the same in the same cells; returns {@code expected}. */
    private static CellCounts assertSameCounts(CellCounts expected, CellCounts counts) {
        assertArrayEquals(expected.occupiedCells(), counts.occupiedCells());
        for (int k = 0; k < counts.occupiedCount(); k++) {
            assertEquals(expected.countAt(0, k), counts.countAt(0, k));
            assertEquals(expected.countAt(1, k), counts.countAt(1, k));
        }
        return expected;
    }

    /** Every pair of a walk over the regions as "left id,right id,separation", sorted. */
    private static List<String> walkedRows(SkyRegions plan, IndexRegions source, CrossMatch spec) {
        return walkedRows(plan, source, spec, false);
    }

    private static List<String> walkedRows(SkyRegions plan, IndexRegions source, CrossMatch spec, boolean groups) {
        List<String> streamed = new ArrayList<>();
        RegionalMatcher.walk(plan, source, spec, groups, 2, m -> {
            for (int i = 0; i < m.size(); i++) {
                streamed.add(id(m.slice(0), m.row(0, i)) + "," + id(m.slice(1), m.row(1, i)) + ","
                        + m.separationArcsec(1, i));
            }
        });
        streamed.sort(null);
        return streamed;
    }

    /** The in-memory engine's pairs on the whole indices, as {@link #walkedRows}. */
    private static List<String> inMemoryRows(MmuDataset left, MmuDataset right, CrossMatch spec) {
        var r = org.mmu.matching.NWayMatcher.matchPair(left.index(), right.index(), spec, Map.of());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            expected.add(id(left.index(), r.leftRow(i)) + "," + id(right.index(), r.rightRow(i)) + ","
                    + r.separationArcsec(i));
        }
        expected.sort(null);
        return expected;
    }

    @Test
    void cellTablesPlanWithoutReadingAnIndexRowAndGiveTheCountsSlicesAndMatchOfTheWholeIndex() {
        // left: several index files; right: one (sub-cell squares then equal a single pass's exactly)
        try (MmuDataset left = build("left", sky(2000, 1, 1), 7, 700);
                MmuDataset right = build("right", sky(1500, 7, 100_000), 7, 1_000_000)) {
            CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(30).mode(MatchMode.BEST)
                    .join(JoinType.ONE_OR_TWO).build();
            int depth = 7;
            IndexRegions source = IndexRegions.open(List.of(left, right), spec, depth, 2);
            assertEquals(0, source.planningRowsRead(), "planned from the cell tables alone");
            assertEquals(0, source.rowsRead());
            List<ObjectIndex> whole = List.of(left.index(), right.index());
            CellCounts counts = source.counts();
            CellCounts expected = assertSameCounts(CellCounts.of(depth, 30, whole), counts);
            for (int k = 0; k < counts.occupiedCount(); k++) {
                assertEquals(expected.squaresAt(1, k), counts.squaresAt(1, k));
                // a sub-cell split by a file boundary is two runs: never more than a single pass sees
                assertTrue(counts.squaresAt(0, k) <= expected.squaresAt(0, k) && counts.squaresAt(0, k) >= counts.countAt(0, k));
            }
            InMemoryRegionSource truth = InMemoryRegionSource.of(whole, spec.surveys(), Map.of());
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(ids(truth.slice(s, depth, counts.occupiedCells()).index()),
                        ids(source.slice(s, depth, counts.occupiedCells()).index()), "survey " + s);
            }
            SkyRegions plan = source.plan(spec, 20_000);
            assertTrue(plan.regions().size() > 5, plan.toString());
            assertEquals(inMemoryRows(left, right, spec), walkedRows(plan, source, spec));
        }
    }

    @Test
    void anInnerJoinWithASparseSurveyReadsTheDenseIndexOnlyAroundTheSparseObjectsWithTheSameRows() {
        RowBatch dense = sky(3000, 11, 1);
        double[] ra = new double[40];
        double[] dec = new double[40];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < ra.length; i++) { // counterparts of objects of the dense band across RA 0, 1-10" away
            int of = 3000 + i * 73;
            ra[i] = (dense.column("ra").getDouble(of) + (1 + 9 * r.nextDouble()) / 3600 + 360) % 360;
            dec[i] = Math.max(-90, dense.column("dec").getDouble(of) - 2.0 / 3600);
        }
        try (MmuDataset left = build("left", dense, 7, 1000);
                MmuDataset right = CatalogDatasets.fromBatch("right", SyntheticSurvey.catalog(ra, dec, 500_000, 1, 1, false),
                        CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            for (MatchMode mode : List.of(MatchMode.ALL, MatchMode.BEST1, MatchMode.BEST2, MatchMode.KNN)) {
                for (boolean groups : List.of(false, true)) {
                    CrossMatch.Builder b = CrossMatch.of("left", "right").radiusArcsec(12).mode(mode)
                            .join(JoinType.ONE_AND_TWO);
                    CrossMatch spec = (mode == MatchMode.KNN ? b.k(2) : b).build();
                    IndexRegions source = IndexRegions.open(List.of(left, right), spec, 7, 2);
                    SkyRegions plan = source.plan(spec, 5_000);
                    List<String> got = walkedRows(plan, source, spec, groups);
                    assertEquals(inMemoryRows(left, right, spec), got, mode + " groups " + groups);
                    assertTrue(got.size() >= 40, mode + ": " + got.size());
                    assertTrue(source.rowsRead() < left.size() / 5, mode + " read " + source.rowsRead() + " of "
                            + left.size() + " dense index rows");
                }
            }
            // an outer join keeps every dense object: the whole sky is covered
            CrossMatch outer = CrossMatch.of("left", "right").radiusArcsec(12).join(JoinType.ONE_OR_TWO).build();
            IndexRegions source = IndexRegions.open(List.of(left, right), outer, 7, 2);
            assertEquals(inMemoryRows(left, right, outer), walkedRows(source.plan(outer, 5_000), source, outer));
            assertTrue(source.rowsRead() >= left.size());
        }
    }

    @Test
    void theDefaultDepthIsNoFinerThanALargeSurveysCellTablesSoItIsNeverScanned() {
        try (MmuDataset left = build("left", sky(2000, 1, 1), 0, 700);
                MmuDataset right = CatalogDatasets.fromBatch("right", sky(100, 2, 100_000), CoordinateColumns.DEFAULT,
                        OpenContext.defaults())) {
            CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(1).build();
            IndexRegions source = IndexRegions.open(List.of(left, right), spec, 2);
            assertTrue(SkyCells.regionDepth(left.size() + right.size(), 1) > 0);
            assertEquals(0, source.depth(), "the tables' depth");
            assertEquals(right.size(), source.planningRowsRead(), "only the catalog, held whole, counts");
        }
    }

    @Test
    void aDamagedCellTableIsRefusedNamingIt() throws Exception {
        build("left", sky(1000, 5, 1), 6, 700).close();
        Path table = dir.resolve("left/_index/part-00000.cells");
        byte[] b = java.nio.file.Files.readAllBytes(table);
        b[b.length / 2] ^= 1;
        java.nio.file.Files.write(table, b);
        try (MmuDataset d = MmuDatasets.load(dir.resolve("left"))) {
            CrossMatch spec = CrossMatch.of("left", "again").radiusArcsec(30).build();
            var e = assertThrows(MmuFormatException.class, () -> IndexRegions.open(List.of(d, d), spec, 6, 2));
            assertTrue(e.getMessage().contains("part-00000.cells"), e.getMessage());
        }
    }

    @Test
    void aCellTableThatPutsRowsInTheWrongCellsFailsTheSliceThatReadsThem() throws Exception {
        build("left", sky(1000, 5, 1), 6, 1_000_000).close();
        Path ds = dir.resolve("left");
        // a well-formed table for the same rows, its cells taken half a degree away
        double[] ra;
        double[] dec;
        try (MmuDataset d = MmuDatasets.load(ds)) { // one index file: index order is the file's
            ra = d.index().raCopy();
            dec = d.index().decCopy();
        }
        org.mmu.internal.indexfirst.CellTable.Writer w = new org.mmu.internal.indexfirst.CellTable.Writer(6);
        for (int i = 0; i < ra.length; i++) {
            w.add(org.mmu.matching.SkyCells.hash29((ra[i] + 0.5) % 360, dec[i]));
        }
        long bytes = w.write(ds.resolve("_index/part-00000.cells"));
        // an old manifest (no checksums to trip first) that lists the new table
        org.mmu.internal.testing.OldManifests.rewriteAsVersion10(ds, root -> {
            var f = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("index").get("files").get(0);
            f.putObject("cells").put("path", "_index/part-00000.cells").put("bytes", bytes).put("depth", 6);
        });
        try (MmuDataset d = MmuDatasets.load(ds)) {
            CrossMatch spec = CrossMatch.of("left", "again").radiusArcsec(30).build();
            IndexRegions source = IndexRegions.open(List.of(d, d), spec, 6, 2);
            assertEquals(0, source.planningRowsRead());
            var e = assertThrows(MmuFormatException.class, () -> source.slice(0, 6, source.counts().occupiedCells()));
            assertTrue(e.getMessage().contains("_index/part-00000.parquet") && e.getMessage().contains("cell table puts it"),
                    e.getMessage());
            // and validation, which reads the whole index, says so before any crossmatch
            var report = MmuDatasets.validate(d, false);
            assertTrue(report.problems().stream().anyMatch(p -> p.location().endsWith("_index/part-00000.cells")
                    && p.message().contains("does not describe the rows of _index/part-00000.parquet")), report.toString());
        }
    }

    private static String id(ObjectIndex idx, int row) {
        return row < 0 ? "-" : idx.ids().getString(row);
    }

    private static long[] ids(ObjectIndex idx) {
        long[] out = new long[idx.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx.ids().getLong(i);
        }
        Arrays.sort(out);
        return out;
    }
}
