package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/** The directory layouts HATS allows: Dir grouping, Npix=N/ directories, other suffixes, older files. */
class HatsLayoutVariantsTest {

    @BeforeAll
    static void needsTheSharedFixtures() {
        HatsFixtures.root(); // skips the class, saying why, when ../shared is absent
    }

    @TempDir
    Path tmp;

    /** small_sky re-partitioned at order 5, as hats-import would with a small threshold: pixels 11264..12287. */
    private Path smallSkyAtOrder5() {
        Path out = tmp.resolve("small_sky_order5");
        RowBatch all = HatsFixtures.readAll(HatsFixtures.leaf(HatsFixtures.path(HatsFixtures.SMALL_SKY), 0, 11));
        Map<Long, List<Integer>> rowsByPixel = new TreeMap<>();
        for (int r = 0; r < all.rowCount(); r++) {
            rowsByPixel.computeIfAbsent(all.column("_healpix_29").getLong(r) >>> (2 * (29 - 5)), k -> new ArrayList<>()).add(r);
        }
        StringBuilder info = new StringBuilder("Norder,Npix\n");
        rowsByPixel.forEach((pixel, rows) -> {
            HatsFixtures.writeParquet(out.resolve(HatsPaths.leafPath(5, pixel, ".parquet")),
                    all.gather(rows.stream().mapToInt(Integer::intValue).toArray()));
            info.append(5).append(',').append(pixel).append('\n');
        });
        HatsFixtures.write(out.resolve("partition_info.csv"), info.toString());
        HatsFixtures.write(out.resolve("hats.properties"), HatsFixtures.read(HatsFixtures.path(HatsFixtures.SMALL_SKY)
                .resolve("hats.properties")).replace("obs_collection=small_sky", "obs_collection=small_sky_order5"));
        return out;
    }

