package org.mmu.internal.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/**
 * A remote file: bounds checks, then either direct fetches (nearby ranges coalesced, large ones
 * split, all issued in parallel) or reads through the {@link BlockCache}, where only the missing
 * blocks are fetched and then stored. A file read whole in one range is checked against the
 * SHA-256 its host publishes, when there is one; range reads are pinned to it (the reader refuses
 * answers publishing another, and for a file opened with its size the first one seen is pinned in
 * the cache for later runs).
 * Thread-safe.
 */
final class RemoteByteSource implements ByteSource {
    /** Largest single request: merging stops here and longer reads are split into parallel parts. */
    static final int MAX_REQUEST_BYTES = 16 << 20;

    private final String location;
    private final String key;                 // the file's identity for pinning its validator
    private final long size;
    private final RangeReader reader;         // null when offline
    private final BlockCache.Entry entry;     // null when caching is off
    private final StorageCounters counters;
    private final RemoteContext ctx;
    private final PublishedDigest expected;   // published content hash known at open, null when none
    private volatile boolean pinWritten;
    private volatile boolean closed;

    RemoteByteSource(String location, String key, long size, RangeReader reader, BlockCache.Entry entry,
            StorageCounters counters, RemoteContext ctx, PublishedDigest expected, boolean pinAcrossRuns) {
        this.expected = expected;
        this.pinWritten = expected != null || !pinAcrossRuns;  // with a digest known at open, the open pinned it
        this.location = location;
        this.key = key;
        this.size = size;
        this.reader = reader;
        this.entry = entry;
        this.counters = counters;
        this.ctx = ctx;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ByteBuffer read(long offset, int length) {
        return readRanges(List.of(new ByteRange(offset, length))).get(0);
    }

    @Override
    public List<ByteBuffer> readRanges(List<ByteRange> ranges) {
        if (closed) {
            throw new MmuStorageException(location, "read after close");
        }
        for (ByteRange r : ranges) {
            if (r.end() > size) {
                throw new MmuFormatException(location, "read of " + r.length() + " bytes at offset " + r.offset()
                        + " goes past the end of the file (" + size + " bytes): truncated?");
            }
            if (r.length() > Integer.MAX_VALUE - 8) {
                throw new MmuStorageException(location, "read of " + r.length() + " bytes is too large for one buffer");
            }
        }
        List<ByteBuffer> out = entry == null ? readDirect(ranges) : readThroughCache(ranges);
        PublishedDigest digest = reader != null && reader.digest() != null ? reader.digest() : expected;
        boolean whole = ranges.size() == 1 && ranges.get(0).offset() == 0 && ranges.get(0).length() == size;
        if (digest != null && whole) {
            String actual = PublishedDigest.sha256Of(out.get(0));
            if (!actual.equals(digest.sha256())) {
                throw new MmuFormatException(location, "the " + size + " bytes read have SHA-256 " + actual
                        + " but the host publishes " + digest + ": corrupt in transit or in a cache, or replaced");
            }
        }
        ctx.recordCheck(location, digest == null ? RemoteContext.Check.NONE
                : whole ? RemoteContext.Check.WHOLE_VERIFIED : RemoteContext.Check.RANGE_PINNED, digest);
        return out;
    }

    private List<ByteBuffer> readDirect(List<ByteRange> ranges) {
        RangePlan plan = RangePlan.of(ranges, ctx.options().coalesceGapBytes(), MAX_REQUEST_BYTES);
        return plan.slice(fetchAll(plan.fetches()));
    }

    private List<ByteBuffer> readThroughCache(List<ByteRange> ranges) {
        int block = ctx.cache().blockBytes();
        TreeSet<Long> needed = new TreeSet<>();
        for (ByteRange r : ranges) {
            if (r.length() > 0) {
                for (long i = r.offset() / block; i <= (r.end() - 1) / block; i++) {
                    needed.add(i);
                }
            }
        }
        Map<Long, byte[]> blocks = new HashMap<>();
        List<ByteRange> missing = new ArrayList<>();
        for (long i : needed) {
            byte[] b = entry.readBlock(i);
            if (b != null) {
                blocks.put(i, b);
                counters.recordCacheHit(b.length);
            } else {
                missing.add(new ByteRange(i * block, entry.blockLength(i)));
            }
        }
        if (!missing.isEmpty()) {
            RangePlan plan = RangePlan.of(missing, ctx.options().coalesceGapBytes(), MAX_REQUEST_BYTES);
            List<ByteBuffer> fetched = plan.slice(fetchAll(plan.fetches()));
            entry.checkValidator(reader.validator());
            for (int k = 0; k < missing.size(); k++) {
                ByteBuffer b = fetched.get(k);
                long index = missing.get(k).offset() / block;
                entry.writeBlock(index, b.array(), b.arrayOffset() + b.position());
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                blocks.put(index, copy);
            }
        }
        List<ByteBuffer> out = new ArrayList<>(ranges.size());
        for (ByteRange r : ranges) {
            byte[] dst = new byte[(int) r.length()];
            long pos = r.offset();
            while (pos < r.end()) {
                long index = pos / block;
                int inBlock = (int) (pos - index * block);
                int n = (int) Math.min(r.end() - pos, block - inBlock);
                System.arraycopy(blocks.get(index), inBlock, dst, (int) (pos - r.offset()), n);
                pos += n;
            }
            out.add(ByteBuffer.wrap(dst));
        }
        return out;
    }

    /** Fetches each range into its own array; ranges over {@link #MAX_REQUEST_BYTES} go as parallel parts. */
    private byte[][] fetchAll(List<ByteRange> fetches) {
        if (reader == null) {
            ByteRange first = fetches.get(0);
            throw new MmuStorageException(location, "offline mode: bytes " + first.offset() + ".." + (first.end() - 1)
                    + " are not in the cache " + ctx.cache().root() + " (read them once online with the same cacheDir)");
        }
        byte[][] data = new byte[fetches.size()][];
        List<Runnable> parts = new ArrayList<>();
        for (int i = 0; i < fetches.size(); i++) {
            ByteRange f = fetches.get(i);
            byte[] dst = new byte[(int) f.length()];
            data[i] = dst;
            for (int off = 0; off < dst.length; off += MAX_REQUEST_BYTES) {
                int partOff = off;
                int len = Math.min(MAX_REQUEST_BYTES, dst.length - off);
                parts.add(() -> ctx.withPermit(location, () -> reader.fetch(f.offset() + partOff, dst, partOff, len)));
            }
        }
        ctx.runAll(location, parts);
        String seen = reader.validator();
        if (seen != null) {
            ctx.pinnedValidators().putIfAbsent(key, seen); // later opens of this file must see the same one
        }
        if (!pinWritten && reader.digest() != null && ctx.cache() != null) {
            ctx.cache().writePin(key, size, reader.digest()); // later runs must see the same content
            pinWritten = true;
        }
        return data;
    }

    @Override
    public void close() {
        closed = true;
        if (reader != null) {
            reader.close();
        }
    }

    @Override
    public String toString() {
        return "RemoteByteSource[" + location + ", " + size + " bytes" + (entry != null ? ", cached" : "") + "]";
    }
}
