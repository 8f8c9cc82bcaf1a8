package org.mmu.internal.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.MmuDatasets;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuFormatException;
import org.mmu.core.RowBatch;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.storage.FileChecksum;
import org.mmu.internal.testing.OldManifests;
import org.mmu.internal.testing.SyntheticSurvey;

/** The manifest of format 1.1: every file checksummed, the manifest itself too, every field strict; 1.0 still read. */
class ManifestIntegrityTest {
    @TempDir
    Path dir;
    Path ds;

    @BeforeEach
    void build() {
        double[][] p = SyntheticSurvey.box(300, 10, 20, 0, 5, 4);
        RowBatch cat = SyntheticSurvey.catalog(p[0], p[1], 1, 2, 3, false);
        ds = dir.resolve("ds");
        try (PartitionedDataset src = CatalogDatasets.fromBatch("s", cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(50).build().build(src, ds);
        }
    }

    private Manifest manifest() throws IOException {
        return Manifest.parse(Files.readAllBytes(ds.resolve(Manifest.FILE_NAME)), "m");
    }

    @Test
    void everyFileIsChecksummedAndTheChecksumsMatchTheFiles() throws IOException {
        Manifest m = manifest();
        assertTrue(m.indexFiles().stream().allMatch(f -> f.cells() != null), "each index file has its cell table");
        assertEquals(m.partitions().size() + 2 * m.indexFiles().size(), m.checksums().size());
        assertEquals(m.files().size(), m.checksums().size());
        m.checksums().forEach((path, c) -> assertEquals(FileChecksum.of(ds.resolve(path)), c, path));
        String json = Files.readString(ds.resolve(Manifest.FILE_NAME));
        assertTrue(json.contains("\"format_version\" : \"" + Manifest.FORMAT_VERSION + "\"") && json.contains("\"manifest_crc32c\""), json);
    }

    @Test
    void anEditedManifestIsDetected() throws IOException {
        Path f = ds.resolve(Manifest.FILE_NAME);
        Files.writeString(f, Files.readString(f).replace("\"name\" : \"ds\"", "\"name\" : \"t\""));
        var e = assertThrows(MmuFormatException.class, () -> MmuDatasets.load(ds));
        assertTrue(e.getMessage().contains("does not match its manifest_crc32c"), e.getMessage());
    }

    @Test
    void aVersion11ManifestWithoutItsCrcIsRefused() throws IOException {
        Path f = ds.resolve(Manifest.FILE_NAME);
        Files.writeString(f, Files.readString(f).replaceFirst("\"manifest_crc32c\" : \"[0-9a-f]{8}\",", ""));
        var e = assertThrows(MmuFormatException.class, () -> MmuDatasets.load(ds));
        assertTrue(e.getMessage().contains("missing field 'manifest_crc32c'"), e.getMessage());
    }

    @Test
    void aVersion10DatasetWithoutChecksumsIsStillRead() throws IOException {
        OldManifests.rewriteAsVersion10(ds, root -> { });
        try (MmuDataset d = MmuDatasets.load(ds)) {
            assertEquals(300, d.index().size());
            assertEquals(300, d.read(java.util.stream.IntStream.range(0, 300).toArray()).rowCount());
        }
    }

    @Test
    void laxShapeValuesAreErrorsNamingTheField() throws IOException {
        for (String bad : new String[] {"\"abc\"", "null", Long.toString(1L << 40), "0", "-2", "2.5"}) {
            OldManifests.rewriteAsVersion10(ds, root -> {
                for (var c : root.get("columns")) {
                    if (c.get("name").asText().equals("image")) {
                        ArrayNode shape = (ArrayNode) c.get("shape");
                        shape.remove(0);
                        try {
                            shape.insert(0, new com.fasterxml.jackson.databind.ObjectMapper().readTree(bad));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            });
            var e = assertThrows(MmuFormatException.class, () -> MmuDatasets.load(ds), bad);
            assertTrue(e.getMessage().contains("'columns[image].shape[0]'") && e.getMessage().contains(bad.replace("\"", "")),
                    e.getMessage());
        }
    }

    @Test
    void aMalformedChecksumIsAnErrorNamingTheField() throws IOException {
        Path f = ds.resolve(Manifest.FILE_NAME);
        byte[] json = Files.readAllBytes(f);
        String s = new String(json, StandardCharsets.UTF_8).replaceFirst("\"blocks\" : \"[^\"]+\"", "\"blocks\" : \"AAAA\"");
        Files.writeString(f, s);
        // the manifest's own CRC fails first; a recomputed one would let the field check speak
        assertThrows(MmuFormatException.class, () -> MmuDatasets.load(ds));
        OldManifests.rewriteAsVersion10(ds, root -> ((ObjectNode) root.get("partitions").get(0)).putObject("checksum")
                .put("algorithm", "crc32c").put("block_bytes", 2048).put("blocks", "AAAAAA=="));
        var e = assertThrows(MmuFormatException.class, () -> MmuDatasets.load(ds));
        assertTrue(e.getMessage().contains("checksum.blocks") && e.getMessage().contains("block checksums"), e.getMessage());
    }

    @Test
    void aPartitionWhoseColumnsDifferFromTheSchemaIsNamedNotMixedIn() throws IOException {
        // the same objects built with smaller images: its partitions hold the same rows, other shapes
        double[][] p = SyntheticSurvey.box(300, 10, 20, 0, 5, 4);
        Path other = dir.resolve("other");
        try (PartitionedDataset src = CatalogDatasets.fromBatch("s", SyntheticSurvey.catalog(p[0], p[1], 1, 2, 2, false),
                CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(50).build().build(src, other);
        }
        String victim = manifest().partitions().get(1).path();
        Files.copy(other.resolve(victim), ds.resolve(victim), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        long size = Files.size(ds.resolve(victim));
        OldManifests.rewriteAsVersion10(ds, root -> ((ObjectNode) root.get("partitions").get(1)).put("bytes", size));
        try (MmuDataset d = MmuDatasets.load(ds)) {
            var e = assertThrows(MmuFormatException.class, () -> d.read(java.util.stream.IntStream.range(0, 300).toArray()));
            assertTrue(e.getMessage().contains(victim) && e.getMessage().contains("column 'image' is float32[2,2,2] in this"
                    + " file but float32[2,3,3]"), e.getMessage());
        }
    }

    @Test
    void aCreatedByThatIsNotAStringIsAnError() throws IOException {
        OldManifests.rewriteAsVersion10(ds, root -> root.put("created_by", 42));
        var e = assertThrows(MmuFormatException.class, () -> MmuDatasets.load(ds));
        assertTrue(e.getMessage().contains("'created_by' must be a string"), e.getMessage());
    }
}
