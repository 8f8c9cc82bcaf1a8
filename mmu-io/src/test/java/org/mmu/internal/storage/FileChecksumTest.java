package org.mmu.internal.storage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A manifest's checksum entry that cannot be right says how many blocks it would need, for any size. */
class FileChecksumTest {
    @Test
    void aHugeClaimedSizeNamesTheBlocksItWouldNeedNotZero() {
        long size = 1L << 62;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FileChecksum(size, 2048, new int[3]));
        assertTrue(e.getMessage().contains("(expected " + (size / 2048) + ")"), e.getMessage());
    }

    @Test
    void theLastBlockMayBeShort() {
        new FileChecksum(4097, 2048, new int[3]);
        new FileChecksum(4096, 2048, new int[2]);
        new FileChecksum(0, 2048, new int[0]);
        assertThrows(IllegalArgumentException.class, () -> new FileChecksum(Long.MAX_VALUE, 1 << 30, new int[1]));
    }
}
