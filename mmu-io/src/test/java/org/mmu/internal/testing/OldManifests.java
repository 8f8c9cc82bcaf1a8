package org.mmu.internal.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites a built dataset's manifest as format 1.0 — no checksums, no manifest CRC — with an
 * optional edit: how tests make an "old" dataset, or a hand-edited one, whose other defences
 * (sizes, row cross-checks, validation) are then exercised on their own. Neither keeps the cell
 * tables of format 1.3, so regions over such a dataset are planned by scanning its index.
 */
public final class OldManifests {
    private OldManifests() {
    }

    public static void rewriteAsVersion10(Path dataset, Consumer<ObjectNode> edit) throws IOException {
        Path file = dataset.resolve("mmu_dataset.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(file.toFile());
        root.put("format_version", "1.0");
        root.remove("manifest_crc32c");
        for (JsonNode f : root.get("index").get("files")) {
            ((ObjectNode) f).remove("checksum");
            ((ObjectNode) f).remove("cells"); // cell tables came with 1.3
        }
        for (JsonNode p : root.get("partitions")) {
            ((ObjectNode) p).remove("checksum");
        }
        edit.accept(root);
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /**
     * Rewrites a built dataset's manifest as format 1.1 wrote it (no version fields), after an
     * optional edit, with its manifest CRC recomputed (no cell tables: those came with 1.3).
     */
    public static void rewriteAsVersion11(Path dataset, Consumer<ObjectNode> edit) throws IOException {
        Path file = dataset.resolve("mmu_dataset.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(file.toFile());
        root.put("format_version", "1.1");
        root.put("manifest_crc32c", "00000000");
        root.remove("version");
        root.remove("committed_at");
        root.remove("operation");
        for (JsonNode f : root.get("index").get("files")) {
            ((ObjectNode) f).remove("cells"); // cell tables came with 1.3
        }
        edit.accept(root);
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("\"manifest_crc32c\" : \"00000000\"", "\"manifest_crc32c\" : \"" + String.format("%08x", (int) crc.getValue()) + "\"");
        Files.write(file, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
