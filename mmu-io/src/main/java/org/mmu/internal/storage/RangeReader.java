package org.mmu.internal.storage;

/**
 * Fetches byte ranges of one remote file: the one thing a remote backend must do. Caching,
 * coalescing and parallelism live above it, in {@link RemoteByteSource}. Implementations are
 * thread-safe and do their own retries.
 */
interface RangeReader extends AutoCloseable {

    /**
     * Reads exactly {@code length} bytes at {@code offset} into {@code dst[dstOff ..]}, as one
     * request (plus retries). Failures are {@code MmuStorageException} (I/O, network after retries)
     * or {@code MmuFormatException} (missing, truncated or changed file), naming the file.
     */
    void fetch(long offset, byte[] dst, int dstOff, int length);

    /** The validator (ETag) pinned from the first response, or null if none is known yet. */
    String validator();

    /** The SHA-256 the host published for the whole file, pinned like the validator; null if none. */
    default PublishedDigest digest() {
        return null;
    }

    @Override
    default void close() {
    }
}
