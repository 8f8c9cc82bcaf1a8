package org.mmu.internal.storage;

import org.mmu.StorageStats;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A storage whose files with recorded checksums are read through {@link VerifiedByteSource}:
 * every byte handed out has been checked. The checksums are an index-first manifest's (files
 * without one are read as the wrapped storage reads them) or a {@link Fingerprint}'s (every file
 * must be in it, unchanged in size and modification time). Sub-storages verify as well.
 * Thread-safe.
 */
public final class ChecksummedStorage implements Storage {
    private final Storage storage;
    private final Function<String, FileChecksum> checksums; // by path below the checked root; null: not checked
    private final List<String> checkedPaths;
    private final String verification;
    private final String prefix; // of a sub-storage's paths, relative to the checked root
    private final VerifiedBlocks verified;
    private final StorageCounters hits; // blocks served from the verified blocks (a sub-storage's count here too)

    /** @param checksums per path relative to the storage root (an index-first manifest's) */
    public ChecksummedStorage(Storage storage, Map<String, FileChecksum> checksums) {
        this(storage, Map.copyOf(checksums)::get, List.copyOf(checksums.keySet()),
                "block checksums (CRC-32C per block, in the manifest)", "",
                new VerifiedBlocks(VerifiedBlocks.DEFAULT_BYTES), new StorageCounters());
    }

    private ChecksummedStorage(Storage storage, Function<String, FileChecksum> checksums, List<String> checkedPaths,
            String verification, String prefix, VerifiedBlocks verified, StorageCounters hits) {
        this.hits = hits;
        this.storage = storage;
        this.checksums = checksums;
        this.checkedPaths = checkedPaths;
        this.verification = verification;
        this.prefix = prefix;
        this.verified = verified;
    }

    /**
     * A local input read through its fingerprint: a file changed, added or removed since it was
     * taken is an error naming it, and every byte read is verified.
     */
    public static ChecksummedStorage of(Storage storage, Fingerprint fingerprint) {
        return new ChecksummedStorage(storage, fingerprint::checksumOf, List.copyOf(fingerprint.files().keySet()),
                "fingerprint (CRC-32C per block, " + fingerprint.storedAt() + ")", "",
                new VerifiedBlocks(VerifiedBlocks.DEFAULT_BYTES), new StorageCounters());
    }

    @Override
    public String location() {
        return storage.location();
    }

    @Override
    public String scheme() {
        return storage.scheme();
    }

    @Override
    public String verification() {
        return verification;
    }

    /** The files with checksums, relative to the checked root (a sub-storage's are still the root's). */
    public List<String> checkedPaths() {
        return checkedPaths;
    }

    @Override
    public ByteSource open(String relativePath) {
        return open(relativePath, -1);
    }

    @Override
    public ByteSource open(String relativePath, long expectedSize) {
        String path = prefix + RelativePaths.normalize(location(), relativePath);
        FileChecksum c = checksums.apply(path);
        if (c == null) {
            return storage.open(relativePath, expectedSize);
        }
        return new VerifiedByteSource(storage.open(relativePath, expectedSize < 0 ? c.size() : expectedSize), c, verified,
                path, hits);
    }

    @Override
    public boolean exists(String relativePath) {
        return storage.exists(relativePath);
    }

    @Override
    public List<String> list(String relativeDir) {
        return storage.list(relativeDir);
    }

    @Override
    public Storage subStorage(String relativeDir) {
        String dir = RelativePaths.normalize(location(), relativeDir);
        return new ChecksummedStorage(storage.subStorage(relativeDir), checksums, checkedPaths, verification,
                dir.isEmpty() ? prefix : prefix + dir + "/", verified, hits.child());
    }

    @Override
    public StorageStats stats() {
        StorageStats s = storage.stats();
        StorageStats h = hits.snapshot();
        return new StorageStats(s.bytesRead(), s.requests(), s.cacheHits() + h.cacheHits(), s.cacheBytes() + h.cacheBytes());
    }

    /** Whether a checksum is recorded for this file. */
    public boolean hasChecksum(String relativePath) {
        return checksums.apply(prefix + RelativePaths.normalize(location(), relativePath)) != null;
    }

    @Override
    public void close() {
        storage.close();
    }

    @Override
    public String toString() {
        return "ChecksummedStorage[" + storage + ", " + checkedPaths.size() + " files]";
    }
}
