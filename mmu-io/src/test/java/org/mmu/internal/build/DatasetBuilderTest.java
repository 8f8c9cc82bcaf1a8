package org.mmu.internal.build;

import org.mmu.BuildSummary;

import org.mmu.DatasetBuilder;

import org.mmu.core.CoordinateColumns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.MmuDatasets;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.testing.SyntheticSurvey;

class DatasetBuilderTest {
    @TempDir
    Path dir;

    private static final CoordinateColumns COLS = new CoordinateColumns("object_id", "ra", "dec");

    private PartitionedDataset catalog(RowBatch batch) {
        return CatalogDatasets.fromBatch("survey", batch, CoordinateColumns.DEFAULT, OpenContext.defaults());
    }

    private RowBatch sample(int n, long seed) {
        double[][] p = SyntheticSurvey.box(n, 350, 20, -10, 10, seed); // crosses RA 0/360
        return SyntheticSurvey.catalog(p[0], p[1], 1, 2, 4, true);
    }

    @Test
    void aBuiltDatasetHoldsEveryObjectWithItsOwnData() {
        RowBatch in = sample(3000, 1);
        Path out = dir.resolve("survey");
        BuildSummary s = DatasetBuilder.builder().objectsPerGroup(100).build().build(catalog(in), COLS, out);
        assertEquals(3000, s.objects());
        try (MmuDataset ds = MmuDatasets.load(out)) {
            assertEquals(DatasetLayout.INDEX_FIRST, ds.layout());
            assertEquals(3000, ds.size());
            assertEquals(in.schema(), ds.schema());
            ObjectIndex idx = ds.index();
            assertEquals(3000, idx.size());
            int[] all = new int[idx.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            RowBatch rows = ds.read(all);
            for (int i = 0; i < rows.rowCount(); i++) {
                assertEquals(idx.ids().getLong(i), rows.row(i).getLong("object_id"), "row order follows the request");
                SyntheticSurvey.checkExample(rows.row(i));
                assertEquals(idx.ra(i), rows.row(i).getDouble("ra"));
            }
        }
    }

    @Test
    void hdf5PartitionsHoldTheSameDataIncludingVariableLengthsAndNulls() {
        RowBatch in = sample(700, 11);
        // a null magnitude-like column: every 9th flux missing
        org.mmu.core.ColumnBuilder mag = new org.mmu.core.ColumnBuilder(
                org.mmu.core.ColumnSpec.scalar("mag", org.mmu.core.DType.FLOAT32), 700);
        for (int i = 0; i < 700; i++) {
            if (i % 9 == 0) {
                mag.appendNull();
            } else {
                mag.appendDouble(20 + i % 5);
            }
        }
        in = in.withColumns(List.of(mag.build()));
        Path out = dir.resolve("h5");
        DatasetBuilder.builder().objectsPerGroup(80).format(org.mmu.core.DataFormat.HDF5).build().build(catalog(in), COLS, out);
        try (MmuDataset ds = MmuDatasets.load(out)) {
            assertTrue(ds.partitions().stream().allMatch(p -> p.path().endsWith("/data.hdf5")));
            ObjectIndex idx = ds.index();
            int[] some = {0, 5, 99, 350, 699, 42};
            RowBatch rows = ds.read(some);
            for (int k = 0; k < some.length; k++) {
                var e = rows.row(k);
                SyntheticSurvey.checkExample(e);
                long id = idx.ids().getLong(some[k]);
                int i = (int) (id - 1);
                assertEquals(i % 9 == 0, e.isNull("mag"), "null restored for object " + id);
                if (i % 9 != 0) {
                    assertEquals(20 + i % 5, e.getFloat("mag"));
                }
            }
        }
    }

    @Test
    void groupsAreBoundedAndHoldOneCellEach() {
        Path out = dir.resolve("survey");
        DatasetBuilder.builder().objectsPerGroup(64).build().build(catalog(sample(2000, 2)), COLS, out);
        try (MmuDataset ds = MmuDatasets.load(out)) {
            ObjectIndex idx = ds.index();
            Map<Integer, Integer> count = new HashMap<>();
            cds.healpix.HashComputer h = cds.healpix.Healpix.getNested(4).newHashComputer();
            for (int i = 0; i < idx.size(); i++) {
                PartitionRef p = idx.partition(i);
                assertEquals(p.healpix(), h.hash(Math.toRadians(idx.ra(i) % 360), Math.toRadians(idx.dec(i))),
                        "object " + i + " is stored in its own order-4 cell");
                count.merge(idx.partitionOrdinal(i), 1, Integer::sum);
            }
            for (PartitionRef p : ds.partitions()) {
                assertTrue(p.rows() <= 64, p.label() + " has " + p.rows() + " rows");
                assertTrue(Files.exists(out.resolve(p.path())));
            }
            count.forEach((part, n) -> assertEquals(ds.partitions().get(part).rows(), (long) n));
        }
    }

    @Test
    void readingAFewObjectsOpensOnlyTheirPartitions() {
        Path out = dir.resolve("survey");
        DatasetBuilder.builder().objectsPerGroup(50).build().build(catalog(sample(5000, 3)), COLS, out);
        try (MmuDataset ds = MmuDatasets.load(out)) {
            ObjectIndex idx = ds.index();
            RowBatch got = ds.read(new int[] {17, 4000, 17});
            assertEquals(3, got.rowCount());
            assertEquals(idx.ids().getLong(17), got.row(2).getLong("object_id"));
            long opened = ds.readStats().partitionsRead();
            assertTrue(opened <= 2 && ds.partitions().size() > 50, "opened " + opened + " of " + ds.partitions().size());
        }
    }

    @Test
    void theBuildIsDeterministic() throws Exception {
        RowBatch in = sample(1500, 4);
        // named: by default a dataset is named after its directory, and these two differ only there
        DatasetBuilder b = DatasetBuilder.builder().name("s").objectsPerGroup(100).threads(3).build();
        b.build(catalog(in), COLS, dir.resolve("a"));
        b.build(catalog(in), COLS, dir.resolve("b"));
        assertEquals(Files.readString(dir.resolve("a/mmu_dataset.json")), Files.readString(dir.resolve("b/mmu_dataset.json")));
    }

    @Test
    void anExistingOutputIsRefusedAndLeftUntouched() throws Exception {
        Path out = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        MmuInputException e = assertThrows(MmuInputException.class,
                () -> DatasetBuilder.builder().build().build(catalog(sample(10, 5)), COLS, out));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void badCoordinatesFailTheBuildWithoutLeavingFiles() throws Exception {
        RowBatch in = sample(100, 6);
        double[] dec = (double[]) in.column("dec").unsafeData();
        dec[42] = 95.0;
        Path out = dir.resolve("bad");
        MmuInputException e = assertThrows(MmuInputException.class,
                () -> DatasetBuilder.builder().build().build(catalog(in), COLS, out));
        assertTrue(e.getMessage().contains("object 43") && e.getMessage().contains("dec=95.0"), e.getMessage());
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "no temporary directory is left behind");
        }
    }

