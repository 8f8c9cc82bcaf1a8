package org.mmu.internal.dataset;

import java.util.Map;

import org.mmu.core.MmuInputException;
import org.mmu.core.ProgressListener;

/**
 * What every dataset opener needs besides the storage: CPU threads (decoding, index building),
 * I/O threads (partitions read at once), where progress goes, for versioned (index-first)
 * datasets the version to open and the filters on index columns, and whether objects outside the
 * HEALPix cell their file claims are kept and counted ({@code lenientPositions}) instead of
 * failing the index ({@link CellPlacement}). Immutable.
 *
 * @param version the dataset version to open, 0 for the latest
 * @param where   filter expressions on index columns, by dataset name; the key {@code ""} applies
 *                to datasets without their own
 */
public record OpenContext(int threads, int readThreads, ProgressListener progress, int version,
        Map<String, String> where, boolean lenientPositions) {
    public OpenContext {
        if (threads < 1 || readThreads < 1) {
            throw new MmuInputException("threads and readThreads must be >= 1, got " + threads + " and " + readThreads);
        }
        if (version < 0) {
            throw new MmuInputException("version must be >= 1 (or 0 for the latest), got " + version);
        }
        progress = progress == null ? ProgressListener.NONE : progress;
        where = Map.copyOf(where);
    }

    /** Strict about positions. */
    public OpenContext(int threads, int readThreads, ProgressListener progress, int version, Map<String, String> where) {
        this(threads, readThreads, progress, version, where, false);
    }

    /** The latest version, no filters, strict about positions. */
    public OpenContext(int threads, int readThreads, ProgressListener progress) {
        this(threads, readThreads, progress, 0, Map.of());
    }

    /** All cores for work, twice that (at least 4) for I/O, no progress. */
    public static OpenContext defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new OpenContext(cores, Math.max(4, 2 * cores), ProgressListener.NONE);
    }

    /** The filter for the dataset named {@code name}, or null. */
    public String whereFor(String name) {
        return where.getOrDefault(name, where.get(""));
    }
}
