package org.mmu.spark;

import java.util.concurrent.ConcurrentHashMap;

import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;

/**
 * The datasets this JVM (a driver or an executor) has opened, by location: each is opened, and
 * its index loaded, once per JVM however many tasks read it. Datasets are safe for concurrent
 * reads, so tasks share them. They stay open for the life of the JVM (as Spark's executors do).
 */
final class OpenDatasets {
    private static final ConcurrentHashMap<String, MmuDataset> OPEN = new ConcurrentHashMap<>();

    private OpenDatasets() {
    }

    static MmuDataset get(String location) {
        return OPEN.computeIfAbsent(location, MmuDatasets::load);
    }

    /** Closes one dataset: the next use opens it afresh, with new counters (tests). */
    static void close(String location) {
        MmuDataset ds = OPEN.remove(location);
        RegionTasks.forget(location);
        if (ds != null) {
            ds.close();
        }
    }

    /** Closes every dataset (tests; a JVM that goes on without them). */
    static synchronized void closeAll() {
        OPEN.keySet().forEach(RegionTasks::forget);
        OPEN.values().forEach(MmuDataset::close);
        OPEN.clear();
    }
}
