package org.mmu.io.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuFormatException;

/**
 * A remote file's validator (ETag) is pinned the first time it is read, for every later open in the
 * same storage: a file replaced in between — by one of the same size — is an error, never mixed data.
 */
class PinningTest {
    private static final int SIZE = 64 * 1024;

    @TempDir
    Path dir;
    private RangeHttpServer server;
    private byte[] data;

    @BeforeEach
    void start() {
        data = TestFiles.write(dir, "p.bin", SIZE, 5);
        server = RangeHttpServer.serve(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Storage open() {
        return Storages.open(server.url(""), StorageOptions.builder().hfToken(null).retryBaseDelay(Duration.ofMillis(1))
                .build());
    }

    private void replaceWithSameSize() throws IOException {
        Path f = dir.resolve("p.bin");
        FileTime before = Files.getLastModifiedTime(f);
        byte[] other = data.clone();
        other[100] ^= 1;
        Files.write(f, other);
        Files.setLastModifiedTime(f, FileTime.fromMillis(before.toMillis() + 5000));
    }

    @Test
    void aFileReplacedBetweenTwoOpensOfKnownSizeIsDetected() throws IOException {
        try (Storage s = open()) {
            try (ByteSource a = s.open("p.bin", SIZE)) {
                assertArrayEquals(TestFiles.slice(data, 0, 1000), TestFiles.array(a.read(0, 1000)));
            }
            replaceWithSameSize();
            try (ByteSource b = s.open("p.bin", SIZE)) {
                var e = assertThrows(MmuFormatException.class, () -> b.read(0, 1000));
                assertTrue(e.getMessage().contains("p.bin") && e.getMessage().contains("changed"), e.getMessage());
            }
        }
    }

    @Test
    void aFileReplacedBetweenTwoOpensOfUnknownSizeIsDetected() throws IOException {
        try (Storage s = open()) {
            try (ByteSource a = s.open("p.bin")) {
                a.read(0, 10);
            }
            replaceWithSameSize();
            var e = assertThrows(MmuFormatException.class, () -> s.open("p.bin"));
            assertTrue(e.getMessage().contains("changed since it was first read"), e.getMessage());
        }
    }
}
