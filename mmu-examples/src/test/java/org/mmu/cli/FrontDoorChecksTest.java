package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.CrossMatchedDatasets;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuFormatException;
import org.mmu.internal.testing.OldManifests;
import org.mmu.matching.CrossMatch;

/**
 * One crossmatch path means one set of manifest-against-index checks: a manifest edited
 * consistently (no checksum to catch it) so that it no longer describes its index files is
 * refused the same way by every front door — {@code mmu xmatch}, {@code mmu load} and the
 * library's load — whether the indices are read whole or region by region.
 */
class FrontDoorChecksTest {
    @TempDir
    Path dir;

    @BeforeEach
    void datasets() throws IOException {
        CliTest.mmuOk("index", CliTest.writeCsv(dir.resolve("l.csv"), CliTest.hardGeometry(21, 3), 1).toString(),
                dir.resolve("left").toString(), "--objects-per-group", "60");
        CliTest.mmuOk("index", CliTest.writeCsv(dir.resolve("r.csv"), CliTest.hardGeometry(22, 3), 100_000).toString(),
                dir.resolve("right").toString());
    }

    @Test
    void anIdTypeChangedInTheManifestIsRefusedByEveryFrontDoor() throws IOException {
        edit(dir.resolve("right"), root -> {
            root.put("id_type", "string");
            for (JsonNode c : root.get("columns")) {
                if (c.get("name").asText().equals("object_id")) {
                    ((ObjectNode) c).put("type", "string");
                }
            }
        });
        everyFrontDoorRefuses("index column 'object_id' is int64, expected string (the manifest's id_type is string)");
    }

    @Test
    void aManifestClaimingTwoBillionRowsIsRefusedByEveryFrontDoor() throws IOException {
        edit(dir.resolve("right"), root -> {
            long delta = 2_000_000_000L - root.get("row_count").asLong();
            root.put("row_count", 2_000_000_000L);
            ObjectNode p = (ObjectNode) root.get("partitions").get(0);
            p.put("rows", p.get("rows").asLong() + delta);
            ObjectNode f = (ObjectNode) root.get("index").get("files").get(0);
            f.put("rows", f.get("rows").asLong() + delta);
        });
        everyFrontDoorRefuses("the manifest says");
    }

    /** A hand edit made consistent: format 1.0, so no manifest CRC or file checksums are left to catch it. */
    private static void edit(Path dataset, Consumer<ObjectNode> change) throws IOException {
        OldManifests.rewriteAsVersion10(dataset, change);
    }

    private void everyFrontDoorRefuses(String cause) {
        String left = dir.resolve("left").toString();
        String right = dir.resolve("right").toString();
        for (List<String> budget : List.of(List.<String>of(), List.of("--region-budget-mb", "0.002"))) {
            List<String> xmatch = new ArrayList<>(List.of("xmatch", left, right, "--radius-arcsec", "2", "--out",
                    dir.resolve("p.csv").toString()));
            xmatch.addAll(budget);
            List<String> load = new ArrayList<>(List.of("load", left, right, "--radius-arcsec", "2", "--out",
                    dir.resolve("x.parquet").toString(), "--report", dir.resolve("x.json").toString()));
            load.addAll(budget);
            for (List<String> command : List.of(xmatch, load)) {
                CliTest.Run r = CliTest.mmu(command.toArray(String[]::new));
                assertEquals(1, r.status(), command + ": " + r.err());
                assertTrue(r.err().contains(cause) && r.err().contains("_index/part-"), command + ": " + r.err());
                assertFalse(r.err().contains("internal error"), r.err());
                assertFalse(Files.exists(dir.resolve("p.csv")) || Files.exists(dir.resolve("x.parquet")),
                        "nothing is left half-written");
            }
        }
        for (LoadOptions o : List.of(LoadOptions.defaults(), LoadOptions.builder().regionBudgetBytes(2_000).build())) {
            CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(2).build();
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> {
                try (CrossMatchedDatasets m = MmuDatasets.load(List.of(left, right), spec, o)) {
                    m.forEach(x -> { });
                }
            });
            assertTrue(e.getMessage().contains(cause) && e.getMessage().contains("_index/part-"), e.getMessage());
        }
    }
}
