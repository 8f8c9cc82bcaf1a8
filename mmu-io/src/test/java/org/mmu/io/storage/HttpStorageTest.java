package org.mmu.io.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

class HttpStorageTest {
    private static final int SIZE = 1 << 20;

    @TempDir
    Path dir;
    private RangeHttpServer server;
    private byte[] data;

    @BeforeEach
    void start() {
        data = TestFiles.write(dir, "a/data.bin", SIZE, 1);
        server = RangeHttpServer.serve(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static StorageOptions.Builder fast() {
        return StorageOptions.builder().hfToken(null).retryBaseDelay(Duration.ofMillis(1))
                .requestTimeout(Duration.ofSeconds(5));
    }

    private Storage open(StorageOptions.Builder b) {
        return Storages.open(server.url(""), b.build());
    }

    @Test
    void readsOneRangeWithOneRequestWhenTheSizeIsKnown() {
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin", SIZE)) {
            assertEquals("http", s.scheme());
            assertArrayEquals(TestFiles.slice(data, 1000, 5000), TestFiles.array(src.read(1000, 5000)));
            assertEquals(new StorageStats(5000, 1, 0, 0), s.stats());
            assertEquals(1, server.requestCount());
            assertEquals("bytes=1000-5999", server.requests().get(0).header("Range").orElseThrow());
        }
    }

    @Test
    void opensWithAHeadWhenTheSizeIsUnknown() {
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin")) {
            assertEquals(SIZE, src.size());
            assertEquals("HEAD", server.requests().get(0).method());
            assertTrue(s.exists("a/data.bin"));
            assertFalse(s.exists("a/missing.bin"));
        }
    }

