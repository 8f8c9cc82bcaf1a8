package org.mmu.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.spark.bench.StandaloneCluster;

/**
 * The runtime jar as Spark users run it: {@code spark-submit --class org.mmu.spark.MmuSparkCommand
 * mmu-spark-runtime.jar ...} ({@code org.apache.spark.deploy.SparkSubmit}) in a driver JVM whose
 * class path is Spark's jars alone, against a standalone cluster (a master and two worker JVMs)
 * and a {@code local-cluster}, whose executors start with Spark's jars alone and get ours from
 * the runtime jar. Whatever the jar lacks, or brings in a version that clashes with Spark's, fails
 * here. Runs after {@code package} (it needs the jar).
 */
class RuntimeJarIT {
    static final String HEAP = "512m";

    @TempDir
    static Path dir;
    static Path runtimeJar;
    static List<Path> sparkJars;
    static StandaloneCluster cluster;
    static String left;
    static String right;

    @BeforeAll
    static void start() {
        runtimeJar = Path.of(System.getProperty("mmu.runtime.jar"));
        assertTrue(Files.isRegularFile(runtimeJar), runtimeJar + " (mvn package builds it)");
        HardSky a = new HardSky(31).polesAndWrap(100).baseCellEdges(150, 0.01).cluster(150, 0.01);
        HardSky b = a.near(0.7, 2.0 / 3600, 32);
        left = TestSpark.writeSurvey(dir, "hsc", a, 1);
        right = TestSpark.writeSurvey(dir, "desi", b, 5_000_001);
        sparkJars = StandaloneCluster.sparkJars(System.getProperty("java.class.path"), runtimeJar);
        cluster = StandaloneCluster.start(dir.resolve("cluster"), sparkJars, sparkClassPath(), 2, 1, 640, "192m");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sparkSubmitOfTheRuntimeJarLoadsOnAStandaloneClusterWhatMmuLoads() throws Exception {
        Path ours = dir.resolve("submit.jsonl");
        Path theirs = dir.resolve("mmu.jsonl");
        List<String> common = List.of("load", left, right, "--radius-arcsec", "3", "--mode", "all");
        submit("standalone", cluster.masterUrl(), Jvms.concat(common, "--out", ours.toString(), "--report",
                dir.resolve("submit.json").toString()));
        Jvms.mmu(Jvms.concat(common, "--out", theirs.toString(), "--report", dir.resolve("mmu.json").toString()));
        List<String> rows = Jvms.sortedLines(theirs);
        assertEquals(rows, Jvms.sortedLines(ours));
        assertTrue(rows.size() > 200, "rows: " + rows.size());
    }

    @Test
    void sparkSubmitOfTheRuntimeJarCrossmatchesOnALocalClusterWhatMmuXmatchWrites() throws Exception {
        Path ours = dir.resolve("submit.csv");
        Path theirs = dir.resolve("mmu.csv");
        List<String> common = List.of("xmatch", left, right, "--radius-arcsec", "3", "--mode", "best", "--join", "1or2");
        submit("local-cluster", "local-cluster[2,1,640]", Jvms.concat(common, "--out", ours.toString()));
        Jvms.mmu(Jvms.concat(common, "--out", theirs.toString()));
        assertEquals(Files.readString(theirs), Files.readString(ours));
    }

    /** {@code spark-submit --master MASTER --class org.mmu.spark.MmuSparkCommand RUNTIME_JAR ARGS...}. */
    private static void submit(String name, String master, String... args) throws Exception {
        List<String> cmd = Jvms.java(HEAP);
        cmd.addAll(List.of("-cp", sparkClassPath(), "org.apache.spark.deploy.SparkSubmit",
                "--master", master, "--conf", "spark.executor.memory=" + HEAP,
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "--class", "org.mmu.spark.MmuSparkCommand", runtimeJar.toString()));
        cmd.addAll(List.of(args));
        // local-cluster's in-driver workers launch executors from the Spark home (Spark's jars alone)
        Map<String, String> env = Map.of("SPARK_LOCAL_IP", "127.0.0.1", "SPARK_HOME", cluster.sparkHome().toString(),
                "SPARK_SCALA_VERSION", "2.13");
        Jvms.run(cmd, env, dir.resolve("submit-" + name + ".log"), cluster::logTails);
    }

    private static String sparkClassPath() {
        return String.join(File.pathSeparator, sparkJars.stream().map(Path::toString).toList());
    }
}
