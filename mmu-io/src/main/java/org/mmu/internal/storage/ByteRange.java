package org.mmu.internal.storage;

/** A byte range {@code [offset, offset + length)} of one file. */
public record ByteRange(long offset, long length) implements Comparable<ByteRange> {
    public ByteRange {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("invalid byte range offset=" + offset + " length=" + length);
        }
    }

    public long end() {
        return offset + length;
    }

    @Override
    public int compareTo(ByteRange o) {
        int c = Long.compare(offset, o.offset);
        return c != 0 ? c : Long.compare(length, o.length);
    }
}
