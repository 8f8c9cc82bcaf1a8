package org.mmu.internal.storage;

import org.mmu.StorageStats;

import org.mmu.StorageOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mmu.core.MmuStorageException;

/**
 * A {@link Storage} over a {@link RemoteBackend}: adds the cache, offline mode, sizes learnt from
 * listings and counters. Sub-storages share the backend's connections, the cache and the
 * request bound; closing the root releases them. Thread-safe.
 */
final class RemoteStorage implements Storage {
    private final RemoteBackend backend;
    private final RemoteContext ctx;
    private final StorageCounters counters;
    private final boolean isRoot;

    RemoteStorage(RemoteBackend backend, StorageOptions options) {
        this(backend, new RemoteContext(options), new StorageCounters(), true);
    }

    private RemoteStorage(RemoteBackend backend, RemoteContext ctx, StorageCounters counters, boolean isRoot) {
        this.backend = backend;
        this.ctx = ctx;
        this.counters = counters;
        this.isRoot = isRoot;
    }

    @Override
    public String location() {
        return backend.location();
    }

    @Override
    public String scheme() {
        return backend.scheme();
    }

    private String path(String relativePath) {
        return RelativePaths.normalize(location(), relativePath);
    }

    @Override
    public ByteSource open(String relativePath) {
        String path = path(relativePath);
        String key = backend.cacheKey(path);
        Long listed = ctx.listedSizes().get(key);
        if (listed != null && listed >= 0) {
            return open(relativePath, listed);
        }
        if (ctx.offline()) {
            List<Long> sizes = ctx.cache().cachedSizes(key);
            if (sizes.isEmpty()) {
                throw new MmuStorageException(backend.displayName(path), "offline mode: not in the cache "
                        + ctx.cache().root() + " (open it once online with the same cacheDir)");
            }
            if (sizes.size() > 1) {
                throw new MmuStorageException(backend.displayName(path), "offline mode: the cache holds "
                        + sizes.size() + " versions of this file (sizes " + sizes + "); open it with the expected size");
            }
            return open(relativePath, sizes.get(0));
        }
        RemoteFile file = backend.stat(path, counters);
        String pinned = file.validator() == null ? null : ctx.pinnedValidators().putIfAbsent(key, file.validator());
        if (pinned != null && !pinned.equals(file.validator())) {
            throw new org.mmu.core.MmuFormatException(backend.displayName(path), "changed since it was first read"
                    + " (validator " + pinned + ", now " + file.validator() + ")");
        }
        PublishedDigest digest = expectedDigest(path, key, file.size(), file.digest(), false);
        BlockCache.Entry entry = null;
        if (ctx.cache() != null) {
            entry = ctx.cache().entry(key, file.size());
            entry.create();
            entry.checkValidator(file.validator());
        }
        return new RemoteByteSource(backend.displayName(path), key, file.size(),
                backend.reader(path, file.withDigest(digest), counters), entry, counters, ctx, digest, false);
    }

    /**
     * The SHA-256 a file must have: pinned in the cache by an earlier run, published by a listing
     * or by the server's HEAD answer. They must agree (else the file changed, an error naming it).
     * With {@code acrossRuns} (a file opened with the size a manifest or listing gave: a data file,
     * immutable by contract) the first one seen is pinned in the cache for later runs; a file
     * opened by name alone may be one a dataset replaces on commit (its root manifest), so it is
     * checked within the run only.
     */
    private PublishedDigest expectedDigest(String path, String key, long size, PublishedDigest fromServer,
            boolean acrossRuns) {
        BlockCache.Pin pin = ctx.cache() == null || !acrossRuns ? null : ctx.cache().pin(key);
        String name = backend.displayName(path);
        if (pin != null && pin.size() != size) {
            throw new org.mmu.core.MmuFormatException(name, "changed on the server since it was first read: "
                    + pin.size() + " bytes then (pinned in " + pin.file() + "), " + size + " bytes now (delete that pin"
                    + " to accept the new version, or read a fixed revision)");
        }
        PublishedDigest expected = null;
        for (PublishedDigest d : new PublishedDigest[] {pin == null ? null : pin.digest(), backend.listedDigest(path),
                fromServer}) {
            if (d != null && expected != null && !d.sameContent(expected)) {
                throw PublishedDigest.changed(name, expected, d);
            }
            expected = expected == null ? d : expected;
        }
        if (acrossRuns && pin == null && expected != null && ctx.cache() != null) {
            ctx.cache().writePin(key, size, expected);
        }
        return expected;
    }

