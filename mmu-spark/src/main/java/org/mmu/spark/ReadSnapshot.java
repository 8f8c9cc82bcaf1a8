package org.mmu.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.SparkEnv;
import org.apache.spark.util.CollectionAccumulator;
import org.mmu.core.MmuDataset;
import org.mmu.core.ReadStats;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.dataset.ReaderStats;

/**
 * One JVM's read counters for one dataset, taken by a task after its reads. Counters only grow,
 * so per JVM the largest snapshot holds every read that JVM made (the task that snapshots last
 * saw all reads finished before it); the sum over JVMs is what the whole job read.
 */
record ReadSnapshot(String jvm, String location, long indexBytes, long dataBytes, long requests, long rowsRead,
        long cacheHits, long rowLevelReads, long wholeReads, long noPageIndexFiles, long indexRequests) implements Serializable {

    static void record(CollectionAccumulator<ReadSnapshot> into, List<String> locations) {
        if (into == null) {
            return;
        }
        String jvm = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
        for (String location : locations) {
            into.add(of(jvm, location, OpenDatasets.get(location)));
        }
    }

    static ReadSnapshot of(String jvm, String location, MmuDataset ds) {
        ReaderStats rs = ds instanceof PartitionedDataset pd ? pd.readerStats() : ReaderStats.ZERO;
        ReadStats s = ds.readStats();
        return new ReadSnapshot(jvm, location, s.indexBytes(), s.dataBytes(), s.requests(), s.rowsRead(), s.cacheHits(),
                rs.rowLevelReads(), rs.wholeReads(), rs.noPageIndexFiles(), s.indexRequests());
    }

    private long weight() {
        return indexBytes + dataBytes + requests + rowsRead + cacheHits;
    }

    private ReadSnapshot plus(ReadSnapshot o) {
        return new ReadSnapshot("all", location, indexBytes + o.indexBytes, dataBytes + o.dataBytes, requests + o.requests,
                rowsRead + o.rowsRead, cacheHits + o.cacheHits, rowLevelReads + o.rowLevelReads, wholeReads + o.wholeReads,
                noPageIndexFiles + o.noPageIndexFiles, indexRequests + o.indexRequests);
    }

    /** Per location, the sum over JVMs of each JVM's largest snapshot. */
    static Map<String, ReadSnapshot> totals(List<ReadSnapshot> snapshots) {
        Map<String, ReadSnapshot> latest = new HashMap<>();
        for (ReadSnapshot s : snapshots) {
            latest.merge(s.jvm + "\n" + s.location, s, (a, b) -> a.weight() >= b.weight() ? a : b);
        }
        Map<String, ReadSnapshot> sum = new HashMap<>();
        for (ReadSnapshot s : latest.values()) {
            sum.merge(s.location, s, ReadSnapshot::plus);
        }
        return sum;
    }
}
