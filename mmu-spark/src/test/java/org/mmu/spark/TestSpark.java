package org.mmu.spark;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.sql.SparkSession;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.RowBatch;
import org.mmu.io.build.DatasetBuilder;
import org.mmu.io.catalog.CatalogDatasets;
import org.mmu.io.dataset.OpenContext;
import org.mmu.io.dataset.PartitionedDataset;
import org.mmu.io.testing.SyntheticSurvey;

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

    /** An index-first survey of the sky's positions (SyntheticSurvey values: one-band 2×2 images, spectra), 100 objects per file. */
    static String writeSurvey(Path dir, String name, HardSky sky, long firstId) {
        RowBatch cat = SyntheticSurvey.catalog(sky.ra(), sky.dec(), firstId, 1, 2, true);
        try (PartitionedDataset src = CatalogDatasets.fromBatch(name, cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(100).build().build(src, dir.resolve(name));
        }
        return dir.resolve(name).toString();
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
