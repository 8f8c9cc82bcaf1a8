package org.mmu.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mmu.Surveys;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.matching.CrossMatch;

/**
 * Spark entry points: distributed crossmatches and crossmatch-loads of MMU datasets, two surveys
 * or N-way, with the SDK's engine run region by region (one Spark task per sky region plus its
 * margin). Datasets themselves are read with the data source:
 * {@code spark.read().format("mmu").load(path)}.
 *
 * <pre>{@code
 * CrossMatch spec = CrossMatch.of("hsc", "desi", "sdss").radiusArcsec(1).build();
 * Dataset<Row> rows = MmuSpark.crossmatch(spark, List.of("/data/hsc", "/data/desi", "/data/sdss"), spec);
 * MmuSpark.crossmatchLoad(spark, List.of("/data/hsc", "/data/desi", "/data/sdss"), spec).write().parquet("/out/m");
 * }</pre>
 *
 * The driver plans the regions from per-cell counts (the library's planner) and holds no index;
 * each task reads its region's index rows plus margin, matches, and for a load fetches only its
 * matched rows. Rows reach Spark as columnar batches over the SDK's arrays (no object per pair).
 */
public final class MmuSpark {
    private MmuSpark() {
    }

    /** {@link #crossmatch(SparkSession, List, CrossMatch)} of two datasets. */
    public static Dataset<Row> crossmatch(SparkSession spark, String left, String right, CrossMatch spec) {
        return crossmatch(spark, List.of(left, right), spec);
    }

    /**
     * The match rows of a crossmatch of the datasets at {@code locations} (in the spec's survey
     * order), as the library's match table has them — two surveys: {@code left_object_id,
     * right_object_id, separation_arcsec}; more: {@code <survey>_object_id} per survey and
     * {@code <survey>_separation_arcsec} per non-reference survey — then each survey's partition
     * (its position in the dataset's partition list) and row in that partition's file
     * ({@code left_partition, left_row, right_partition, right_row}, or
     * {@code <survey>_partition, <survey>_row}) and the sky {@code region} that produced the row.
     * Absent objects (outer joins) are nulls. The rows are those of the single-machine engine
     * ({@code mmu xmatch}) in every mode and join, in its sky order (partitions in region order).
     * Error columns are refused: matching with errors runs on one machine.
     */
    public static Dataset<Row> crossmatch(SparkSession spark, List<String> locations, CrossMatch spec) {
        return prepare(spark, locations, spec, false, null, null, false, null).frame();
    }

    /** {@link #crossmatchLoad(SparkSession, List, CrossMatch)} of two datasets. */
    public static Dataset<Row> crossmatchLoad(SparkSession spark, String left, String right, CrossMatch spec) {
        return crossmatchLoad(spark, List.of(left, right), spec);
    }

    /**
     * The matched rows of every survey side by side, all columns, as {@code mmu load} writes
     * them: each survey's columns prefixed {@code <survey>_} (the spec's names), then
     * {@code separation_arcsec} (two surveys) or {@code <survey>_separation_arcsec} (more), one
     * row per match row. Executors read only the rows their regions' matches name. Write it with
     * {@code df.write().parquet(...)}.
     */
    public static Dataset<Row> crossmatchLoad(SparkSession spark, List<String> locations, CrossMatch spec) {
        return prepare(spark, locations, spec, true, null, null, false, null).frame();
    }

    /** {@link #crossmatchLoad(SparkSession, List, CrossMatch, List)} of two datasets. */
    public static Dataset<Row> crossmatchLoad(SparkSession spark, String left, String right, CrossMatch spec,
            List<String> leftColumns, List<String> rightColumns) {
        return crossmatchLoad(spark, List.of(left, right), spec, List.of(leftColumns, rightColumns));
    }

    /** {@link #crossmatchLoad(SparkSession, List, CrossMatch)} with only some columns of each survey (spec order). */
    public static Dataset<Row> crossmatchLoad(SparkSession spark, List<String> locations, CrossMatch spec,
            List<List<String>> columns) {
        if (columns.size() != spec.surveys().size()) {
            throw new MmuInputException(columns.size() + " column lists for the " + spec.surveys().size() + " surveys "
                    + spec.surveys());
        }
        for (int s = 0; s < columns.size(); s++) {
            if (columns.get(s).isEmpty()) {
                throw new MmuInputException("survey '" + spec.surveys().get(s) + "': no columns to load");
            }
        }
        return prepare(spark, locations, spec, true, null, columns.stream().map(List::copyOf).toList(), false, null)
                .frame();
    }

    /** A planned crossmatch and its data frame. */
    record Prepared(RegionPlanning.Planned planned, TableSpec table, List<ColumnSpec> outputColumns,
            Dataset<Row> frame) {
    }

    /** Plans on the driver and makes the table; the command line adds group details and metrics. */
    static Prepared prepare(SparkSession spark, List<String> locations, CrossMatch spec, boolean load,
            List<String> sharedColumns, List<List<String>> surveyColumns, boolean groups, TaskMetrics metrics) {
        MatchSpec m = MatchSpec.of(locations, spec);
        TableSpec unplanned = new TableSpec(m, load, sharedColumns, surveyColumns, null, groups, metrics);
        List<ColumnSpec> columns = new ArrayList<>(); // a load's, as mmu load writes them
        if (load) { // checks the columns before any work
            List<MmuDataset> selected = Surveys.of(RegionTasks.datasets(m)).labelled(spec.surveys())
                    .selectColumns(unplanned.options());
            for (int s = 0; s < selected.size(); s++) {
                for (ColumnSpec c : selected.get(s).schema()) {
                    columns.add(c.withName(spec.surveys().get(s) + "_" + c.name()));
                }
            }
            for (String sep : CrossMatchTable.separationNames(m)) {
                columns.add(ColumnSpec.scalar(sep, DType.FLOAT64));
            }
        }
        RegionPlanning.Planned planned = RegionPlanning.plan(spark, m);
        MatchSpec pm = planned.spec();
        TableSpec table = new TableSpec(pm, load, sharedColumns, surveyColumns,
                load ? CrossMatchTable.loadSchema(columns, spec.surveys().size(), metrics != null)
                        : CrossMatchTable.pairSchema(pm, planned.idTypes(), groups),
                groups, metrics);
        Dataset<Row> frame = spark.read().format("mmu").option(TableSpec.OPTION, table.encode()).load();
        return new Prepared(planned, table, columns, frame);
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