    @Test
    void duplicateIdsAreNamed() {
        RowBatch in = sample(100, 7);
        long[] ids = (long[]) in.column("object_id").unsafeData();
        ids[70] = ids[3];
        MmuInputException e = assertThrows(MmuInputException.class,
                () -> DatasetBuilder.builder().build().build(catalog(in), COLS, dir.resolve("dup")));
        assertTrue(e.getMessage().contains("duplicate object_id 4") && e.getMessage().contains("row 70"), e.getMessage());
    }

    @Test
    void ordersAndGroupSizesAreValidated() {
        assertThrows(MmuInputException.class, () -> DatasetBuilder.builder().order(14));
        assertThrows(MmuInputException.class, () -> DatasetBuilder.builder().nside(15));
        assertThrows(MmuInputException.class, () -> DatasetBuilder.builder().objectsPerGroup(0));
    }

    @Test
    void aDatasetIsNamedAfterItsDirectoryUnlessNamed() throws Exception {
        RowBatch in = sample(50, 7);
        DatasetBuilder.builder().build().build(catalog(in), COLS, dir.resolve("hsc pdr3"));
        assertTrue(Files.readString(dir.resolve("hsc pdr3/mmu_dataset.json")).contains("\"name\" : \"hsc_pdr3\""),
                "the directory's name, with a space a name cannot hold as '_'");
        DatasetBuilder.builder().name("wide").build().build(catalog(in), COLS, dir.resolve("w"));
        assertTrue(Files.readString(dir.resolve("w/mmu_dataset.json")).contains("\"name\" : \"wide\""));
    }
}
