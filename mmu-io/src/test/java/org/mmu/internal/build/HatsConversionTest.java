package org.mmu.internal.build;

import org.mmu.DatasetBuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmu.MmuDatasets;
import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.validate.DatasetValidator;

/** Converting a real HATS catalog (hats-import output) to index-first keeps every object's every value. */
class HatsConversionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"small_sky", "small_sky_order1_collection", "small_sky_order1_source_collection"})
    void everyObjectKeepsItsValuesAndTheResultValidates(String catalog) {
        String shared = System.getProperty("mmu.shared.dir");
        assumeTrue(shared != null, "mmu.shared.dir is not set");
        Path src = Path.of(shared, "fixtures", "hats", catalog);
        assumeTrue(Files.isDirectory(src), "HATS fixtures not found at " + src + ": skipping");
        Path out = dir.resolve("converted");
        try (MmuDataset hats = MmuDatasets.load(src.toString())) {
            DatasetBuilder.builder().order(3).objectsPerGroup(64).build().build((PartitionedDataset) hats, out);
            try (MmuDataset conv = MmuDatasets.load(out)) {
                assertEquals(hats.size(), conv.size());
                assertEquals(0, DatasetValidator.validate(conv).errors());
                ObjectIndex a = hats.index();
                ObjectIndex b = conv.index();
                Map<String, Integer> inB = new HashMap<>();
                for (int i = 0; i < b.size(); i++) {
                    inB.put(b.ids().getString(i), i);
                }
                int[] all = new int[a.size()];
                int[] match = new int[a.size()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                    match[i] = inB.get(a.ids().getString(i));
                }
                RowBatch ra = hats.read(all);
                RowBatch rb = conv.read(match);
                for (ColumnSpec c : hats.schema()) {
                    for (int i = 0; i < all.length; i++) {
                        assertEquals(ra.row(i).get(c.name()), rb.row(i).get(c.name()), catalog + " " + c.name());
                    }
                }
            }
        }
    }
}
