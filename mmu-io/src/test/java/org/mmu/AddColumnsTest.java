package org.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mmu.core.Column;
import org.mmu.core.DataFormat;
import org.mmu.core.EpochBatch;
import org.mmu.core.EpochIterator;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.NdArray;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.indexfirst.IndexFirstDatasets;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.testing.DatasetContents;
import org.mmu.internal.testing.SyntheticSurvey;
import org.mmu.matching.CrossMatch;

/**
 * Columns added to a dataset by object id are written beside its partitions, one file per
 * partition and column; no file is rewritten, and a load, a crossmatch, an epoch and a column
 * selection see them as a fresh build with those columns would.
 */
class AddColumnsTest {
    static final int EMB = 8;

    @TempDir
    Path dir;

    static RowBatch objects() {
        return GrowingDatasetTest.first(); // ids 1..2000
    }

    /** Values per id for {@code ids}: an embedding float32[8] and a redshift, both functions of the id. */
    static RowBatch table(List<Long> ids) {
        return SyntheticSurvey.addedColumns(ids, EMB);
    }

    /** Every id but multiples of 7, in an order unlike the dataset's. */
    static List<Long> mostIds() {
        List<Long> ids = new ArrayList<>();
        for (long id = 2000; id >= 1; id--) {
            if (id % 7 != 0) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The objects with the table's columns, nulls where the table has no row. */
    static RowBatch joined(RowBatch objects, RowBatch table) {
        Map<Long, Integer> rowOf = new HashMap<>();
        for (int r = 0; r < table.rowCount(); r++) {
            rowOf.put(table.column("object_id").getLong(r), r);
        }
        int[] pick = new int[objects.rowCount()];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = rowOf.getOrDefault(objects.column("object_id").getLong(i), -1);
        }
        return objects.withColumns(table.select(List.of("emb", "photo_z")).gatherOrNull(pick).columns());
    }

    static void build(RowBatch b, Path out, DataFormat format) {
        try (PartitionedDataset src = GrowingDatasetTest.catalog(out.getFileName().toString(), b)) {
            DatasetBuilder.builder().objectsPerGroup(150).format(format).build().build(src, out);
        }
    }

    static DatasetUpdater.CommitSummary add(Path ds, RowBatch table, boolean requireAll) {
        return DatasetUpdater.builder().build().addColumns(ds, table, "table.parquet", "object_id", requireAll);
    }

    @ParameterizedTest
    @EnumSource(value = DataFormat.class, names = {"PARQUET", "HDF5"})
    void addedColumnsLoadAsAFreshBuildWithThemWouldAndNoFileIsRewritten(DataFormat format) throws IOException {
        Path ds = dir.resolve("wide");
        build(objects(), ds, format);
        Map<String, Long> before = sizes(ds);
        DatasetUpdater.CommitSummary s = add(ds, table(mostIds()), false);
        assertEquals(2, s.version());

        Path fresh = dir.resolve("fresh");
        build(joined(objects(), table(mostIds())), fresh, format);
        try (MmuDataset grown = MmuDatasets.load(ds); MmuDataset built = MmuDatasets.load(fresh)) {
            assertEquals(built.schema(), grown.schema());
            assertEquals(DatasetContents.of(built), DatasetContents.of(grown));
            assertTrue(MmuDatasets.validate(grown, true).ok(), MmuDatasets.validate(grown, true).toString());
            // one column file per partition and added column, nothing else new
            Manifest m = IndexFirstDatasets.manifestOf((PartitionedDataset) grown);
            assertEquals(2 * grown.partitions().size(), s.filesWritten());
            Set<String> added = new TreeSet<>(DatasetContents.files(ds));
            added.removeAll(before.keySet());
            Set<String> columnFiles = new TreeSet<>();
            m.added().files().values().forEach(fs -> fs.forEach(f -> columnFiles.add(f.path())));
            columnFiles.add(org.mmu.internal.indexfirst.DatasetVersions.path(2));
            assertEquals(columnFiles, added);
            // only the column asked for; an object without a row in the table holds nulls
            RowBatch emb = grown.select("object_id", "emb").read(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
            for (int r = 0; r < emb.rowCount(); r++) {
                long id = emb.column("object_id").getLong(r);
                if (id % 7 == 0) {
                    assertTrue(emb.column("emb").isNull(r), "object " + id);
                } else {
                    NdArray a = emb.column("emb").getArray(r);
                    assertEquals(id + 3 / 100f, a.getDouble(3), 0);
                }
            }
        }
        for (Map.Entry<String, Long> f : before.entrySet()) {
            if (!f.getKey().equals(Manifest.FILE_NAME)) {
                assertEquals(f.getValue(), Files.size(ds.resolve(f.getKey())), f.getKey());
            }
        }
        try (MmuDataset v1 = MmuDatasets.load(ds.toString(), LoadOptions.builder().version(1).build())) {
            assertFalse(v1.schema().contains("emb"), "version 1 is as it was");
        }
    }

    @Test
    void crossmatchLoadsAndEpochsReadAddedColumnsLikeAnyOther() {
        Path ds = dir.resolve("wide");
        build(objects(), ds, DataFormat.PARQUET);
        add(ds, table(mostIds()), false);
        double[][] p = SyntheticSurvey.box(800, 0, 20, 0, 20, 9);
        Path deep = dir.resolve("deep");
        build(SyntheticSurvey.catalog(p[0], p[1], 5_000_001, 0, 0, false), deep, DataFormat.PARQUET);
        CrossMatch spec = CrossMatch.of("deep", "wide").radiusArcsec(600).build();
        int pairs = 0;
        try (CrossMatchedDatasets m = MmuDatasets.load(List.of(deep.toString(), ds.toString()), spec,
                LoadOptions.builder().columns("wide", List.of("object_id", "emb", "photo_z")).build())) {
            for (MatchedExample e : m) {
                long id = Long.parseLong(e.objectId("wide"));
                if (id % 7 == 0) {
                    assertTrue(e.get("wide").isNull("photo_z"));
                } else {
                    assertEquals(id / 1000.0, e.get("wide").getDouble("photo_z"), 0);
                    assertEquals((float) id, e.get("wide").getArray("emb").getDouble(0), 0);
                }
                pairs++;
            }
        }
        assertTrue(pairs > 100, "pairs: " + pairs);
        try (MmuDataset d = MmuDatasets.load(ds)) {
            long rows = 0;
            try (EpochIterator it = Epochs.of(d.select("object_id", "photo_z")).shuffle(3, 300).batchSize(64).open()) {
                while (it.hasNext()) {
                    EpochBatch b = it.next();
                    Column z = b.rows().column("photo_z");
                    for (int r = 0; r < b.rowCount(); r++) {
                        long id = b.rows().column("object_id").getLong(r);
                        assertEquals(id % 7 == 0 ? null : (Object) (id / 1000.0), z.isNull(r) ? null : z.getDouble(r));
                    }
                    rows += b.rowCount();
                }
            }
            assertEquals(2000, rows);
        }
    }

    @Test
    void appendAfterAddColumnsGivesNewObjectsNullsOrTheirValuesAndCompactKeepsEverything() {
        Path ds = dir.resolve("wide");
        build(objects(), ds, DataFormat.PARQUET);
        add(ds, table(mostIds()), false);
        GrowingDatasetTest.append(ds, GrowingDatasetTest.second(100_001, 2)); // no emb, no photo_z: nulls
        RowBatch withValues = GrowingDatasetTest.second(200_001, 3);
        List<Long> newIds = new ArrayList<>();
        for (int r = 0; r < withValues.rowCount(); r++) {
            newIds.add(withValues.column("object_id").getLong(r));
        }
        GrowingDatasetTest.append(ds, joined(withValues, table(newIds)));

        Path fresh = dir.resolve("fresh");
        RowBatch all = RowBatch.concat(List.of(joined(objects(), table(mostIds())),
                joined(GrowingDatasetTest.second(100_001, 2), table(List.of())), joined(withValues, table(newIds))));
        build(all, fresh, DataFormat.PARQUET);
        Map<Long, List<Object>> expected;
        try (MmuDataset built = MmuDatasets.load(fresh); MmuDataset grown = MmuDatasets.load(ds)) {
            expected = DatasetContents.of(built);
            assertEquals(expected, DatasetContents.of(grown));
            assertNull(DatasetContents.of(grown).get(100_001L).get(grown.schema().names().indexOf("photo_z")));
        }
        DatasetUpdater.builder().build().compact(ds).orElseThrow();
        try (MmuDataset compacted = MmuDatasets.load(ds)) {
            assertEquals(expected, DatasetContents.of(compacted));
            assertTrue(IndexFirstDatasets.manifestOf((PartitionedDataset) compacted).added().files().isEmpty(),
                    "compacted partitions hold the added columns themselves");
            assertTrue(MmuDatasets.validate(compacted, true).ok());
        }
        DatasetUpdater.builder().build().vacuum(ds, 1);
        try (MmuDataset vacuumed = MmuDatasets.load(ds)) {
            assertEquals(expected, DatasetContents.of(vacuumed));
        }
    }

    @Test
    void addedColumnsCarriedInTheIndexFilterBeforeMatchingAlongsideTheBuildsOnesAndAfterAppends() {
        Path ds = dir.resolve("wide");
        try (PartitionedDataset src = GrowingDatasetTest.catalog("wide", objects())) {
            DatasetBuilder.builder().objectsPerGroup(150).indexColumns(List.of("flux")).build().build(src, ds);
        }
        int partitions;
        try (MmuDataset v1 = MmuDatasets.load(ds)) {
            partitions = v1.partitions().size();
        }
        DatasetUpdater.CommitSummary s = DatasetUpdater.builder().build().addColumns(ds, table(mostIds()), "t.parquet",
                "object_id", false, List.of("photo_z"));
        assertEquals(2 * partitions + 1, s.filesWritten(), "a column file per partition and column, and the index anew");
        GrowingDatasetTest.append(ds, GrowingDatasetTest.second(100_001, 2)); // photo_z null: never passes a comparison
        // photo_z = id / 1000 (null for multiples of 7), flux = id / 2
        LoadOptions where = LoadOptions.builder().where("photo_z < 0.3 and flux > 20").build();
        try (MmuDataset d = MmuDatasets.load(ds.toString(), where)) {
            Set<Long> ids = new TreeSet<>();
            for (int i = 0; i < d.index().size(); i++) {
                ids.add(d.index().ids().getLong(i));
            }
            Set<Long> expected = new TreeSet<>();
            for (long id = 41; id < 300; id++) {
                if (id % 7 != 0) {
                    expected.add(id);
                }
            }
            assertEquals(expected, ids);
            Manifest m = IndexFirstDatasets.manifestOf((PartitionedDataset) d);
            assertEquals(List.of("flux", "photo_z"), m.indexColumns());
        }
        try (MmuDataset d = MmuDatasets.load(ds)) {
            assertTrue(MmuDatasets.validate(d, true).ok(), MmuDatasets.validate(d, true).toString());
        }
        MmuInputException e = assertThrows(MmuInputException.class, () -> DatasetUpdater.builder().build()
                .addColumns(ds, table(mostIds()).select(List.of("object_id", "emb")).withColumns(List.of()), "t2", "object_id",
                        false, List.of("emb")));
        assertTrue(e.getMessage().contains("already in the dataset"), e.getMessage());
    }

    @Test
    void onlyAddedScalarColumnsGoToTheIndex() {
        Path ds = dir.resolve("wide");
        build(objects(), ds, DataFormat.PARQUET);
        MmuInputException e = assertThrows(MmuInputException.class, () -> DatasetUpdater.builder().build()
                .addColumns(ds, table(mostIds()), "t.parquet", "object_id", false, List.of("emb")));
        assertTrue(e.getMessage().contains("'emb' cannot go to the index: only the scalar columns added are carried there;"
                + " they are [photo_z]"), e.getMessage());
    }

    @Test
    void anIdNotInTheDatasetIsAnErrorNamingItAndChangesNothing() throws IOException {
        Path ds = dir.resolve("wide");
        build(objects(), ds, DataFormat.PARQUET);
        Set<String> before = DatasetContents.files(ds);
        List<Long> ids = new ArrayList<>(mostIds());
        ids.add(987_654L);
        MmuInputException e = assertThrows(MmuInputException.class, () -> add(ds, table(ids), false));
        assertTrue(e.getMessage().contains("table.parquet: 1 object id is not in") && e.getMessage().contains("987654"),
                e.getMessage());
        ids.remove(987_654L);
        ids.add(5L);
        e = assertThrows(MmuInputException.class, () -> add(ds, table(ids), false));
        assertTrue(e.getMessage().contains("object id 5 appears twice"), e.getMessage());
        e = assertThrows(MmuInputException.class, () -> add(ds, table(mostIds()), true));
        assertTrue(e.getMessage().contains("lacks 285 objects") && e.getMessage().contains("e.g. "), e.getMessage());
        RowBatch clash = objects().select(List.of("object_id", "flux"));
        e = assertThrows(MmuInputException.class, () -> add(ds, clash, false));
        assertTrue(e.getMessage().contains("column 'flux' is already in the dataset"), e.getMessage());
        e = assertThrows(MmuInputException.class, () -> DatasetUpdater.builder().build()
                .addColumns(ds, table(mostIds()), "t.csv", "id", false));
        assertTrue(e.getMessage().contains("t.csv: has no column 'id' to join on"), e.getMessage());
        assertEquals(before, DatasetContents.files(ds));
    }

    static Map<String, Long> sizes(Path ds) throws IOException {
        Map<String, Long> out = new HashMap<>();
        for (String f : DatasetContents.files(ds)) {
            out.put(f, Files.size(ds.resolve(f)));
        }
        return out;
    }
}
