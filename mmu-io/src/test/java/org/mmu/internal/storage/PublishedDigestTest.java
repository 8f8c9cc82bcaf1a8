package org.mmu.internal.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mmu.StorageOptions;
import org.mmu.core.MmuFormatException;

/**
 * SHA-256s that HTTP servers (RFC 9530 {@code Repr-Digest}, RFC 3230 {@code Digest}) and the Hub
 * ({@code X-Linked-Etag}, the tree API) publish: whole-file reads are verified against them, range
 * reads are pinned to them within a run and, through the cache directory, across runs.
 */
class PublishedDigestTest {
    @TempDir
    Path root;
    private Path dir;    // what the servers publish
    private Path cache;  // the storage cache directory

    @org.junit.jupiter.api.BeforeEach
    void dirs() throws Exception {
        dir = Files.createDirectories(root.resolve("served"));
        cache = root.resolve("cache");
    }
    private RangeHttpServer server;
    private FakeHub hub;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private Storage http(boolean cached) {
        StorageOptions.Builder b = StorageOptions.builder().retryBaseDelay(Duration.ofMillis(1));
        if (cached) {
            b.cacheDir(cache);
        }
        return Storages.open(server.url(""), b.build());
    }

    private Storage hf(boolean cached) {
        StorageOptions.Builder b = StorageOptions.builder().hfEndpoint(hub.endpoint()).hfToken(null)
                .retryBaseDelay(Duration.ofMillis(1));
        if (cached) {
            b.cacheDir(cache);
        }
        return Storages.open("hf://datasets/org/repo", b.build());
    }

    /** Rewrites {@code rel} with one bit flipped, keeping size and modification time (so the ETag too). */
    private byte[] flipKeepingTime(String rel, byte[] content) throws Exception {
        Path f = dir.resolve(rel);
        FileTime t = Files.getLastModifiedTime(f);
        byte[] changed = content.clone();
        changed[content.length / 2] ^= 1;
        Files.write(f, changed);
        Files.setLastModifiedTime(f, t);
        return changed;
    }

    @ParameterizedTest
    @EnumSource(value = RangeHttpServer.DigestHeader.class, names = {"REPR_DIGEST", "LEGACY_DIGEST"})
    void aFileReadWholeIsVerifiedAgainstTheDigestHeaderAndAWrongOneIsNamed(RangeHttpServer.DigestHeader header) {
        byte[] a = TestFiles.write(dir, "a.bin", 5_000, 1);
        server = RangeHttpServer.serve(dir).publishDigests(header);
        String source = header == RangeHttpServer.DigestHeader.REPR_DIGEST ? "Repr-Digest" : "Digest";
        try (Storage s = http(false)) {
            assertEquals(Storage.UNVERIFIED, s.verification(), "nothing published yet");
            try (ByteSource src = s.open("a.bin")) {
                assertArrayEquals(a, TestFiles.array(src.read(0, a.length)));
            }
            assertEquals("published SHA-256 (" + source + "): 1 file(s) read whole and verified, 0 read by range"
                    + " and pinned by SHA-256 and ETag (not checksummed), 0 without a published SHA-256 (unverified)",
                    s.verification());
        }
        String wrong = FakeHub.sha256Of(new byte[] {1});
        server.digest("a.bin", wrong);
        try (Storage s = http(false); ByteSource src = s.open("a.bin")) {
            MmuFormatException x = assertThrows(MmuFormatException.class, () -> src.read(0, a.length));
            assertTrue(x.getMessage().contains("a.bin") && x.getMessage().contains(FakeHub.sha256Of(a))
                    && x.getMessage().contains(wrong) && x.getMessage().contains(source), x.getMessage());
        }
    }

    @Test
    void aFileRewrittenUnderTheSameEtagIsCaughtByItsDigestOnTheNextRangeRead() throws Exception {
        byte[] a = TestFiles.write(dir, "a.bin", 50_000, 1);
        server = RangeHttpServer.serve(dir).publishDigests(RangeHttpServer.DigestHeader.REPR_DIGEST);
        try (Storage s = http(false); ByteSource src = s.open("a.bin", a.length)) {  // no HEAD: pinned by the 206
            assertArrayEquals(TestFiles.slice(a, 100, 50), TestFiles.array(src.read(100, 50)));
            flipKeepingTime("a.bin", a);  // same size, same modification time: the same ETag
            MmuFormatException x = assertThrows(MmuFormatException.class, () -> src.read(40_000, 50));
            assertTrue(x.getMessage().contains("a.bin") && x.getMessage().contains("changed on the server")
                    && x.getMessage().contains(FakeHub.sha256Of(a)), x.getMessage());
            assertTrue(s.verification().contains("1 read by range and pinned"), s.verification());
        }
    }

