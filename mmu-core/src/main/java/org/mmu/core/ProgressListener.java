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

    /**
     * Progress that also says how many bytes the stage has read so far (a fetch); by default the
     * bytes are dropped.
     *
     * @param bytes bytes read so far in this stage, or -1 when not counted
     */
    default void onProgress(String stage, long done, long total, long bytes) {
        onProgress(stage, done, total);
    }
}
