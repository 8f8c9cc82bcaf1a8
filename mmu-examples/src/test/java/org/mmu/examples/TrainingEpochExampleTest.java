package org.mmu.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.RowBatch;
import org.mmu.io.build.DatasetBuilder;
import org.mmu.io.catalog.CatalogDatasets;
import org.mmu.io.dataset.OpenContext;
import org.mmu.io.dataset.PartitionedDataset;

/** The training-epoch example runs as documented: every worker's shard, interrupted and resumed, covers the data once. */
class TrainingEpochExampleTest {
    @TempDir
    Path dir;

    @Test
    void workersTogetherSeeEveryObjectAndCrossmatchPairsOnce() {
        RowBatch[] surveys = DemoSurveys.generate(1000, 8);
        String[] names = {"imaging", "spectro"};
        for (int k = 0; k < 2; k++) {
            try (PartitionedDataset src = CatalogDatasets.fromBatch(names[k], surveys[k], CoordinateColumns.DEFAULT,
                    OpenContext.defaults())) {
                DatasetBuilder.builder().order(5).objectsPerGroup(300).build().build(src, dir.resolve(names[k]));
            }
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        assertEquals(1000, TrainingEpochExample.run(List.of(dir.resolve("imaging").toString(), "3"), out));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("image float32[64, 3, 8, 8]"), printed);
        assertTrue(printed.contains("worker 2/3"), printed);

        long pairs = TrainingEpochExample.run(List.of(dir.resolve("spectro").toString(), dir.resolve("imaging").toString(), "1"), out);
        assertTrue(pairs > 50, "spectro targets re-observe imaging objects: " + pairs);
    }
}
