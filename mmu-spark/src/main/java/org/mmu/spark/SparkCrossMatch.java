package org.mmu.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.matching.RegionMatch;
import org.mmu.matching.RegionalMatcher;
import org.mmu.matching.SkyRegion;
import org.mmu.matching.SkyRegions;

/**
 * The distributed crossmatch: one Spark task per sky region of the regions API's plan. Each task
 * runs {@link RegionalMatcher#matchRegion} — the in-memory engine on the region plus its margin —
 * and emits the rows the region owns, so every row appears once and the rows are the
 * single-machine engine's in every mode and join. The Spark partitions are in region order, and
 * each region's rows in the regions API's streamed order.
 */
final class SparkCrossMatch {
    private SparkCrossMatch() {
    }

    /** The plan for this session: the driver opens the datasets and plans from their cell counts. */
    static MatchSpec planned(SparkSession spark, MatchSpec m) {
        RegionContext ctx = RegionContext.get(m);
        return RegionPlanning.plan(m, ctx, spark.sparkContext().defaultParallelism());
    }

    static StructType pairSchema(MatchSpec m) {
        RegionContext ctx = RegionContext.get(m);
        List<StructField> f = new ArrayList<>();
        f.add(new StructField("left_object_id", SparkTypes.idType(ctx.indices.get(0).ids()), true, Metadata.empty()));
        f.add(new StructField("right_object_id", SparkTypes.idType(ctx.indices.get(1).ids()), true, Metadata.empty()));
        f.add(new StructField("separation_arcsec", DataTypes.DoubleType, true, Metadata.empty()));
        for (String side : List.of("left", "right")) {
            f.add(new StructField(side + "_partition", DataTypes.IntegerType, true, Metadata.empty()));
            f.add(new StructField(side + "_row", DataTypes.IntegerType, true, Metadata.empty()));
        }
        f.add(new StructField("region", DataTypes.IntegerType, false, Metadata.empty()));
        return new StructType(f.toArray(StructField[]::new));
    }

    /** The pairs: ids, separation, each side's partition ordinal and row in its file, and the region. */
    static Dataset<Row> pairs(SparkSession spark, MatchSpec planned) {
        return pairs(spark, planned, null);
    }

    /** {@link #pairs} that, given metrics, also records each task's reads, match time and index rows. */
    static Dataset<Row> pairs(SparkSession spark, MatchSpec planned, TaskMetrics metrics) {
        JavaRDD<Row> rows = regions(spark, planned).flatMap(region -> pairRows(planned, region, metrics));
        return spark.createDataFrame(rows, pairSchema(planned));
    }

