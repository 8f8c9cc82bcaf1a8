package org.mmu.internal.storage;

import java.util.Map;

/**
 * One kind of remote file tree (HTTP, Hub, Hadoop) as {@link RemoteStorage} needs it. Paths are
 * normalised, '/'-separated and relative to the backend's root. Requests are recorded in the
 * counters given. Thread-safe.
 */
interface RemoteBackend extends AutoCloseable {

    /** The root, as shown to people ({@code https://...}, {@code hf://...}, {@code hdfs://...}). */
    String location();

    /** The scheme, as in {@link Storage#scheme()}. */
    String scheme();

    /** A file's display name, for messages. */
    String displayName(String path);

    /** A file's cache key: the URL it is fetched from. */
    String cacheKey(String path);

    /** Size and validator of a file; a missing file is an {@code MmuFormatException}. */
    RemoteFile stat(String path, StorageCounters counters);

    boolean exists(String path, StorageCounters counters);

    /** Files below a directory, recursively: relative path (to this root) to size. */
    Map<String, Long> list(String dir, StorageCounters counters);

    /**
     * The SHA-256 of the file's content as a listing published it, if known (the Hub's LFS oid,
     * once a listing has shown it); null otherwise. HTTP answers publish theirs in headers.
     */
    default PublishedDigest listedDigest(String path) {
        return null;
    }

    /** A reader of one file whose size is known; the validator, if given, is pinned. */
    RangeReader reader(String path, RemoteFile file, StorageCounters counters);

    /** The backend rooted at a sub-directory, sharing connections and clients. */
    RemoteBackend sub(String dir);

    /** Releases clients and connections (the root backend only; sub-backends share them). */
    @Override
    default void close() {
    }
}
