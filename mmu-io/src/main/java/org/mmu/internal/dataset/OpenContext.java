package org.mmu.internal.dataset;

import org.mmu.core.MmuInputException;
import org.mmu.core.ProgressListener;

/**
 * What every dataset opener needs besides the storage: CPU threads (decoding, index building),
 * I/O threads (partitions read at once), and where progress goes. Immutable.
 */
public record OpenContext(int threads, int readThreads, ProgressListener progress) {
    public OpenContext {
        if (threads < 1 || readThreads < 1) {
            throw new MmuInputException("threads and readThreads must be >= 1, got " + threads + " and " + readThreads);
        }
        progress = progress == null ? ProgressListener.NONE : progress;
    }

    /** All cores for work, twice that (at least 4) for I/O, no progress. */
    public static OpenContext defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new OpenContext(cores, Math.max(4, 2 * cores), ProgressListener.NONE);
    }
}
