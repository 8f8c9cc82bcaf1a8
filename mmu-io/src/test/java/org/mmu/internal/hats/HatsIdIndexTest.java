package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.Column;
import org.mmu.core.MmuInputException;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/** Index catalogs: which partitions hold given ids, reading as little of the index as possible. */
class HatsIdIndexTest {

    @BeforeAll
    static void needsTheSharedFixtures() {
        HatsFixtures.root(); // skips the class, saying why, when ../shared is absent
    }

    @TempDir
    Path tmp;

    /** For each value of a column, the pixels of the partitions whose files hold it: the oracle. */
    static Map<String, Set<HatsPixel>> pixelsByValue(Path root, PartitionedDataset ds, String column) {
        Map<String, Set<HatsPixel>> out = new HashMap<>();
        for (PartitionRef p : ds.partitions()) {
            Column c = HatsFixtures.readAll(root.resolve(p.path())).column(column);
            for (int r = 0; r < c.rows(); r++) {
                out.computeIfAbsent(c.getString(r), k -> new TreeSet<>()).add(new HatsPixel(p.order(), p.healpix()));
            }
        }
        return out;
    }

    @Test
    void anIdIndexTellsWhichPartitionsHoldTheIds() {
        Path root = HatsFixtures.path(HatsFixtures.COLLECTION);
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(root), HatsFixtures.ctx())) {
            HatsIdIndex index = HatsDatasets.openIdIndex(ds.storage(), null);
            assertEquals("id", index.column());
            assertEquals("small_sky_order1_id_index", index.name());
            assertEquals(131, index.size());
            Map<String, Set<HatsPixel>> truth = pixelsByValue(root, ds, "id");
            long a = ds.index().ids().getLong(0);    // in Npix=44
            long b = ds.index().ids().getLong(130);  // in Npix=47
            HatsIdIndex.Lookup hit = index.lookup(a, b);
            Set<HatsPixel> expected = new TreeSet<>(truth.get(Long.toString(a)));
            expected.addAll(truth.get(Long.toString(b)));
            assertEquals(List.copyOf(expected), hit.pixels());
            assertEquals(List.of(new HatsPixel(1, 44), new HatsPixel(1, 47)), hit.pixels());
            assertEquals(List.of(ds.partitions().get(0), ds.partitions().get(3)), hit.partitionsIn(ds.partitions()));
            assertEquals(List.of(), hit.missingIds());
        }
    }

    @Test
    void idsTheIndexDoesNotHoldAreReportedMissing() {
        HatsIdIndex index = HatsDatasets.openIdIndex(HatsFixtures.storage(HatsFixtures.ID_INDEX), null);
        HatsIdIndex.Lookup hit = index.lookup(-5, 123456789);
        assertEquals(List.of(), hit.pixels());
        assertEquals(List.of("-5", "123456789"), hit.missingIds());
        assertEquals(List.of("-5"), index.lookup(List.of("-5")).missingIds(), "decimal text works for integer indexes");
    }

    @Test
    void anObjectIdIndexOfSourcesFindsEveryPartitionAnObjectWasDetectedIn() {
        Path root = HatsFixtures.path(HatsFixtures.SOURCE_COLLECTION);
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(root), HatsFixtures.ctx())) {
            HatsIdIndex index = HatsDatasets.openIdIndex(ds.storage(), "object_id");
            Map<String, Set<HatsPixel>> truth = pixelsByValue(root, ds, "object_id");
            String spanning = truth.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                    .sorted().findFirst().orElseThrow();
            HatsIdIndex.Lookup hit = index.lookup(Long.parseLong(spanning));
            assertEquals(List.copyOf(truth.get(spanning)), hit.pixels());
            assertTrue(hit.pixels().size() > 1);
        }
    }

    @Test
    void aStringIndexIsLookedUpWithStrings() {
        Path root = HatsFixtures.path(HatsFixtures.SOURCE_COLLECTION);
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(root), HatsFixtures.ctx())) {
            HatsIdIndex bands = HatsDatasets.openIdIndex(ds.storage(), "band");
            assertTrue(bands.hasStringIds());
            Map<String, Set<HatsPixel>> truth = pixelsByValue(root, ds, "band");
            String band = new TreeSet<>(truth.keySet()).first();
            assertEquals(List.copyOf(truth.get(band)), bands.lookup(List.of(band)).pixels());
            MmuInputException e = assertThrows(MmuInputException.class, () -> bands.lookup(1L));
            assertTrue(e.getMessage().contains("look up strings with lookup(List<String>)"), e.getMessage());
        }
    }

    @Test
    void aCollectionWithSeveralIndexesNeedsTheColumnNamed() {
        MmuInputException e = assertThrows(MmuInputException.class,
                () -> HatsDatasets.openIdIndex(HatsFixtures.storage(HatsFixtures.SOURCE_COLLECTION), null));
        assertTrue(e.getMessage().contains("several index catalogs; name a column of [object_id, band]"), e.getMessage());
        e = assertThrows(MmuInputException.class,
                () -> HatsDatasets.openIdIndex(HatsFixtures.storage(HatsFixtures.SOURCE_COLLECTION), "mjd"));
        assertTrue(e.getMessage().contains("no index on column 'mjd'"), e.getMessage());
    }

    /** The small_sky id index rewritten as three files of sorted ids, without _metadata. */
    private Path idIndexInThreeFiles() {
        Path copy = HatsFixtures.copy(HatsFixtures.ID_INDEX, tmp);
        Path part = copy.resolve("dataset/index/part.0.parquet");
        RowBatch all = HatsFixtures.readAll(part);
        int[] order = org.mmu.core.IndexSort.argsort(all.rowCount(),
                (x, y) -> Long.compare(all.column("id").getLong(x), all.column("id").getLong(y)));
        RowBatch sorted = all.gather(order);
        HatsFixtures.delete(part);
        HatsFixtures.delete(copy.resolve("dataset/_metadata"));
        HatsFixtures.delete(copy.resolve("dataset/_common_metadata"));
        HatsFixtures.writeParquet(copy.resolve("dataset/index/part.0.parquet"), HatsFixtures.slice(sorted, 0, 44));
        HatsFixtures.writeParquet(copy.resolve("dataset/index/part.1.parquet"), HatsFixtures.slice(sorted, 44, 88));
        HatsFixtures.writeParquet(copy.resolve("dataset/index/part.2.parquet"), HatsFixtures.slice(sorted, 88, 131));
        return copy;
    }

    @Test
    void aLookupReadsOnlyTheRowGroupsWhoseIdRangeCanHoldTheIds() {
        Path copy = idIndexInThreeFiles();
        HatsIdIndex index = HatsDatasets.openIdIndex(Storages.local(copy), "id");
        RowBatch middle = HatsFixtures.readAll(copy.resolve("dataset/index/part.1.parquet"));
        long id = middle.column("id").getLong(10);
        HatsIdIndex.Lookup hit = index.lookup(id);
        assertEquals(1, hit.rowGroupsRead());
        assertEquals(3, hit.rowGroupsTotal());
        assertEquals(List.of(new HatsPixel((int) middle.column("Norder").getLong(10), middle.column("Npix").getLong(10))),
                hit.pixels());
        HatsIdIndex.Lookup none = index.lookup(Long.MAX_VALUE);
        assertEquals(0, none.rowGroupsRead(), "an id outside every range reads nothing");
    }
}