    @Test
    void reusesOneConnectionForConsecutiveReads() {
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin", SIZE)) {
            for (int i = 0; i < 20; i++) {
                src.read(i * 10_000L, 100);
            }
        }
        assertEquals(20, server.requestCount());
        assertEquals(1, server.connectionCount());
    }

    @Test
    void coalescesNearbyRangesAndSlicesThemBackInOrder() {
        List<ByteRange> ranges = List.of(new ByteRange(5000, 100), new ByteRange(0, 100), new ByteRange(50, 200),
                new ByteRange(3000, 0), new ByteRange(900_000, 10), new ByteRange(2000, 1000));
        try (Storage s = open(fast().coalesceGapBytes(4096)); ByteSource src = s.open("a/data.bin", SIZE)) {
            List<ByteBuffer> out = src.readRanges(ranges);
            for (int i = 0; i < ranges.size(); i++) {
                ByteRange r = ranges.get(i);
                assertArrayEquals(TestFiles.slice(data, r.offset(), (int) r.length()), TestFiles.array(out.get(i)), "range " + i);
            }
            assertEquals(2, s.stats().requests(), "[0,5100) as one request and [900000,900010) as another");
            assertEquals(5100 + 10, s.stats().bytesRead());
        }
    }

    @Test
    void boundsParallelRequests() {
        List<ByteRange> ranges = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ranges.add(new ByteRange(i * 80_000L, 100));
        }
        for (int i = 0; i < 12; i++) {
            server.inject(RangeHttpServer.Fault.stall(Duration.ofMillis(100)), 1);
        }
        try (Storage s = open(fast().parallelRequests(3).coalesceGapBytes(0)); ByteSource src = s.open("a/data.bin", SIZE)) {
            List<ByteBuffer> out = src.readRanges(ranges);
            assertArrayEquals(TestFiles.slice(data, 11 * 80_000L, 100), TestFiles.array(out.get(11)));
        }
        assertEquals(12, server.requestCount());
        assertTrue(server.maxConcurrentRequests() <= 3, "at most 3 at once, saw " + server.maxConcurrentRequests());
        assertTrue(server.maxConcurrentRequests() >= 2, "requests ran in parallel");
    }

    @Test
    void splitsVeryLargeReadsIntoParallelParts() {
        int big = RemoteByteSource.MAX_REQUEST_BYTES * 2 + 10;
        byte[] large = TestFiles.write(dir, "big.bin", big, 2);
        try (Storage s = open(fast()); ByteSource src = s.open("big.bin", big)) {
            assertArrayEquals(large, TestFiles.array(src.read(0, big)));
            assertEquals(3, s.stats().requests());
        }
    }

    @Test
    void retriesABurstOf5xxAnswers() {
        server.inject(RangeHttpServer.Fault.status(503), 3);
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin", SIZE)) {
            assertArrayEquals(TestFiles.slice(data, 10, 10), TestFiles.array(src.read(10, 10)));
        }
        assertEquals(4, server.requestCount());
    }

    @Test
    void retries429HonouringRetryAfter() {
        server.inject(RangeHttpServer.Fault.status(429, 0), 2);
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin", SIZE)) {
            assertArrayEquals(TestFiles.slice(data, 10, 10), TestFiles.array(src.read(10, 10)));
        }
        assertEquals(3, server.requestCount());
    }

    @Test
    void givesUpAfterMaxRetriesNamingTheUrlAndTheLastError() {
        server.inject(RangeHttpServer.Fault.status(500), 10);
        try (Storage s = open(fast().maxRetries(2)); ByteSource src = s.open("a/data.bin", SIZE)) {
            MmuStorageException e = assertThrows(MmuStorageException.class, () -> src.read(0, 10));
            assertTrue(e.getMessage().contains(server.url("a/data.bin")), e.getMessage());
            assertTrue(e.getMessage().contains("3 attempts") && e.getMessage().contains("HTTP 500"), e.getMessage());
        }
        assertEquals(3, server.requestCount());
    }

    @Test
    void doesNotRetryClientErrors() {
        server.inject(RangeHttpServer.Fault.status(400), 1);
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin", SIZE)) {
            MmuStorageException e = assertThrows(MmuStorageException.class, () -> src.read(0, 10));
            assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
        }
        assertEquals(1, server.requestCount());
    }

    @Test
    void retriesAfterASlowResponseTimesOut() {
        server.inject(RangeHttpServer.Fault.stall(Duration.ofSeconds(3)), 1);
        long t0 = System.nanoTime();
        try (Storage s = open(fast().requestTimeout(Duration.ofMillis(300))); ByteSource src = s.open("a/data.bin", SIZE)) {
            assertArrayEquals(TestFiles.slice(data, 10, 10), TestFiles.array(src.read(10, 10)));
            assertEquals(2, s.stats().requests());
        }
        assertTrue(System.nanoTime() - t0 < 2_500_000_000L, "did not wait for the stalled answer");
    }

    @Test
    void resumesAfterABodyThatStalls() {
        server.inject(RangeHttpServer.Fault.stallBody(60_000, Duration.ofSeconds(3)), 1);
        try (Storage s = open(fast().requestTimeout(Duration.ofMillis(300))); ByteSource src = s.open("a/data.bin", SIZE)) {
            assertArrayEquals(TestFiles.slice(data, 0, 200_000), TestFiles.array(src.read(0, 200_000)));
        }
        assertEquals(2, server.requestCount());
        String second = server.requests().stream().filter(r -> r.bytesSent() > 100_000).findFirst().orElseThrow().header("Range")
                .orElseThrow();
        assertTrue(second.startsWith("bytes=") && !second.equals("bytes=0-199999"), "resumed: " + second);
    }

    @Test
    void detectsACutConnectionAndResumesWhereItStopped() {
        server.inject(RangeHttpServer.Fault.cutAfter(70_000), 1);
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin", SIZE)) {
            assertArrayEquals(TestFiles.slice(data, 1000, 200_000), TestFiles.array(src.read(1000, 200_000)));
        }
        server.awaitIdle(Duration.ofSeconds(5));
        List<RangeHttpServer.Request> log = server.requests();
        assertEquals(2, log.size());
        String resumed = log.get(1).header("Range").orElseThrow();
        long from = Long.parseLong(resumed.substring("bytes=".length(), resumed.indexOf('-')));
        assertTrue(from > 1000 && from <= 71_000, "second request resumes after the bytes received: " + resumed);
        assertEquals(200_999, Long.parseLong(resumed.substring(resumed.indexOf('-') + 1)));
    }

    @Test
    void refusesAServerThatIgnoresRangeWithoutDownloadingTheFile() {
        int big = 32 << 20;
        TestFiles.write(dir, "huge.bin", big, 3);
        server.ignoreRanges(true);
        try (Storage s = open(fast()); ByteSource src = s.open("huge.bin", big)) {
            MmuStorageException e = assertThrows(MmuStorageException.class, () -> src.read(100, 100));
            assertTrue(e.getMessage().contains("ignored the Range request"), e.getMessage());
            assertTrue(e.getMessage().contains(server.url("huge.bin")), e.getMessage());
        }
        assertEquals(1, server.requestCount(), "not retried");
        server.awaitIdle(Duration.ofSeconds(10));
        assertTrue(server.bytesSent() < big / 4, "aborted the body; server sent " + server.bytesSent());
    }

    @Test
    void rejectsAWrongContentRange() {
        server.inject(RangeHttpServer.Fault.wrongContentRange(), 1);
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin", SIZE)) {
            MmuStorageException e = assertThrows(MmuStorageException.class, () -> src.read(100, 100));
            assertTrue(e.getMessage().contains("Content-Range"), e.getMessage());
        }
    }

    @Test
    void aFileThatChangesMidReadIsAFormatError() {
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin")) {
            src.read(0, 10);
            src.read(10, 10);  // If-Match from now on
            TestFiles.write(dir.resolve("a/data.bin"), TestFiles.bytes(SIZE, 99));
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> src.read(100, 10));
            assertTrue(e.getMessage().contains("changed"), e.getMessage());
            assertTrue(e.getMessage().contains(server.url("a/data.bin")), e.getMessage());
        }
        assertTrue(server.requests().get(server.requests().size() - 1).header("If-Match").isPresent());
    }

    @Test
    void aChangedETagWithoutIfMatchIsAlsoCaught() {
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin", SIZE)) {
            server.etag("a/data.bin", "\"v1\"");
            src.read(0, 10);
            server.etag("a/data.bin", "\"v2\"");
            // a new source of the same storage pins what the storage saw first ("v1") too
            try (ByteSource again = s.open("a/data.bin", SIZE)) {
                MmuFormatException first = assertThrows(MmuFormatException.class, () -> again.read(0, 10));
                assertTrue(first.getMessage().contains("changed"), first.getMessage());
            }
            server.etag("a/data.bin", "\"v3\"");
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> src.read(100, 10));
            assertTrue(e.getMessage().contains("changed"), e.getMessage());
        }
    }

    @Test
    void aSizeThatDisagreesWithTheManifestIsAFormatError() {
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin", SIZE + 5)) {
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> src.read(0, 10));
            assertTrue(e.getMessage().contains("manifest"), e.getMessage());
        }
    }

    @Test
    void aMissingFileIsNotFoundNamingTheUrl() {
        try (Storage s = open(fast())) {
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> s.open("a/nope.bin"));
            assertTrue(e.getMessage().contains(server.url("a/nope.bin")) && e.getMessage().contains("not found"),
                    e.getMessage());
            ByteSource src = s.open("a/nope.bin", 100);
            MmuFormatException e2 = assertThrows(MmuFormatException.class, () -> src.read(0, 10));
            assertTrue(e2.getMessage().contains("not found"), e2.getMessage());
        }
    }

    @Test
    void readingPastTheEndIsAFormatError() {
        try (Storage s = open(fast()); ByteSource src = s.open("a/data.bin", SIZE)) {
            assertThrows(MmuFormatException.class, () -> src.read(SIZE - 5, 10));
        }
        assertEquals(0, server.requestCount());
    }

    @Test
    void plainHttpCannotList() {
        try (Storage s = open(fast())) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> s.list("a"));
            assertTrue(e.getMessage().contains("manifest"), e.getMessage());
        }
    }

    @Test
    void subStoragesShareConnectionsAndAggregateStats() {
        try (Storage s = open(fast())) {
            Storage sub = s.subStorage("a");
            assertEquals(server.url("a/"), sub.location());
            try (ByteSource src = sub.open("data.bin", SIZE)) {
                src.read(0, 100);
            }
            try (ByteSource src = s.open("a/data.bin", SIZE)) {
                src.read(0, 50);
            }
            assertEquals(new StorageStats(100, 1, 0, 0), sub.stats());
            assertEquals(new StorageStats(150, 2, 0, 0), s.stats());
        }
        assertEquals(1, server.connectionCount());
    }

    @Test
    void pathsCannotLeaveTheRoot() {
        try (Storage s = open(fast())) {
            assertThrows(org.mmu.core.MmuInputException.class, () -> s.open("../etc/passwd", 10));
            assertThrows(org.mmu.core.MmuInputException.class, () -> s.open("/etc/passwd", 10));
        }
    }
}
