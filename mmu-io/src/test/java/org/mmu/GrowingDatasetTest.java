package org.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ProgressListener;
import org.mmu.core.RowBatch;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.indexfirst.DatasetVersions;
import org.mmu.internal.indexfirst.IndexFirstDatasets;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.testing.DatasetContents;
import org.mmu.internal.testing.SyntheticSurvey;
import org.mmu.internal.storage.Storages;
import org.mmu.matching.CrossMatch;

/**
 * A dataset grows by versions: an append adds objects in new files only, a load afterwards
 * equals a fresh build of the union, every version stays readable until vacuumed, and of two
 * writers committing at once one fails and leaves nothing behind.
 */
class GrowingDatasetTest {
    @TempDir
    Path dir;

    static RowBatch first() {
        double[][] p = SyntheticSurvey.box(2000, 0, 20, 0, 20, 1);
        return SyntheticSurvey.catalog(p[0], p[1], 1, 1, 4, true);
    }

    /** Overlaps the first batch's cells and reaches new ones. */
    static RowBatch second(long firstId, long seed) {
        double[][] p = SyntheticSurvey.box(500, 10, 30, 10, 30, seed);
        return SyntheticSurvey.catalog(p[0], p[1], firstId, 1, 4, true);
    }

    static PartitionedDataset catalog(String name, RowBatch b) {
        return CatalogDatasets.fromBatch(name, b, CoordinateColumns.DEFAULT, OpenContext.defaults());
    }

    static void build(RowBatch b, Path out, List<String> indexColumns) {
        try (PartitionedDataset src = catalog(out.getFileName().toString(), b)) {
            DatasetBuilder.builder().objectsPerGroup(150).indexColumns(indexColumns).build().build(src, out);
        }
    }

    static DatasetUpdater.CommitSummary append(Path ds, RowBatch b) {
        try (PartitionedDataset src = catalog("more", b)) {
            return DatasetUpdater.builder().build().append(ds, src);
        }
    }

    static Map<Long, List<Object>> contents(MmuDataset ds) {
        return DatasetContents.of(ds);
    }

    static Set<String> files(Path root) throws IOException {
        return DatasetContents.files(root);
    }

    @Test
    void aLoadAfterAnAppendEqualsAFreshBuildOfTheUnionAndOnlyAddsFiles() throws IOException {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of());
        Set<String> before = files(ds);
        Map<String, Long> sizes = new HashMap<>();
        for (String f : before) {
            sizes.put(f, Files.size(ds.resolve(f)));
        }
        DatasetUpdater.CommitSummary s = append(ds, second(100_001, 2));
        assertEquals(2, s.version());
        assertEquals(500, s.objectsAdded());
        assertEquals(2500, s.objects());

