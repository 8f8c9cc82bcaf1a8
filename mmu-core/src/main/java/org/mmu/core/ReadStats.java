package org.mmu.core;

/**
 * Counters of what a dataset has read so far. Immutable snapshot.
 *
 * @param indexBytes       bytes read to load the manifest and index
 * @param dataBytes        bytes read from data partitions
 * @param requests         read requests issued to storage (one per ranged GET or file read call)
 * @param partitionsRead   distinct data partitions opened
 * @param rowsRead         data rows decoded
 * @param cacheHits        reads served from the local cache
 */
public record ReadStats(long indexBytes, long dataBytes, long requests, long partitionsRead, long rowsRead,
        long cacheHits) {
    public static final ReadStats ZERO = new ReadStats(0, 0, 0, 0, 0, 0);

    public long totalBytes() {
        return indexBytes + dataBytes;
    }

    public ReadStats plus(ReadStats o) {
        return new ReadStats(indexBytes + o.indexBytes, dataBytes + o.dataBytes, requests + o.requests,
                partitionsRead + o.partitionsRead, rowsRead + o.rowsRead, cacheHits + o.cacheHits);
    }

    public ReadStats minus(ReadStats o) {
        return new ReadStats(indexBytes - o.indexBytes, dataBytes - o.dataBytes, requests - o.requests,
                partitionsRead - o.partitionsRead, rowsRead - o.rowsRead, cacheHits - o.cacheHits);
    }
}
