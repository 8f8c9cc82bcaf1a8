package org.mmu.core;

/**
 * Receives progress of long work (building a dataset, loading an index, fetching rows). Called
 * from worker threads: implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores all progress. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * @param stage what is being done, e.g. {@code "write partitions"}
     * @param done  units done so far in this stage
     * @param total units in this stage, or -1 when unknown
     */
    void onProgress(String stage, long done, long total);
}