        Path union = dir.resolve("union");
        build(RowBatch.concat(List.of(first(), second(100_001, 2))), union, List.of());
        try (MmuDataset grown = MmuDatasets.load(ds); MmuDataset fresh = MmuDatasets.load(union)) {
            assertEquals(2500, grown.index().size());
            assertEquals(contents(fresh), contents(grown));
            assertTrue(MmuDatasets.validate(grown, true).ok(), MmuDatasets.validate(grown, true).toString());
        }
        // nothing of version 1 was rewritten: its files are all still there, unchanged, besides the root manifest
        for (String f : before) {
            if (!f.equals(Manifest.FILE_NAME)) {
                assertEquals(sizes.get(f), Files.size(ds.resolve(f)), f);
            }
        }
        assertTrue(files(ds).containsAll(before));
    }

    @Test
    void crossmatchPairsAfterAnAppendEqualThoseOfAFreshBuild() {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of());
        append(ds, second(100_001, 2));
        Path union = dir.resolve("union");
        build(RowBatch.concat(List.of(first(), second(100_001, 2))), union, List.of());
        // a deep field re-observing objects of both batches
        double[][] p = SyntheticSurvey.box(800, 8, 22, 8, 22, 9);
        Path deep = dir.resolve("deep");
        build(SyntheticSurvey.catalog(p[0], p[1], 5_000_001, 0, 0, false), deep, List.of());
        CrossMatch spec = CrossMatch.of("deep", "wide").radiusArcsec(600).build();
        Set<String> grown = pairs(List.of(deep.toString(), ds.toString()), spec);
        Set<String> fresh = pairs(List.of(deep.toString(), union.toString()), spec);
        assertTrue(grown.size() > 100, "pairs: " + grown.size());
        assertTrue(grown.stream().anyMatch(x -> x.contains(" 1000")), "appended objects are matched");
        assertEquals(fresh, grown);
    }

    static Set<String> pairs(List<String> locations, CrossMatch spec) {
        return pairs(locations, spec, LoadOptions.defaults());
    }

    static Set<String> pairs(List<String> locations, CrossMatch spec, LoadOptions options) {
        Set<String> out = new TreeSet<>();
        try (CrossMatchedDatasets m = MmuDatasets.load(locations, spec, options)) {
            for (MatchedExample e : m) {
                out.add(e.objectId("deep") + " " + e.objectId("wide") + " "
                        + e.get("wide").getDouble("flux"));
            }
        }
        return out;
    }

    @Test
    void everyVersionStaysReadableByNumber() {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of());
        append(ds, second(100_001, 2));
        append(ds, second(200_001, 3));
        try (MmuDataset v1 = MmuDatasets.load(ds.toString(), LoadOptions.builder().version(1).build());
                MmuDataset v2 = MmuDatasets.load(ds.toString(), LoadOptions.builder().version(2).build());
                MmuDataset latest = MmuDatasets.load(ds)) {
            assertEquals(2000, v1.index().size());
            assertEquals(2500, v2.index().size());
            assertEquals(3000, latest.index().size());
            Map<Long, List<Object>> all = contents(latest);
            contents(v2).forEach((id, row) -> assertEquals(all.get(id), row));
        }
        MmuInputException e = assertThrows(MmuInputException.class,
                () -> MmuDatasets.load(ds.toString(), LoadOptions.builder().version(7).build()));
        assertTrue(e.getMessage().contains("version 7 does not exist; versions are [1, 2, 3]"), e.getMessage());
    }

    @Test
    void appendWithReplaceSupersedesTheOldRowsAsAFreshBuildOfTheNewRowsWould() throws IOException {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of("flux"));
        // objects 1991..2000 observed again, elsewhere (their values follow their ids), and 500 new ones
        double[][] p = SyntheticSurvey.box(10, 25, 26, 25, 26, 5);
        RowBatch again = SyntheticSurvey.catalog(p[0], p[1], 1991, 1, 4, true);
        RowBatch more = RowBatch.concat(List.of(second(100_001, 2), again));
        MmuInputException e = assertThrows(MmuInputException.class, () -> append(ds, more));
        assertTrue(e.getMessage().contains("10 object ids are already in") && e.getMessage().contains("--replace"),
                e.getMessage());
        DatasetUpdater.CommitSummary s;
        try (PartitionedDataset src = catalog("more", more)) {
            s = DatasetUpdater.builder().build().append(ds, src, true);
        }
        assertEquals(2500, s.objects());
        int[] keep = java.util.stream.IntStream.range(0, 1990).toArray(); // ids 1..1990
        Path union = dir.resolve("union");
        build(RowBatch.concat(List.of(first().gather(keep), more)), union, List.of("flux"));
        try (MmuDataset grown = MmuDatasets.load(ds); MmuDataset fresh = MmuDatasets.load(union);
                MmuDataset v1 = MmuDatasets.load(ds.toString(), LoadOptions.builder().version(1).build())) {
            assertEquals(contents(fresh), contents(grown));
            assertTrue(MmuDatasets.validate(grown, true).ok(), MmuDatasets.validate(grown, true).toString());
            assertTrue((double) contents(v1).get(1996L).get(1) < 25, "version 1 keeps the old row (ra)");
            assertTrue((double) contents(grown).get(1996L).get(1) > 25, "the new version has the new one");
        }
        try (MmuDataset bright = MmuDatasets.load(ds.toString(), LoadOptions.builder().where("flux > 995").build())) {
            assertEquals(10 + 500, bright.index().size(), "objects 1991..2000 once each, and the 500 new ones");
        }
        DatasetUpdater.builder().build().vacuum(ds, 1);
        try (MmuDataset grown = MmuDatasets.load(ds); MmuDataset fresh = MmuDatasets.load(union)) {
            assertEquals(contents(fresh), contents(grown));
        }
    }

    @Test
    void anIdAlreadyInTheDatasetIsAnErrorNamingItAndChangesNothing() throws IOException {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of());
        Set<String> before = files(ds);
        MmuInputException e = assertThrows(MmuInputException.class, () -> append(ds, second(1990, 2)));
        assertTrue(e.getMessage().contains("11 object ids are already in") && e.getMessage().contains("e.g. 1990"),
                e.getMessage());
        assertEquals(before, files(ds));
    }

    @Test
    void ofTwoWritersCommittingAtOnceOneWinsAndTheOtherLeavesNothingBehind() throws IOException {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of());
        // the second writer commits while the first is writing its partitions
        ProgressListener racer = new ProgressListener() {
            boolean raced;

            @Override
            public synchronized void onProgress(String stage, long done, long total) {
                if (stage.equals("write partitions") && !raced) {
                    raced = true;
                    append(ds, second(300_001, 4));
                }
            }
        };
        MmuInputException e;
        try (PartitionedDataset src = catalog("more", second(100_001, 2))) {
            e = assertThrows(MmuInputException.class,
                    () -> DatasetUpdater.builder().threads(1).progress(racer).build().append(ds, src));
        }
        assertTrue(e.getMessage().contains("another writer committed version 2"), e.getMessage());
        try (MmuDataset latest = MmuDatasets.load(ds)) {
            assertEquals(2500, latest.index().size());
            assertTrue(contents(latest).containsKey(300_001L), "the winner's objects");
            assertFalse(contents(latest).containsKey(100_001L), "not the loser's");
            assertTrue(MmuDatasets.validate(latest, true).ok());
            // nothing is left behind: every file is the winner's version or referenced by it
            Set<String> expected = new TreeSet<>(IndexFirstDatasets.manifestOf((PartitionedDataset) latest).files());
            expected.addAll(List.of(Manifest.FILE_NAME, DatasetVersions.path(1), DatasetVersions.path(2)));
            assertEquals(expected, files(ds));
        }
    }

    @Test
    void vacuumKeepsTheLatestVersionsAndDeletesWhatNoneReferences() throws IOException {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of());
        append(ds, second(100_001, 2));
        append(ds, second(200_001, 3));
        // what a killed writer leaves: files of a version that is committed by someone else, and of one in progress
        Path cell = Files.list(ds).filter(p -> p.getFileName().toString().startsWith("healpix=")).findFirst().orElseThrow();
        Files.createDirectories(cell.resolve("object_group_id=99"));
        Path stale = Files.writeString(cell.resolve("object_group_id=99/data-v2-deadbeef.parquet"), "x");
        Files.createDirectories(cell.resolve("object_group_id=98"));
        Path live = Files.writeString(cell.resolve("object_group_id=98/data-v4-0badcafe.parquet"), "x");
        Path dead = Files.writeString(cell.resolve("object_group_id=98/data-v4-0deadbee.parquet"), "x");
        Files.setLastModifiedTime(dead, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
        Map<Long, List<Object>> expected;
        try (MmuDataset latest = MmuDatasets.load(ds)) {
            expected = contents(latest);
        }
        DatasetUpdater.VacuumSummary v = DatasetUpdater.builder().build().vacuum(ds, 1);
        assertEquals(List.of(3), v.keptVersions());
        assertEquals(List.of(1, 2), v.removedVersions());
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live), "a commit in progress keeps its files");
        assertFalse(Files.exists(dead), "those of a writer silent for two hours are left-overs");
        assertFalse(Files.exists(ds.resolve(DatasetVersions.path(1))));
        try (MmuDataset latest = MmuDatasets.load(ds)) {
            assertEquals(expected, contents(latest));
            assertTrue(MmuDatasets.validate(latest, true).ok());
        }
        MmuInputException e = assertThrows(MmuInputException.class,
                () -> MmuDatasets.load(ds.toString(), LoadOptions.builder().version(1).build()));
        assertTrue(e.getMessage().contains("version 1 does not exist (or was removed by 'mmu vacuum'); versions are [3]"), e.getMessage());
    }

    @Test
    void aDatasetOfFormat11IsReadAndGrows() throws IOException {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of());
        // as format 1.1 wrote it: no version fields, no _versions directory
        org.mmu.internal.testing.OldManifests.rewriteAsVersion11(ds, m -> { });
        Files.delete(ds.resolve(DatasetVersions.path(1)));
        Files.delete(ds.resolve(DatasetVersions.DIR));
        append(ds, second(100_001, 2));
        try (MmuDataset v1 = MmuDatasets.load(ds.toString(), LoadOptions.builder().version(1).build());
                MmuDataset v2 = MmuDatasets.load(ds)) {
            assertEquals(2000, v1.index().size());
            assertEquals(2500, v2.index().size());
        }
        try (var st = Storages.open(ds.toString(), StorageOptions.defaults())) {
            assertEquals(List.of(1, 2), DatasetVersions.list(st).stream().map(Manifest::version).toList());
        }
    }

    @Test
    void whereFiltersTheIndexBeforeMatchingAlsoAfterAnAppend() {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of("flux"));
        append(ds, second(100_001, 2)); // flux = id / 2: the appended objects all fail the filter below
        LoadOptions bright = LoadOptions.builder().where("flux < 100 or object_id between 100001 and 100010").build();
        try (MmuDataset d = MmuDatasets.load(ds.toString(), bright)) {
            Set<Long> ids = new TreeSet<>();
            for (int i = 0; i < d.index().size(); i++) {
                ids.add(d.index().ids().getLong(i));
            }
            Set<Long> expected = new TreeSet<>();
            for (long id = 1; id < 200; id++) {
                expected.add(id);
            }
            for (long id = 100_001; id <= 100_010; id++) {
                expected.add(id);
            }
            assertEquals(expected, ids);
        }
        double[][] p = SyntheticSurvey.box(800, 0, 30, 0, 30, 9);
        Path deep = dir.resolve("deep");
        build(SyntheticSurvey.catalog(p[0], p[1], 5_000_001, 0, 0, false), deep, List.of());
        CrossMatch spec = CrossMatch.of("deep", "wide").radiusArcsec(1800).build();
        List<String> both = List.of(deep.toString(), ds.toString());
        Set<String> filtered = pairs(both, spec, LoadOptions.builder().where("wide", "flux < 300").build());
        Set<String> expected = new TreeSet<>();
        for (String pair : pairs(both, spec)) {
            if (Double.parseDouble(pair.split(" ")[2]) < 300) {
                expected.add(pair);
            }
        }
        assertTrue(expected.size() > 20 && expected.size() < pairs(both, spec).size() / 2, "pairs: " + expected.size());
        assertEquals(expected, filtered);
    }

    @Test
    void anIndexColumnHoldingNullsIsWrittenAndFilteredOn() {
        RowBatch b = first();
        org.mmu.core.ColumnBuilder flux = new org.mmu.core.ColumnBuilder(b.column("flux").spec(), b.rowCount());
        for (int r = 0; r < b.rowCount(); r++) {
            if (b.column("object_id").getLong(r) % 3 == 0) {
                flux.appendNull();
            } else {
                flux.appendDouble(b.column("flux").getDouble(r));
            }
        }
        List<org.mmu.core.Column> cols = new java.util.ArrayList<>(b.columns());
        cols.set(b.schema().names().indexOf("flux"), flux.build());
        Path ds = dir.resolve("wide");
        build(RowBatch.of(cols), ds, List.of("flux"));
        try (MmuDataset d = MmuDatasets.load(ds.toString(), LoadOptions.builder().where("flux is null").build())) {
            assertEquals(666, d.index().size());
            for (int i = 0; i < d.index().size(); i++) {
                assertEquals(0, d.index().ids().getLong(i) % 3);
            }
        }
    }

    @Test
    void whereNeedsAnIndexColumnAndAnIndexFirstDataset() {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of());
        MmuInputException e = assertThrows(MmuInputException.class,
                () -> MmuDatasets.load(ds.toString(), LoadOptions.builder().where("flux < 3").build()));
        assertTrue(e.getMessage().contains("unknown column 'flux'; the index columns are [object_id, ra, dec]"),
                e.getMessage());
        // a flat catalog has no index columns: refused, never read unfiltered
        Path csv = dir.resolve("cat.csv");
        try {
            Files.writeString(csv, "object_id,ra,dec\n1,10,10\n");
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
        e = assertThrows(MmuInputException.class,
                () -> MmuDatasets.load(csv.toString(), LoadOptions.builder().where("ra < 3").build()));
        assertTrue(e.getMessage().contains("need an index-first dataset"), e.getMessage());
    }

    @Test
    void compactGivesTheFilesOfAFreshBuildOfTheUnionAsANewVersion() throws IOException {
        Path ds = dir.resolve("wide");
        build(first(), ds, List.of("flux"));
        append(ds, second(100_001, 2));
        append(ds, second(200_001, 3));
        Path union = dir.resolve("union");
        build(RowBatch.concat(List.of(first(), second(100_001, 2), second(200_001, 3))), union, List.of("flux"));
        DatasetUpdater updater = DatasetUpdater.builder().build();
        DatasetUpdater.CommitSummary c = updater.compact(ds).orElseThrow();
        assertEquals(4, c.version());
        try (MmuDataset compacted = MmuDatasets.load(ds); MmuDataset fresh = MmuDatasets.load(union);
                MmuDataset v3 = MmuDatasets.load(ds.toString(), LoadOptions.builder().version(3).build())) {
            assertEquals(layout(fresh), layout(compacted), "the same cells, groups and rows");
            assertTrue(layout(v3).size() > layout(compacted).size(), "appends had fragmented cells");
            assertEquals(contents(fresh), contents(compacted));
            assertEquals(contents(v3), contents(compacted));
            assertTrue(MmuDatasets.validate(compacted, true).ok());
        }
        assertTrue(updater.compact(ds).isEmpty(), "a balanced dataset is left as it is");
    }

    static List<String> layout(MmuDataset d) {
        return d.partitions().stream().map(p -> p.healpix() + "/" + p.objectGroupId() + ":" + p.rows()).toList();
    }
}
