package org.mmu.internal.storage;

import org.mmu.StorageOptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuException;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;

class HubStorageTest {
    private static final String TOKEN = "hf_SECRETsecretSECRET123";

    @TempDir
    Path dir;
    private FakeHub hub;
    private byte[] a;
    private byte[] b;

    @BeforeEach
    void start() {
        a = TestFiles.write(dir, "main/data/healpix=1/a.parquet", 50_000, 1);
        b = TestFiles.write(dir, "main/data/healpix=2/b c.parquet", 3_000, 2);
        TestFiles.write(dir, "main/README.md", 10, 3);
        TestFiles.write(dir, "parquet/default/train/0000.parquet", 1000, 4);
        hub = FakeHub.start()
                .addRepo("MultimodalUniverse", "gaia", "main", dir.resolve("main"), true)
                .addRepo("MultimodalUniverse", "gaia", "refs/convert/parquet", dir.resolve("parquet"), false);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private StorageOptions.Builder options() {
        return StorageOptions.builder().hfEndpoint(hub.endpoint()).hfToken(null).retryBaseDelay(Duration.ofMillis(1));
    }

    @Test
    void mapsLocationsToResolveUrlsAndReadsThroughTheCdnRedirect() {
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia/data", options().build())) {
            assertEquals("hf", s.scheme());
            assertEquals("hf://datasets/MultimodalUniverse/gaia@main/data/", s.location());
            try (ByteSource src = s.open("healpix=1/a.parquet")) {
                assertEquals(50_000, src.size());
                assertArrayEquals(TestFiles.slice(a, 100, 200), TestFiles.array(src.read(100, 200)));
                assertArrayEquals(TestFiles.slice(a, 40_000, 10), TestFiles.array(src.read(40_000, 10)));
            }
        }
        List<RangeHttpServer.Request> hubLog = hub.hub().requests();
        assertEquals("/datasets/MultimodalUniverse/gaia/resolve/main/data/healpix=1/a.parquet", hubLog.get(0).path());
        assertEquals("HEAD", hubLog.get(0).method());
        assertEquals(2, hubLog.size(), "HEAD stops at the 302 (X-Linked-Size); the first GET is redirected");
        assertEquals(2, hub.cdn().requestCount(), "the second GET goes straight to the remembered CDN URL");
    }

