package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.MmuDatasets;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;

/**
 * {@code mmu export DATASET OUT --format hats}: a CSV catalog and the MMU v1 survey of the repository
 * become HATS catalogs our reader opens; bad formats and existing outputs are refused, leaving nothing.
 */
class ExportCliTest {
    @TempDir
    Path dir;

    private Path catalog() throws IOException {
        StringBuilder csv = new StringBuilder("object_id,ra,dec,mag\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i + 1).append(',').append(10 + (i % 20) * 0.5).append(',').append(-5 + (i / 20) * 0.5).append(',')
                    .append(18 + i * 0.01).append('\n');
        }
        Path f = dir.resolve("cat.csv");
        Files.writeString(f, csv);
        return f;
    }

    @Test
    void aCatalogBecomesAHatsCatalogAndACollectionWithAMargin() throws IOException {
        Path out = dir.resolve("cat_hats");
        CliTest.Run r = CliTest.mmu("export", catalog().toString(), out.toString(), "--format", "hats",
                "--max-rows-per-partition", "50", "--highest-order", "8");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("wrote the HATS catalog " + out.toAbsolutePath() + ": 200 rows in"), r.out());
        try (MmuDataset back = MmuDatasets.load(out)) {
            assertEquals(DatasetLayout.HATS, back.layout());
            assertEquals(200, back.index().size());
            back.partitions().forEach(p -> assertTrue(p.rows() <= 50, p.path()));
        }
        Path collection = dir.resolve("with_margin");
        r = CliTest.mmu("export", out.toString(), collection.toString(), "--format", "hats", "--name", "cat",
                "--max-rows-per-partition", "50", "--highest-order", "8", "--margin-arcsec", "1800");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("and a margin catalog of"), r.out());
        assertTrue(Files.exists(collection.resolve("collection.properties")));
        assertTrue(Files.exists(collection.resolve("cat_1800arcs/hats.properties")));
        try (MmuDataset back = MmuDatasets.load(collection)) {
            assertEquals(200, back.index().size());
        }
    }

    @Test
    void badFormatsAndExistingOutputsAreRefused() throws IOException {
        Path in = catalog();
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.mmu("export", in.toString(), out.toString(), "--format", "parquet");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("mmu export: error: --format must be hats, got 'parquet'"), r.err());
        r = CliTest.mmu("export", in.toString(), out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--format"), r.err());
        r = CliTest.mmu("export", in.toString(), out.toString(), "--format", "hats", "--max-rows-per-partition", "1",
                "--highest-order", "0");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("more than the 1 rows per partition allowed"), r.err());
        Files.createDirectories(out);
        r = CliTest.mmu("export", in.toString(), out.toString(), "--format", "hats");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("output already exists"), r.err());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("cat.csv", "out"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> s = Files.list(out)) {
            assertFalse(s.findAny().isPresent());
        }
    }
}
