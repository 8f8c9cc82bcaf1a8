package org.mmu.io.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuFormatException;
import org.mmu.core.RowBatch;
import org.mmu.io.build.DatasetBuilder;
import org.mmu.io.catalog.CatalogDatasets;
import org.mmu.io.dataset.OpenContext;
import org.mmu.io.dataset.PartitionedDataset;
import org.mmu.io.storage.Storage;
import org.mmu.io.storage.StorageOptions;
import org.mmu.io.storage.Storages;
import org.mmu.io.testing.SyntheticSurvey;

/** A dataset root cannot be escaped: files that resolve outside it, through links or not, are refused. */
class DatasetRootTest {
    @TempDir
    Path dir;
    Path inside;
    Path outside;

    @BeforeEach
    void build() throws IOException {
        inside = dir.resolve("inside");
        outside = dir.resolve("outside");
        for (Path p : new Path[] {inside, outside}) {
            double[][] pos = SyntheticSurvey.box(200, 10, 20, 0, 5, p.hashCode());
            RowBatch cat = SyntheticSurvey.catalog(pos[0], pos[1], p == inside ? 1 : 10_000, 1, 2, false);
            try (PartitionedDataset src = CatalogDatasets.fromBatch("s", cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
                DatasetBuilder.builder().objectsPerGroup(1000).build().build(src, p);
            }
        }
    }

    private Path firstPartition(Path ds) throws IOException {
        try (var s = Files.walk(ds)) {
            return s.filter(f -> f.getFileName().toString().equals("data.parquet")).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void aPartitionLinkedToAFileOutsideTheRootIsRefused() throws IOException {
        Path victim = firstPartition(inside);
        Path foreign = firstPartition(outside);
        Files.delete(victim);
        Files.createSymbolicLink(victim, foreign);
        try (MmuDataset ds = MmuDatasets.load(inside)) {
            var e = assertThrows(MmuFormatException.class, () -> ds.read(new int[] {0}));
            assertTrue(e.getMessage().contains("outside the dataset root") && e.getMessage().contains(foreign.toString()),
                    e.getMessage());
        }
    }

    @Test
    void linksInsideTheRootAreFine() throws IOException {
        Path victim = firstPartition(inside);
        Path copy = inside.resolve("copy.parquet");
        Files.move(victim, copy);
        Files.createSymbolicLink(victim, copy);
        try (MmuDataset ds = MmuDatasets.load(inside)) {
            assertEquals(1, ds.read(new int[] {0}).rowCount());
        }
    }

    @Test
    void followingLinksIsAnExplicitOption() throws IOException {
        Path victim = firstPartition(inside);
        Path elsewhere = dir.resolve("elsewhere.parquet");
        Files.move(victim, elsewhere);
        Files.createSymbolicLink(victim, elsewhere);
        LoadOptions links = LoadOptions.builder().storage(StorageOptions.builder().followLinks(true).build()).build();
        try (MmuDataset ds = MmuDatasets.load(inside.toString(), links)) {
            assertEquals(1, ds.read(new int[] {0}).rowCount());
        }
        try (MmuDataset ds = MmuDatasets.load(inside)) {
            assertThrows(MmuFormatException.class, () -> ds.read(new int[] {0}));
        }
    }

    @Test
    void aFileOfAnotherDatasetLinkedInIsRefusedEvenWhenLinksAreAllowedBecauseItsChecksumDiffers() throws IOException {
        Path victim = firstPartition(inside);
        Files.delete(victim);
        Files.createSymbolicLink(victim, firstPartition(outside));
        LoadOptions links = LoadOptions.builder().storage(StorageOptions.builder().followLinks(true).build()).build();
        try (MmuDataset ds = MmuDatasets.load(inside.toString(), links)) {
            var e = assertThrows(MmuFormatException.class, () -> ds.read(new int[] {0}));
            assertTrue(e.getMessage().contains("bytes") || e.getMessage().contains("manifest says"), e.getMessage());
        }
    }

    @Test
    void aRootThatIsItselfALinkIsFollowed() throws IOException {
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, inside);
        try (Storage s = Storages.open(link.toString(), StorageOptions.defaults())) {
            assertTrue(s.exists("mmu_dataset.json"));
        }
    }
}
