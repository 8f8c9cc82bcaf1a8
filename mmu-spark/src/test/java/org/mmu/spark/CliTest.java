package org.mmu.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.cli.Mmu;
import org.mmu.internal.regions.IndexRegions;
import org.mmu.matching.CrossMatch;

/**
 * {@code mmu-spark xmatch|load} keeps the contract of {@code mmu xmatch|load}: same rows, same
 * values, the same report keys plus the tasks'.
 */
class CliTest {
    @TempDir
    static Path dir;
    static String left;
    static String right;
    static String third;

    @BeforeAll
    static void build() {
        TestSpark.session(); // the commands reuse the running session
        HardSky a = new HardSky(11).polesAndWrap(150).baseCellEdges(300, 0.01).cluster(200, 0.01);
        HardSky b = a.near(0.7, 2.0 / 3600, 12);
        left = TestSpark.writeSurvey(dir, "hsc", a, 1);
        right = TestSpark.writeSurvey(dir, "desi", b, 5_000_001);
        third = TestSpark.writeSurvey(dir, "sdss", a.near(0.6, 2.0 / 3600, 13), 9_000_001);
    }

    private static void ok(int status, ByteArrayOutputStream err) {
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    }

    private static int mmu(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int s = Mmu.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        ok(s, err);
        return s;
    }

    private static int spark(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int s = MmuSparkCommand.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        ok(s, err);
        return s;
    }

    @Test
    void xmatchWritesTheRowsOfMmuXmatch() throws IOException {
        for (String[] flags : List.of(new String[] {"--mode", "best", "--join", "1or2"},
                new String[] {"--mode", "all", "--groups"})) {
            Path ours = dir.resolve("spark-" + String.join("", flags) + ".csv");
            Path theirs = dir.resolve("mmu-" + String.join("", flags) + ".csv");
            List<String> common = List.of("xmatch", left, right, "--radius-arcsec", "3", "--out");
            spark(concat(common, ours.toString(), flags, "--master", "local[2]"));
            mmu(concat(common, theirs.toString(), flags));
            // both stream rows in the regions API's sky order, whatever the regions: the same bytes
            assertEquals(Files.readString(theirs), Files.readString(ours), String.join(" ", flags));
            assertTrue(Files.readAllLines(ours).size() > 300, "rows: " + Files.readAllLines(ours).size());
        }
    }

    @Test
    void loadWritesTheRowsAndValuesOfMmuLoadAndTheSameReportKeys() throws IOException {
        Path ours = dir.resolve("spark.jsonl");
        Path theirs = dir.resolve("mmu.jsonl");
        List<String> common = List.of("load", left, right, "--radius-arcsec", "3", "--mode", "best1", "--out");
        spark(concat(common, ours.toString(), new String[] {"--report", dir.resolve("spark.json").toString()}));
        mmu(concat(common, theirs.toString(), new String[] {"--report", dir.resolve("mmu.json").toString()}));
        List<String> a = new ArrayList<>(Files.readAllLines(theirs));
        List<String> b = new ArrayList<>(Files.readAllLines(ours));
        a.sort(null);
        b.sort(null);
        assertEquals(a, b);

        ObjectMapper json = new ObjectMapper();
        JsonNode mine = json.readTree(dir.resolve("spark.json").toFile());
        JsonNode sdk = json.readTree(dir.resolve("mmu.json").toFile());
        // mmu load's keys, plus the tasks' (docs/spark.md)
        Map<String, Object> sparkOnly = keys(mine);
        sparkOnly.remove("tasks");
        sparkOnly.remove("skew");
        for (Object survey : ((Map<?, ?>) sparkOnly.get("per_survey")).values()) {
            for (String key : List.of("index_rows_read", "driver_index_rows_read", "largest_task_index_rows")) {
                assertTrue(((Map<?, ?>) survey).containsKey(key), key);
                ((Map<?, ?>) survey).remove(key);
            }
        }
        assertEquals(keys(sdk), sparkOnly);
        for (String key : List.of("pairs", "partitions_total", "partitions_read", "surveys", "mode", "radius_arcsec")) {
            assertEquals(sdk.get(key), mine.get(key), key);
        }
        JsonNode hsc = mine.get("per_survey").get("hsc");
        assertEquals(sdk.get("per_survey").get("hsc").get("matched_objects"), hsc.get("matched_objects"));
        assertTrue(hsc.get("data_bytes_read").asLong() > 0 && hsc.get("rows_read").asLong() >= hsc.get("matched_objects").asLong());
    }