    /** One Spark partition per region, in region order. */
    private static JavaRDD<Integer> regions(SparkSession spark, MatchSpec planned) {
        SkyRegions plan = RegionContext.get(planned).plan(planned.depth(), planned.budgetBytes());
        List<Integer> ordinals = IntStream.range(0, plan.regions().size()).boxed().toList();
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ordinals, Math.max(1, ordinals.size()));
    }

    private static RegionMatch match(MatchSpec m, int ordinal) {
        RegionContext ctx = RegionContext.get(m);
        SkyRegions plan = ctx.plan(m.depth(), m.budgetBytes());
        SkyRegion region = plan.regions().get(ordinal);
        return RegionalMatcher.matchRegion(plan, region, ctx.source, ctx.spec, false);
    }

    private static Iterator<Row> pairRows(MatchSpec m, int ordinal, TaskMetrics metrics) {
        long t0 = System.nanoTime();
        RegionMatch r = match(m, ordinal);
        ObjectIndex left = r.slice(0);
        ObjectIndex right = r.slice(1);
        List<Row> out = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
            int l = r.row(0, i);
            int k = r.row(1, i);
            out.add(RowFactory.create(l < 0 ? null : id(left.ids(), l), k < 0 ? null : id(right.ids(), k),
                    k < 0 || l < 0 ? null : r.separationArcsec(1, i),
                    l < 0 ? null : left.partitionOrdinal(l), l < 0 ? null : left.row(l),
                    k < 0 ? null : right.partitionOrdinal(k), k < 0 ? null : right.row(k), ordinal));
        }
        if (metrics != null) {
            metrics.record(m, ordinal, r, System.nanoTime() - t0, 0);
        }
        return out.iterator();
    }

    private static Object id(ObjectIds ids, int i) {
        return ids instanceof ObjectIds.Longs ? (Object) ids.getLong(i) : ids.getString(i);
    }

    /** The columns of a crossmatch-load: each survey's (prefixed {@code <survey>_}), then {@code separation_arcsec}. */
    static StructType loadSchema(MatchSpec m, List<List<String>> columns, boolean locations) {
        RegionContext ctx = RegionContext.get(m);
        List<StructField> f = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Schema schema = ctx.datasets.get(s).schema().select(columns.get(s));
            for (ColumnSpec c : schema) {
                f.add(SparkTypes.field(c.withName(m.surveys().get(s) + "_" + c.name())));
            }
        }
        f.add(new StructField("separation_arcsec", DataTypes.DoubleType, true, Metadata.empty()));
        if (locations) {
            for (String side : List.of("left", "right")) {
                f.add(new StructField(LOCATION_PREFIX + side + "_partition", DataTypes.IntegerType, true, Metadata.empty()));
                f.add(new StructField(LOCATION_PREFIX + side + "_row", DataTypes.IntegerType, true, Metadata.empty()));
            }
        }
        return new StructType(f.toArray(StructField[]::new));
    }

    /** Prefix of the partition/row columns a load adds for the CLI's report. */
    static final String LOCATION_PREFIX = "__mmu_";

    /**
     * What the CLI's report needs from the tasks: reads per JVM, task seconds matching and
     * fetching, and each task's wall time and index rows.
     */
    record TaskMetrics(CollectionAccumulator<ReadSnapshot> reads, DoubleAccumulator matchSeconds,
            DoubleAccumulator fetchSeconds, CollectionAccumulator<TaskStat> tasks) implements java.io.Serializable {
        static TaskMetrics register(SparkSession spark) {
            var sc = spark.sparkContext();
            return new TaskMetrics(sc.collectionAccumulator("mmu reads"), sc.doubleAccumulator("mmu match seconds"),
                    sc.doubleAccumulator("mmu fetch seconds"), sc.collectionAccumulator("mmu tasks"));
        }

        void record(MatchSpec m, int region, RegionMatch r, long matchNanos, long fetchNanos) {
            ReadSnapshot.record(reads, m.locations());
            matchSeconds.add(matchNanos / 1e9);
            fetchSeconds.add(fetchNanos / 1e9);
            tasks.add(new TaskStat(region, (matchNanos + fetchNanos) / 1e9, new long[] {r.slice(0).size(), r.slice(1).size()}));
        }
    }

    /**
     * One task: its region, wall seconds (match and fetch), and per survey the index rows it
     * matched (the region's objects plus its margin).
     */
    record TaskStat(int region, double seconds, long[] indexRows) implements java.io.Serializable {
    }

    /**
     * The matched rows side by side. Each task matches its region, then reads through the SDK only
     * the rows its pairs name (the pages or slices holding them), grouped by partition.
     */
    static Dataset<Row> load(SparkSession spark, MatchSpec planned, List<List<String>> columns) {
        return load(spark, planned, columns, null);
    }

    /**
     * {@link #load} that, given metrics, also records them and adds each side's partition and row
     * ({@link #LOCATION_PREFIX} columns) for the CLI's report.
     */
    static Dataset<Row> load(SparkSession spark, MatchSpec planned, List<List<String>> columns, TaskMetrics metrics) {
        StructType schema = loadSchema(planned, columns, metrics != null);
        JavaRDD<Row> rows = regions(spark, planned).flatMap(region -> loadRows(planned, columns, region, metrics));
        return spark.createDataFrame(rows, schema);
    }

    private static Iterator<Row> loadRows(MatchSpec m, List<List<String>> columns, int ordinal, TaskMetrics metrics) {
        long t0 = System.nanoTime();
        RegionMatch r = match(m, ordinal);
        long t1 = System.nanoTime();
        RegionContext ctx = RegionContext.get(m);
        int n = r.size();
        Column[][] data = new Column[2][];
        int[][] batchRow = new int[2][];
        for (int s = 0; s < 2; s++) {
            ObjectIndex slice = r.slice(s);
            RowLocator locator = ctx.locator(s);
            int[] positions = new int[n];
            for (int i = 0; i < n; i++) {
                int row = r.row(s, i);
                positions[i] = row < 0 ? -1 : locator.position(slice.partitionOrdinal(row), slice.row(row));
            }
            int[] distinct = IntStream.of(positions).filter(p -> p >= 0).distinct().sorted().toArray();
            MmuDataset view = ctx.datasets.get(s).select(columns.get(s));
            RowBatch batch = view.read(distinct);
            data[s] = batch.columns().toArray(Column[]::new);
            batchRow[s] = new int[n];
            for (int i = 0; i < n; i++) {
                batchRow[s][i] = positions[i] < 0 ? -1 : java.util.Arrays.binarySearch(distinct, positions[i]);
            }
        }
        List<Row> out = new ArrayList<>(n);
        int width = data[0].length + data[1].length + 1 + (metrics == null ? 0 : 4);
        for (int i = 0; i < n; i++) {
            Object[] v = new Object[width];
            int c = 0;
            for (int s = 0; s < 2; s++) {
                for (Column col : data[s]) {
                    v[c++] = batchRow[s][i] < 0 ? null : SparkTypes.external(col, batchRow[s][i]);
                }
            }
            double sep = r.separationArcsec(1, i);
            v[c++] = Double.isNaN(sep) ? null : sep;
            if (metrics != null) {
                for (int s = 0; s < 2; s++) {
                    int row = r.row(s, i);
                    v[c++] = row < 0 ? null : r.slice(s).partitionOrdinal(row);
                    v[c++] = row < 0 ? null : r.slice(s).row(row);
                }
            }
            out.add(RowFactory.create(v));
        }
        if (metrics != null) {
            metrics.record(m, ordinal, r, t1 - t0, System.nanoTime() - t1);
        }
        return out.iterator();
    }
}
