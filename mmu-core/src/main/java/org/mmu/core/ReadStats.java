package org.mmu.core;

/**
 * Counters of what a dataset has read so far. Immutable snapshot.
 *
 * @param indexBytes       bytes read to load the manifest and index
 * @param dataBytes        bytes read from data partitions
 * @param requests         read requests issued to storage (one per ranged GET or file read call)
 * @param partitionsRead   distinct data partitions opened
 * @param rowsRead         data rows decoded
 * @param cacheHits        blocks served from a cache instead of storage (the local block cache, or
 *                         checksum blocks already verified in memory)
 * @param indexRequests    of {@code requests}, those spent opening the dataset and loading its index
 */
public record ReadStats(long indexBytes, long dataBytes, long requests, long partitionsRead, long rowsRead,
        long cacheHits, long indexRequests) {
    public static final ReadStats ZERO = new ReadStats(0, 0, 0, 0, 0, 0, 0);

    /** Requests spent reading data partitions: what a fetch plan's request estimate is about. */
    public long dataRequests() {
        return requests - indexRequests;
    }

    public long totalBytes() {
        return indexBytes + dataBytes;
    }

    public ReadStats plus(ReadStats o) {
        return new ReadStats(indexBytes + o.indexBytes, dataBytes + o.dataBytes, requests + o.requests,
                partitionsRead + o.partitionsRead, rowsRead + o.rowsRead, cacheHits + o.cacheHits,
                indexRequests + o.indexRequests);
    }

    public ReadStats minus(ReadStats o) {
        return new ReadStats(indexBytes - o.indexBytes, dataBytes - o.dataBytes, requests - o.requests,
                partitionsRead - o.partitionsRead, rowsRead - o.rowsRead, cacheHits - o.cacheHits,
                indexRequests - o.indexRequests);
    }
}
