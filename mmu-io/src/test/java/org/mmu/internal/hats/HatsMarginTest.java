package org.mmu.internal.hats;

import org.mmu.HatsOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/** Margins: ignored by datasets, readable per partition through {@link HatsMargin}. */
class HatsMarginTest {

    @BeforeAll
    static void needsTheSharedFixtures() {
        HatsFixtures.root(); // skips the class, saying why, when ../shared is absent
    }


    @Test
    void aCollectionsDefaultMarginOpensByDefault() {
        HatsMargin m = HatsDatasets.openMargin(HatsFixtures.storage(HatsFixtures.COLLECTION), null);
        assertEquals("small_sky_order1_margin_1deg", m.name());
        assertEquals(3600.0, m.thresholdArcsec());
        assertEquals(23, m.size());
        assertEquals("small_sky_order1_collection/small_sky_order1", m.primaryTable());
        assertEquals(List.of("0/4", "1/44", "1/45", "1/46", "1/47"),
                m.partitions().stream().map(p -> p.order() + "/" + p.healpix()).toList());
    }

    @Test
    void aMarginIsChosenByNameAndAnUnknownNameListsTheOthers() {
        HatsMargin m = HatsDatasets.openMargin(HatsFixtures.storage(HatsFixtures.COLLECTION), "small_sky_order1_margin_2deg");
        assertEquals(7200.0, m.thresholdArcsec());
        MmuInputException e = assertThrows(MmuInputException.class,
                () -> HatsDatasets.openMargin(HatsFixtures.storage(HatsFixtures.COLLECTION), "margin_3deg"));
        assertTrue(e.getMessage().contains("no margin 'margin_3deg'; all_margins is [small_sky_order1_margin_1deg, "
                + "small_sky_order1_margin_2deg]"), e.getMessage());
    }

    @Test
    void aMarginCatalogDirectoryOpensItselfAndOtherCatalogsAreRefused() {
        assertEquals("small_sky_order1_margin_2deg",
                HatsDatasets.openMargin(HatsFixtures.storage(HatsFixtures.MARGIN_2DEG), null).name());
        MmuInputException e = assertThrows(MmuInputException.class,
                () -> HatsDatasets.openMargin(HatsFixtures.storage(HatsFixtures.SMALL_SKY), null));
        assertTrue(e.getMessage().contains("dataproduct_type=object, not margin"), e.getMessage());
    }

    @Test
    void readingAPartitionsMarginGivesTheRowsJustOutsideItsPixel() {
        Path collection = HatsFixtures.path(HatsFixtures.COLLECTION);
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(collection), HatsFixtures.ctx())) {
            HatsMargin m = HatsDatasets.openMargin(ds.storage(), null);
            PartitionRef p44 = ds.partitions().get(0);
            RowBatch near = m.read(p44, List.of("id", "ra", "dec", "_healpix_29"));
            RowBatch file = HatsFixtures.readAll(collection.resolve(HatsPaths.join("small_sky_order1_margin_1deg/",
                    HatsPaths.leafPath(1, 44, ".parquet"))));
            assertEquals(file.rowCount(), near.rowCount());
            assertTrue(near.rowCount() > 0);
            for (int r = 0; r < near.rowCount(); r++) {
                assertEquals(file.column("id").getLong(r), near.column("id").getLong(r));
                assertNotEquals(44L, near.column("_healpix_29").getLong(r) >>> (2 * 28), "a margin row lies outside the pixel");
            }
            assertEquals(List.of("id", "ra", "dec", "_healpix_29"), near.schema().names());
            assertEquals(m.schema(), m.read(1, 44, null).schema(), "null columns: all");
        }
    }

    @Test
    void aPixelWithoutMarginRowsGivesAnEmptyBatch() {
        HatsMargin m = HatsDatasets.openMargin(HatsFixtures.storage(HatsFixtures.COLLECTION), null);
        assertTrue(!m.has(1, 0));
        RowBatch none = m.read(1, 0, List.of("id"));
        assertEquals(0, none.rowCount());
        assertEquals(List.of("id"), none.schema().names());
    }

    @Test
    void aMarginOpenedAsADatasetIndexesEachObjectOnceAtItsFirstCopy() {
        Path root = HatsFixtures.path(HatsFixtures.SOURCE_MARGIN);
        HatsOptions bySource = HatsOptions.builder().idColumn("source_id").build();
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(root), HatsFixtures.ctx(), bySource)) {
            List<RowBatch> files = ReadingHatsRowsTest.wholeFiles(root, ds);
            Map<Long, int[]> first = new HashMap<>(); // source_id -> {partition, row} of its first copy
            for (int p = 0; p < files.size(); p++) {
                for (int r = 0; r < files.get(p).rowCount(); r++) {
                    first.putIfAbsent(files.get(p).column("source_id").getLong(r), new int[] {p, r});
                }
            }
            assertEquals(6388, ds.size(), "the dataset counts every margin row");
            ObjectIndex idx = ds.index();
            assertEquals(first.size(), idx.size(), "the index counts each object once");
            assertTrue(idx.size() < 6388);
            for (int i = 0; i < idx.size(); i++) {
                int[] at = first.get(idx.ids().getLong(i));
                assertEquals(at[0], idx.partitionOrdinal(i));
                assertEquals(at[1], idx.row(i));
                RowBatch file = files.get(at[0]);
                assertEquals(file.column("source_ra").getDouble(at[1]), idx.ra(i));
            }
            int[] some = {0, 17, idx.size() - 1};
            ReadingHatsRowsTest.assertRowsMatch(ds.read(some), some, idx, files);
        }
    }

    @Test
    void aMarginOfSourcesRejectsObjectIdAsItsIdAndSuggestsSourceId() {
        try (PartitionedDataset ds = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.SOURCE_MARGIN), HatsFixtures.ctx())) {
            assertTrue(((String) ds.descriptor().properties().get("object_id")).startsWith("object_id"));
            MmuFormatException e = assertThrows(MmuFormatException.class, ds::index);
            assertTrue(e.getMessage().contains("appears twice in this margin file"), e.getMessage());
            assertTrue(e.getMessage().contains("HatsOptions.idColumn(\"source_id\")"), e.getMessage());
        }
    }
}
