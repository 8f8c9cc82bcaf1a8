package org.mmu;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.DataFormat;
import org.mmu.core.PartitionRef;
import org.mmu.core.Schema;
import org.mmu.internal.storage.FileChecksum;

/**
 * Estimates what reading some rows of one partition costs in read requests, from metadata only,
 * by modelling how the readers really fetch bytes: a partition's columns are laid out one after
 * another (on-disk bytes shared out by each column's decoded width); a Parquet row is read as
 * its page (about {@value #PAGE_BYTES} bytes or {@value #PAGE_ROWS} rows, as our writer cuts
 * them), consecutive pages as one range, a row group's contiguous column chunks as one range when
 * at least half its rows are wanted, and the ranges go in one vectored read in which ranges
 * closer than a checksum block share a fetch; the footer and page index cost one read at the end
 * of the file (index-first: exactly, widened to checksum blocks that stay cached), and ranges
 * inside that tail cost none. HDF5 reads smaller than {@value #WINDOW}
 * bytes are served from aligned blocks of that size (the channel's metadata cache), so nearby
 * small reads share a request; larger slabs are one request each. Immutable.
 */
final class ReadCost {
    /** The block of the HDF5 channel's cache. */
    static final int WINDOW = 64 * 1024;
    static final int PAGE_BYTES = 8 * 1024;
    static final int PAGE_ROWS = 128;
    /** The smallest and largest tail fetched with a Parquet footer. */
    private static final int MIN_TAIL = 16 * 1024;
    private static final int MAX_TAIL = 64 * 1024;
    /** Parquet ranges closer than this share a fetch: reads are widened to checksum blocks of at least 2 KiB. */
    private static final int MERGE_GAP = 2 * 1024;
    /** Wanted rows of an HDF5 column at most this many bytes apart share a slab read. */
    private static final int HDF5_NEAR_BYTES = 4 * 1024;

    private final double[] start;  // per selected column: where its bytes start, as a fraction of a row's bytes
    private final double[] share;  // per selected column: its fraction of a row's bytes
    private final double[] decoded; // per selected column: its decoded bytes per row (pages are cut by these)
    private final boolean[] contiguousWithPrevious;
    private final boolean exactTail;
    private final int columns; // of the files

    private ReadCost(double[] start, double[] share, double[] decoded, boolean[] contiguousWithPrevious,
            boolean exactTail, int columns) {
        this.exactTail = exactTail;
        this.columns = columns;
        this.decoded = decoded;
        this.start = start;
        this.share = share;
        this.contiguousWithPrevious = contiguousWithPrevious;
    }

    /**
     * The cost model of reading {@code selected} columns from partitions holding all of {@code full}'s
     * columns; {@code exactTail}: the footer is fetched exactly (index-first records its size), so no
     * data comes with it.
     */
    static ReadCost of(Schema selected, Schema full, boolean exactTail) {
        Set<String> wanted = new HashSet<>(selected.names());
        double whole = 0;
        for (ColumnSpec c : full) {
            whole += width(c);
        }
        List<double[]> cols = new ArrayList<>();
        List<Boolean> contiguous = new ArrayList<>();
        double at = 0;
        boolean previousWanted = false;
        for (ColumnSpec c : full) {
            double s = whole > 0 ? width(c) / whole : 1.0 / full.size();
            boolean want = wanted.contains(c.name());
            if (want) {
                cols.add(new double[] {at, s, width(c)});
                contiguous.add(previousWanted);
            }
            previousWanted = want;
            at += s;
        }
        double[] start = new double[cols.size()];
        double[] share = new double[cols.size()];
        double[] decoded = new double[cols.size()];
        boolean[] cont = new boolean[cols.size()];
        for (int i = 0; i < start.length; i++) {
            start[i] = cols.get(i)[0];
            share[i] = cols.get(i)[1];
            decoded[i] = cols.get(i)[2];
            cont[i] = contiguous.get(i);
        }
        return new ReadCost(start, share, decoded, cont, exactTail, full.size());
    }

    /** Decoded bytes of one row of a column (variable shapes and strings: a guess of 16 elements / bytes). */
    static double width(ColumnSpec c) {
        long elements = c.isVariableShape() ? 16 : Math.max(1, c.elementsPerRow());
        return elements * (c.type() == DType.STRING ? 16 : c.type().byteWidth());
    }

    /**
     * What earlier reads of one partition fetched, for datasets whose verified checksum blocks stay
     * cached in memory (index-first): a later read of the same partition (a later step) costs only
     * what they did not fetch.
     */
    static final class Fetched {
        boolean tail;
        final List<double[]> ranges = new ArrayList<>();
        final Set<Long> blocks = new HashSet<>();

