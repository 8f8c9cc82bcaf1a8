package org.mmu.internal.hats;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.mmu.internal.storage.ByteSource;
import org.mmu.internal.storage.Storage;
import org.mmu.StorageStats;

/** A storage that remembers which files were opened, to check what opening a catalog reads. */
final class RecordingStorage implements Storage {
    private final Storage inner;
    private final Set<String> opened = ConcurrentHashMap.newKeySet();

    RecordingStorage(Storage inner) {
        this.inner = inner;
    }

    Set<String> opened() {
        return Set.copyOf(opened);
    }

    @Override
    public String location() {
        return inner.location();
    }

    @Override
    public String scheme() {
        return inner.scheme();
    }

    @Override
    public ByteSource open(String relativePath) {
        opened.add(relativePath);
        return inner.open(relativePath);
    }

    @Override
    public ByteSource open(String relativePath, long expectedSize) {
        opened.add(relativePath);
        return inner.open(relativePath, expectedSize);
    }

    @Override
    public boolean exists(String relativePath) {
        return inner.exists(relativePath);
    }

    @Override
    public List<String> list(String relativeDir) {
        return inner.list(relativeDir);
    }

    @Override
    public Storage subStorage(String relativeDir) {
        return inner.subStorage(relativeDir);
    }

    @Override
    public StorageStats stats() {
        return inner.stats();
    }
}
