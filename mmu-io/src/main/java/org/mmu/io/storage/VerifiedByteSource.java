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

    VerifiedByteSource(ByteSource source, FileChecksum checksum) {
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
        // contiguous runs of blocks, fetched in one call so remote storages can plan them together
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
                checksum.verify(i, data, (int) (checksum.blockStart(i) - checksum.blockStart(run[0])), location());
            }
        }
        List<ByteBuffer> out = new ArrayList<>(ranges.size());
        for (ByteRange r : ranges) {
            int k = runOf(runs, r.length() == 0 ? -1 : (int) (r.offset() / block));
            if (k < 0) {
                out.add(ByteBuffer.allocate(0));
                continue;
            }
            int from = (int) (r.offset() - checksum.blockStart(runs.get(k)[0]));
            out.add(ByteBuffer.wrap(runData[k], from, (int) r.length()).slice());
        }
        return out;
    }

    private static int runOf(List<int[]> runs, int blockIndex) {
        if (blockIndex < 0) {
            return -1;
        }
        int lo = 0;
        int hi = runs.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int[] run = runs.get(mid);
            if (blockIndex < run[0]) {
                hi = mid - 1;
            } else if (blockIndex >= run[1]) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        throw new IllegalStateException("block " + blockIndex + " was not fetched");
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