        boolean covers(double a, double b) {
            for (double[] r : ranges) {
                if (r[0] <= a && r[1] >= b) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A fresh record of a partition's fetches, or null when nothing stays cached between reads. */
    Fetched fetched() {
        return exactTail ? new Fetched() : null;
    }

    /**
     * Requests to read {@code rows[from..to)} (ascending, distinct row numbers in the file) of a
     * partition; {@code seen}: what earlier reads of it fetched (updated), or null.
     */
    long requests(PartitionRef p, long[] rows, int from, int to, Fetched seen) {
        if (to <= from || start.length == 0) {
            return 0;
        }
        long fileRows = Math.max(1, p.rows());
        long fileBytes = Math.max(1, p.bytes());
        double rowBytes = (double) fileBytes / fileRows;
        Fetched f = seen == null ? new Fetched() : seen;
        return p.format() == DataFormat.HDF5 ? hdf5(rows, from, to, fileRows, rowBytes, f)
                : parquet(rows, from, to, fileRows, fileBytes, rowBytes, f);
    }

    private long parquet(long[] rows, int from, int to, long fileRows, long fileBytes, double rowBytes, Fetched seen) {
        long tailStart;
        if (exactTail) { // the exact footer read is widened to checksum blocks, which stay cached for the data read
            long block = FileChecksum.blockBytesFor(fileBytes);
            double metadata = 300 + 160.0 * columns + 4.5 * fileRows; // footer and page index, as our writer sizes them
            tailStart = (long) (Math.max(0, fileBytes - metadata) / block) * block;
        } else {
            tailStart = fileBytes - Math.min(fileBytes, Math.max(MIN_TAIL, Math.min(MAX_TAIL, fileBytes / 8)));
        }
        List<double[]> ranges = new ArrayList<>();
        if (2L * (to - from) >= fileRows) { // the row group whole: contiguous selected columns as one read
            for (int c = 0; c < start.length; c++) {
                double a = start[c] * fileRows * rowBytes;
                double b = a + share[c] * fileRows * rowBytes;
                if (contiguousWithPrevious[c] && !ranges.isEmpty()) {
                    ranges.get(ranges.size() - 1)[1] = b;
                } else {
                    ranges.add(new double[] {a, b});
                }
            }
        } else {
            for (int c = 0; c < start.length; c++) {
                double colBytes = share[c] * rowBytes;
                long pageRows = Math.max(1, Math.min(PAGE_ROWS, (long) (PAGE_BYTES / Math.max(1e-9, decoded[c])) + 1));
                double base = start[c] * fileRows * rowBytes;
                long firstPage = -1;
                long lastPage = -2;
                for (int i = from; i <= to; i++) {
                    long page = i < to ? rows[i] / pageRows : Long.MAX_VALUE;
                    if (page == lastPage || page == lastPage + 1) {
                        lastPage = page;
                        continue;
                    }
                    if (firstPage >= 0) { // consecutive pages are one read
                        ranges.add(new double[] {base + firstPage * pageRows * colBytes,
                                base + Math.min(fileRows, (lastPage + 1) * pageRows) * colBytes});
                    }
                    firstPage = page;
                    lastPage = page;
                }
            }
        }
        // all ranges go in one vectored read: ranges inside the tail are served from it, ranges
        // closer than a checksum block share a fetch (reads are widened to whole blocks)
        long requests = seen.tail ? 0 : 1; // footer and page index
        seen.tail = true;
        double fetchEnd = Double.NEGATIVE_INFINITY;
        for (double[] r : ranges) {
            if (r[0] >= tailStart || seen.covers(r[0], r[1])) {
                continue;
            }
            if (r[0] - fetchEnd >= MERGE_GAP) {
                requests++;
            }
            fetchEnd = Math.max(fetchEnd, r[1]);
            // the fetch is widened to whole checksum blocks
            seen.ranges.add(new double[] {Math.floor(r[0] / MERGE_GAP) * MERGE_GAP, Math.ceil(r[1] / MERGE_GAP) * MERGE_GAP});
        }
        return requests;
    }

    private long hdf5(long[] rows, int from, int to, long fileRows, double rowBytes, Fetched seen) {
        Set<Long> blocks = new HashSet<>();
        blocks.add(0L); // superblock and object headers
        long requests = 0;
        for (int c = 0; c < start.length; c++) {
            double colBytes = share[c] * rowBytes;
            double base = start[c] * fileRows * rowBytes;
            long near = Math.max(1, (long) (HDF5_NEAR_BYTES / Math.max(1e-9, colBytes)));
            long first = rows[from];
            long last = first;
            for (int i = from + 1; i <= to; i++) {
                long row = i < to ? rows[i] : Long.MAX_VALUE;
                if (row - last <= near) {
                    last = row;
                    continue;
                }
                double a = base + first * colBytes;
                double b = base + (last + 1) * colBytes;
                if (b - a >= WINDOW) {
                    if (!seen.covers(a, b)) {
                        requests++;
                        seen.ranges.add(new double[] {a, b});
                    }
                } else {
                    for (long k = (long) (a / WINDOW); k <= (long) ((b - 1) / WINDOW); k++) {
                        blocks.add(k);
                    }
                }
                first = row;
                last = row;
            }
        }
        blocks.removeAll(seen.blocks);
        seen.blocks.addAll(blocks);
        return requests + blocks.size();
    }
}
