package org.mmu.io.storage;

import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link StorageStats}; shared by a storage and its sub-storages. */
public final class StorageCounters {
    private final LongAdder bytes = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheBytes = new LongAdder();

    public void recordRead(long n) {
        bytes.add(n);
        requests.increment();
    }

    public void recordCacheHit(long n) {
        cacheHits.increment();
        cacheBytes.add(n);
    }

    public StorageStats snapshot() {
        return new StorageStats(bytes.sum(), requests.sum(), cacheHits.sum(), cacheBytes.sum());
    }
}
