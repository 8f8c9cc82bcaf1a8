package org.mmu.io.storage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently verified checksum blocks, least recently used dropped first, bounded in bytes: widening
 * reads to whole blocks then costs nothing when neighbouring reads (a footer read by every open
 * of a file, the next rows of a scan) fall in blocks already fetched. Thread-safe.
 */
final class VerifiedBlocks {
    static final long DEFAULT_BYTES = 16L << 20;

    private final long capacity;
    private long bytes;
    private final LinkedHashMap<String, byte[]> blocks = new LinkedHashMap<>(256, 0.75f, true);

    VerifiedBlocks(long capacityBytes) {
        this.capacity = capacityBytes;
    }

    synchronized byte[] get(String path, int block) {
        return blocks.get(path + '#' + block);
    }

    synchronized void put(String path, int block, byte[] data) {
        byte[] old = blocks.put(path + '#' + block, data);
        bytes += data.length - (old == null ? 0 : old.length);
        var it = blocks.entrySet().iterator();
        while (bytes > capacity && it.hasNext()) {
            Map.Entry<String, byte[]> e = it.next();
            bytes -= e.getValue().length;
            it.remove();
        }
    }
}
