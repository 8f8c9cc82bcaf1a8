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
import org.mmu.matching.SkyRegions;

/** Index-first indices read by region give the rows an in-memory index gives, reading only those rows. */
class IndexRegionsTest {
    @TempDir
    Path dir;

    private MmuDataset build(String name, RowBatch catalog) {
        Path out = dir.resolve(name);
        DatasetBuilder.builder().name(name).objectsPerGroup(50).indexRowsPerFile(700).build()
                .build(CatalogDatasets.fromBatch(name, catalog, CoordinateColumns.DEFAULT, OpenContext.defaults()),
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
            List<ObjectIndex> whole = List.of(left.index(), right.index());
            InMemoryRegionSource truth = InMemoryRegionSource.of(whole, spec.surveys(), Map.of());
            CellCounts counts = source.counts();
            CellCounts expected = CellCounts.of(depth, 30, whole);
            assertArrayEquals(expected.occupiedCells(), counts.occupiedCells());
            for (int k = 0; k < counts.occupiedCount(); k++) {
                assertEquals(expected.countAt(0, k), counts.countAt(0, k));
                assertEquals(expected.countAt(1, k), counts.countAt(1, k));
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
            List<String> streamed = new ArrayList<>();
            RegionalMatcher.walk(plan, source, spec, false, 2, m -> {
                for (int i = 0; i < m.size(); i++) {
                    streamed.add(id(m.slice(0), m.row(0, i)) + "," + id(m.slice(1), m.row(1, i)) + ","
                            + m.separationArcsec(1, i));
                }
            });
            var r = org.mmu.matching.NWayMatcher.matchPair(left.index(), right.index(), spec, Map.of());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                expected.add(id(left.index(), r.leftRow(i)) + "," + id(right.index(), r.rightRow(i)) + ","
                        + r.separationArcsec(i));
            }
            streamed.sort(null);
            expected.sort(null);
            assertEquals(expected, streamed);
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