    @Test
    void xmatchReportsTheLoadReportKeysThatApplyAndTheTasks() throws IOException {
        Path report = dir.resolve("xmatch-report.json");
        spark("xmatch", left, right, "--radius-arcsec", "3", "--mode", "all", "--out", dir.resolve("reported.csv").toString(),
                "--report", report.toString(), "--master", "local[2]");
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertEquals(Files.readAllLines(dir.resolve("reported.csv")).size() - 1, r.get("pairs").asLong());
        assertEquals(0, r.get("partitions_read").asLong(), "a crossmatch reads no data partition");
        for (String key : List.of("open", "index", "plan", "match")) {
            assertTrue(r.get("stage_seconds").has(key), key);
        }
        int tasks = r.get("tasks").asInt();
        assertTrue(tasks >= 2, "tasks: " + tasks);
        assertTrue(r.get("skew").asDouble() >= 1, "skew: " + r.get("skew"));
        assertTrue(r.get("seconds").asDouble() > 0);
        for (String survey : List.of("hsc", "desi")) {
            JsonNode s = r.get("per_survey").get(survey);
            long objects = s.get("objects").asLong();
            long read = s.get("index_rows_read").asLong();
            // every object is in one region; margins add the neighbours' rows
            assertTrue(read >= objects, survey + ": " + read + " index rows for " + objects + " objects");
            long largest = s.get("largest_task_index_rows").asLong();
            assertTrue(largest > 0 && largest <= read && largest * tasks >= read, survey + ": largest task " + largest);
        }
        // the driver reads index rows only as the library's planner does (none once counts come from metadata)
        CrossMatch spec = CrossMatch.of("hsc", "desi").radiusArcsec(3).build();
        IndexRegions planner = IndexRegions.open(List.of(OpenDatasets.get(left), OpenDatasets.get(right)), spec, 1);
        assertEquals(planner.planningRowsRead(0), r.get("per_survey").get("hsc").get("driver_index_rows_read").asLong());
        assertEquals(planner.planningRowsRead(1), r.get("per_survey").get("desi").get("driver_index_rows_read").asLong());
    }

    @Test
    void threeSurveysGiveTheRowsOfMmuXmatchAndMmuLoad() throws IOException {
        String[] match = {left, right, third, "--radius-arcsec", "3", "--mode", "best"};
        Path ours = dir.resolve("spark3.csv");
        Path theirs = dir.resolve("mmu3.csv");
        spark(commandLine("xmatch", match, "--groups", "--out", ours.toString(), "--master", "local[2]"));
        mmu(commandLine("xmatch", match, "--groups", "--out", theirs.toString()));
        assertEquals(Files.readString(theirs), Files.readString(ours));
        String header = Files.readAllLines(ours).get(0);
        assertTrue(header.startsWith("hsc_object_id,desi_object_id,sdss_object_id,"), header);
        assertTrue(Files.readAllLines(ours).size() > 100, "rows: " + Files.readAllLines(ours).size());

        Path loaded = dir.resolve("spark3.jsonl");
        Path sdk = dir.resolve("mmu3.jsonl");
        spark(commandLine("load", match, "--columns", "object_id,flux", "--out", loaded.toString(),
                "--report", dir.resolve("spark3.json").toString(), "--master", "local[2]"));
        mmu(commandLine("load", match, "--columns", "object_id,flux", "--out", sdk.toString(),
                "--report", dir.resolve("mmu3.json").toString()));
        List<String> a = new ArrayList<>(Files.readAllLines(sdk));
        List<String> b = new ArrayList<>(Files.readAllLines(loaded));
        a.sort(null);
        b.sort(null);
        assertEquals(a, b);
        assertTrue(a.size() > 100, "rows: " + a.size());
    }

    @Test
    void errorColumnsAreRefusedWithTheReason() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int s = MmuSparkCommand.run(new String[] {"xmatch", left, right, "--radius-arcsec", "3", "--error-columns",
                "flux,flux", "--out", dir.resolve("errors.csv").toString(), "--master", "local[2]"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(1, s);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("without error columns"), err.toString());
    }

    private static Map<String, Object> keys(JsonNode n) {
        Map<String, Object> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isObject() ? keys(e.getValue()) : "");
        }
        return out;
    }

    private static String[] commandLine(String command, String[] datasetsAndFlags, String... more) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(datasetsAndFlags));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String[] concat(List<String> head, String out, String[] flags, String... more) {
        List<String> all = new ArrayList<>(head);
        all.add(out);
        all.addAll(List.of(flags));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
