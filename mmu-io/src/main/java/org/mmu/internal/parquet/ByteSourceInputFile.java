package org.mmu.internal.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.ParquetFileRange;
import org.apache.parquet.io.SeekableInputStream;
import org.mmu.internal.storage.ByteRange;
import org.mmu.internal.storage.ByteSource;

/**
 * A Parquet {@link InputFile} reading through a {@link ByteSource}, shaped so that remote files
 * cost few requests:
 * <ul>
 *   <li><b>Footer:</b> the first read that touches the last {@code tailBytes} of the file fetches
 *       that whole tail in one ranged read, kept for the life of this object and shared by its
 *       streams. parquet-mr's reads of the footer length, magic and footer are then served from
 *       memory: one request per footer when it fits the tail (two when it is larger: the rest is
 *       read once, exactly). Page indexes, written just before the footer, usually fall in the
 *       tail too.</li>
 *   <li><b>Other small reads</b> (page indexes elsewhere, page headers, Thrift structures): each
 *       stream keeps a forward read-ahead window of {@link #WINDOW} bytes, so a page index costs
 *       one ranged read and consecutive small reads none.</li>
 *   <li><b>Large reads</b> (column chunks) are one ranged read each, and parquet-mr's vectored
 *       reads ({@link SeekableInputStream#readVectored}) become one
 *       {@link ByteSource#readRanges} call, which merges nearby chunks and fetches in parallel.</li>
 * </ul>
 * Local files go through the same code. Thread-safe: streams are independent (each is used by
 * one thread, as parquet-mr does) and the shared tail is guarded.
 */
public final class ByteSourceInputFile implements InputFile {
    /** Default size of the tail fetched with the footer. */
    public static final int DEFAULT_TAIL_BYTES = 64 * 1024;
    /** Smallest tail: small files fetch about an eighth of themselves, but never less than this. */
    static final int MIN_TAIL_BYTES = 16 * 1024;
    /** Reads smaller than this go through a stream's read-ahead window. */
    static final int WINDOW = 64 * 1024;

    private final ByteSource source;
    private final int tailBytes;
    private final Object tailLock = new Object();
    private ByteBuffer tail;  // the file's last bytes, [tailStart, size); guarded by tailLock

    public ByteSourceInputFile(ByteSource source) {
        this(source, DEFAULT_TAIL_BYTES);
    }

