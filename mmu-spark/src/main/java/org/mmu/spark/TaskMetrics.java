package org.mmu.spark;

import java.io.Serializable;
import java.util.List;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.DoubleAccumulator;
import org.mmu.matching.RegionMatch;

/**
 * What the command line's report needs from the tasks: reads per JVM, task seconds matching and
 * fetching, and each task's wall time and index rows.
 */
record TaskMetrics(CollectionAccumulator<ReadSnapshot> reads, DoubleAccumulator matchSeconds,
        DoubleAccumulator fetchSeconds, CollectionAccumulator<TaskStat> tasks) implements Serializable {
    static TaskMetrics register(SparkSession spark) {
        var sc = spark.sparkContext();
        return new TaskMetrics(sc.collectionAccumulator("mmu reads"), sc.doubleAccumulator("mmu match seconds"),
                sc.doubleAccumulator("mmu fetch seconds"), sc.collectionAccumulator("mmu tasks"));
    }

    void record(List<String> locations, int region, RegionMatch r, long matchNanos, long fetchNanos) {
        ReadSnapshot.record(reads, locations);
        matchSeconds.add(matchNanos / 1e9);
        fetchSeconds.add(fetchNanos / 1e9);
        long[] rows = new long[r.surveys().size()];
        for (int s = 0; s < rows.length; s++) {
            rows[s] = r.slice(s).size();
        }
        tasks.add(new TaskStat(region, (matchNanos + fetchNanos) / 1e9, rows));
    }

    /**
     * One task: its region, wall seconds (match and fetch), and per survey the index rows it
     * matched (the region's objects plus its margin).
     */
    record TaskStat(int region, double seconds, long[] indexRows) implements Serializable {
    }
}