    @Test
    void pixelsAboveTenThousandLiveUnderDir10000() {
        Path root = smallSkyAtOrder5();
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(root), HatsFixtures.ctx())) {
            assertTrue(ds.partitions().size() > 5);
            for (PartitionRef p : ds.partitions()) {
                assertEquals(5, p.order());
                assertTrue(p.healpix() >= 11_264 && p.healpix() < 12_288);
                assertEquals("dataset/Norder=5/Dir=10000/Npix=" + p.healpix() + ".parquet", p.path());
                assertTrue(p.bytes() > 0, "footers read at open give file sizes");
            }
            assertEquals("leaf file footers (no dataset/_metadata)", ds.descriptor().properties().get("rows_from"));
            assertEquals("dataset/Norder=5/Dir=10000/Npix=" + ds.partitions().get(0).healpix() + ".parquet",
                    ds.descriptor().properties().get("schema_from"), "no _common_metadata: the first leaf's footer");
            assertEquals(131, ds.index().size());
            int[] all = new int[131];
            for (int i = 0; i < all.length; i++) {
                all[i] = 130 - i;
            }
            ReadingHatsRowsTest.assertRowsMatch(ds.read(all), all, ds.index(), ReadingHatsRowsTest.wholeFiles(root, ds));
        }
    }

    /** The order-1 primary table with each pixel in an Npix=N/ directory; pixel 44 split into two files. */
    private Path primaryWithNpixDirectories() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        for (long pixel : new long[] {44, 45, 46, 47}) {
            Path leaf = HatsFixtures.leaf(copy, 1, pixel);
            Path dir = copy.resolve(HatsPaths.leafPath(1, pixel, "/"));
            if (pixel == 44) {
                RowBatch all = HatsFixtures.readAll(leaf);
                HatsFixtures.writeParquet(dir.resolve("part0.parquet"), HatsFixtures.slice(all, 0, 20));
                HatsFixtures.writeParquet(dir.resolve("part1.parquet"), HatsFixtures.slice(all, 20, all.rowCount()));
                HatsFixtures.delete(leaf);
            } else {
                HatsFixtures.move(leaf, dir.resolve("part0.parquet"));
            }
        }
        HatsFixtures.setProperty(copy, "hats_npix_suffix", "/");
        HatsFixtures.delete(copy.resolve("dataset/_metadata")); // its row groups name the old single files
        return copy;
    }

    @Test
    void anNpixDirectoryHoldsSeveralFilesOfOnePartitionNumberedAsObjectGroups() {
        Path root = primaryWithNpixDirectories();
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(root), HatsFixtures.ctx())) {
            List<PartitionRef> parts = ds.partitions();
            assertEquals(5, parts.size());
            assertEquals(new PartitionRef(1, 44, 0, "dataset/Norder=1/Dir=0/Npix=44/part0.parquet",
                    parts.get(0).format(), 20, parts.get(0).bytes()), parts.get(0));
            assertEquals(new PartitionRef(1, 44, 1, "dataset/Norder=1/Dir=0/Npix=44/part1.parquet",
                    parts.get(1).format(), 22, parts.get(1).bytes()), parts.get(1));
            assertEquals(0, parts.get(2).objectGroupId());
            ObjectIndex idx = ds.index();
            assertEquals(131, idx.size());
            assertEquals(1, idx.partitionOrdinal(20));
            assertEquals(0, idx.row(20), "row numbers restart in each file");
            int[] positions = {19, 20, 21, 0, 130};
            ReadingHatsRowsTest.assertRowsMatch(ds.read(positions), positions, idx, ReadingHatsRowsTest.wholeFiles(root, ds));
        }
    }

    @Test
    void npixDirectoriesAreFoundByListingWhenNothingListsThem() {
        Path root = primaryWithNpixDirectories();
        HatsFixtures.delete(root.resolve("partition_info.csv"));
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(root), HatsFixtures.ctx())) {
            assertEquals(5, ds.partitions().size());
            assertTrue(((String) ds.descriptor().properties().get("partitions_from")).startsWith("listing of dataset/"));
            assertEquals(131, ds.index().size());
        }
    }

    @Test
    void anotherNpixSuffixNamesTheLeafFiles() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        for (long pixel : new long[] {44, 45, 46, 47}) {
            HatsFixtures.move(HatsFixtures.leaf(copy, 1, pixel), copy.resolve(HatsPaths.leafPath(1, pixel, ".snappy.parq")));
        }
        HatsFixtures.setProperty(copy, "hats_npix_suffix", ".snappy.parq");
        HatsFixtures.delete(copy.resolve("dataset/_metadata"));
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            assertEquals("dataset/Norder=1/Dir=0/Npix=44.snappy.parq", ds.partitions().get(0).path());
            assertEquals(131, ds.index().size());
        }
    }

    @Test
    void theOlderPartitionInfoWithADirColumnIsRead() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        HatsFixtures.write(copy.resolve("partition_info.csv"), "Norder,Dir,Npix\n1,0,44\n1,0,45\n1,0,46\n1,0,47\n");
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            assertEquals(4, ds.partitions().size());
        }
    }

    @Test
    void withoutPartitionInfoThePartitionsComeFromMetadataRowGroups() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        HatsFixtures.delete(copy.resolve("partition_info.csv"));
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            assertEquals(List.of(44L, 45L, 46L, 47L), ds.partitions().stream().map(PartitionRef::healpix).toList());
            assertEquals(List.of(42L, 29L, 42L, 18L), ds.partitions().stream().map(PartitionRef::rows).toList());
            assertEquals("dataset/_metadata (no partition_info.csv)", ds.descriptor().properties().get("partitions_from"));
        }
    }

    @Test
    void withoutPartitionInfoOrAnyMetadataFileTheDatasetDirectoryIsListed() throws Exception {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        HatsFixtures.delete(copy.resolve("partition_info.csv"));
        HatsFixtures.delete(copy.resolve("dataset/_metadata"));
        HatsFixtures.delete(copy.resolve("dataset/_common_metadata"));
        Files.writeString(copy.resolve("dataset/Norder=1/Dir=0/notes.txt"), "not a leaf");
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            assertEquals(List.of(42L, 29L, 42L, 18L), ds.partitions().stream().map(PartitionRef::rows).toList());
            assertEquals(131, ds.index().size());
        }
    }

    @Test
    void preNoteHatsV01CatalogsAreRead() {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        HatsFixtures.setProperty(copy, "hats_version", "v0.1");
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            assertEquals("HATS v0.1", ds.descriptor().properties().get("format"));
        }
    }
}
