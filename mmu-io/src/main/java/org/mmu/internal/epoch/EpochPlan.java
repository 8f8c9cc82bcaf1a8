package org.mmu.internal.epoch;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.mmu.core.MmuInputException;

/**
 * Which items one shard of one epoch delivers, and in what order, computed from the grouping
 * alone (no data is read). The whole epoch is one sequence: the blocks of units in a random order
 * (seeded by seed and epoch), each block's units in order, each unit's items in read order. Shard {@code i} of {@code n} takes the
 * {@code i}-th of {@code n} equal slices of it (sizes differ by at most one), so shards are
 * disjoint and cover every item, and each reads whole runs of few units. The slice is cut into
 * windows of {@code windowRows} rows, and each window is permuted (the shuffle buffer): an item
 * moves at most one window from its place in the unit order, and a unit is read once.
 * Immutable.
 */
public final class EpochPlan {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final int[] items;       // the slice's items in unit order
    private final int[] segUnit;     // per segment (a unit's run inside the slice): the unit
    private final int[] segStart;    // per segment: first row in the slice; plus the slice length
    private final int windowRows;
    private final boolean shuffle;
    private final long windowSeed;

    private EpochPlan(int[] items, int[] segUnit, int[] segStart, int windowRows, boolean shuffle, long windowSeed) {
        this.items = items;
        this.segUnit = segUnit;
        this.segStart = segStart;
        this.windowRows = windowRows;
        this.shuffle = shuffle;
        this.windowSeed = windowSeed;
    }

    /**
     * @param shuffle    random unit order and permuted windows; false keeps the grouping order
     * @param windowRows rows permuted together (the shuffle buffer); also how much is held at once
     */
    public static EpochPlan of(EpochSource.Grouping grouping, boolean shuffle, long seed, int epoch, int shardIndex,
            int shardCount, int windowRows) {
        if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
            throw new MmuInputException("shard " + shardIndex + " of " + shardCount + " does not exist: need 0 <= index < count");
        }
        if (windowRows < 1) {
            throw new MmuInputException("window of " + windowRows + " rows: need at least 1");
        }
        int units = grouping.units();
        int blocks = grouping.blockCount();
        int[] blockOrder = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            blockOrder[b] = b;
        }
        long epochSeed = mix(seed, epoch);
        if (shuffle) {
            shuffleInPlace(blockOrder, blocks, new SplittableRandom(epochSeed));
        }
        int[] order = new int[units]; // the blocks in their order, each block's units in place
        int o = 0;
        for (int b : blockOrder) {
            for (int u = grouping.blocks()[b]; u < grouping.blocks()[b + 1]; u++) {
                order[o++] = u;
            }
        }
        long total = grouping.items().length;
        long lo = total * shardIndex / shardCount;
        long hi = total * (shardIndex + 1) / shardCount;
        int n = (int) (hi - lo);
        int[] items = new int[n];
        int[] segUnit = new int[Math.min(units, n) + 2];
        int[] segStart = new int[segUnit.length + 1];
        int segments = 0;
        long at = 0; // position in the whole epoch's sequence
        int filled = 0;
        for (int u : order) {
            int size = grouping.size(u);
            long from = Math.max(at, lo);
            long to = Math.min(at + size, hi);
            if (from < to) {
                int offset = grouping.start()[u] + (int) (from - at);
                System.arraycopy(grouping.items(), offset, items, filled, (int) (to - from));
                segUnit[segments] = u;
                segStart[segments] = filled;
                segments++;
                filled += (int) (to - from);
            }
            at += size;
            if (at >= hi) {
                break;
            }
        }
        segStart[segments] = filled;
        return new EpochPlan(items, Arrays.copyOf(segUnit, segments), Arrays.copyOf(segStart, segments + 1),
                windowRows, shuffle, mix(epochSeed, shardIndex));
    }

    /** Rows this shard delivers in the epoch. */
    public int rows() {
        return items.length;
    }

    /** Runs of one unit each, in read order. */
    public int segments() {
        return segStart.length - 1;
    }

    public int segmentUnit(int s) {
        return segUnit[s];
    }

    /** First row of a segment in the shard's sequence ({@code segmentStart(segments())} is {@link #rows()}). */
    public int segmentStart(int s) {
        return segStart[s];
    }

    /** The items of a segment, in read order (a copy). */
    public int[] segmentItems(int s) {
        return Arrays.copyOfRange(items, segStart[s], segStart[s + 1]);
    }

    /** The segment holding a row of the shard's (unpermuted) sequence. */
    public int segmentOf(int row) {
        int i = Arrays.binarySearch(segStart, 0, segStart.length - 1, row); // starts ascend strictly: segments are never empty
        return i >= 0 ? i : -i - 2;
    }

    public int windowRows() {
        return windowRows;
    }

    public int windows() {
        return (items.length + windowRows - 1) / windowRows;
    }

    /**
     * The delivery order inside window {@code w}: entry {@code j} is the row (of the shard's
     * unpermuted sequence) delivered {@code j}-th in that window.
     */
    public int[] windowOrder(int w) {
        int start = w * windowRows;
        int len = Math.min(windowRows, items.length - start);
        int[] order = new int[len];
        for (int j = 0; j < len; j++) {
            order[j] = start + j;
        }
        if (shuffle) {
            shuffleInPlace(order, len, new SplittableRandom(mix(windowSeed, w)));
        }
        return order;
    }

    /** The item at a row of the shard's unpermuted sequence. */
    public int item(int row) {
        return items[row];
    }

    /** Every item this shard delivers, in delivery order (for tests and id lists; no data read). */
    public int[] deliveryOrder() {
        int[] out = new int[items.length];
        int k = 0;
        for (int w = 0; w < windows(); w++) {
            for (int row : windowOrder(w)) {
                out[k++] = items[row];
            }
        }
        return out;
    }

    private static void shuffleInPlace(int[] a, int n, SplittableRandom random) {
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Distinct, well-spread seeds for (seed, epoch), (epoch seed, shard) and (shard seed, window). */
    private static long mix(long seed, long salt) {
        long z = seed + GOLDEN * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
