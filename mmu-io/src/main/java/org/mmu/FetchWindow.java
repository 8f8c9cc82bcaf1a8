package org.mmu;

import org.mmu.core.MmuInputException;

/**
 * How far a streamed crossmatch-load reads ahead of its consumer: at most {@code bytes}
 * (estimated, see {@link FetchPlan}) and {@code partitions} partition reads in flight, though
 * always at least one step. The step being consumed is held besides the window, so memory for
 * fetched rows stays under about 1.25 × {@code bytes}. Immutable.
 */
public record FetchWindow(long bytes, int partitions) {
    /** 256 MiB and 64 partition reads: comfortable on a laptop, enough to keep a disk or a link busy. */
    public static final FetchWindow DEFAULT = new FetchWindow(256L << 20, 64);

    /** The smallest window the heap-derived default goes down to. */
    static final long MIN_DEFAULT_BYTES = 4L << 20;

    /** The default window for a heap of {@code maxHeapBytes}: an eighth of it, between 4 MiB and {@link #DEFAULT}'s 256 MiB. */
    public static FetchWindow forHeap(long maxHeapBytes) {
        return new FetchWindow(Math.max(MIN_DEFAULT_BYTES, Math.min(DEFAULT.bytes(), maxHeapBytes / 8)),
                DEFAULT.partitions());
    }

    public FetchWindow {
        if (bytes < 1) {
            throw new MmuInputException("prefetch bytes must be >= 1, got " + bytes);
        }
        if (partitions < 1) {
            throw new MmuInputException("prefetch partitions must be >= 1, got " + partitions);
        }
    }
}
