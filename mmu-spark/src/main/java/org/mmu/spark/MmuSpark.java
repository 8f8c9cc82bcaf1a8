package org.mmu.spark;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mmu.core.MmuInputException;
import org.mmu.matching.CrossMatch;

/**
 * Spark entry points: distributed crossmatches and crossmatch-loads of MMU datasets, with the
 * SDK's engine run region by region (one Spark task per sky region plus its margin). Datasets
 * themselves are read with the data source: {@code spark.read().format("mmu").load(path)}.
 *
 * <pre>{@code
 * CrossMatch spec = CrossMatch.of("hsc", "desi").radiusArcsec(1).build();
 * Dataset<Row> pairs = MmuSpark.crossmatch(spark, "/data/hsc", "/data/desi", spec);
 * MmuSpark.crossmatchLoad(spark, "/data/hsc", "/data/desi", spec).write().parquet("/out/matched");
 * }</pre>
 *
 * The driver and every executor open both datasets and hold both indices (about 32 bytes per
 * object); data rows are read only by the tasks whose pairs name them.
 */
public final class MmuSpark {
    private MmuSpark() {
    }

    /**
     * The pairs of a two-survey crossmatch: {@code left_object_id, right_object_id,
     * separation_arcsec, left_partition, left_row, right_partition, right_row, region} — ids as
     * stored, the separation in arcsec, each side's partition (its position in the dataset's
     * partition list) and row in that partition's file, and the sky region that produced the row.
     * Absent partners of outer joins are nulls. The rows are those of the single-machine engine
     * ({@code MmuDatasets.crossMatch}) in every mode and join; the spec's first survey is the left.
     */
    public static Dataset<Row> crossmatch(SparkSession spark, String left, String right, CrossMatch spec) {
        return SparkCrossMatch.pairs(spark, planned(spark, left, right, spec));
    }

    /**
     * The matched rows of both surveys side by side, all columns: each survey's columns prefixed
     * {@code <survey>_} (the spec's names), then {@code separation_arcsec}, one row per match row.
     * Executors read only the rows their pairs name. Write it with {@code df.write().parquet(...)}.
     */
    public static Dataset<Row> crossmatchLoad(SparkSession spark, String left, String right, CrossMatch spec) {
        MatchSpec m = planned(spark, left, right, spec);
        RegionContext ctx = RegionContext.get(m);
        return crossmatchLoad(spark, left, right, spec, ctx.datasets.get(0).schema().names(),
                ctx.datasets.get(1).schema().names());
    }

    /** {@link #crossmatchLoad(SparkSession, String, String, CrossMatch)} with only some columns of each survey. */
    public static Dataset<Row> crossmatchLoad(SparkSession spark, String left, String right, CrossMatch spec,
            List<String> leftColumns, List<String> rightColumns) {
        MatchSpec m = planned(spark, left, right, spec);
        RegionContext ctx = RegionContext.get(m);
        for (int s = 0; s < 2; s++) {
            List<String> cols = s == 0 ? leftColumns : rightColumns;
            if (cols.isEmpty()) {
                throw new MmuInputException("survey '" + spec.surveys().get(s) + "': no columns to load; its columns are "
                        + ctx.datasets.get(s).schema().names());
            }
            ctx.datasets.get(s).schema().select(cols); // names a missing column in its error
        }
        return SparkCrossMatch.load(spark, m, List.of(List.copyOf(leftColumns), List.copyOf(rightColumns)));
    }

    private static MatchSpec planned(SparkSession spark, String left, String right, CrossMatch spec) {
        return SparkCrossMatch.planned(spark, MatchSpec.of(left, right, spec, 0, 0));
    }

    /**
     * A session for one machine ({@code local[N]} or a master URL), bound to loopback when local,
     * without the web UI.
     */
    public static SparkSession localSession(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().master(master).appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "8");
        if (master.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/mmu-spark-warehouse");
        }
        return b.getOrCreate();
    }
}
