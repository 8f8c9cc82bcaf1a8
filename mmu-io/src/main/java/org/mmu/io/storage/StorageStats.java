package org.mmu.io.storage;

/**
 * What a storage has read so far. Immutable snapshot.
 *
 * @param bytesRead  bytes transferred from the underlying storage (excludes cache hits)
 * @param requests   read requests issued (ranged GETs, positioned reads)
 * @param cacheHits  reads served from the local cache
 * @param cacheBytes bytes served from the local cache
 */
public record StorageStats(long bytesRead, long requests, long cacheHits, long cacheBytes) {
    public static final StorageStats ZERO = new StorageStats(0, 0, 0, 0);

    public StorageStats plus(StorageStats o) {
        return new StorageStats(bytesRead + o.bytesRead, requests + o.requests, cacheHits + o.cacheHits,
                cacheBytes + o.cacheBytes);
    }

    public StorageStats minus(StorageStats o) {
        return new StorageStats(bytesRead - o.bytesRead, requests - o.requests, cacheHits - o.cacheHits,
                cacheBytes - o.cacheBytes);
    }
}