    /** No request is made: the size comes from the manifest and is checked against the first response. */
    @Override
    public ByteSource open(String relativePath, long expectedSize) {
        if (expectedSize < 0) {
            return open(relativePath);
        }
        String path = path(relativePath);
        String key = backend.cacheKey(path);
        BlockCache.Entry entry = ctx.cache() == null ? null : ctx.cache().entry(key, expectedSize);
        String validator = entry != null && entry.validator() != null ? entry.validator() : ctx.pinnedValidators().get(key);
        PublishedDigest digest = expectedDigest(path, key, expectedSize, null, true);
        RangeReader reader = ctx.offline() ? null
                : backend.reader(path, new RemoteFile(expectedSize, validator, digest), counters);
        return new RemoteByteSource(backend.displayName(path), key, expectedSize, reader, entry, counters, ctx, digest,
                true);
    }

    /**
     * What the files read so far were checked against: their published SHA-256 where their host
     * publishes one (whole-file reads verified, range reads pinned), else nothing. Before any read,
     * what the Hub promises for LFS files, or {@value #UNVERIFIED}.
     */
    @Override
    public String verification() {
        String seen = ctx.verification();
        if (seen != null) {
            return seen;
        }
        return scheme().equals("hf") ? "published SHA-256 where the Hub publishes one (LFS files): whole-file reads"
                + " verified, range reads pinned by SHA-256 and ETag, not checksummed" : UNVERIFIED;
    }

    @Override
    public boolean exists(String relativePath) {
        String path = path(relativePath);
        if (ctx.offline()) {
            return !ctx.cache().cachedSizes(backend.cacheKey(path)).isEmpty();
        }
        return backend.exists(path, counters);
    }

    @Override
    public List<String> list(String relativeDir) {
        String dir = path(relativeDir);
        String key = backend.cacheKey(dir) + "/";
        Map<String, Long> files;
        if (ctx.offline()) {
            files = ctx.cache().readListing(key);
            if (files == null) {
                throw new MmuStorageException(backend.displayName(dir), "offline mode: this directory's listing is not in"
                        + " the cache " + ctx.cache().root() + " (list it once online with the same cacheDir)");
            }
        } else {
            files = backend.list(dir, counters);
            if (ctx.cache() != null) {
                ctx.cache().writeListing(key, files);
            }
        }
        files.forEach((p, size) -> {
            if (size >= 0) {
                ctx.listedSizes().put(backend.cacheKey(p), size);
            }
        });
        List<String> out = new ArrayList<>(files.keySet());
        out.sort(null);
        return out;
    }

    @Override
    public Storage subStorage(String relativeDir) {
        return new RemoteStorage(backend.sub(path(relativeDir)), ctx, counters.child(), false);
    }

    @Override
    public StorageStats stats() {
        return counters.snapshot();
    }

    /** Closing the root releases connections and threads; closing a sub-storage does nothing. */
    @Override
    public void close() {
        if (isRoot) {
            ctx.close();
            backend.close();
        }
    }

    @Override
    public String toString() {
        return "RemoteStorage[" + location() + (ctx.cache() != null ? ", cache=" + ctx.cache().root() : "")
                + (ctx.offline() ? ", offline" : "") + "]";
    }
}
