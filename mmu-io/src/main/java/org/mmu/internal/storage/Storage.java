package org.mmu.internal.storage;

import org.mmu.StorageStats;

import org.mmu.StorageOptions;

import java.util.List;

/**
 * A tree of immutable files under one root: a directory, an HTTP(S) URL prefix, a Hub dataset
 * repository, a Hadoop path. Paths given to it are relative to the root and '/'-separated; a
 * path that is absolute or leaves the root is an {@code MmuInputException}. Create one with
 * {@link Storages#open(String, StorageOptions)}.
 *
 * <p>Thread-safe. A storage and its {@link #subStorage sub-storages} share connections, cache
 * and the bound on parallel requests; closing the storage from {@code Storages.open} releases
 * them (closing a sub-storage does nothing).
 */
public interface Storage extends AutoCloseable {

    /** The root, as a path or URI (remote roots end with '/'). */
    String location();

    /**
     * The scheme: {@code "file"}, {@code "http"}, {@code "https"}, {@code "hf"}, a Hadoop scheme
     * such as {@code "hdfs"} or {@code "s3a"}, or {@code "hadoop+file"}.
     */
    String scheme();

    /**
     * Opens one file for random-access reads. On remote storage this costs a HEAD (or a file
     * status call) to learn the size, unless a listing already gave it. A missing file is an
     * {@code MmuFormatException} naming it.
     */
    ByteSource open(String relativePath);

    /**
     * Opens a file whose size the caller already knows (from a manifest): no request is made
     * until the first read, and with a warm cache none at all. A file whose actual size differs
     * is an {@code MmuFormatException} when the first response shows it; a negative size means
     * unknown (same as {@link #open(String)}).
     */
    default ByteSource open(String relativePath, long expectedSize) {
        return open(relativePath);
    }

    /** Whether a regular file exists (a HEAD or status call on remote storage). */
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
     * Lists the files below a directory: paths relative to this storage's root, recursive,
     * sorted. Plain HTTP cannot list and throws {@link UnsupportedOperationException} saying so
     * (such datasets must carry a manifest).
     */
    List<String> list(String relativeDir);

    /** A storage rooted at a sub-directory of this one, sharing its connections, cache and counters. */
    Storage subStorage(String relativeDir);

    /**
     * Counters of everything read through this storage, including through its sub-storages
     * (a sub-storage's counters cover only its own subtree).
     */
    StorageStats stats();

    /**
     * What every byte read through this storage is checked against, for reports and
     * {@code mmu inspect}: {@value #UNVERIFIED} unless a wrapper verifies reads (block checksums
     * of an index-first manifest, a fingerprint).
     */
    default String verification() {
        return UNVERIFIED;
    }

    /** {@link #verification()} of a storage whose reads nothing checks. */
    String UNVERIFIED = "unverified";

    @Override
    default void close() {
    }
}
