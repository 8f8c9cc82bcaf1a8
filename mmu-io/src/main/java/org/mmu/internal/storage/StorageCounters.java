package org.mmu.internal.storage;

import org.mmu.StorageStats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters behind {@link StorageStats}. A sub-storage gets a {@link #child()} whose
 * updates also count in every ancestor, so a root's stats aggregate all its sub-storages.
 */
final class StorageCounters {
    private final StorageCounters parent;
    private final LongAdder bytes = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheBytes = new LongAdder();

    StorageCounters() {
        this(null);
    }

    private StorageCounters(StorageCounters parent) {
        this.parent = parent;
    }

    /** Counters for a sub-storage: what it records also counts here. */
    StorageCounters child() {
        return new StorageCounters(this);
    }

    /** One request sent to the underlying storage (a GET, HEAD, positioned read, listing call). */
    void recordRequest() {
        for (StorageCounters c = this; c != null; c = c.parent) {
            c.requests.increment();
        }
    }

    /** Bytes received from the underlying storage. */
    void recordBytes(long n) {
        for (StorageCounters c = this; c != null; c = c.parent) {
            c.bytes.add(n);
        }
    }

    /** One request that transferred {@code n} bytes. */
    void recordRead(long n) {
        recordRequest();
        recordBytes(n);
    }

    /** One cache block of {@code n} bytes served from the local cache. */
    void recordCacheHit(long n) {
        for (StorageCounters c = this; c != null; c = c.parent) {
            c.cacheHits.increment();
            c.cacheBytes.add(n);
        }
    }

    StorageStats snapshot() {
        return new StorageStats(bytes.sum(), requests.sum(), cacheHits.sum(), cacheBytes.sum());
    }
}
