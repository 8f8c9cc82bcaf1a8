package org.mmu;

/**
 * What a storage has read so far: an immutable snapshot. A storage's stats include everything
 * read through its sub-storages; a sub-storage's stats cover only its own subtree.
 *
 * @param bytesRead  bytes received from the underlying storage (excludes cache hits)
 * @param requests   requests issued to the underlying storage: ranged GETs, HEADs, listing
 *                   calls, positioned reads (a retried request counts once per attempt)
 * @param cacheHits  cache blocks served from the local cache instead of the network
 * @param cacheBytes bytes of those cache blocks
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
