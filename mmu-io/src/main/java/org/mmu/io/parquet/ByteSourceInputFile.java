package org.mmu.io.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.mmu.io.storage.ByteSource;

/**
 * A Parquet {@link InputFile} reading through a {@link ByteSource}. Small reads are served from
 * a read-ahead window so that parquet-mr's many tiny footer reads cost one request; large reads
 * (column chunks, pages) go straight to the source as one ranged read each.
 */
public final class ByteSourceInputFile implements InputFile {
    /** Small (metadata) reads are served from a window of this size: one request instead of many. */
    static final int WINDOW = 64 * 1024;
    /** Reads at least this large (data pages, column chunks) go to the source exactly as asked. */
    static final int EXACT_READ = 4 * 1024;

    private final ByteSource source;

    public ByteSourceInputFile(ByteSource source) {
        this.source = source;
    }

    @Override
    public long getLength() {
        return source.size();
    }

    @Override
    public SeekableInputStream newStream() {
        return new Stream();
    }

    @Override
    public String toString() {
        return source.location();
    }

    private final class Stream extends SeekableInputStream {
        private long pos;
        private ByteBuffer window;  // bytes [windowStart, windowStart + window.limit())
        private long windowStart = -1;

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) {
            pos = newPos;
        }

        @Override
        public int read() throws IOException {
            if (pos >= source.size()) {
                return -1;
            }
            fill(1);
            return window.get((int) (pos++ - windowStart)) & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long left = source.size() - pos;
            if (left <= 0) {
                return len == 0 ? 0 : -1;
            }
            int n = (int) Math.min(len, left);
            readFully(b, off, n);
            return n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int start, int len) throws IOException {
            if (pos + len > source.size()) {
                throw new EOFException(source.location() + ": read of " + len + " bytes at " + pos
                        + " passes the end of the file (" + source.size() + " bytes)");
            }
            if (len >= EXACT_READ && !inWindow(len)) {
                ByteBuffer b = source.read(pos, len);
                b.get(bytes, start, len);
            } else {
                fill(len);
                ByteBuffer dup = window.duplicate();
                dup.position((int) (pos - windowStart));
                dup.get(bytes, start, len);
            }
            pos += len;
        }

        @Override
        public int read(ByteBuffer buf) throws IOException {
            long left = source.size() - pos;
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(buf.remaining(), left);
            byte[] tmp = new byte[n];
            readFully(tmp, 0, n);
            buf.put(tmp);
            return n;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            int n = buf.remaining();
            if (pos + n > source.size()) {
                throw new EOFException(source.location() + ": read of " + n + " bytes at " + pos
                        + " passes the end of the file (" + source.size() + " bytes)");
            }
            if (n >= EXACT_READ && !inWindow(n)) {
                buf.put(source.read(pos, n));
                pos += n;
            } else {
                byte[] tmp = new byte[n];
                readFully(tmp, 0, n);
                buf.put(tmp);
            }
        }

        private boolean inWindow(int len) {
            return window != null && pos >= windowStart && pos + len <= windowStart + window.limit();
        }

        /** Makes sure [pos, pos+len) is in the window; a miss fetches WINDOW bytes around it. */
        private void fill(int len) {
            if (window != null && pos >= windowStart && pos + len <= windowStart + window.limit()) {
                return;
            }
            long size = source.size();
            long start = pos;
            long end = Math.min(size, Math.max(pos + len, pos + WINDOW));
            // Reading near the end (the footer): take the whole tail window in one request.
            if (end == size) {
                start = Math.max(0, Math.min(pos, size - WINDOW));
            }
            window = source.read(start, (int) (end - start));
            windowStart = start;
        }

        @Override
        public void close() {
        }
    }
}
