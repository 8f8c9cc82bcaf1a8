package org.mmu.internal.hdf5;

/**
 * Groups wanted rows (ascending, distinct) into slab reads {@code [start, start + count)}. Two
 * neighbouring wanted rows share a read when {@link Joiner} says reading the rows between them
 * costs less than a second read (same or adjacent chunk; a small gap of contiguous bytes), and a
 * read never exceeds a row budget so memory stays bounded. Immutable.
 */
final class RowRuns {

    /** Whether wanted rows {@code a < b} (with nothing wanted between them) should share one read. */
    @FunctionalInterface
    interface Joiner {
        boolean join(int a, int b);
    }

    private final int[] rows;
    private final int[] start;
    private final int[] count;
    private final int[] firstPick; // reads + 1 entries: wanted rows of read r are rows[firstPick[r] .. firstPick[r+1])

    private RowRuns(int[] rows, int[] start, int[] count, int[] firstPick) {
        this.rows = rows;
        this.start = start;
        this.count = count;
        this.firstPick = firstPick;
    }

    /**
     * @param rows            wanted rows, ascending and distinct (checked by the caller)
     * @param maxRowsPerRead  at least 1
     */
    static RowRuns plan(int[] rows, int maxRowsPerRead, Joiner joiner) {
        int n = rows.length;
        int[] start = new int[n];
        int[] count = new int[n];
        int[] first = new int[n + 1];
        int reads = 0;
        int k = 0;
        while (k < n) {
            int s = rows[k];
            first[reads] = k;
            int end = k + 1;
            while (end < n && rows[end] - s < maxRowsPerRead && (rows[end] == rows[end - 1] + 1
                    || joiner.join(rows[end - 1], rows[end]))) {
                end++;
            }
            start[reads] = s;
            count[reads] = rows[end - 1] - s + 1;
            reads++;
            k = end;
        }
        first[reads] = n;
        return new RowRuns(rows, java.util.Arrays.copyOf(start, reads), java.util.Arrays.copyOf(count, reads),
                java.util.Arrays.copyOf(first, reads + 1));
    }

    int reads() {
        return start.length;
    }

    int start(int read) {
        return start[read];
    }

    int count(int read) {
        return count[read];
    }

    /** First position in the wanted rows served by a read. */
    int firstPick(int read) {
        return firstPick[read];
    }

    /** One past the last position in the wanted rows served by a read. */
    int endPick(int read) {
        return firstPick[read + 1];
    }

    /** The wanted row at a position. */
    int row(int pick) {
        return rows[pick];
    }
}
