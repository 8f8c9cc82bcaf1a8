package org.mmu.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.spark.bench.StandaloneCluster;

/**
 * {@code mmu-spark xmatch|load} on a real multi-JVM Spark cluster: a standalone master and two
 * workers, each its own JVM on loopback, whose executors are further JVMs with 512 MB heaps, and
 * a driver JVM of its own (the command as {@code scripts/mmu-spark --master spark://...} runs
 * it). The rows must be those of {@code mmu xmatch|load} on one machine, and both executors must
 * have run tasks.
 */
class ClusterTest {
    static final String EXECUTOR_HEAP = "512m"; // Spark's floor is 450 MB of heap per JVM

    @TempDir
    static Path dir;
    static StandaloneCluster cluster;
    static String left;
    static String right;
    static String third;

    @BeforeAll
    static void start() {
        HardSky a = new HardSky(21).polesAndWrap(100).baseCellEdges(200, 0.01).cluster(150, 0.01);
        HardSky b = a.near(0.7, 2.0 / 3600, 22);
        left = TestSpark.writeSurvey(dir, "hsc", a, 1);
        right = TestSpark.writeSurvey(dir, "desi", b, 5_000_001);
        third = TestSpark.writeSurvey(dir, "sdss", a.near(0.6, 2.0 / 3600, 23), 9_000_001);
        // the executors' Spark and ours come from the driver's class path (a Spark home without jars)
        cluster = StandaloneCluster.start(dir.resolve("cluster"), List.of(), System.getProperty("java.class.path"), 2,
                1, 640, "192m");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void xmatchOnTwoWorkersWritesTheBytesOfMmuXmatch() throws Exception {
        Path ours = dir.resolve("cluster.csv");
        Path theirs = dir.resolve("mmu.csv");
        List<String> common = List.of("xmatch", left, right, "--radius-arcsec", "3", "--mode", "all", "--groups");
        driver("xmatch", Jvms.concat(common, "--out", ours.toString(), "--master", cluster.masterUrl()));
        Jvms.mmu(Jvms.concat(common, "--out", theirs.toString()));
        assertEquals(Files.readString(theirs), Files.readString(ours));
        assertTrue(Files.readAllLines(ours).size() > 200, "rows: " + Files.readAllLines(ours).size());
        assertBothExecutorsRanTasks();
    }

    @Test
    void loadOfThreeSurveysOnTwoWorkersWritesTheRowsOfMmuLoad() throws Exception {
        Path ours = dir.resolve("cluster.jsonl");
        Path theirs = dir.resolve("mmu.jsonl");
        List<String> common = List.of("load", left, right, third, "--radius-arcsec", "3", "--mode", "best");
        driver("load", Jvms.concat(common, "--out", ours.toString(), "--report", dir.resolve("cluster.json").toString(),
                "--master", cluster.masterUrl()));
        Jvms.mmu(Jvms.concat(common, "--out", theirs.toString(), "--report", dir.resolve("mmu.json").toString()));
        assertEquals(Jvms.sortedLines(theirs), Jvms.sortedLines(ours));
        JsonNode mine = new ObjectMapper().readTree(dir.resolve("cluster.json").toFile());
        JsonNode sdk = new ObjectMapper().readTree(dir.resolve("mmu.json").toFile());
        for (String key : List.of("pairs", "partitions_read")) {
            assertEquals(sdk.get(key), mine.get(key), key);
        }
        // the executors' reads reach the driver's report
        assertTrue(mine.get("per_survey").get("desi").get("rows_read").asLong() >= sdk.get("per_survey").get("desi")
                .get("matched_objects").asLong(), mine.toString());
        assertBothExecutorsRanTasks();
    }

    /** Every worker launched an executor JVM with the small heap, and each finished tasks. */
    private static void assertBothExecutorsRanTasks() throws IOException {
        for (Path work : cluster.workDirs()) {
            List<Path> logs;
            try (Stream<Path> files = Files.walk(work)) {
                logs = files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
            }
            assertTrue(!logs.isEmpty(), "no executor in " + work + "\n" + cluster.logTails());
            boolean ran = false;
            for (Path log : logs) {
                String text = Files.readString(log);
                assertTrue(text.contains("-Xmx" + EXECUTOR_HEAP.toUpperCase()) || text.contains("-Xmx" + EXECUTOR_HEAP),
                        "executor heap in " + log);
                ran |= text.contains("Finished task");
            }
            assertTrue(ran, "no task finished on the executors of " + work);
        }
    }

    /** Runs {@code mmu-spark} in a driver JVM of its own, as scripts/mmu-spark does. */
    private static void driver(String name, String... args) throws Exception {
        String cp = System.getProperty("java.class.path");
        List<String> cmd = Jvms.java(EXECUTOR_HEAP);
        cmd.addAll(List.of("-Dspark.executor.memory=" + EXECUTOR_HEAP, "-Dspark.executor.extraClassPath=" + cp,
                "-Dspark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                // start the job once both executors are up, so that both take tasks
                "-Dspark.scheduler.minRegisteredResourcesRatio=1.0", "-cp", cp, "org.mmu.spark.MmuSparkCommand"));
        cmd.addAll(List.of(args));
        Jvms.run(cmd, Map.of("SPARK_LOCAL_IP", "127.0.0.1"), dir.resolve("driver-" + name + ".log"), cluster::logTails);
    }
}
