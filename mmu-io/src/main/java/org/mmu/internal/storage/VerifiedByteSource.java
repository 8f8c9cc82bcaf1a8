package org.mmu.internal.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.mmu.core.MmuFormatException;

/**
 * A byte source whose every read is verified against recorded block checksums: a read is widened
 * to the whole blocks it touches, each block's CRC-32C is checked, and only then are the bytes
 * handed out. A mismatch is an {@code MmuFormatException} naming the file and the byte range.
 * Thread-safe (the wrapped source is).
 */
final class VerifiedByteSource implements ByteSource {
    /** Runs of at most this many bytes have all their blocks kept in the verified-block cache. */
    private static final int CACHE_WHOLE_RUN_BYTES = 1 << 20;
    private final ByteSource source;
    private final FileChecksum checksum;
    private final VerifiedBlocks cache;   // shared by the files of one storage
    private final String path;
    private final StorageCounters hits;  // blocks served from the cache are counted as cache hits

    VerifiedByteSource(ByteSource source, FileChecksum checksum, VerifiedBlocks cache, String path, StorageCounters hits) {
        this.cache = cache;
        this.hits = hits;
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
        Map<Integer, byte[]> have = new HashMap<>();
        for (int i : needed) {
            byte[] b = cache.get(path, i);
            if (b != null) {
                have.put(i, b);
                hits.recordCacheHit(b.length);
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
        // each fetched run is verified where it lies (no copy when heap-backed); a requested range
        // inside one run is handed out as a slice of it, one that spans runs or cached blocks is copied
        Map<Integer, Run> runOf = new HashMap<>();
        for (int k = 0; k < runs.size(); k++) {
            int[] blocks = runs.get(k);
            Run run = Run.of(got.get(k), checksum.blockStart(blocks[0]));
            // blocks that a neighbouring read is likely to touch again are kept verified (copies, so a
            // cached block never pins a whole run): all of a small run, the two ends of a large one
            boolean small = run.length <= CACHE_WHOLE_RUN_BYTES;
            for (int i = blocks[0]; i < blocks[1]; i++) {
                int off = run.offsetOf(checksum.blockStart(i));
                checksum.verify(i, run.bytes, off, location());
                runOf.put(i, run);
                if (small || i == blocks[0] || i == blocks[1] - 1) {
                    cache.put(path, i, Arrays.copyOfRange(run.bytes, off,
                            off + (int) (checksum.blockEnd(i) - checksum.blockStart(i))));
                }
            }
        }
        List<ByteBuffer> out = new ArrayList<>(ranges.size());
        for (ByteRange r : ranges) {
            Run run = r.length() == 0 ? null : runOf.get((int) (r.offset() / block));
            if (run != null && run.contains(r) && 2 * r.length() >= run.length) {
                // at least half the run: a slice costs no copy and pins at most twice the bytes asked for
                out.add(ByteBuffer.wrap(run.bytes, run.offsetOf(r.offset()), (int) r.length()).slice());
                continue;
            }
            byte[] dst = new byte[(int) r.length()];
            long pos = r.offset();
            while (pos < r.end()) {
                int i = (int) (pos / block);
                int n = (int) Math.min(r.end() - pos, checksum.blockEnd(i) - pos);
                Run from = runOf.get(i);
                if (from != null) {
                    System.arraycopy(from.bytes, from.offsetOf(pos), dst, (int) (pos - r.offset()), n);
                } else {
                    System.arraycopy(have.get(i), (int) (pos - checksum.blockStart(i)), dst, (int) (pos - r.offset()), n);
                }
                pos += n;
            }
            out.add(ByteBuffer.wrap(dst));
        }
        return out;
    }

    /** A fetched run of whole blocks: file bytes {@code [start, start + length)} at {@code bytes[base..]}. */
    private record Run(byte[] bytes, int base, long start, int length) {
        static Run of(ByteBuffer b, long start) {
            if (b.hasArray()) { // false for read-only buffers
                return new Run(b.array(), b.arrayOffset() + b.position(), start, b.remaining());
            }
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            return new Run(copy, 0, start, copy.length);
        }

        int offsetOf(long filePos) {
            return base + (int) (filePos - start);
        }

        boolean contains(ByteRange r) {
            return r.offset() >= start && r.end() <= start + length;
        }
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
