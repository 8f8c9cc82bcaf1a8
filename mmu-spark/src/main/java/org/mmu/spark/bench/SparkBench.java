package org.mmu.spark.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.mmu.CrossMatchedDatasets;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.Column;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.RowBatch;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.Crossmatcher;
import org.mmu.matching.MatchResult;
import org.mmu.spark.MmuSpark;

/**
 * The Spark benchmark's steps, one per process (scripts/bench-spark.sh runs them and times the
 * processes):
 * <ul>
 *   <li>{@code build uniform|crowded N DIR}: two index-first surveys of N objects (left, right);</li>
 *   <li>{@code engine LEFT RIGHT RADIUS THREADS}: the single-JVM engine on the loaded indices;</li>
 *   <li>{@code spark LEFT RIGHT RADIUS MASTER}: the distributed crossmatch on the same loaded indices.</li>
 * </ul>
 * Each prints one line {@code key=value ...}: the timed matching seconds (indices loaded before the
 * clock starts, in both), the row count, and for Spark the task times a SparkListener saw.
 */
public final class SparkBench {
    private SparkBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "build" -> build(args[1], (int) Double.parseDouble(args[2]), Path.of(args[3]));
            case "engine" -> engine(args[1], args[2], Double.parseDouble(args[3]), Integer.parseInt(args[4]));
            case "regional" -> regional(args[1], args[2], Double.parseDouble(args[3]), Integer.parseInt(args[4]));
            case "spark" -> spark(args[1], args[2], Double.parseDouble(args[3]), args[4]);
            default -> {
                System.err.println("usage: SparkBench build uniform|crowded N DIR | engine L R RADIUS THREADS"
                        + " | regional L R RADIUS THREADS | spark L R RADIUS MASTER");
                System.exit(2);
            }
        }
    }

    /**
     * Left: N objects over 1000 deg² across RA 0/360 ("uniform"), or half of them there and half in
     * 20 clusters of 0.1° ("crowded"); right: 80 % of the left objects moved by 0.3″ (σ), plus 20 %
     * new ones spread like the left.
     */
    private static void build(String geometry, int n, Path dir) {
        SplittableRandom rnd = new SplittableRandom(2026);
        boolean crowded = geometry.equals("crowded");
        double[][] clusters = new double[20][];
        for (int c = 0; c < clusters.length; c++) {
            clusters[c] = inCap(rnd, Math.toRadians(17));
        }
        double[][] left = new double[2][n];
        for (int i = 0; i < n; i++) {
            double[] p = crowded && i % 2 == 1 ? near(rnd, clusters[rnd.nextInt(20)], 0.1 * rnd.nextDouble())
                    : inCap(rnd, Math.toRadians(17.9)); // a cap of ~1000 deg² around (0, 0)
            left[0][i] = p[0];
            left[1][i] = p[1];
        }
        int m = n;
        double[][] right = new double[2][m];
        for (int k = 0; k < m; k++) {
            double[] p;
            if (k < 0.8 * m) {
                int i = rnd.nextInt(n);
                p = near(rnd, new double[] {left[0][i], left[1][i]}, Math.abs(rnd.nextGaussian()) * 0.3 / 3600);
            } else {
                p = crowded && k % 2 == 1 ? near(rnd, clusters[rnd.nextInt(20)], 0.1 * rnd.nextDouble())
                        : inCap(rnd, Math.toRadians(17.9));
            }
            right[0][k] = p[0];
            right[1][k] = p[1];
        }
        write(dir.resolve("left"), "left", left, 1);
        write(dir.resolve("right"), "right", right, 1_000_000_000L);
    }

    private static void write(Path out, String name, double[][] pos, long firstId) {
        long[] ids = new long[pos[0].length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = firstId + i;
        }
        RowBatch cat = RowBatch.of(Column.of("object_id", ids), Column.of("ra", pos[0]), Column.of("dec", pos[1]));
        try (PartitionedDataset src = CatalogDatasets.fromBatch(name, cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(100_000).build().build(src, out);
        }
    }

    private static void engine(String left, String right, double radius, int threads) {
        try (MmuDataset l = MmuDatasets.load(left); MmuDataset r = MmuDatasets.load(right)) {
            var li = l.index();
            var ri = r.index();
            CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(radius).threads(threads).build();
            long t0 = System.nanoTime();
            MatchResult m = Crossmatcher.match(li, ri, spec.criteria());
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "engine threads=%d seconds=%.3f rows=%d%n", threads, s, m.size());
        }
    }

    /**
     * The library's crossmatch from the datasets, as {@code mmu xmatch} runs it (plan, read each
     * region's index rows, match, the match tables), what a Spark run does on one machine: the
     * engine its overhead is measured against.
     */
    private static void regional(String left, String right, double radius, int threads) {
        CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(radius).threads(threads).build();
        long t0 = System.nanoTime();
        long rows = 0;
        try (CrossMatchedDatasets m = MmuDatasets.load(List.of(left, right), spec,
                LoadOptions.builder().fetchData(false).build());
                java.util.stream.Stream<RowBatch> tables = m.matchTables(false)) {
            for (java.util.Iterator<RowBatch> it = tables.iterator(); it.hasNext();) {
                rows += it.next().rowCount();
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "regional threads=%d seconds=%.3f rows=%d%n", threads, s, rows);
    }

    /** The distributed crossmatch from the datasets (planning on the driver included), its rows counted by Spark. */
    private static void spark(String left, String right, double radius, String master) throws Exception {
        SparkSession spark = MmuSpark.localSession(master, "mmu-spark bench");
        List<Long> taskMillis = Collections.synchronizedList(new ArrayList<>());
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                taskMillis.add(end.taskInfo().duration());
            }
        });
        CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(radius).build();
        long t0 = System.nanoTime();
        long rows = MmuSpark.crossmatch(spark, left, right, spec).count();
        double s = (System.nanoTime() - t0) / 1e9;
        spark.sparkContext().listenerBus().waitUntilEmpty();
        List<Long> t = new ArrayList<>(taskMillis);
        Collections.sort(t);
        long median = t.isEmpty() ? 0 : t.get(t.size() / 2);
        long max = t.isEmpty() ? 0 : t.get(t.size() - 1);
        System.out.printf(Locale.ROOT, "spark master=%s seconds=%.3f rows=%d tasks=%d task_median_ms=%d task_max_ms=%d"
                + " skew=%.2f%n", master, s, rows, t.size(), median, max, median == 0 ? 0.0 : (double) max / median);
        spark.stop();
    }

    private static double[] inCap(SplittableRandom rnd, double capRad) {
        double z = 1 - rnd.nextDouble() * (1 - Math.cos(capRad));
        double phi = rnd.nextDouble() * 2 * Math.PI;
        double sn = Math.sqrt(1 - z * z);
        double ra = Math.toDegrees(Math.atan2(sn * Math.cos(phi), z));
        return new double[] {ra < 0 ? ra + 360 : ra, Math.toDegrees(Math.asin(sn * Math.sin(phi)))};
    }

    /** A point {@code distDeg} from {@code p} in a random direction. */
    private static double[] near(SplittableRandom rnd, double[] p, double distDeg) {
        double a = Math.toRadians(p[0]);
        double d = Math.toRadians(p[1]);
        double pa = rnd.nextDouble() * 2 * Math.PI;
        double r = Math.toRadians(distDeg);
        double sinD2 = Math.sin(d) * Math.cos(r) + Math.cos(d) * Math.sin(r) * Math.cos(pa);
        double d2 = Math.asin(Math.max(-1, Math.min(1, sinD2)));
        double a2 = a + Math.atan2(Math.sin(pa) * Math.sin(r) * Math.cos(d), Math.cos(r) - Math.sin(d) * sinD2);
        double ra = Math.toDegrees(a2) % 360;
        return new double[] {ra < 0 ? ra + 360 : ra, Math.toDegrees(d2)};
    }

}
