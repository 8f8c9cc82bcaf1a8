package org.mmu.internal.storage;

import org.mmu.StorageStats;

import org.mmu.StorageOptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

class CacheTest {
    private static final int BLOCK = 16 * 1024;
    private static final int SIZE = 40 * BLOCK + 123;

    @TempDir
    Path dir;
    @TempDir
    Path cache;
    private RangeHttpServer server;
    private byte[] data;

    @BeforeEach
    void start() {
        data = TestFiles.write(dir, "d/data.bin", SIZE, 7);
        server = RangeHttpServer.serve(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private StorageOptions.Builder options() {
        return StorageOptions.builder().hfToken(null).cacheDir(cache).cacheBlockBytes(BLOCK)
                .retryBaseDelay(Duration.ofMillis(1)).coalesceGapBytes(0);
    }

    private Storage open(StorageOptions.Builder b) {
        return Storages.open(server.url(""), b.build());
    }

    private void assertRead(ByteSource src, long offset, int length) {
        assertArrayEquals(TestFiles.slice(data, offset, length), TestFiles.array(src.read(offset, length)),
                "bytes " + offset + "+" + length);
    }

    @Test
    void aSecondReadIsServedFromTheCacheWithoutAnyRequest() {
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin", SIZE)) {
            assertRead(src, 100, 5000);
            assertEquals(1, s.stats().requests());
            assertEquals(BLOCK, s.stats().bytesRead(), "fetched the whole block");
        }
        server.resetCounters();
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin", SIZE)) {
            assertRead(src, 100, 5000);
            assertRead(src, 10, 10);
            assertEquals(new StorageStats(0, 0, 2, 2 * BLOCK), s.stats());
        }
        assertEquals(0, server.requestCount());
    }