    /** @param tailBytes how much of the file's end to fetch with the footer (at least 8) */
    public ByteSourceInputFile(ByteSource source, int tailBytes) {
        if (tailBytes < 8) {
            throw new IllegalArgumentException("tailBytes must be >= 8 (footer length and magic), got " + tailBytes);
        }
        this.source = source;
        this.tailBytes = tailBytes;
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

    /**
     * The tail is at most an eighth of the file (at least {@link #MIN_TAIL_BYTES}): a small
     * partition's footer and page index are small, and fetching most of the file for them would
     * cost more than the rows wanted.
     */
    private long tailStart() {
        long size = source.size();
        long want = Math.min(tailBytes, Math.max(Math.min(MIN_TAIL_BYTES, tailBytes), size / 8));
        return Math.max(0, size - want);
    }

    /** The retained tail if it has been fetched and covers {@code [pos, pos + len)}, else null. */
    private ByteBuffer tailCovering(long pos, long len) {
        synchronized (tailLock) {
            long start = tailStart();
            if (tail == null || pos < start || pos + len > source.size()) {
                return null;
            }
            ByteBuffer t = tail.duplicate();
            t.position((int) (pos - start));
            t.limit((int) (pos - start + len));
            return t.slice();
        }
    }

    /** The tail, fetched on first use. */
    private ByteBuffer tail() {
        synchronized (tailLock) {
            if (tail == null) {
                long start = tailStart();
                tail = source.read(start, (int) (source.size() - start));
            }
            return tail;
        }
    }

    /**
     * Reads {@code [pos, pos + len)} into {@code dst}: bytes in the tail from memory, bytes before
     * it with one ranged read. Only used when the range reaches into the tail.
     */
    private void readWithTail(long pos, byte[] dst, int off, int len) {
        long tailStart = tailStart();
        ByteBuffer t = tail().duplicate();
        int before = (int) Math.max(0, Math.min(len, tailStart - pos));
        if (before > 0) {
            source.read(pos, before).get(dst, off, before);
        }
        t.position((int) (pos + before - tailStart));
        t.get(dst, off + before, len - before);
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
        public void seek(long newPos) throws IOException {
            if (newPos < 0) {
                throw new EOFException(source.location() + ": cannot seek to negative position " + newPos);
            }
            pos = newPos;
        }

        @Override
        public int read() throws IOException {
            if (pos >= source.size()) {
                return -1;
            }
            byte[] one = new byte[1];
            readFully(one, 0, 1);
            return one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long left = source.size() - pos;
            if (left <= 0) {
                return -1;
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
            long size = source.size();
            if (pos + len > size) {
                throw new EOFException(source.location() + ": read of " + len + " bytes at " + pos
                        + " passes the end of the file (" + size + " bytes)");
            }
            if (len == 0) {
                return;
            }
            if (pos + len > tailStart()) {
                readWithTail(pos, bytes, start, len);
            } else if (len >= WINDOW) {
                source.read(pos, len).get(bytes, start, len);
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
            if (!buf.hasRemaining()) {
                return 0;
            }
            long left = source.size() - pos;
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(buf.remaining(), left);
            copyInto(buf, n);
            return n;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            copyInto(buf, buf.remaining());
        }

        private void copyInto(ByteBuffer buf, int n) throws IOException {
            if (buf.hasArray()) {
                readFully(buf.array(), buf.arrayOffset() + buf.position(), n);
                buf.position(buf.position() + n);
            } else {
                byte[] tmp = new byte[n];
                readFully(tmp, 0, n);
                buf.put(tmp);
            }
        }

        @Override
        public boolean readVectoredAvailable(ByteBufferAllocator allocator) {
            return true;
        }

        /** All ranges in one {@link ByteSource#readRanges} call (merged and parallel on remote storage). */
        @Override
        public void readVectored(List<ParquetFileRange> ranges, ByteBufferAllocator allocator) throws IOException {
            List<ByteRange> wanted = new ArrayList<>(ranges.size());
            ByteBuffer[] got = new ByteBuffer[ranges.size()];
            List<Integer> fetch = new ArrayList<>();
            for (int i = 0; i < ranges.size(); i++) {
                ParquetFileRange r = ranges.get(i);
                if (r.getOffset() < 0 || r.getOffset() + r.getLength() > source.size()) {
                    throw new EOFException(source.location() + ": vectored read of " + r.getLength() + " bytes at "
                            + r.getOffset() + " passes the end of the file (" + source.size() + " bytes)");
                }
                got[i] = tailCovering(r.getOffset(), r.getLength()); // pages in the footer's tail are already here
                if (got[i] == null) {
                    wanted.add(new ByteRange(r.getOffset(), r.getLength()));
                    fetch.add(i);
                }
            }
            List<ByteBuffer> fetched = wanted.isEmpty() ? List.of() : source.readRanges(wanted);
            for (int k = 0; k < fetch.size(); k++) {
                got[fetch.get(k)] = fetched.get(k);
            }
            // parquet-mr releases the buffers through the allocator: a plain heap allocator's release
            // does nothing, so our heap buffers go as they are; any other allocator gets copies of its own
            boolean asIs = allocator.getClass() == HeapByteBufferAllocator.class;
            for (int i = 0; i < ranges.size(); i++) {
                if (asIs && got[i].hasArray()) {
                    ranges.get(i).setDataReadFuture(CompletableFuture.completedFuture(got[i].slice()));
                    continue;
                }
                ByteBuffer dst = allocator.allocate(ranges.get(i).getLength());
                dst.put(got[i].duplicate());
                dst.flip();
                ranges.get(i).setDataReadFuture(CompletableFuture.completedFuture(dst));
            }
        }

        /** Makes sure [pos, pos+len) is in the window; a miss fetches {@link #WINDOW} bytes from pos (not into the tail). */
        private void fill(int len) {
            if (window != null && pos >= windowStart && pos + len <= windowStart + window.limit()) {
                return;
            }
            long end = Math.min(tailStart(), pos + Math.max(len, WINDOW));
            window = source.read(pos, (int) (end - pos));
            windowStart = pos;
        }

        @Override
        public void close() {
            window = null;
        }
    }
}
