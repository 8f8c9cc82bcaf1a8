package org.mmu.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32C;

import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/**
 * CRC-32C checksums of a file's fixed-size blocks, so that any byte range can be verified by
 * reading only the blocks it touches (a row-level read of an HDF5 slice or a Parquet page, as
 * well as a whole-file read). Block sizes are powers of two, at least {@link #MIN_BLOCK_BYTES},
 * growing with the file so that no file has more than {@link #MAX_BLOCKS} blocks. Immutable.
 *
 * @param size       the file's size in bytes
 * @param blockBytes bytes per block (the last block may be shorter)
 */
public record FileChecksum(long size, int blockBytes, int[] crcs) {
    public static final String ALGORITHM = "crc32c";
    public static final int MIN_BLOCK_BYTES = 2 * 1024;
    public static final int MAX_BLOCKS = 1024;

    public FileChecksum {
        if (blockBytes <= 0 || Integer.bitCount(blockBytes) != 1) {
            throw new IllegalArgumentException("block size must be a power of two, got " + blockBytes);
        }
        if (crcs.length != blockCount(size, blockBytes)) {
            throw new IllegalArgumentException(crcs.length + " block checksums for " + size + " bytes in blocks of "
                    + blockBytes + " (expected " + blockCount(size, blockBytes) + ")");
        }
        crcs = crcs.clone();
    }

    @Override
    public int[] crcs() {
        return crcs.clone();
    }

    /** Blocks of a file of {@code size} bytes (a long: a manifest may claim any size, and the message must say it). */
    static long blockCount(long size, int blockBytes) {
        return size / blockBytes + (size % blockBytes == 0 ? 0 : 1);
    }

    /** The block size used for a file of {@code size} bytes. */
    public static int blockBytesFor(long size) {
        long b = MIN_BLOCK_BYTES;
        while (b * MAX_BLOCKS < size && b < (1 << 30)) {
            b <<= 1;
        }
        return (int) b;
    }

    /** Checksums a local file (one sequential read). */
    public static FileChecksum of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            int block = blockBytesFor(size);
            int[] crcs = new int[Math.toIntExact(blockCount(size, block))];
            byte[] buf = new byte[block];
            for (int i = 0; i < crcs.length; i++) {
                int want = (int) Math.min(block, size - (long) i * block);
                int n = in.readNBytes(buf, 0, want);
                if (n != want) {
                    throw new MmuStorageException(file.toString(), "file shrank while being checksummed");
                }
                crcs[i] = crc(buf, 0, n);
            }
            return new FileChecksum(size, block, crcs);
        } catch (IOException e) {
            throw new MmuStorageException(file.toString(), "cannot read to checksum", e);
        }
    }

    static int crc(byte[] data, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(data, offset, length);
        return (int) c.getValue();
    }

    /** Bytes {@code [start, end)} of block {@code i}. */
    long blockStart(int i) {
        return (long) i * blockBytes;
    }

    long blockEnd(int i) {
        return Math.min(size, blockStart(i) + blockBytes);
    }

    /** Verifies block {@code i}, whose bytes are {@code data[offset .. offset + blockLength)}. */
    void verify(int i, byte[] data, int offset, String location) {
        int length = (int) (blockEnd(i) - blockStart(i));
        if (crc(data, offset, length) != crcs[i]) {
            throw new MmuFormatException(location, "bytes " + blockStart(i) + ".." + (blockEnd(i) - 1)
                    + " do not match their recorded CRC-32C (block " + i + " of " + crcs.length
                    + "): the file is corrupt or was replaced");
        }
    }

    /** The checksums as base64 of big-endian 32-bit values (the manifest's {@code blocks}). */
    public String encodedBlocks() {
        ByteBuffer b = ByteBuffer.allocate(4 * crcs.length).order(ByteOrder.BIG_ENDIAN);
        for (int c : crcs) {
            b.putInt(c);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** Parses {@link #encodedBlocks()}; a malformed value is an IllegalArgumentException saying why. */
    public static FileChecksum decode(long size, int blockBytes, String blocks) {
        byte[] raw = Base64.getDecoder().decode(blocks);
        if (raw.length % 4 != 0) {
            throw new IllegalArgumentException("blocks hold " + raw.length + " bytes, not a multiple of 4");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        int[] crcs = new int[raw.length / 4];
        for (int i = 0; i < crcs.length; i++) {
            crcs[i] = b.getInt();
        }
        return new FileChecksum(size, blockBytes, crcs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileChecksum f && f.size == size && f.blockBytes == blockBytes && Arrays.equals(f.crcs, crcs);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Arrays.hashCode(crcs);
    }

    @Override
    public String toString() {
        return "FileChecksum[" + size + " bytes, " + crcs.length + " blocks of " + blockBytes + "]";
    }
}
