package org.mmu.internal.storage;

import org.mmu.StorageStats;

import org.mmu.StorageOptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;

class LocalStorageTest {
    @TempDir
    Path dir;

    @Test
    void readsListsAndCountsLikeTheRemoteStorages() {
        byte[] a = TestFiles.write(dir, "x/a.bin", 1000, 1);
        TestFiles.write(dir, "x/y/b.bin", 10, 2);
        try (Storage s = Storages.open(dir.toUri().toString(), StorageOptions.builder().hfToken(null).build())) {
            assertEquals("file", s.scheme());
            assertEquals(List.of("x/a.bin", "x/y/b.bin"), s.list(""));
            Storage sub = s.subStorage("x");
            assertEquals(List.of("a.bin", "y/b.bin"), sub.list(""));
            try (ByteSource src = sub.open("a.bin", 1000)) {
                assertArrayEquals(TestFiles.slice(a, 10, 20), TestFiles.array(src.read(10, 20)));
                assertEquals(2, src.readRanges(List.of(new ByteRange(0, 1), new ByteRange(5, 1))).size());
            }
            assertEquals(new StorageStats(22, 3, 0, 0), sub.stats());
            assertEquals(sub.stats(), s.stats());
            assertTrue(s.exists("x/a.bin"));
        }
    }

    @Test
    void reportsMissingTruncatedAndEscapingPaths() {
        TestFiles.write(dir, "a.bin", 100, 1);
        Storage s = Storages.local(dir);
        MmuFormatException missing = assertThrows(MmuFormatException.class, () -> s.open("nope.bin"));
        assertTrue(missing.getMessage().contains("nope.bin") && missing.getMessage().contains("not found"));
        MmuFormatException size = assertThrows(MmuFormatException.class, () -> s.open("a.bin", 200));
        assertTrue(size.getMessage().contains("manifest"), size.getMessage());
        assertThrows(MmuInputException.class, () -> s.open("../a.bin"));
        assertThrows(MmuInputException.class, () -> s.open("/etc/passwd"));
        try (ByteSource src = s.open("a.bin")) {
            assertThrows(MmuFormatException.class, () -> src.read(90, 20));
        }
    }
}
