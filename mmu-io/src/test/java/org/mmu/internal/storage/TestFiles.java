package org.mmu.internal.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Random;

/** Deterministic test files: byte {@code i} of a file made with seed {@code s} is reproducible. */
final class TestFiles {
    private TestFiles() {
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code n} random bytes at {@code dir/rel} and returns them. */
    static byte[] write(Path dir, String rel, int n, long seed) {
        byte[] b = bytes(n, seed);
        write(dir.resolve(rel), b);
        return b;
    }

    /** Writes the file, then moves its modification time forward so that its ETag surely changes. */
    static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            Files.write(file, content);
            if (before != null) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 5_000));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] slice(byte[] b, long offset, int length) {
        return Arrays.copyOfRange(b, (int) offset, (int) offset + length);
    }

    static byte[] array(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
