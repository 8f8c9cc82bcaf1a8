package org.mmu.internal.storage;

import org.mmu.StorageOptions;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Random-access reads of one immutable file, wherever it lives. Every byte this library reads
 * goes through a ByteSource, so that counting, caching, retries and remote range requests live
 * in one place. Get one from {@link Storage#open(String, long)}.
 *
 * <p>Returned buffers are positioned at 0 with the requested length remaining, heap-backed, and
 * owned by the caller, but treat them as read-only: the buffers of overlapping or merged ranges
 * may share one array.
 *
 * <p>Thread-safe: concurrent reads are allowed. Failures are unchecked: a missing, truncated or
 * changed file is an {@code MmuFormatException}, an I/O or network failure (after retries) an
 * {@code MmuStorageException}; both name the file.
 */
public interface ByteSource extends AutoCloseable {

    /** The file's path or URI, for messages. */
    String location();

    /** The file's size in bytes (from the manifest, a HEAD or the file system). */
    long size();

    /**
     * Reads exactly {@code length} bytes at {@code offset}: one ranged request on remote storage
     * (reads over 16 MiB go as parallel parts), none when the local cache holds the bytes. With a
     * cache, the request is widened to whole cache blocks. Reading past the end is an
     * {@code MmuFormatException} naming the file.
     */
    ByteBuffer read(long offset, int length);

    /**
     * Reads several ranges, returning one buffer per range in the order given. Remote storages
     * merge ranges closer than {@link StorageOptions#coalesceGapBytes()} into one request and
     * issue the requests in parallel (at most {@link StorageOptions#parallelRequests()} per
     * storage root); use this rather than a loop of {@link #read} when the ranges are known up front.
     */
    default List<ByteBuffer> readRanges(List<ByteRange> ranges) {
        return ranges.stream().map(r -> read(r.offset(), Math.toIntExact(r.length()))).toList();
    }

    /** Releases what the source holds (a Hadoop stream; nothing for HTTP). Idempotent. */
    @Override
    default void close() {
    }
}
