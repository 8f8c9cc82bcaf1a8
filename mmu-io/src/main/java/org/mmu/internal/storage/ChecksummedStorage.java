package org.mmu.internal.storage;

import org.mmu.StorageStats;

import java.util.List;
import java.util.Map;

/**
 * A storage whose files with recorded checksums (an index-first manifest's) are read through
 * {@link VerifiedByteSource}: every byte handed out has been checked. Files without a checksum
 * are read as the wrapped storage reads them. Thread-safe.
 */
public final class ChecksummedStorage implements Storage {
    private final Storage storage;
    private final Map<String, FileChecksum> checksums;
    private final VerifiedBlocks verified = new VerifiedBlocks(VerifiedBlocks.DEFAULT_BYTES);

    /** @param checksums per path relative to the storage root */
    public ChecksummedStorage(Storage storage, Map<String, FileChecksum> checksums) {
        this.storage = storage;
        this.checksums = Map.copyOf(checksums);
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
    public ByteSource open(String relativePath) {
        FileChecksum c = checksums.get(relativePath);
        return c == null ? storage.open(relativePath) : new VerifiedByteSource(storage.open(relativePath, c.size()), c, verified, relativePath);
    }

    @Override
    public ByteSource open(String relativePath, long expectedSize) {
        FileChecksum c = checksums.get(relativePath);
        return c == null ? storage.open(relativePath, expectedSize)
                : new VerifiedByteSource(storage.open(relativePath, expectedSize), c, verified, relativePath);
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
        return storage.subStorage(relativeDir);
    }

    @Override
    public StorageStats stats() {
        return storage.stats();
    }

    @Override
    public String verification() {
        return "block checksums (CRC-32C per block, in the manifest)";
    }

    /** Whether a checksum is recorded for this file. */
    public boolean hasChecksum(String relativePath) {
        return checksums.containsKey(relativePath);
    }

    @Override
    public void close() {
        storage.close();
    }

    @Override
    public String toString() {
        return "ChecksummedStorage[" + storage + ", " + checksums.size() + " files]";
    }
}
