package org.mmu.spark;

import java.util.List;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.mmu.core.IdType;
import org.mmu.core.MmuDataset;
import org.mmu.internal.regions.IndexRegions;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchMode;
import org.mmu.matching.RegionalMatcher;
import org.mmu.matching.SkyCells;
import org.mmu.matching.SkyRegions;

/**
 * How the driver cuts the sky for Spark, with the library's planner: the per-cell counts of
 * {@link IndexRegions#open} (its planning reads, {@link IndexRegions#planningRowsRead}, are the
 * driver's only index reads) and {@link IndexRegions#plan}, into regions of about equal
 * estimated work, several per core so that a crowded region does not leave the other cores idle,
 * each within a heap budget. Mode best's scan sides are then decided by one Spark job counting
 * each region's own objects ({@link RegionalMatcher#bestCounts}), never on the driver.
 */
final class RegionPlanning {
    /** Regions per core: enough for Spark to balance, few enough to keep margins a small overhead. */
    static final int REGIONS_PER_CORE = 4;
    /** The most one region's match may hold in an executor's heap. */
    static final long MAX_REGION_BYTES = 256L << 20;
    private static final long MIN_REGION_BYTES = 16L << 10; // about 120 objects: below that margins dominate

    private RegionPlanning() {
    }

    /**
     * A planned crossmatch: what the tasks need, each survey's id type, and the index rows the
     * driver read per survey to plan.
     */
    record Planned(MatchSpec spec, List<IdType> idTypes, long[] driverIndexRows, double indexSeconds,
            double planSeconds) {
    }

    static Planned plan(SparkSession spark, MatchSpec m) {
        long t0 = System.nanoTime();
        CrossMatch spec = m.crossMatch();
        List<MmuDataset> datasets = RegionTasks.datasets(m);
        long objects = datasets.stream().mapToLong(MmuDataset::size).sum();
        int depth = SkyCells.regionDepth(objects, m.radiusArcsec());
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        IndexRegions source = IndexRegions.open(datasets, spec, depth, threads);
        double indexSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        int cores = spark.sparkContext().defaultParallelism();
        long total = source.plan(spec, Long.MAX_VALUE / 4).largestRegionBytes();
        long budget = total / Math.max(1, (long) cores * REGIONS_PER_CORE);
        budget = Math.max(MIN_REGION_BYTES, Math.min(MAX_REGION_BYTES, budget));
        SkyRegions plan = source.plan(spec, budget);
        MatchSpec planned = m.withPlan(depth, budget, plan.regions().size());
        boolean local = spark.sparkContext().isLocal(); // the tasks run in this JVM: they use this source
        if (local) {
            RegionTasks.share(planned, source);
        }
        planned = resolveBest(spark, planned, spec);
        if (local) {
            RegionTasks.share(planned, source);
        }
        long[] driverRows = new long[datasets.size()];
        List<IdType> idTypes = new java.util.ArrayList<>();
        for (int s = 0; s < driverRows.length; s++) {
            driverRows[s] = source.planningRowsRead(s);
            idTypes.add(source.idType(s));
        }
        return new Planned(planned, idTypes, driverRows, indexSeconds, (System.nanoTime() - t1) / 1e9);
    }

    /** Mode best with a side left to decide: one Spark job counts each region's own objects, the driver merges. */
    private static MatchSpec resolveBest(SparkSession spark, MatchSpec planned, CrossMatch spec) {
        if (spec.criteria().mode() != MatchMode.BEST || planned.regions() == 0 || !undecided(spec)) {
            return planned;
        }
        List<Integer> ordinals = IntStream.range(0, planned.regions()).boxed().toList();
        List<RegionalMatcher.BestCounts> parts = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(ordinals, ordinals.size())
                .map(r -> RegionTasks.get(planned).bestCounts(r)).collect();
        return planned.withScans(RegionalMatcher.resolveBest(spec, parts));
    }

    private static boolean undecided(CrossMatch spec) {
        for (String s : spec.surveys()) {
            if (!s.equals(spec.reference())
                    && spec.bestScan(spec.reference(), s) == org.mmu.matching.BestScan.AUTO) {
                return true;
            }
        }
        return false;
    }
}
