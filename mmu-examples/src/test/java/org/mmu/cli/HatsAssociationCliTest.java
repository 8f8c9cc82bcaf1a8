package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmu load ASSOCIATION} on LSDB's {@code small_sky_to_o1source}, laid out as hats writes
 * it: beside the {@code small_sky} and {@code small_sky_order1_source_collection} catalogs it joins.
 */
class HatsAssociationCliTest {
    static final String JOIN = "small_sky_order1_source_collection";
    @TempDir
    Path dir;
    Path association;

    @BeforeEach
    void catalogsSideBySide() throws IOException {
        String shared = System.getProperty("mmu.shared.dir");
        String repo = System.getProperty("mmu.repo.dir");
        assumeTrue(shared != null && repo != null, "mmu.shared.dir / mmu.repo.dir not set");
        Path hats = Path.of(shared, "fixtures", "hats");
        assumeTrue(Files.isDirectory(hats.resolve("small_sky")), "HATS fixtures not found at " + hats + ": skipping");
        copy(hats.resolve("small_sky"), dir.resolve("small_sky"));
        copy(hats.resolve(JOIN), dir.resolve(JOIN));
        association = dir.resolve("small_sky_to_o1source");
        copy(Path.of(repo, "mmu-io/src/test/resources/fixtures/hats_lsdb/small_sky_to_o1source"), association);
    }

    @Test
    void loadWritesEveryListedPairWithColumnsFromBothCatalogsAndTheReport() throws IOException {
        Path out = dir.resolve("pairs.jsonl");
        Path report = dir.resolve("report.json");
        CliTest.Run r = CliTest.mmu("load", association.toString(), "--columns", "id,ra,dec,source_id,mag", "--out",
                out.toString(), "--report", report.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("wrote 131 rows"), r.out());
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(out);
        assertEquals(131, lines.size());
        Set<String> pairs = new HashSet<>();
        for (String line : lines) {
            JsonNode row = json.readTree(line);
            assertTrue(row.get(JOIN + "_mag").isNumber(), line);
            assertTrue(row.get("separation_arcsec").asDouble() <= 436.93257 + 1e-3, line);
            pairs.add(row.get("small_sky_id").asLong() + "/" + row.get(JOIN + "_source_id").asLong());
        }
        assertEquals(131, pairs.size());
        JsonNode rep = json.readTree(report.toFile());
        assertEquals(131, rep.get("pairs").asInt());
        assertEquals("all", rep.get("mode").asText());
        assertEquals(436.93257, rep.get("radius_arcsec").asDouble());
        assertEquals(131, rep.get("per_survey").get("small_sky").get("rows_read").asInt());
    }

    @Test
    void planOnlyPrintsThePlanAndFetchesNothing() throws IOException {
        CliTest.Run r = CliTest.mmu("load", association.toString(), "--columns", "id,source_id", "--plan-only");
        assertEquals(0, r.status(), r.err());
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertEquals(131, plan.get("match_rows").asInt());
        assertEquals(1, plan.get("per_survey").get("small_sky").get("partitions_read").asInt());
    }

    @Test
    void theCatalogsCanBeGivenExplicitly() {
        Path elsewhere = dir.resolve("elsewhere");
        try {
            Files.move(dir.resolve("small_sky"), elsewhere);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliTest.Run missing = CliTest.mmu("load", association.toString(), "--plan-only");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains(dir.resolve("small_sky").toString()), missing.err());
        CliTest.Run r = CliTest.mmu("load", association.toString(), "--primary-catalog", elsewhere.toString(), "--plan-only");
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void crossmatchFlagsAndNonAssociationsAreRefused() {
        CliTest.Run radius = CliTest.mmu("load", association.toString(), "--radius-arcsec", "3", "--plan-only");
        assertEquals(2, radius.status());
        assertTrue(radius.err().contains("--radius-arcsec does not apply to an association catalog"), radius.err());
        CliTest.Run one = CliTest.mmu("load", dir.resolve("small_sky").toString(), "--plan-only");
        assertEquals(2, one.status());
        assertTrue(one.err().contains("small_sky is not one"), one.err());
        assertFalse(Files.exists(dir.resolve("pairs.jsonl")));
    }

    @Test
    void xmatchWritesAHatsAssociationThatLoadReads() throws IOException {
        Path pairs = dir.resolve("nearest");
        CliTest.Run r = CliTest.mmu("xmatch", dir.resolve("small_sky").toString(), dir.resolve(JOIN).toString(),
                "--radius-arcsec", "3600", "--mode", "best1", "--format", "hats-association", "--out", pairs.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("wrote 131 pairs"), r.out());
        assertTrue(Files.readString(pairs.resolve("hats.properties")).contains("dataproduct_type=association"));
        CliTest.Run back = CliTest.mmu("load", pairs.toString(), "--columns", "id,source_id", "--plan-only");
        assertEquals(0, back.status(), back.err());
        assertEquals(131, new ObjectMapper().readTree(back.out()).get("match_rows").asInt());

        CliTest.Run again = CliTest.mmu("xmatch", dir.resolve("small_sky").toString(), dir.resolve(JOIN).toString(),
                "--radius-arcsec", "3600", "--format", "hats-association", "--out", pairs.toString());
        assertEquals(1, again.status());
        assertTrue(again.err().contains("output already exists"), again.err());
        CliTest.Run csv = CliTest.mmu("xmatch", dir.resolve("small_sky").toString(), dir.resolve(JOIN).toString(),
                "--radius-arcsec", "3600", "--format", "csv", "--out", dir.resolve("p.csv").toString());
        assertEquals(2, csv.status());
        assertTrue(csv.err().contains("--format must be hats-association"), csv.err());
    }

    static void copy(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = new ArrayList<>(s.toList());
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
    }
}
