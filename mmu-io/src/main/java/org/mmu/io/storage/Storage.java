package org.mmu.io.storage;

import java.util.List;

/**
 * A tree of immutable files under one root (a directory, a URL prefix, a Hub repository, a
 * Hadoop path). Paths given to it are relative to the root and '/'-separated. Thread-safe.
 * Create one with {@link Storages#open(String, StorageOptions)}.
 */
public interface Storage extends AutoCloseable {

    /** The root, as a path or URI. */
    String location();

    /** The scheme, e.g. {@code "file"}, {@code "https"}, {@code "hf"}, {@code "hdfs"}. */
    String scheme();

    /** Opens one file for random-access reads. A missing file is an {@code MmuFormatException} naming it. */
    ByteSource open(String relativePath);

    /**
     * Opens a file whose size the caller already knows (from a manifest), saving a request on
     * remote storage. A file whose actual size differs is an error when it is detected.
     */
    default ByteSource open(String relativePath, long expectedSize) {
        return open(relativePath);
    }

    /** Whether a file exists (a HEAD request on remote storage). */
    boolean exists(String relativePath);

    /** Reads a whole (small) file. */
    default byte[] readAll(String relativePath) {
        try (ByteSource s = open(relativePath)) {
            java.nio.ByteBuffer b = s.read(0, Math.toIntExact(s.size()));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
    }

    /**
     * Lists the files below a directory (relative paths, recursively, sorted). Storages that
     * cannot list (plain HTTP) throw {@link UnsupportedOperationException} saying so.
     */
    List<String> list(String relativeDir);

    /** A storage rooted at a sub-directory of this one, sharing its connections and counters. */
    Storage subStorage(String relativeDir);

    /** Counters of everything read through this storage and its sub-storages. */
    StorageStats stats();

    @Override
    default void close() {
    }
}
