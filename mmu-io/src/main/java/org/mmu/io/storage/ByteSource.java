package org.mmu.io.storage;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Random-access reads of one immutable file, wherever it lives. Every byte this library reads
 * goes through a ByteSource, so that counting, caching, retries and remote range requests live
 * in one place. Implementations are thread-safe: concurrent reads are allowed.
 */
public interface ByteSource extends AutoCloseable {

    /** The file's path or URI, for messages. */
    String location();

    /** The file's size in bytes. */
    long size();

    /**
     * Reads exactly {@code length} bytes at {@code offset} (one storage request at most, unless
     * served from a cache). Reading past the end is an error naming the file.
     */
    ByteBuffer read(long offset, int length);

    /**
     * Reads several ranges; implementations may merge nearby ranges into one request and issue
     * requests in parallel. The result holds one buffer per range, in the order given.
     */
    default List<ByteBuffer> readRanges(List<ByteRange> ranges) {
        return ranges.stream().map(r -> read(r.offset(), Math.toIntExact(r.length()))).toList();
    }

    @Override
    default void close() {
    }
}
