package org.mmu.spark;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of this module's tests ({@code local[2]}, loopback, no UI), started on
 * first use and stopped when the test JVM exits: starting Spark costs seconds, so test classes
 * share it.
 */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = MmuSpark.localSession("local[2]", "mmu-spark-tests");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                session.stop();
                OpenDatasets.closeAll();
            }));
        }
        return session;
    }

    /** The MMU v1 fixtures written by h5py (in mmu-io's test resources). */
    static Path mmuV1Fixtures() {
        return Path.of(System.getProperty("mmu.repo.dir", "."), "mmu-io", "src", "test", "resources", "fixtures", "mmu_v1");
    }

    /** A HATS catalog written by hats-import, or null when /work/shared is absent. */
    static Path hatsFixture(String name) {
        String shared = System.getProperty("mmu.shared.dir");
        if (shared == null) {
            return null;
        }
        Path p = Path.of(shared, "fixtures", "hats", name);
        return Files.isDirectory(p) ? p : null;
    }
}
