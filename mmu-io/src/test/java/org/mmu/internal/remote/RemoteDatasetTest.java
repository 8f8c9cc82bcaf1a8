package org.mmu.internal.remote;

import org.mmu.core.CoordinateColumns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuFormatException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.RangeHttpServer;
import org.mmu.StorageOptions;
import org.mmu.internal.testing.SyntheticSurvey;

/** An index-first dataset served by a plain static HTTP server is used like a local one, reading only what it needs. */
class RemoteDatasetTest {
    @TempDir
    Path dir;
    Path local;
    RangeHttpServer server;

    @BeforeEach
    void serve() {
        double[][] p = SyntheticSurvey.box(4000, 20, 60, -10, 20, 5);
        local = dir.resolve("survey");
        try (PartitionedDataset src = CatalogDatasets.fromBatch("survey",
                SyntheticSurvey.catalog(p[0], p[1], 1, 3, 16, true), CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(200).build().build(src, local);
        }
        server = RangeHttpServer.serve(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void openingReadsOneManifestAndTheIndexOnly() throws Exception {
        try (MmuDataset ds = MmuDatasets.load(server.url("survey"))) {
            assertEquals(4000, ds.size());
            ObjectIndex idx = ds.index();
            assertEquals(4000, idx.size());
            long indexBytes = Files.size(local.resolve("_index/part-00000.parquet"));
            long manifest = Files.size(local.resolve("mmu_dataset.json"));
            assertTrue(server.bytesSent() <= indexBytes + manifest + 70_000,
                    "sent " + server.bytesSent() + " for an index of " + indexBytes + " bytes");
            assertTrue(server.requests().stream().noneMatch(r -> r.path().contains("healpix=")), "no data file touched");
        }
    }

    @Test
    void readingAFewObjectsFetchesTheirPagesNotTheirPartitions() throws Exception {
        try (MmuDataset ds = MmuDatasets.load(server.url("survey"))) {
            ObjectIndex idx = ds.index();
            long before = server.bytesSent();
            int[] some = {7, 1999, 3998};
            RowBatch rows = ds.read(some);
            for (int k = 0; k < some.length; k++) {
                assertEquals(idx.ids().getLong(some[k]), rows.row(k).getLong("object_id"));
                SyntheticSurvey.checkExample(rows.row(k));
            }
            long fetched = server.bytesSent() - before;
            long partitionBytes = 0;
            for (int p : some) {
                partitionBytes += Files.size(local.resolve(idx.partition(p).path()));
            }
            assertTrue(fetched * 3 < partitionBytes, "fetched " + fetched + " of " + partitionBytes
                    + " bytes in the three partitions");
        }
    }

    @Test
    void aDataFileReplacedOnTheServerIsAClearErrorNotMixedData() throws Exception {
        try (MmuDataset ds = MmuDatasets.load(server.url("survey"))) {
            ObjectIndex idx = ds.index();
            Path victim = local.resolve(idx.partition(0).path());
            Files.write(victim, java.util.Arrays.copyOf(Files.readAllBytes(victim), (int) Files.size(victim) - 10));
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> ds.read(new int[] {0}));
            assertTrue(e.getMessage().contains(idx.partition(0).path().replace("=", "")) || e.getMessage().contains("healpix"),
                    e.getMessage());
        }
    }

    @Test
    void aWarmCacheServesASecondOpenWithoutTheNetwork() throws Exception {
        StorageOptions cached = StorageOptions.builder().cacheDir(dir.resolve("cache")).build();
        LoadOptions opts = LoadOptions.builder().storage(cached).build();
        try (MmuDataset ds = MmuDatasets.load(server.url("survey"), opts)) {
            ds.index();
            ds.read(new int[] {1, 2, 3});
        }
        long requests = server.requestCount();
        LoadOptions offline = LoadOptions.builder().storage(cached.toBuilder().offline(true).build()).build();
        try (MmuDataset ds = MmuDatasets.load(server.url("survey"), offline)) {
            assertEquals(4000, ds.index().size());
            SyntheticSurvey.checkExample(ds.read(new int[] {2}).row(0));
        }
        assertEquals(requests, server.requestCount(), "offline mode made no request");
    }
}
