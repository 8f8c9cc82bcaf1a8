package org.mmu.internal.build;

import org.mmu.DatasetBuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.RowBatch;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.RangeHttpServer;
import org.mmu.StorageOptions;
import org.mmu.internal.storage.Storages;
import org.mmu.internal.testing.SyntheticSurvey;

/**
 * Format 1.1 records each partition's footer + page-index size, so a sparse remote read fetches
 * that metadata with one exact range instead of a guessed tail; 1.0 manifests still read.
 */
class MetadataBytesTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void build() throws IOException {
        double[][] pos = SyntheticSurvey.box(2000, 0, 20, 0, 20, 5);
        RowBatch cat = SyntheticSurvey.catalog(pos[0], pos[1], 1, 1, 36, false); // ~5 KB cutouts
        try (PartitionedDataset src = CatalogDatasets.fromBatch("s", cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(250).build().build(src, dir.resolve("v11/s"));
        }
        // the same dataset as format 1.0 wrote it: no metadata_bytes
        copy(dir.resolve("v11/s"), dir.resolve("v10/s"));
        org.mmu.internal.testing.OldManifests.rewriteAsVersion10(dir.resolve("v10/s"),
                m -> m.withArray("partitions").forEach(p -> ((ObjectNode) p).remove("metadata_bytes")));
    }

    @Test
    void eachPartitionRecordsTheExactSizeOfItsFooterAndPageIndex() throws IOException {
        JsonNode m = new ObjectMapper().readTree(dir.resolve("v11/s/mmu_dataset.json").toFile());
        assertEquals(Manifest.FORMAT_VERSION, m.get("format_version").asText());
        for (JsonNode p : m.get("partitions")) {
            String rel = p.get("path").asText();
            try (var st = Storages.open(dir.resolve("v11/s").toString(), StorageOptions.defaults());
                    ParquetFile f = ParquetFile.open(st.open(rel))) {
                long meta = p.get("metadata_bytes").asLong();
                assertEquals(f.metadataTailBytes(), meta, rel);
                assertTrue(meta > 8 && meta < p.get("bytes").asLong(), rel + ": " + meta);
            }
        }
    }

    @Test
    void aSparseRemoteReadFetchesLessWithTheRecordedSizesAndTheSameRows() {
        try (RangeHttpServer http = RangeHttpServer.serve(dir)) {
            long[] sent = new long[2];
            RowBatch[] rows = new RowBatch[2];
            List<String> versions = List.of("v10/s", "v11/s");
            for (int v = 0; v < 2; v++) {
                long before = http.bytesSent();
                try (MmuDataset s = MmuDatasets.load(http.url(versions.get(v)), LoadOptions.defaults())) {
                    long afterIndex = http.bytesSent();
                    rows[v] = s.read(new int[] {3, 700, 1400, 1999}); // four rows in four partitions
                    sent[v] = http.bytesSent() - afterIndex;
                }
                assertTrue(sent[v] > 0 && before >= 0);
            }
            assertEquals(rows[0].column("object_id").getLong(2), rows[1].column("object_id").getLong(2));
            SyntheticSurvey.checkExample(rows[1].row(3));
            assertTrue(sent[1] < 0.8 * sent[0], "exact metadata ranges: " + sent[1] + " B vs guessed tails: " + sent[0] + " B");
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        org.mmu.internal.testing.DatasetContents.copy(from, to);
    }
}
