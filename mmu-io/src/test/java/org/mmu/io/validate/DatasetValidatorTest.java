package org.mmu.io.validate;

import org.mmu.core.CoordinateColumns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.io.build.DatasetBuilder;
import org.mmu.io.catalog.CatalogDatasets;
import org.mmu.io.dataset.OpenContext;
import org.mmu.io.dataset.PartitionedDataset;
import org.mmu.io.mmuv1.MmuV1Fixtures;
import org.mmu.io.parquet.ParquetBatchWriter;
import org.mmu.io.testing.SyntheticSurvey;

class DatasetValidatorTest {
    @TempDir
    Path dir;
    Path built;

    @BeforeEach
    void build() {
        double[][] p = SyntheticSurvey.box(600, 10, 40, -10, 10, 9);
        RowBatch cat = SyntheticSurvey.catalog(p[0], p[1], 1, 1, 2, false);
        built = dir.resolve("ds");
        try (PartitionedDataset src = CatalogDatasets.fromBatch("s", cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(50).build().build(src, built);
        }
    }

    private ValidationReport validate(Path p) {
        try (MmuDataset ds = MmuDatasets.load(p)) {
            return DatasetValidator.validate(ds);
        }
    }

    @Test
    void aFreshlyBuiltDatasetPasses() {
        ValidationReport r = validate(built);
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(0, r.problems().size());
    }

    @Test
    void aConvertedMmuV1SurveyPasses() {
        Path out = dir.resolve("conv");
        try (MmuDataset v1 = MmuDatasets.load(MmuV1Fixtures.root().resolve("sdss_like/dr16"))) {
            DatasetBuilder.builder().build().build((PartitionedDataset) v1, out);
        }
        ValidationReport r = validate(out);
        assertTrue(r.ok(), r.problems().toString());
    }

    @Test
    void aMissingPartitionFileIsNamed() throws Exception {
        PartitionRef victim = firstPartition();
        Files.delete(built.resolve(victim.path()));
        ValidationReport r = validate(built);
        assertFalse(r.ok());
        assertTrue(r.problems().stream().anyMatch(p -> p.location().endsWith(victim.path())
                && p.message().contains("not found")), r.problems().toString());
    }

    @Test
    void aTruncatedPartitionIsNamedWithBothSizes() throws Exception {
        PartitionRef victim = firstPartition();
        Path f = built.resolve(victim.path());
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 100));
        ValidationReport r = validate(built);
        assertTrue(r.problems().stream().anyMatch(p -> p.location().endsWith(victim.path())
                && p.message().contains((b.length - 100) + " bytes") && p.message().contains(Long.toString(b.length))),
                r.problems().toString());
    }

    @Test
    void aDataRowHoldingAnotherObjectIsNamed() throws Exception {
        PartitionRef victim = firstPartition();
        Path f = built.resolve(victim.path());
        RowBatch rows;
        try (MmuDataset ds = MmuDatasets.load(built)) {
            int first = -1;
            for (int i = 0; i < ds.index().size(); i++) {
                if (ds.index().partition(i).equals(victim) && ds.index().row(i) == 0) {
                    first = i;
                }
            }
            int[] members = java.util.stream.IntStream.range(0, ds.index().size())
                    .filter(i -> ds.index().partition(i).equals(victim)).boxed()
                    .sorted(java.util.Comparator.comparingInt(i -> ds.index().row(i))).mapToInt(Integer::intValue).toArray();
            rows = ds.read(members);
            assertTrue(first >= 0);
        }
        long[] ids = (long[]) rows.column("object_id").unsafeData();
        long original = ids[0];
        ids[0] = 999_999;
        Files.delete(f);
        try (ParquetBatchWriter w = new ParquetBatchWriter(f, rows.schema(), Map.of(), ParquetBatchWriter.Profile.DATA)) {
            w.write(rows);
        }
        // a 1.0 dataset (no checksums) whose recorded size is kept in step, so that only the content is wrong
        long size = Files.size(f);
        org.mmu.io.testing.OldManifests.rewriteAsVersion10(built, root -> {
            for (var part : root.get("partitions")) {
                if (part.get("path").asText().equals(victim.path())) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) part).put("bytes", size);
                }
            }
        });
        ValidationReport r = validate(built);
        // the read layer's cross-check (RowCheck) names the row and both ids
        assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("row 0: object_id is 999999 in the data but "
                + original + " in the index")), r.problems().toString());
    }

    @Test
    void aManifestRowCountThatDisagreesIsAFormatError() throws Exception {
        org.mmu.io.testing.OldManifests.rewriteAsVersion10(built, root -> root.put("row_count", 601));
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.mmu.core.MmuFormatException.class,
                () -> MmuDatasets.load(built));
        assertTrue(e.getMessage().contains("row_count is 601") && e.getMessage().contains("mmu_dataset.json"), e.getMessage());
    }

    private PartitionRef firstPartition() {
        try (MmuDataset ds = MmuDatasets.load(built)) {
            return ds.partitions().get(0);
        }
    }
}
