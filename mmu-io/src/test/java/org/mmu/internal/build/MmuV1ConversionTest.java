package org.mmu.internal.build;

import org.mmu.DatasetBuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mmu.MmuDatasets;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DataFormat;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.mmuv1.MmuV1Fixtures;

/** Converting an MMU v1 survey (h5py files) to index-first keeps every object's every value. */
class MmuV1ConversionTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"hsc_like/pdr3_dud_22.5, parquet", "hsc_like/pdr3_dud_22.5, hdf5", "sdss_like/dr16, parquet",
            "sdss_like/dr16, hdf5", "legacy_like/dr10_south_21, parquet", "tess_like, parquet", "tess_like, hdf5",
            "jwst_like/primer_cosmos, hdf5"})
    void everyObjectKeepsItsValues(String survey, String format) {
        Path src = MmuV1Fixtures.root().resolve(survey);
        Path out = dir.resolve("converted");
        try (MmuDataset v1 = MmuDatasets.load(src)) {
            assertEquals(DatasetLayout.MMU_V1_HDF5, v1.layout());
            DatasetBuilder.builder().objectsPerGroup(3).format(DataFormat.fromLabel(format)).build()
                    .build((PartitionedDataset) v1, out);
            try (MmuDataset conv = MmuDatasets.load(out)) {
                assertEquals(v1.size(), conv.size());
                assertEquals(v1.schema().names(), conv.schema().names());
                ObjectIndex a = v1.index();
                ObjectIndex b = conv.index();
                Map<String, Integer> posInB = new HashMap<>();
                for (int i = 0; i < b.size(); i++) {
                    posInB.put(b.ids().getString(i), i);
                }
                int[] all = new int[a.size()];
                int[] match = new int[a.size()];
                for (int i = 0; i < a.size(); i++) {
                    all[i] = i;
                    match[i] = posInB.get(a.ids().getString(i));
                    assertEquals(a.ra(i), b.ra(match[i]));
                    assertEquals(a.partition(i).healpix(), b.partition(match[i]).healpix(),
                            "objects stay in the MMU v1 pixel directory they came from");
                }
                RowBatch ra = v1.read(all);
                RowBatch rb = conv.read(match);
                for (ColumnSpec c : v1.schema()) {
                    for (int i = 0; i < a.size(); i++) {
                        assertEquals(ra.row(i).get(c.name()), rb.row(i).get(c.name()),
                                survey + " object " + a.ids().getString(i) + " column " + c.name());
                    }
                }
                assertTrue(conv.partitions().stream().allMatch(p -> p.rows() <= 3));
            }
        }
    }
}