    @Test
    void aDigestPinnedInTheCacheCatchesAFileChangedBetweenRuns() throws Exception {
        byte[] a = TestFiles.write(dir, "a.bin", 600_000, 1);  // more than one 256 KiB cache block
        server = RangeHttpServer.serve(dir).publishDigests(RangeHttpServer.DigestHeader.LEGACY_DIGEST);
        try (Storage s = http(true); ByteSource src = s.open("a.bin", a.length)) {
            src.read(0, 10);
        }
        flipKeepingTime("a.bin", a);  // same size and ETag: only the digest tells
        try (Storage s = http(true); ByteSource src = s.open("a.bin", a.length)) {
            assertEquals(10, src.read(0, 10).remaining(), "the block read in the first run comes from the cache");
            MmuFormatException x = assertThrows(MmuFormatException.class, () -> src.read(500_000, 10));
            assertTrue(x.getMessage().contains("a.bin") && x.getMessage().contains("pinned in " + cache)
                    && x.getMessage().contains("delete that pin"), x.getMessage());
        }
        byte[] c = TestFiles.write(dir, "a.bin", 60_000, 3);  // and one of another size
        try (Storage s = http(true)) {
            MmuFormatException x = assertThrows(MmuFormatException.class, () -> s.open("a.bin", c.length));
            assertTrue(x.getMessage().contains("600000 bytes then") && x.getMessage().contains("60000 bytes now"),
                    x.getMessage());
            // a file opened by name alone may be one a dataset replaces on commit (its root manifest):
            // it is checked within the run (its HEAD's digest, here the new one), not against the pin
            try (ByteSource src = s.open("a.bin")) {
                assertArrayEquals(c, TestFiles.array(src.read(0, c.length)));
            }
        }
    }

    @Test
    void aHubFileChangedAfterItWasListedFailsItsFirstRangeReadNamingBothHashes() throws Exception {
        byte[] a = TestFiles.write(dir, "data/a.parquet", 50_000, 1);
        hub = FakeHub.start().addRepo("org", "repo", "main", dir, true);
        try (Storage s = hf(false)) {
            s.list("data");  // the tree API publishes the LFS oid
            byte[] changed = flipKeepingTime("data/a.parquet", a);
            try (ByteSource src = s.open("data/a.parquet")) {  // size from the listing, no HEAD
                MmuFormatException x = assertThrows(MmuFormatException.class, () -> src.read(100, 10));
                assertTrue(x.getMessage().contains("data/a.parquet") && x.getMessage().contains(FakeHub.sha256Of(a))
                        && x.getMessage().contains(PublishedDigest.HUB_TREE)
                        && x.getMessage().contains(FakeHub.sha256Of(changed))
                        && x.getMessage().contains(PublishedDigest.HUB_LINKED_ETAG), x.getMessage());
            }
        }
    }

    @Test
    void aHubFileIsPinnedByItsLfsOidAcrossRunsAndTheReportSaysHow() throws Exception {
        byte[] a = TestFiles.write(dir, "data/a.parquet", 600_000, 1);  // more than one cache block
        byte[] small = TestFiles.write(dir, "data/b.json", 300, 2);
        hub = FakeHub.start().addRepo("org", "repo", "main", dir, true);
        try (Storage s = hf(true)) {
            try (ByteSource src = s.open("data/a.parquet", a.length)) {  // the first GET's 302 carries X-Linked-Etag
                assertArrayEquals(TestFiles.slice(a, 5, 5), TestFiles.array(src.read(5, 5)));
            }
            try (ByteSource src = s.open("data/b.json", small.length)) {
                assertArrayEquals(small, TestFiles.array(src.read(0, small.length)));
            }
            assertEquals("published SHA-256 (" + PublishedDigest.HUB_LINKED_ETAG + "): 1 file(s) read whole and"
                    + " verified, 1 read by range and pinned by SHA-256 and ETag (not checksummed), 0 without a"
                    + " published SHA-256 (unverified)", s.verification());
        }
        flipKeepingTime("data/a.parquet", a);
        try (Storage s = hf(true)) {
            try (ByteSource src = s.open("data/a.parquet", a.length)) {
                MmuFormatException x = assertThrows(MmuFormatException.class, () -> src.read(500_000, 5));
                assertTrue(x.getMessage().contains("data/a.parquet") && x.getMessage().contains("pinned in " + cache),
                        x.getMessage());
            }
            s.list("data");  // the tree API publishes the new oid: refused at open
            MmuFormatException x = assertThrows(MmuFormatException.class, () -> s.open("data/a.parquet"));
            assertTrue(x.getMessage().contains("pinned in " + cache) && x.getMessage().contains(PublishedDigest.HUB_TREE),
                    x.getMessage());
            try (ByteSource src = s.open("data/b.json", small.length)) {  // unchanged files still read
                assertEquals(small.length, src.read(0, small.length).remaining());
            }
        }
    }
}
