package org.mmu.internal.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.StorageOptions;
import org.mmu.core.MmuFormatException;

class VerifiedByteSourceTest {
    @TempDir
    Path dir;

    private static final int SIZE = 3_000_000; // 4 KiB checksum blocks: runs of many blocks, and cache edges

    @Test
    void everyReadReturnsTheFilesBytesWhetherSlicedFromARunCopiedAcrossRunsOrFromCachedBlocks() {
        byte[] file = TestFiles.write(dir, "f.bin", SIZE, 7);
        FileChecksum sums = FileChecksum.of(dir.resolve("f.bin"));
        Random rnd = new Random(11);
        VerifiedBlocks cache = new VerifiedBlocks(VerifiedBlocks.DEFAULT_BYTES);
        try (Storage s = local(); ByteSource src = new VerifiedByteSource(s.open("f.bin", SIZE), sums, cache, "f.bin", new StorageCounters())) {
            for (int round = 0; round < 200; round++) {
                List<ByteRange> ranges = new ArrayList<>();
                for (int k = rnd.nextInt(4) + 1; k > 0; k--) {
                    int len = rnd.nextInt(rnd.nextBoolean() ? 100 : 300_000);
                    ranges.add(new ByteRange(rnd.nextInt(SIZE - len), len));
                }
                List<ByteBuffer> got = src.readRanges(ranges);
                for (int k = 0; k < ranges.size(); k++) {
                    ByteRange r = ranges.get(k);
                    ByteBuffer b = got.get(k);
                    assertTrue(b.position() == 0 && b.remaining() == r.length() && b.hasArray(), r.toString());
                    assertArrayEquals(TestFiles.slice(file, (int) r.offset(), (int) r.length()), TestFiles.array(b), r.toString());
                }
            }
        }
    }

    @Test
    void aBlockNotKeptInTheCacheIsVerifiedAgainOnItsNextRead() throws IOException {
        TestFiles.write(dir, "f.bin", SIZE, 7);
        FileChecksum sums = FileChecksum.of(dir.resolve("f.bin"));
        VerifiedBlocks cache = new VerifiedBlocks(VerifiedBlocks.DEFAULT_BYTES);
        try (Storage s = local(); ByteSource src = new VerifiedByteSource(s.open("f.bin", SIZE), sums, cache, "f.bin", new StorageCounters())) {
            src.read(0, 2_000_000); // a large run: only its two end blocks are kept verified
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve("f.bin").toFile(), "rw")) {
                f.seek(1_000_000);
                int b = f.read();
                f.seek(1_000_000);
                f.write(b ^ 0x10);
            }
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> src.read(999_990, 20));
            assertTrue(e.getMessage().contains("f.bin") && e.getMessage().contains("CRC-32C"), e.getMessage());
            src.read(0, 10); // the cached first block is still good
        }
    }

    private Storage local() {
        return Storages.open(dir.toUri().toString(), StorageOptions.builder().hfToken(null).build());
    }
}
