package org.mmu.io.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.mmu.core.MmuFormatException;

/**
 * A byte source whose every read is verified against recorded block checksums: a read is widened
 * to the whole blocks it touches, each block's CRC-32C is checked, and only then are the bytes
 * handed out. A mismatch is an {@code MmuFormatException} naming the file and the byte range.
 * Thread-safe (the wrapped source is).
 */
final class VerifiedByteSource implements ByteSource {
    private final ByteSource source;
    private final FileChecksum checksum;
    private final VerifiedBlocks cache;   // shared by the files of one storage
    private final String path;

    VerifiedByteSource(ByteSource source, FileChecksum checksum, VerifiedBlocks cache, String path) {
        this.cache = cache;
        this.path = path;
        if (source.size() != checksum.size()) {
            long actual = source.size();
            source.close();
            throw new MmuFormatException(source.location(), "file has " + actual + " bytes but its checksum covers "
                    + checksum.size() + " (truncated or replaced?)");
        }
        this.source = source;
        this.checksum = checksum;
    }

    @Override
    public String location() {
        return source.location();
    }

    @Override
    public long size() {
        return source.size();
    }

    @Override
    public ByteBuffer read(long offset, int length) {
        return readRanges(List.of(new ByteRange(offset, length))).get(0);
    }

    @Override
    public List<ByteBuffer> readRanges(List<ByteRange> ranges) {
        int block = checksum.blockBytes();
        TreeSet<Integer> needed = new TreeSet<>();
        for (ByteRange r : ranges) {
            if (r.offset() < 0 || r.end() > size()) {
                throw new MmuFormatException(location(), "read of " + r.length() + " bytes at offset " + r.offset()
                        + " goes past the end of the file (" + size() + " bytes): truncated?");
            }
            for (long i = r.offset() / block; r.length() > 0 && i <= (r.end() - 1) / block; i++) {
                needed.add((int) i);
            }
        }
        // blocks verified recently are reused (a footer read by every open of the file, neighbouring rows)
        java.util.Map<Integer, byte[]> have = new java.util.HashMap<>();
        for (int i : needed) {
            byte[] b = cache.get(path, i);
            if (b != null) {
                have.put(i, b);
            }
        }
        needed.removeAll(have.keySet());
        // contiguous runs of missing blocks, fetched in one call so remote storages can plan them together
        List<int[]> runs = new ArrayList<>();
        for (int i : needed) {
            int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last[1] == i) {
                last[1] = i + 1;
            } else {
                runs.add(new int[] {i, i + 1});
            }
        }
        List<ByteRange> fetch = new ArrayList<>(runs.size());
        for (int[] run : runs) {
            long start = checksum.blockStart(run[0]);
            fetch.add(new ByteRange(start, checksum.blockEnd(run[1] - 1) - start));
        }
        List<ByteBuffer> got = fetch.isEmpty() ? List.of() : source.readRanges(fetch);
        byte[][] runData = new byte[runs.size()][];
        for (int k = 0; k < runs.size(); k++) {
            ByteBuffer b = got.get(k);
            byte[] data = new byte[b.remaining()];
            b.duplicate().get(data);
            runData[k] = data;
            int[] run = runs.get(k);
            for (int i = run[0]; i < run[1]; i++) {
                int off = (int) (checksum.blockStart(i) - checksum.blockStart(run[0]));
                checksum.verify(i, data, off, location());
                byte[] one = java.util.Arrays.copyOfRange(data, off, off + (int) (checksum.blockEnd(i) - checksum.blockStart(i)));
                have.put(i, one);
                cache.put(path, i, one);
            }
        }
        List<ByteBuffer> out = new ArrayList<>(ranges.size());
        for (ByteRange r : ranges) {
            byte[] dst = new byte[(int) r.length()];
            long pos = r.offset();
            while (pos < r.end()) {
                int i = (int) (pos / block);
                int in = (int) (pos - checksum.blockStart(i));
                int n = (int) Math.min(r.end() - pos, checksum.blockEnd(i) - pos);
                System.arraycopy(have.get(i), in, dst, (int) (pos - r.offset()), n);
                pos += n;
            }
            out.add(ByteBuffer.wrap(dst));
        }
        return out;
    }

    @Override
    public void close() {
        source.close();
    }

    @Override
    public String toString() {
        return "VerifiedByteSource[" + source + ", " + checksum + "]";
    }
}
