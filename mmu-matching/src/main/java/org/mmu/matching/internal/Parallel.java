package org.mmu.matching.internal;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.mmu.core.MmuException;

/**
 * A fixed number of worker threads for one match (a {@code core.Parallel} pool, {@code mmu-match-N}),
 * closed afterwards. Work is cut into blocks whose boundaries never depend on the thread count,
 * and workers take blocks in increasing order, so results are the same for any count: this
 * block scheduler stays apart from {@code core.Parallel.map}, whose tasks are the caller's.
 *
 * <p>Why not {@code Arrays.parallelSort}: it always runs in the common pool (ignoring our thread
 * count), and on a 2-core machine the common pool has parallelism 1, which makes it sequential.
 */
public final class Parallel implements AutoCloseable {
    private final int threads;
    private final org.mmu.core.Parallel.Pool pool;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : org.mmu.core.Parallel.pool("match", threads, null);
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task.accept(b)} for every block {@code b} in {@code [0, nBlocks)}, blocks taken
     * in increasing order. If blocks fail, the failure of the lowest failing block is rethrown
     * (every lower block has been started and finished by then, so which failure is reported
     * does not depend on timing).
     */
    public void forEach(int nBlocks, IntConsumer task) {
        if (nBlocks <= 0) {
            return;
        }
        if (pool == null || nBlocks == 1) {
            for (int b = 0; b < nBlocks; b++) {
                task.accept(b);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Throwable[] failure = new Throwable[1];
        int[] failedBlock = {Integer.MAX_VALUE};
        Runnable worker = () -> {
            int b;
            while ((b = next.getAndIncrement()) < nBlocks) {
                synchronized (failure) {
                    if (failedBlock[0] < b) {
                        return;
                    }
                }
                try {
                    task.accept(b);
                } catch (Throwable t) {
                    synchronized (failure) {
                        if (b < failedBlock[0]) {
                            failedBlock[0] = b;
                            failure[0] = t;
                        }
                    }
                }
            }
        };
        int n = Math.min(threads, nBlocks);
        Future<?>[] futures = new Future<?>[n];
        for (int i = 0; i < n; i++) {
            futures[i] = pool.submit(() -> {
                worker.run();
                return null;
            });
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MmuException("interrupted while matching", e);
            } catch (ExecutionException e) {
                failure[0] = failure[0] == null ? e.getCause() : failure[0];
            }
        }
        if (failure[0] instanceof RuntimeException re) {
            throw re;
        }
        if (failure[0] instanceof Error err) {
            throw err;
        }
        if (failure[0] != null) {
            throw new MmuException("matching failed: " + failure[0], failure[0]);
        }
    }

    /** Runs {@code task(from, to)} over blocks of {@code blockSize} covering {@code [0, n)}. */
    public void forRange(int n, int blockSize, RangeTask task) {
        int nBlocks = (int) ((n + (long) blockSize - 1) / blockSize);
        forEach(nBlocks, b -> task.run(b * blockSize, (int) Math.min(n, (long) (b + 1) * blockSize)));
    }

    /** A task over rows {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Sorts two arrays of non-negative keys, each with a single-threaded LSD radix sort (11-bit
     * digits, passes over constant digits skipped), the two on separate threads when there are
     * several. Extra memory: one array of each length. Faster than a comparison sort for the
     * engine's 40–60-bit keys, and the two catalogues give the natural split of the work.
     */
    public void sortBoth(long[] a, long[] b) {
        sortBoth(a, b, 0);
    }

    /**
     * {@link #sortBoth(long[], long[])} for keys whose low {@code orderedLowBits} bits already
     * ascend with the position (keys built as {@code high << bits | position}): the passes over
     * those bits are skipped, since a stable sort on the high bits leaves ties in position order.
     */
    public void sortBoth(long[] a, long[] b, int orderedLowBits) {
        if (pool == null) {
            radixSort(a, orderedLowBits);
            radixSort(b, orderedLowBits);
        } else {
            forEach(2, i -> radixSort(i == 0 ? a : b, orderedLowBits));
        }
    }

    /** LSD radix sort of non-negative longs. */
    static void radixSort(long[] a) {
        radixSort(a, 0);
    }

    /** LSD radix sort of non-negative longs whose low {@code fromBit} bits ascend with the position. */
    private static void radixSort(long[] a, int fromBit) {
        int n = a.length;
        if (n < 64) {
            Arrays.sort(a);
            return;
        }
        long or = 0;
        for (long v : a) {
            or |= v;
        }
        int bits = 64 - Long.numberOfLeadingZeros(or);
        final int digitBits = 11;
        final int buckets = 1 << digitBits;
        int[] count = new int[buckets];
        long[] src = a;
        long[] dst = new long[n];
        for (int shift = fromBit; shift < bits; shift += digitBits) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) (src[i] >>> shift) & (buckets - 1)]++;
            }
            if (count[(int) (src[0] >>> shift) & (buckets - 1)] == n) {
                continue;
            }
            RadixCounts.toStarts(count, buckets);
            for (int i = 0; i < n; i++) {
                long v = src[i];
                dst[count[(int) (v >>> shift) & (buckets - 1)]++] = v;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
    }

    /**
     * Sorts {@code a} ascending: runs sorted on every thread, then merged pairwise with each merge
     * split between the threads (merge-path partitioning). Extra memory: one array of the same
     * length.
     */
    public void sort(long[] a) {
        int n = a.length;
        int runs = Integer.highestOneBit(Math.max(1, threads));
        if (runs == 1 || n < 1 << 16) {
            Arrays.sort(a);
            return;
        }
        int[] bounds = new int[runs + 1];
        for (int r = 0; r <= runs; r++) {
            bounds[r] = (int) ((long) n * r / runs);
        }
        forEach(runs, r -> Arrays.sort(a, bounds[r], bounds[r + 1]));
        long[] src = a;
        long[] dst = new long[n];
        for (int width = 1; width < runs; width *= 2) {
            for (int r = 0; r < runs; r += 2 * width) {
                int lo = bounds[r];
                int mid = bounds[Math.min(r + width, runs)];
                int hi = bounds[Math.min(r + 2 * width, runs)];
                parallelMerge(src, lo, mid, hi, dst);
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
    }

    /** Merges the sorted runs src[lo, mid) and src[mid, hi) into dst[lo, hi), split between threads. */
    private void parallelMerge(long[] src, int lo, int mid, int hi, long[] dst) {
        int total = hi - lo;
        int pieces = threads;
        forEach(pieces, p -> {
            int k0 = (int) ((long) total * p / pieces);
            int k1 = (int) ((long) total * (p + 1) / pieces);
            int i0 = coRank(k0, src, lo, mid, hi);
            int i1 = coRank(k1, src, lo, mid, hi);
            int i = lo + i0;
            int iEnd = lo + i1;
            int j = mid + (k0 - i0);
            int jEnd = mid + (k1 - i1);
            int o = lo + k0;
            while (i < iEnd && j < jEnd) {
                dst[o++] = src[j] < src[i] ? src[j++] : src[i++];
            }
            while (i < iEnd) {
                dst[o++] = src[i++];
            }
            while (j < jEnd) {
                dst[o++] = src[j++];
            }
        });
    }

    /**
     * How many of the first {@code k} merged elements come from the left run (ties go to the left
     * run, matching the merge loop).
     */
    private static int coRank(int k, long[] s, int lo, int mid, int hi) {
        int nA = mid - lo;
        int nB = hi - mid;
        int iLo = Math.max(0, k - nB);
        int iHi = Math.min(k, nA);
        while (iLo < iHi) {
            int i = (iLo + iHi) >>> 1;
            int j = k - i;
            // too few from A if A[i] must precede B[j-1]
            if (j > 0 && i < nA && s[lo + i] <= s[mid + j - 1]) {
                iLo = i + 1;
            } else {
                iHi = i;
            }
        }
        return iLo;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
