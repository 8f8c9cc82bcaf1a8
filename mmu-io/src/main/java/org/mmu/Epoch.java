package org.mmu;

import org.mmu.core.EpochIterator;
import org.mmu.core.MmuInputException;
import org.mmu.io.epoch.EpochPlan;
import org.mmu.io.epoch.EpochRun;
import org.mmu.io.epoch.EpochSource;

/**
 * One training epoch over a dataset or a crossmatch: how it is shuffled, which shard this worker
 * takes, the batch size, and where to resume. An immutable value; each method returns a changed
 * copy. {@link #open()} iterates its batches.
 *
 * <pre>{@code
 * Epoch epoch = Epochs.of(dataset).shuffle(42, 10_000).shard(rank, worldSize).batchSize(256).dropLast(true);
 * for (int e = 0; e < 10; e++) {
 *     try (EpochIterator batches = epoch.epoch(e).open()) {
 *         while (batches.hasNext()) {
 *             EpochBatch b = batches.next();
 *             Tensor images = b.tensor("image");   // float[256*5*160*160], shape [256, 5, 160, 160]
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Read economy: the epoch reads the partitions in a random order (seeded by seed and epoch),
 * each once, whole or the run of rows this shard needs, and shuffles rows within windows of
 * {@code shuffleBuffer} rows (a block shuffle: a row moves at most one window from its
 * partition's place in the order). Memory holds about the window, the read-ahead and one partition.
 */
public final class Epoch {
    /** Default rows per batch. */
    public static final int DEFAULT_BATCH_SIZE = 256;

    /** The settings, copied and changed by each method; never changed once an Epoch holds them. */
    private static final class Settings implements Cloneable {
        EpochSource source;
        boolean shuffle;
        long seed;
        int shuffleBuffer;
        int shardIndex;
        int shardCount = 1;
        int batchSize = DEFAULT_BATCH_SIZE;
        boolean dropLast;
        int epoch;
        long startAt;
        long prefetchRows = -1; // -1: one window
        int readThreads = 2;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Settings s;
    private volatile EpochPlan plan; // computed from the settings on first use

    private Epoch(Settings settings) {
        this.s = settings;
    }

    static Epoch over(EpochSource source) {
        Settings s = new Settings();
        s.source = source;
        return new Epoch(s);
    }

    private Epoch with(java.util.function.Consumer<Settings> change) {
        Settings next = s.copy();
        change.accept(next);
        return new Epoch(next);
    }

    /**
     * Shuffled: partitions in a random order, then rows permuted within windows of
     * {@code bufferRows} rows. The order depends only on seed, epoch and shard.
     */
    public Epoch shuffle(long seed, int bufferRows) {
        if (bufferRows < 1) {
            throw new MmuInputException("shuffle buffer of " + bufferRows + " rows: need at least 1");
        }
        return with(n -> {
            n.shuffle = true;
            n.seed = seed;
            n.shuffleBuffer = bufferRows;
        });
    }

    /**
     * This worker's share: the {@code index}-th of {@code count} disjoint slices of the epoch,
     * equal in rows to within one. All workers must use the same seed and epoch.
     */
    public Epoch shard(int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new MmuInputException("shard " + index + " of " + count + " does not exist: need 0 <= index < count");
        }
        return with(n -> {
            n.shardIndex = index;
            n.shardCount = count;
        });
    }

    public Epoch batchSize(int rows) {
        if (rows < 1) {
            throw new MmuInputException("batch size " + rows + ": need at least 1");
        }
        return with(n -> n.batchSize = rows);
    }

    /** Whether a last batch smaller than the batch size is dropped (default false: delivered partial). */
    public Epoch dropLast(boolean drop) {
        return with(n -> n.dropLast = drop);
    }

    /** Which epoch (0, 1, ...): each has its own order for the same seed. */
    public Epoch epoch(int e) {
        if (e < 0) {
            throw new MmuInputException("epoch " + e + ": need 0 or more");
        }
        return with(n -> n.epoch = e);
    }

    /**
     * Resume: skip the first {@code rows} rows of this shard's epoch (e.g. a saved
     * {@link org.mmu.core.EpochBatch#nextPosition()}); what follows is exactly the rest of the
     * epoch. Partitions holding only skipped rows are not read.
     */
    public Epoch startAt(long rows) {
        if (rows < 0) {
            throw new MmuInputException("start position " + rows + ": need 0 or more");
        }
        return with(n -> n.startAt = rows);
    }

    /**
     * How far the background reads may run ahead of the window being delivered, in rows
     * (default: one window), and on how many threads (default 2).
     */
    public Epoch prefetch(long rows, int threads) {
        if (rows < 0 || threads < 1) {
            throw new MmuInputException("prefetch of " + rows + " rows on " + threads + " threads: need rows >= 0, threads >= 1");
        }
        return with(n -> {
            n.prefetchRows = rows;
            n.readThreads = threads;
        });
    }

    /** The plan of this shard's epoch: which items in what order (no data is read). */
    EpochPlan plan() {
        EpochPlan p = plan;
        if (p == null) {
            int window = s.shuffle ? s.shuffleBuffer : s.batchSize;
            p = EpochPlan.of(s.source.grouping(), s.shuffle, s.seed, s.epoch, s.shardIndex, s.shardCount, window);
            plan = p;
        }
        return p;
    }

    /** Rows this shard delivers in the whole epoch (before any {@link #startAt}). */
    public long rows() {
        return plan().rows();
    }

    /** Batches this shard delivers from the start position. */
    public long batchCount() {
        long left = Math.max(0, rows() - s.startAt);
        return s.dropLast ? left / s.batchSize : (left + s.batchSize - 1) / s.batchSize;
    }

    /** On-disk size of the partitions holding this shard's rows (what an economical epoch reads about once). */
    public long datasetBytes() {
        return s.source.datasetBytes(plan().deliveryOrder());
    }

    /** Starts reading: the batches from the start position, read ahead in the background. Close it when done. */
    public EpochIterator open() {
        EpochPlan plan = plan();
        long ahead = s.prefetchRows >= 0 ? s.prefetchRows : plan.windowRows();
        return new EpochRun(s.source, plan, s.batchSize, s.dropLast, s.startAt, ahead, s.readThreads);
    }

    @Override
    public String toString() {
        return "Epoch " + s.epoch + " of " + s.source.sources()
                + (s.shuffle ? " shuffled (seed " + s.seed + ", buffer " + s.shuffleBuffer + ")" : "")
                + ", shard " + s.shardIndex + "/" + s.shardCount + ", batches of " + s.batchSize
                + (s.dropLast ? " (drop last)" : "") + (s.startAt > 0 ? ", from row " + s.startAt : "");
    }
}
