package org.mmu.internal.storage;

import org.mmu.StorageOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.mmu.core.MmuStorageException;

/**
 * What a remote storage root shares with its sub-storages and open files: options, the cache,
 * the bound on concurrent requests and the threads that issue parallel fetches. Thread-safe.
 */
final class RemoteContext implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final StorageOptions options;
    private final BlockCache cache;
    private final Semaphore permits;
    private final ThreadPoolExecutor executor;
    /** Sizes learnt from listings (by cache key), so that opening a listed file needs no HEAD. */
    private final Map<String, Long> listedSizes = new ConcurrentHashMap<>();
    private final Map<String, String> pinnedValidators = new ConcurrentHashMap<>();
    /** Per file read: how it was checked ({@link Check}), for {@link #verification()}. */
    private final Map<String, Check> checks = new ConcurrentHashMap<>();
    private final java.util.Set<String> digestSources = ConcurrentHashMap.newKeySet();

    /** How the reads of one file were checked, weakest last (a file read both ways counts as range-read). */
    enum Check { WHOLE_VERIFIED, RANGE_PINNED, NONE }

    RemoteContext(StorageOptions options) {
        this.options = options;
        this.cache = options.cacheDir().map(d -> new BlockCache(d, options.cacheBlockBytes())).orElse(null);
        this.permits = new Semaphore(options.parallelRequests());
        int n = options.parallelRequests();
        String prefix = "mmu-storage-" + POOLS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, prefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // Idle threads time out, so a storage that is never closed holds no threads.
        this.executor = new ThreadPoolExecutor(n, n, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
        this.executor.allowCoreThreadTimeOut(true);
    }

    StorageOptions options() {
        return options;
    }

    /** The cache, or null when caching is off. */
    BlockCache cache() {
        return cache;
    }

    boolean offline() {
        return options.offline();
    }

    Map<String, Long> listedSizes() {
        return listedSizes;
    }

    /**
     * Validators (ETags, modification times) seen first per file, so that every later open of the
     * same file in this storage pins them: a file replaced between two reads — even by one of the
     * same size — is an error, not mixed data.
     */
    Map<String, String> pinnedValidators() {
        return pinnedValidators;
    }

    /** Records how a read of {@code location} was checked; {@code digest} is null when none was published. */
    void recordCheck(String location, Check check, PublishedDigest digest) {
        checks.merge(location, check, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        if (digest != null) {
            digestSources.add(digest.source().startsWith("pinned in ") ? "pinned by an earlier run" : digest.source());
        }
    }

    /** What the files read so far were checked against, or null if no published digest was seen. */
    String verification() {
        if (digestSources.isEmpty()) {
            return null;
        }
        long[] n = new long[Check.values().length];
        checks.values().forEach(c -> n[c.ordinal()]++);
        return "published SHA-256 (" + String.join(", ", new java.util.TreeSet<>(digestSources)) + "): "
                + n[Check.WHOLE_VERIFIED.ordinal()] + " file(s) read whole and verified, "
                + n[Check.RANGE_PINNED.ordinal()] + " read by range and pinned by SHA-256 and ETag (not checksummed), "
                + n[Check.NONE.ordinal()] + " without a published SHA-256 (unverified)";
    }

    /** Runs {@code task} holding one of the {@code parallelRequests} permits. */
    void withPermit(String location, Runnable task) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MmuStorageException(location, "interrupted while waiting to send a request", e);
        }
        try {
            task.run();
        } finally {
            permits.release();
        }
    }

    /**
     * Runs the tasks, in parallel when there are several (the first on the calling thread), waits
     * for all of them and rethrows the first failure.
     */
    void runAll(String location, List<Runnable> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try {
            for (Runnable t : tasks.subList(1, tasks.size())) {
                futures.add(CompletableFuture.runAsync(t, executor));
            }
        } catch (RejectedExecutionException e) {
            throw new MmuStorageException(location, "read after the storage was closed");
        }
        RuntimeException first = null;
        try {
            tasks.get(0).run();
        } catch (RuntimeException e) {
            first = e;
        }
        for (CompletableFuture<Void> f : futures) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException re ? re : e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
