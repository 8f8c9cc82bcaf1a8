package org.mmu.internal.storage;

import java.util.List;

import org.mmu.StorageStats;

/**
 * A local input read through its {@link Fingerprint}: every file opened must have the size and
 * modification time fingerprinted (else an error naming it), and every byte read is verified
 * against the fingerprinted block checksums before use ({@link VerifiedByteSource}, as for
 * index-first datasets). Thread-safe.
 */
public final class FingerprintedStorage implements Storage {
    private final Storage storage;
    private final Fingerprint fingerprint;
    private final String prefix; // of a sub-storage's paths, relative to the fingerprinted root
    private final VerifiedBlocks verified;

    public FingerprintedStorage(Storage storage, Fingerprint fingerprint) {
        this(storage, fingerprint, "", new VerifiedBlocks(VerifiedBlocks.DEFAULT_BYTES));
    }

    private FingerprintedStorage(Storage storage, Fingerprint fingerprint, String prefix, VerifiedBlocks verified) {
        this.storage = storage;
        this.fingerprint = fingerprint;
        this.prefix = prefix;
        this.verified = verified;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
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
        return "fingerprint (CRC-32C per block, " + fingerprint.storedAt() + ")";
    }

    @Override
    public ByteSource open(String relativePath) {
        return open(relativePath, -1);
    }

    @Override
    public ByteSource open(String relativePath, long expectedSize) {
        String path = prefix + RelativePaths.normalize(location(), relativePath);
        FileChecksum c = fingerprint.checksumOf(path);
        return new VerifiedByteSource(storage.open(relativePath, expectedSize), c, verified, path);
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
        return new FingerprintedStorage(storage.subStorage(relativeDir), fingerprint,
                dir.isEmpty() ? prefix : prefix + dir + "/", verified);
    }

    @Override
    public StorageStats stats() {
        return storage.stats();
    }

    @Override
    public void close() {
        storage.close();
    }

    @Override
    public String toString() {
        return "FingerprintedStorage[" + storage + ", " + fingerprint.files().size() + " files]";
    }
}
