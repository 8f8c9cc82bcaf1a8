package org.mmu.io.testing;

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
 * (sizes, row cross-checks, validation) are then exercised on their own.
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
        }
        for (JsonNode p : root.get("partitions")) {
            ((ObjectNode) p).remove("checksum");
        }
        edit.accept(root);
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}
