package org.mmu.internal.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmu.internal.storage.ByteRange;
import org.mmu.internal.storage.ByteSource;

/**
 * A read-only {@link SeekableByteChannel} over a {@link ByteSource}, so that jhdf reads HDF5
 * files from any storage. HDF5 metadata (superblock, object headers, B-trees, heaps) is read in
 * many small pieces scattered over the file, often revisiting the same places; so small reads are
 * served from a small LRU cache of aligned {@link #BLOCK}-byte blocks (missing blocks of one read
 * are fetched with one {@link ByteSource#readRanges} call), and large reads (chunks, contiguous
 * slices) are one ranged read each, uncached. Every read fills the buffer completely unless the
 * end of the file comes first (jhdf relies on that). Thread-safe (all methods synchronized; jhdf
 * also serialises position-and-read pairs).
 */
public final class ByteSourceChannel implements SeekableByteChannel {
    /** Block size of the metadata cache; reads at least this large bypass it. */
    static final int BLOCK = 64 * 1024;
    /** Blocks kept (2 MiB). */
    static final int MAX_BLOCKS = 32;

    private final ByteSource source;
    private final Map<Long, ByteBuffer> blocks = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ByteBuffer> eldest) {
            return size() > MAX_BLOCKS;
        }
    };
    private long pos;
    private boolean open = true;

    public ByteSourceChannel(ByteSource source) {
        this.source = source;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        long size = source.size();
        if (pos >= size) {
            return dst.hasRemaining() ? -1 : 0;
        }
        int n = (int) Math.min(dst.remaining(), size - pos);
        if (n >= BLOCK) {
            dst.put(source.read(pos, n));
        } else if (n > 0) {
            readSmall(dst, n);
        }
        pos += n;
        return n;
    }

    /** Copies [pos, pos+n) from cached blocks, fetching the missing ones (at most two) in one call. */
    private void readSmall(ByteBuffer dst, int n) {
        long first = pos / BLOCK;
        long last = (pos + n - 1) / BLOCK;
        List<Long> missing = new ArrayList<>(2);
        List<ByteRange> ranges = new ArrayList<>(2);
        for (long b = first; b <= last; b++) {
            if (!blocks.containsKey(b)) {
                long start = b * BLOCK;
                missing.add(b);
                ranges.add(new ByteRange(start, Math.min(BLOCK, source.size() - start)));
            }
        }
        if (!ranges.isEmpty()) {
            List<ByteBuffer> got = source.readRanges(ranges);
            for (int i = 0; i < missing.size(); i++) {
                blocks.put(missing.get(i), got.get(i));
            }
        }
        long p = pos;
        int left = n;
        for (long b = first; b <= last; b++) {
            ByteBuffer block = blocks.get(b).duplicate();
            int from = (int) (p - b * BLOCK);
            int take = Math.min(left, block.limit() - from);
            block.position(from).limit(from + take);
            dst.put(block);
            p += take;
            left -= take;
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return pos;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition + " in " + source.location());
        }
        pos = newPosition;
        return this;
    }

    @Override
    public long size() {
        return source.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    /** Closes the channel (not the source, which the caller owns). */
    @Override
    public synchronized void close() {
        open = false;
        blocks.clear();
    }

    @Override
    public String toString() {
        return "ByteSourceChannel[" + source.location() + "]";
    }
}
