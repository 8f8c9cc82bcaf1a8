package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/** Reading rows of a HATS catalog by index position: only the rows asked for, in the order asked. */
class ReadingHatsRowsTest {

    @BeforeAll
    static void needsTheSharedFixtures() {
        HatsFixtures.root(); // skips the class, saying why, when ../shared is absent
    }


    /** Each partition file read whole, the oracle for row reads. */
    static List<RowBatch> wholeFiles(Path root, PartitionedDataset ds) {
        List<RowBatch> out = new ArrayList<>();
        ds.partitions().forEach(p -> out.add(HatsFixtures.readAll(root.resolve(p.path()))));
        return out;
    }

    static void assertRowsMatch(RowBatch got, int[] positions, ObjectIndex idx, List<RowBatch> files) {
        assertEquals(positions.length, got.rowCount());
        for (int k = 0; k < positions.length; k++) {
            RowBatch file = files.get(idx.partitionOrdinal(positions[k]));
            int row = idx.row(positions[k]);
            for (String c : got.schema().names()) {
                assertEquals(file.column(c).get(row), got.column(c).get(k), c + " of position " + positions[k]);
            }
        }
    }

    @Test
    void readReturnsTheRowsOfTheGivenIndexPositionsInTheOrderGiven() {
        Path root = HatsFixtures.path(HatsFixtures.SOURCE_COLLECTION);
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(root), HatsFixtures.ctx())) {
            ObjectIndex idx = ds.index();
            Random rnd = new Random(42);
            int[] positions = new int[300];
            for (int k = 0; k < positions.length; k++) {
                positions[k] = rnd.nextInt(idx.size());
            }
            positions[1] = positions[0]; // a repeat comes back twice
            RowBatch got = ds.read(positions);
            assertEquals(ds.schema(), got.schema());
            assertRowsMatch(got, positions, idx, wholeFiles(root, ds));
            assertEquals(got.column("source_id").getLong(5), idx.ids().getLong(positions[5]), "row k is object k's");
        }
    }

    @Test
    void aColumnSelectionReadsOnlyThoseColumns() {
        Path root = HatsFixtures.path(HatsFixtures.COLLECTION);
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(root), HatsFixtures.ctx())) {
            MmuDataset errors = ds.select(List.of("ra_error", "id"));
            int[] positions = {130, 0, 64, 65, 1};
            RowBatch got = errors.read(positions);
            assertEquals(List.of("ra_error", "id"), got.schema().names());
            assertRowsMatch(got, positions, ds.index(), wholeFiles(root, ds));
        }
    }

    @Test
    void batchesVisitEveryPartitionWhole() {
        try (PartitionedDataset ds = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.SOURCE), HatsFixtures.ctx())) {
            long rows = 0;
            int n = 0;
            for (Iterator<RowBatch> it = ds.batches(); it.hasNext(); n++) {
                RowBatch b = it.next();
                assertEquals(ds.partitions().get(n).rows(), b.rowCount());
                rows += b.rowCount();
            }
            assertEquals(17161, rows);
        }
    }
}