    @Test
    void encodesRevisionsWithSlashes() {
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia@refs/convert/parquet/default",
                options().build())) {
            assertEquals("hf://datasets/MultimodalUniverse/gaia@refs/convert/parquet/default/", s.location());
            assertEquals(List.of("train/0000.parquet"), s.list(""));
            try (ByteSource src = s.open("train/0000.parquet")) {
                assertEquals(1000, src.read(0, 1000).remaining());
            }
        }
        assertTrue(hub.hub().requests().stream().anyMatch(r -> r.path().equals(
                "/datasets/MultimodalUniverse/gaia/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet")));
        assertTrue(hub.hub().requests().stream().anyMatch(r -> r.path().equals(
                "/api/datasets/MultimodalUniverse/gaia/tree/refs%2Fconvert%2Fparquet/default")));
    }

    @Test
    void listsWithTheTreeApiFollowingPagesAndReusesTheSizes() {
        hub.pageSize(2);
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia", options().build())) {
            assertEquals(List.of("README.md", "data/healpix=1/a.parquet", "data/healpix=2/b c.parquet"), s.list(""));
            assertEquals(List.of("data/healpix=2/b c.parquet"), s.list("data/healpix=2"));
            Storage sub = s.subStorage("data");
            assertEquals(List.of("healpix=1/a.parquet", "healpix=2/b c.parquet"), sub.list(""));
            hub.hub().resetCounters();
            try (ByteSource src = sub.open("healpix=2/b c.parquet")) {  // size from the listing: no HEAD
                assertArrayEquals(b, TestFiles.array(src.read(0, b.length)));
            }
            assertEquals("GET", hub.hub().requests().get(0).method());
            assertEquals("/datasets/MultimodalUniverse/gaia/resolve/main/data/healpix=2/b%20c.parquet",
                    hub.hub().requests().get(0).path());
        }
    }

    @Test
    void aFileReadWholeMustHaveTheSha256TheHubPublishes() throws java.io.IOException {
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia/data", options().build())) {
            assertTrue(s.verification().startsWith("published SHA-256"), s.verification());
            s.list("");  // the tree API publishes each LFS file's SHA-256
            try (ByteSource src = s.open("healpix=2/b c.parquet")) {
                assertArrayEquals(b, TestFiles.array(src.read(0, b.length)));
            }
        }
        // the CDN serves other bytes of the same size and modification time (same ETag) than the Hub publishes
        hub.freezePublishedHashes();
        java.nio.file.Path f = dir.resolve("main/data/healpix=2/b c.parquet");
        java.nio.file.attribute.FileTime t = java.nio.file.Files.getLastModifiedTime(f);
        byte[] changed = b.clone();
        changed[b.length / 2] ^= 1;
        java.nio.file.Files.write(f, changed);
        java.nio.file.Files.setLastModifiedTime(f, t);
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia/data", options().build())) {
            s.list("");
            try (ByteSource src = s.open("healpix=2/b c.parquet")) {
                MmuFormatException x = assertThrows(MmuFormatException.class, () -> src.read(0, b.length));
                assertTrue(x.getMessage().contains("b c.parquet") && x.getMessage().contains("SHA-256")
                        && x.getMessage().contains(FakeHub.sha256Of(b)), x.getMessage());
                assertArrayEquals(TestFiles.slice(changed, 10, 20), TestFiles.array(src.read(10, 20)),
                        "a range read is not checksummed (only pinned by ETag)");
            }
        }
    }

    @Test
    void sendsTheTokenToTheHubOnlyAndNeverShowsIt() {
        hub.requireToken(TOKEN);
        StorageOptions o = options().hfToken(TOKEN).build();
        assertFalse(o.toString().contains(TOKEN));
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia", o)) {
            assertFalse(s.toString().contains(TOKEN));
            assertEquals(3, s.list("").size());
            try (ByteSource src = s.open("data/healpix=1/a.parquet")) {
                assertFalse(src.toString().contains(TOKEN));
                assertArrayEquals(TestFiles.slice(a, 0, 10), TestFiles.array(src.read(0, 10)));
            }
        }
        assertTrue(hub.hub().requests().stream()
                .allMatch(r -> r.header("Authorization").orElse("").equals("Bearer " + TOKEN)));
        assertTrue(hub.cdn().requestCount() > 0);
        assertTrue(hub.cdn().requests().stream().noneMatch(r -> r.header("Authorization").isPresent()),
                "the token never follows a redirect to another host");
    }

    @Test
    void aWrongTokenIsDeniedWithAHintAndTheTokenIsRedactedFromEchoes() {
        hub.requireToken("hf_the_right_one");
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia", options().hfToken(TOKEN).build())) {
            MmuStorageException e = assertThrows(MmuStorageException.class, () -> s.open("README.md"));
            assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("HF_TOKEN"), e.getMessage());
            assertTrue(e.getMessage().contains("***"), "the server's echo is redacted: " + e.getMessage());
            assertNoToken(e);
            MmuException l = assertThrows(MmuException.class, () -> s.list(""));
            assertTrue(l.getMessage().contains("***"), l.getMessage());
            assertNoToken(l);
        }
    }

    @Test
    void withoutATokenADeniedRepoSuggestsSettingOne() {
        hub.requireToken("hf_x");
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia", options().build())) {
            MmuStorageException e = assertThrows(MmuStorageException.class, () -> s.open("README.md"));
            assertTrue(e.getMessage().contains("set HF_TOKEN"), e.getMessage());
        }
    }

    @Test
    void missingFilesAndReposAreNotFound() {
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia", options().build())) {
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> s.open("nope.parquet"));
            assertTrue(e.getMessage().startsWith("hf://datasets/MultimodalUniverse/gaia@main/nope.parquet"), e.getMessage());
            assertTrue(e.getMessage().contains("Entry not found"), e.getMessage());
            assertFalse(s.exists("nope.parquet"));
            assertTrue(s.exists("README.md"));
        }
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/nope", options().build())) {
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> s.list(""));
            assertTrue(e.getMessage().contains("Repository not found"), e.getMessage());
        }
    }

    @Test
    void anExpiredCdnUrlIsResolvedAgain() {
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia", options().build());
                ByteSource src = s.open("data/healpix=1/a.parquet", 50_000)) {
            src.read(0, 10);
            hub.cdn().inject(RangeHttpServer.Fault.status(403), 1);
            assertArrayEquals(TestFiles.slice(a, 10, 10), TestFiles.array(src.read(10, 10)));
        }
        assertEquals(2, hub.hub().requestCount(), "two resolves: the first read and after the expired URL");
    }

    @Test
    void hubErrorsAreRetried() {
        hub.hub().inject(RangeHttpServer.Fault.status(502), 2);
        try (Storage s = Storages.open("hf://datasets/MultimodalUniverse/gaia", options().build())) {
            assertEquals(3, s.list("").size());
        }
    }

    @Test
    void parsesLocations() {
        assertEquals(new HubLocation("o", "r", "main", ""), HubLocation.parse("hf://datasets/o/r"));
        assertEquals(new HubLocation("o", "r", "v1.0", "a/b"), HubLocation.parse("hf://datasets/o/r@v1.0/a/b/"));
        assertEquals(new HubLocation("o", "r", "refs/pr/12", "x"), HubLocation.parse("hf://datasets/o/r@refs/pr/12/x"));
        assertEquals(new HubLocation("o", "r", "my/branch", "x"), HubLocation.parse("hf://datasets/o/r@my%2Fbranch/x"));
        assertEquals("hf://datasets/o/r@my%2Fbranch/x/", HubLocation.parse("hf://datasets/o/r@my%2Fbranch/x").toString());
        assertEquals("https://h.co/datasets/o/r/resolve/refs%2Fconvert%2Fparquet/",
                HubLocation.parse("hf://datasets/o/r@refs/convert/parquet").resolveRoot("https://h.co"));
        assertThrows(MmuInputException.class, () -> HubLocation.parse("hf://models/o/r"));
        assertThrows(MmuInputException.class, () -> HubLocation.parse("hf://datasets/o"));
        assertThrows(MmuInputException.class, () -> HubLocation.parse("hf://datasets/o/r@/x"));
        assertThrows(MmuInputException.class, () -> HubLocation.parse("hf://datasets/o/r/../../x"));
    }

    private static void assertNoToken(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertFalse(String.valueOf(c.getMessage()).contains(TOKEN), "token in: " + c);
            assertFalse(c.toString().contains(TOKEN), "token in: " + c);
        }
    }
}
