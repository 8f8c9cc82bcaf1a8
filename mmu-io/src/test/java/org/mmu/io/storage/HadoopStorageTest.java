package org.mmu.io.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/** Hadoop's real local file system, reached as {@code hadoop+file://}: no mocks. */
class HadoopStorageTest {
    @TempDir
    Path dir;
    @TempDir
    Path cache;

    private static StorageOptions options() {
        return StorageOptions.builder().hfToken(null).build();
    }

    private String location() {
        return "hadoop+" + dir.toUri();
    }

    @Test
    void readsListsAndCountsThroughHadoop() {
        byte[] a = TestFiles.write(dir, "Norder=1/Dir=0/Npix=3.parquet", 100_000, 1);
        byte[] b = TestFiles.write(dir, "Norder=1/Dir=0/Npix=7.parquet", 10, 2);
        TestFiles.write(dir, "dataset.json", 5, 3);
        try (Storage s = Storages.open(location(), options())) {
            assertEquals("hadoop+file", s.scheme());
            assertEquals(List.of("Norder=1/Dir=0/Npix=3.parquet", "Norder=1/Dir=0/Npix=7.parquet", "dataset.json"),
                    s.list(""));
            assertTrue(s.exists("dataset.json"));
            assertFalse(s.exists("nope"));
            assertFalse(s.exists("Norder=1"), "a directory is not a file");
            try (ByteSource src = s.open("Norder=1/Dir=0/Npix=3.parquet")) {
                assertEquals(100_000, src.size());
                List<ByteBuffer> out = src.readRanges(List.of(new ByteRange(90_000, 10), new ByteRange(5, 20)));
                assertArrayEquals(TestFiles.slice(a, 90_000, 10), TestFiles.array(out.get(0)));
                assertArrayEquals(TestFiles.slice(a, 5, 20), TestFiles.array(out.get(1)));
            }
            Storage sub = s.subStorage("Norder=1/Dir=0");
            assertEquals(List.of("Npix=3.parquet", "Npix=7.parquet"), sub.list(""));
            try (ByteSource src = sub.open("Npix=7.parquet", 10)) {
                assertArrayEquals(b, TestFiles.array(src.read(0, 10)));
                assertEquals(10, sub.stats().bytesRead());
            }
            assertEquals(30 + 10, s.stats().bytesRead());
            assertTrue(s.stats().requests() >= 3);
        }
    }

    @Test
    void missingAndTruncatedFilesAreFormatErrors() {
        TestFiles.write(dir, "short.bin", 100, 1);
        try (Storage s = Storages.open(location(), options())) {
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> s.open("nope.bin"));
            assertTrue(e.getMessage().contains("nope.bin") && e.getMessage().contains("not found"), e.getMessage());
            try (ByteSource src = s.open("short.bin", 200)) {
                MmuFormatException t = assertThrows(MmuFormatException.class, () -> src.read(150, 10));
                assertTrue(t.getMessage().contains("truncated"), t.getMessage());
            }
            assertThrows(MmuFormatException.class, () -> s.list("short.bin"));
        }
    }

    @Test
    void cachesBlocksLikeAnyRemoteStorage() {
        byte[] a = TestFiles.write(dir, "a.bin", 300_000, 5);
        StorageOptions o = StorageOptions.builder().hfToken(null).cacheDir(cache).build();
        try (Storage s = Storages.open(location(), o); ByteSource src = s.open("a.bin")) {
            src.read(1000, 1000);
        }
        try (Storage s = Storages.open(location(), o.toBuilder().offline(true).build()); ByteSource src = s.open("a.bin")) {
            assertArrayEquals(TestFiles.slice(a, 1000, 1000), TestFiles.array(src.read(1000, 1000)));
            assertEquals(0, s.stats().requests());
            assertEquals(1, s.stats().cacheHits());
        }
    }

    @Test
    void aMissingConnectorNamesTheArtifactToAdd() {
        if (!onClasspath("org.apache.hadoop.fs.s3a.S3AFileSystem")) { // these tests carry it for S3DatasetTest
            MmuStorageException s3 = assertThrows(MmuStorageException.class,
                    () -> Storages.open("s3a://bucket/mmu/gaia", options()));
            assertTrue(s3.getMessage().contains("org.apache.hadoop:hadoop-aws"), s3.getMessage());
            assertTrue(s3.getMessage().startsWith("s3a://bucket/mmu/gaia"), s3.getMessage());
        }
        MmuStorageException gs = assertThrows(MmuStorageException.class, () -> Storages.open("gs://b/x", options()));
        assertTrue(gs.getMessage().contains("gcs-connector"), gs.getMessage());
        MmuStorageException abfs = assertThrows(MmuStorageException.class,
                () -> Storages.open("abfs://c@a.dfs.core.windows.net/x", options()));
        assertTrue(abfs.getMessage().contains("hadoop-azure"), abfs.getMessage());
        MmuStorageException s3plain = assertThrows(MmuStorageException.class, () -> Storages.open("s3://b/x", options()));
        assertTrue(s3plain.getMessage().contains("s3a://"), s3plain.getMessage());
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, HadoopStorageTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
