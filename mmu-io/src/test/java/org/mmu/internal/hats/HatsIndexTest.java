package org.mmu.internal.hats;

import org.mmu.HatsOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.Column;
import org.mmu.core.IdType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/** The in-memory index of a HATS catalog: which column is the id, and that it mirrors the files. */
class HatsIndexTest {

    @BeforeAll
    static void needsTheSharedFixtures() {
        HatsFixtures.root(); // skips the class, saying why, when ../shared is absent
    }

    @TempDir
    Path tmp;

    @Test
    void theIndexHoldsEveryFilesIdsAndPositionsInPartitionOrder() {
        Path collection = HatsFixtures.path(HatsFixtures.COLLECTION);
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(collection), HatsFixtures.ctx())) {
            ObjectIndex idx = ds.index();
            assertEquals(131, idx.size());
            assertEquals(IdType.INT64, idx.ids().type());
            int i = 0;
            for (int p = 0; p < ds.partitions().size(); p++) {
                RowBatch file = HatsFixtures.readAll(collection.resolve(ds.partitions().get(p).path()));
                for (int r = 0; r < file.rowCount(); r++, i++) {
                    assertEquals(p, idx.partitionOrdinal(i));
                    assertEquals(r, idx.row(i));
                    assertEquals(file.column("id").getLong(r), idx.ids().getLong(i));
                    assertEquals(file.column("ra").getDouble(r), idx.ra(i));
                    assertEquals(file.column("dec").getDouble(r), idx.dec(i));
                }
            }
            assertEquals(i, idx.size());
        }
    }

    @Test
    void loadingReportsProgressPerPartitionFile() {
        AtomicLong last = new AtomicLong();
        OpenContext ctx = new OpenContext(1, 2, (stage, done, total) -> {
            assertEquals("load index small_sky_order1_collection".replace("_collection", ""), stage);
            assertEquals(4, total);
            last.accumulateAndGet(done, Math::max);
        });
        try (PartitionedDataset ds = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.PRIMARY), ctx)) {
            ds.index();
        }
        assertEquals(4, last.get());
    }

    @Test
    void aGivenIdColumnWinsOverTheDefaultRule() {
        HatsOptions byId = HatsOptions.builder().idColumn("id").build();
        try (PartitionedDataset ds = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.SMALL_SKY), HatsFixtures.ctx(), byId)) {
            assertEquals("id (given)", ds.descriptor().properties().get("object_id"));
            assertEquals(131, ds.index().size());
        }
    }

    @Test
    void aGivenIdColumnThatRepeatsFailsWhenTheIndexLoadsNamingBothRows() {
        // _healpix_29 is no id: two small_sky objects share an order-29 cell
        HatsOptions byHealpix = HatsOptions.builder().idColumn("_healpix_29").build();
        try (PartitionedDataset ds = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.SMALL_SKY), HatsFixtures.ctx(),
                byHealpix)) {
            MmuInputException e = assertThrows(MmuInputException.class, ds::index);
            assertTrue(e.getMessage().contains("duplicate _healpix_29 3188300701662669945"), e.getMessage());
            assertTrue(e.getMessage().contains("Npix=11.parquet row 2 and dataset/Norder=0/Dir=0/Npix=11.parquet row 3"),
                    e.getMessage());
        }
    }

    @Test
    void aGivenIdColumnMustExistAndTheErrorSuggestsTheClosest() {
        MmuInputException e = assertThrows(MmuInputException.class, () -> HatsDatasets.open(
                HatsFixtures.storage(HatsFixtures.SMALL_SKY), HatsFixtures.ctx(), HatsOptions.builder().idColumn("idd").build()));
        assertTrue(e.getMessage().contains("id column 'idd'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'id'"), e.getMessage());
    }

    @Test
    void anIdColumnMustHoldIntegersOrStrings() {
        MmuInputException e = assertThrows(MmuInputException.class, () -> HatsDatasets.open(
                HatsFixtures.storage(HatsFixtures.SMALL_SKY), HatsFixtures.ctx(), HatsOptions.builder().idColumn("ra").build()));
        assertTrue(e.getMessage().contains("'ra' is float64"), e.getMessage());
    }

    /** small_sky without its id column: nothing of the default list is left, so ids come from _healpix_29. */
    private Path smallSkyWithoutIds() {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        Path leaf = HatsFixtures.leaf(copy, 0, 11);
        RowBatch all = HatsFixtures.readAll(leaf);
        HatsFixtures.writeParquet(leaf, all.select(List.of("_healpix_29", "ra", "dec", "ra_error", "dec_error")));
        HatsFixtures.delete(copy.resolve("dataset/_metadata"));
        HatsFixtures.delete(copy.resolve("dataset/_common_metadata"));
        return copy;
    }

    @Test
    void withoutAnIdColumnIdsAreSynthesizedFromTheHealpixColumnDeterministically() {
        Path copy = smallSkyWithoutIds();
        RowBatch file = HatsFixtures.readAll(HatsFixtures.leaf(copy, 0, 11));
        try (PartitionedDataset a = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx());
                PartitionedDataset b = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            assertTrue(((String) a.descriptor().properties().get("object_id")).startsWith("synthesized from _healpix_29"));
            ObjectIndex idx = a.index();
            Set<Long> seenCells = new HashSet<>();
            for (int i = 0; i < idx.size(); i++) {
                long cell = file.column("_healpix_29").getLong(idx.row(i)) >>> (2 * (29 - 19));
                long expected = (cell << 21) | (seenCells.add(cell) ? 0 : 1);
                assertEquals(expected, idx.ids().getLong(i), "id of row " + i);
                assertEquals(idx.ids().getLong(i), b.index().ids().getLong(i), "same ids on every open");
            }
        }
    }

    @Test
    void aRowOutsideItsPartitionsPixelIsAnErrorNamingFileAndRow() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        Path leaf = HatsFixtures.leaf(copy, 1, 44);
        RowBatch all = HatsFixtures.readAll(leaf);
        long[] hp = new long[all.rowCount()];
        for (int r = 0; r < hp.length; r++) {
            hp[r] = all.column("_healpix_29").getLong(r);
        }
        hp[7] = 45L << (2 * 28); // the first order-29 cell of Npix=45
        HatsFixtures.writeParquet(leaf, replace(all, Column.of("_healpix_29", hp)));
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            MmuFormatException e = assertThrows(MmuFormatException.class, ds::index);
            assertEquals(leaf.toString(), e.location());
            assertTrue(e.getMessage().contains("row 7 (object " + all.column("id").getLong(7) + ")"), e.getMessage());
            assertTrue(e.getMessage().contains("lies in Norder=1/Npix=45, not in this partition's Npix=44"), e.getMessage());
        }
    }

    @Test
    void duplicateIdsAcrossPartitionsNameBothFilesAndRows() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        Path leaf = HatsFixtures.leaf(copy, 1, 45);
        RowBatch all = HatsFixtures.readAll(leaf);
        long firstIdOf44 = HatsFixtures.readAll(HatsFixtures.leaf(copy, 1, 44)).column("id").getLong(0);
        long[] ids = new long[all.rowCount()];
        for (int r = 0; r < ids.length; r++) {
            ids[r] = all.column("id").getLong(r);
        }
        ids[3] = firstIdOf44;
        HatsFixtures.writeParquet(leaf, replace(all, Column.of("id", ids)));
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            MmuInputException e = assertThrows(MmuInputException.class, ds::index);
            assertTrue(e.getMessage().contains("duplicate id " + firstIdOf44), e.getMessage());
            assertTrue(e.getMessage().contains("Npix=44.parquet row 0") && e.getMessage().contains("Npix=45.parquet row 3"),
                    e.getMessage());
        }
    }

    @Test
    void rowCountsOfMetadataThatDisagreeWithAFileAreAnErrorNamingTheFile() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        Path leaf = HatsFixtures.leaf(copy, 1, 46);
        RowBatch all = HatsFixtures.readAll(leaf);
        HatsFixtures.writeParquet(leaf, HatsFixtures.slice(all, 0, all.rowCount() - 1));
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            MmuFormatException e = assertThrows(MmuFormatException.class, ds::index);
            assertEquals(leaf.toString(), e.location());
            assertTrue(e.getMessage().contains("the file has 41 rows but dataset/_metadata row groups says 42"),
                    e.getMessage());
        }
    }

    @Test
    void aFileWithoutTheCoordinateColumnsTheSchemaPromisesIsAnErrorNamingIt() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        Path leaf = HatsFixtures.leaf(copy, 1, 47);
        HatsFixtures.writeParquet(leaf, HatsFixtures.readAll(leaf).select(List.of("_healpix_29", "id", "dec")));
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            MmuFormatException e = assertThrows(MmuFormatException.class, ds::index);
            assertEquals(leaf.toString(), e.location());
            assertTrue(e.getMessage().contains("no column 'ra'"), e.getMessage());
        }
    }

    static RowBatch replace(RowBatch b, Column c) {
        List<Column> cols = new java.util.ArrayList<>(b.columns());
        cols.set(b.schema().indexOf(c.name()), c);
        return RowBatch.of(cols);
    }
}