    @Test
    void fetchesOnlyTheMissingBlocksAndResumesBlockByBlock() {
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin", SIZE)) {
            assertRead(src, 0, 4 * BLOCK);  // blocks 0-3
        }
        server.resetCounters();
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin", SIZE)) {
            assertRead(src, BLOCK, 7 * BLOCK);  // blocks 1-7: 1-3 cached
            assertEquals(3, s.stats().cacheHits());
            assertEquals(4L * BLOCK, s.stats().bytesRead());
            assertEquals(1, s.stats().requests(), "blocks 4-7 in one request");
        }
        assertEquals("bytes=" + 4 * BLOCK + "-" + (8 * BLOCK - 1), server.requests().get(0).header("Range").orElseThrow());
    }

    @Test
    void theShortLastBlockIsCachedToo() {
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin", SIZE)) {
            assertRead(src, SIZE - 50, 50);
            assertEquals(123, s.stats().bytesRead());
        }
        try (Storage s = open(options().offline(true)); ByteSource src = s.open("d/data.bin", SIZE)) {
            assertRead(src, SIZE - 50, 50);
        }
    }

    @Test
    void readRangesThroughTheCacheKeepsOrderAndFetchesMissingBlocksInParallel() {
        List<ByteRange> ranges = List.of(new ByteRange(30L * BLOCK, 10), new ByteRange(5, 10),
                new ByteRange(10L * BLOCK - 5, 10), new ByteRange(7, 0));
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin", SIZE)) {
            List<ByteBuffer> out = src.readRanges(ranges);
            for (int i = 0; i < ranges.size(); i++) {
                ByteRange r = ranges.get(i);
                assertArrayEquals(TestFiles.slice(data, r.offset(), (int) r.length()), TestFiles.array(out.get(i)));
            }
            assertEquals(3, s.stats().requests(), "block 0, blocks 9-10, block 30");
        }
    }

    @Test
    void offlineModeUsesOnlyTheCacheAndNamesWhatIsMissing() {
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin")) {  // HEAD: size recorded
            assertRead(src, 0, 100);
        }
        server.resetCounters();
        try (Storage s = open(options().offline(true))) {
            assertTrue(s.exists("d/data.bin"));
            assertFalse(s.exists("d/other.bin"));
            try (ByteSource src = s.open("d/data.bin")) {
                assertEquals(SIZE, src.size());
                assertRead(src, 0, 100);
                MmuStorageException e = assertThrows(MmuStorageException.class, () -> src.read(20L * BLOCK, 10));
                assertTrue(e.getMessage().contains("offline") && e.getMessage().contains(server.url("d/data.bin")),
                        e.getMessage());
            }
            MmuStorageException miss = assertThrows(MmuStorageException.class, () -> s.open("d/other.bin"));
            assertTrue(miss.getMessage().contains("offline") && miss.getMessage().contains("not in the cache"),
                    miss.getMessage());
            assertThrows(MmuStorageException.class, () -> s.list("d"));
        }
        assertEquals(0, server.requestCount(), "offline never touches the network");
    }

    @Test
    void aFileChangedSinceItWasCachedIsDetectedAndItsEntryDropped() {
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin")) {
            assertRead(src, 0, 100);
        }
        byte[] changed = TestFiles.bytes(SIZE, 8);
        TestFiles.write(dir.resolve("d/data.bin"), changed);
        try (Storage s = open(options())) {
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> s.open("d/data.bin"));
            assertTrue(e.getMessage().contains("changed on the server since it was cached"), e.getMessage());
            try (ByteSource src = s.open("d/data.bin")) {  // the stale entry is gone: fresh bytes
                assertArrayEquals(TestFiles.slice(changed, 0, 100), TestFiles.array(src.read(0, 100)));
            }
        }
    }

    @Test
    void aChangeSeenOnlyByADataRequestIsAlsoDetected() {
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin", SIZE)) {
            assertRead(src, 0, 100);  // ETag recorded from the 206
        }
        TestFiles.write(dir.resolve("d/data.bin"), TestFiles.bytes(SIZE, 9));
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin", SIZE)) {
            assertRead(src, 0, 100);  // cached: nothing to compare yet
            assertThrows(MmuFormatException.class, () -> src.read(20L * BLOCK, 10));
        }
    }

    @Test
    void aDamagedBlockIsFetchedAgain() throws IOException {
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin", SIZE)) {
            assertRead(src, 0, 100);
        }
        Path block;
        try (Stream<Path> files = Files.walk(cache)) {
            block = files.filter(p -> p.getFileName().toString().equals("b" + BLOCK + "-0")).findFirst().orElseThrow();
        }
        Files.write(block, new byte[10]);
        try (Storage s = open(options()); ByteSource src = s.open("d/data.bin", SIZE)) {
            assertRead(src, 0, 100);
            assertEquals(1, s.stats().requests());
        }
    }

    @Test
    void concurrentReadersOfOneCacheSeeCorrectBytes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        // two storages on one cache directory behave like two processes
        try (Storage a = open(options().parallelRequests(4)); Storage b = open(options().parallelRequests(4))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Storage s = t % 2 == 0 ? a : b;
                long seed = t;
                futures.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    try (ByteSource src = s.open("d/data.bin", SIZE)) {
                        for (int i = 0; i < 40; i++) {
                            int len = 1 + rnd.nextInt(3 * BLOCK);
                            long off = rnd.nextInt(SIZE - len);
                            assertRead(src, off, len);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.walk(cache)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void listingsAreCachedForOfflineUse() throws Exception {
        TestFiles.write(dir, "r/x/a.bin", 10, 1);
        try (FakeHub hub = FakeHub.start().addRepo("org", "repo", "main", dir.resolve("r"), true)) {
            StorageOptions.Builder o = options().hfEndpoint(hub.endpoint());
            try (Storage s = Storages.open("hf://datasets/org/repo", o.build())) {
                assertEquals(List.of("x/a.bin"), s.list(""));
                try (ByteSource src = s.open("x/a.bin")) {
                    src.read(0, 10);
                }
            }
            hub.hub().resetCounters();
            try (Storage s = Storages.open("hf://datasets/org/repo", o.offline(true).build())) {
                assertEquals(List.of("x/a.bin"), s.list(""));
                try (ByteSource src = s.open("x/a.bin")) {
                    assertEquals(10, src.read(0, 10).remaining());
                }
            }
            assertEquals(0, hub.hub().requestCount());
        }
    }
}
