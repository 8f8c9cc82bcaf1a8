package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuFormatException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storages;

/** Leaf files that {@code dataset/_metadata} names outside the Norder/Dir/Npix tree. */
class HatsMetadataPathsTest {

    @BeforeAll
    static void needsTheSharedFixtures() {
        HatsFixtures.root();
    }

    @TempDir
    Path tmp;

    /**
     * small_sky_order1 with its four leaves moved to {@code dataset/files/part-K.parquet} (K in
     * reverse sky order, so names say nothing of pixels) and a {@code _metadata} naming them.
     */
    private Path withFilesOutsideTheTree() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        long[] pixels = {44, 45, 46, 47};
        List<String> leaves = new ArrayList<>();
        for (int i = 0; i < pixels.length; i++) {
            String leaf = "files/part-" + (pixels.length - 1 - i) + ".parquet";
            HatsFixtures.move(HatsFixtures.leaf(copy, 1, pixels[i]), copy.resolve("dataset/" + leaf));
            leaves.add(leaf);
        }
        ParquetSummaryFiles.write(copy.resolve("dataset"), leaves);
        return copy;
    }

    @Test
    void eachFileIsPlacedInThePixelItsHealpixStatisticsLieIn() {
        Path moved = withFilesOutsideTheTree();
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(moved), HatsFixtures.ctx());
                PartitionedDataset usual = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.PRIMARY), HatsFixtures.ctx())) {
            List<String> placed = ds.partitions().stream().map(p -> p.order() + "/" + p.healpix() + " " + p.path()).toList();
            assertEquals(List.of("1/44 dataset/files/part-3.parquet", "1/45 dataset/files/part-2.parquet",
                    "1/46 dataset/files/part-1.parquet", "1/47 dataset/files/part-0.parquet"), placed);
            assertEquals(usual.partitions().stream().map(PartitionRef::rows).toList(),
                    ds.partitions().stream().map(PartitionRef::rows).toList());
            ObjectIndex a = ds.index();
            ObjectIndex b = usual.index();
            assertEquals(b.size(), a.size());
            int[] all = IntStream.range(0, a.size()).toArray();
            RowBatch rowsA = ds.read(all);
            RowBatch rowsB = usual.read(all);
            for (int r = 0; r < rowsA.rowCount(); r++) {
                assertEquals(rowsB.column("id").getLong(r), rowsA.column("id").getLong(r));
                assertEquals(rowsB.column("ra").getDouble(r), rowsA.column("ra").getDouble(r));
            }
        }
    }

    @Test
    void withoutPartitionInfoTheirPixelsAreUnknownAndTheErrorSaysSo() {
        Path moved = withFilesOutsideTheTree();
        HatsFixtures.delete(moved.resolve("partition_info.csv"));
        MmuFormatException e = assertThrows(MmuFormatException.class,
                () -> HatsDatasets.open(Storages.local(moved), HatsFixtures.ctx()).close());
        assertTrue(e.getMessage().contains("_metadata: names 'files/part-3.parquet', a file outside the "
                + "Norder=K/Dir=D/Npix=N tree, and there is no partition_info.csv"), e.getMessage());
    }

    @Test
    void twoFilesInOneListedPixelAreAnError() {
        Path moved = withFilesOutsideTheTree();
        HatsFixtures.write(moved.resolve("partition_info.csv"), "Norder,Npix\n0,11\n");
        HatsFixtures.setProperty(moved, "hats_order", "0");
        MmuFormatException e = assertThrows(MmuFormatException.class,
                () -> HatsDatasets.open(Storages.local(moved), HatsFixtures.ctx()).close());
        assertTrue(e.getMessage().contains("names both 'files/part-2.parquet' and 'files/part-3.parquet' for Norder=0/Npix=11"),
                e.getMessage());
    }

    @Test
    void aFileWhosePixelPartitionInfoLacksIsAnError() {
        Path moved = withFilesOutsideTheTree();
        HatsFixtures.write(moved.resolve("partition_info.csv"), "Norder,Npix\n1,44\n1,45\n1,46\n");
        MmuFormatException e = assertThrows(MmuFormatException.class,
                () -> HatsDatasets.open(Storages.local(moved), HatsFixtures.ctx()).close());
        assertTrue(e.getMessage().contains("'files/part-0.parquet'") && e.getMessage().contains("lie in no single pixel of "
                + "partition_info.csv"), e.getMessage());
    }
}
