package org.mmu.io.hdf5;

import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

import org.mmu.io.storage.ByteSource;

/**
 * A read-only {@link SeekableByteChannel} over a {@link ByteSource}, so that jhdf reads HDF5
 * files from any storage. Small reads go through a read-ahead window (HDF5 metadata is read in
 * many small pieces); large reads (chunks, contiguous slices) are one ranged read each.
 */
public final class ByteSourceChannel implements SeekableByteChannel {
    static final int WINDOW = 64 * 1024;

    private final ByteSource source;
    private long pos;
    private boolean open = true;
    private ByteBuffer window;
    private long windowStart = -1;

    public ByteSourceChannel(ByteSource source) {
        this.source = source;
    }

    @Override
    public synchronized int read(ByteBuffer dst) {
        long size = source.size();
        if (pos >= size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), size - pos);
        if (n >= WINDOW) {
            ByteBuffer b = source.read(pos, n);
            dst.put(b);
        } else {
            if (window == null || pos < windowStart || pos + n > windowStart + window.limit()) {
                long end = Math.min(size, pos + Math.max(n, WINDOW));
                window = source.read(pos, (int) (end - pos));
                windowStart = pos;
            }
            ByteBuffer dup = window.duplicate();
            dup.position((int) (pos - windowStart));
            dup.limit(dup.position() + n);
            dst.put(dup);
        }
        pos += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() {
        return pos;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) {
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
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
