package org.mmu.internal.epoch;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Future;

import org.mmu.core.Column;
import org.mmu.core.EpochBatch;
import org.mmu.core.EpochIterator;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.Parallel;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * Runs one {@link EpochPlan}: reads each segment (a unit's run of rows) once, in plan order, on
 * background threads that stay at most {@code prefetchRows} rows ahead of the window being
 * delivered; holds a segment only while its window (or the next) needs it; and copies each batch's
 * rows, in the window's permuted order, into fresh columns. Memory is bounded by the window, the
 * read-ahead and one partition. Not thread-safe: one consumer.
 */
public final class EpochRun implements EpochIterator {
    private final EpochSource source;
    private final EpochPlan plan;
    private final Schema schema;
    private final int batchSize;
    private final boolean dropLast;
    private final long prefetchRows;
    private final ReadStats before;
    private final Parallel.Pool readers;
    private final Future<EpochSource.Read>[] reads;   // per segment: submitted read, null before submit or after release
    private int submitted;                    // segments [0, submitted) have been submitted
    private long position;                    // next row of the shard's epoch to deliver
    private int window = -1;
    private int[] windowOrder;
    private boolean closed;

    @SuppressWarnings("unchecked")
    public EpochRun(EpochSource source, EpochPlan plan, int batchSize, boolean dropLast, long startAt, long prefetchRows,
            int readThreads) {
        if (batchSize < 1) {
            throw new MmuInputException("batch size " + batchSize + ": need at least 1");
        }
        if (startAt < 0 || startAt > plan.rows()) {
            throw new MmuInputException("cannot start at row " + startAt + ": this shard's epoch has " + plan.rows() + " rows");
        }
        this.source = source;
        this.plan = plan;
        this.schema = source.schema();
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.prefetchRows = Math.max(0, prefetchRows);
        this.position = startAt;
        this.reads = new Future[plan.segments()];
        this.before = source.readStats();
        int threads = Math.max(1, readThreads);
        this.readers = Parallel.pool("epoch-read", threads, null); // own threads: a read waits on the load's fetch tasks
    }

    @Override
    public boolean hasNext() {
        long left = plan.rows() - position;
        boolean more = dropLast ? left >= batchSize : left > 0;
        if (!more) {
            close();
        }
        return more && !closed;
    }

    @Override
    public EpochBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the epoch is over (" + plan.rows() + " rows)");
        }
        int n = (int) Math.min(batchSize, plan.rows() - position);
        long first = position;
        EpochSource.Read[] fromRead = new EpochSource.Read[n];
        int[] fromRow = new int[n];
        int lastSegment = -1;
        EpochSource.Read last = null;
        for (int k = 0; k < n; k++) {
            int row = rowAt(position++);
            int s = plan.segmentOf(row);
            if (s != lastSegment) {
                last = segment(s);
                lastSegment = s;
            }
            fromRead[k] = last;
            fromRow[k] = row - plan.segmentStart(s);
        }
        List<Column> cols = new ArrayList<>(schema.size());
        Column[] from = new Column[n];
        for (int c = 0; c < schema.size(); c++) {
            for (int k = 0; k < n; k++) {
                from[k] = fromRead[k].rows().column(c);
            }
            cols.add(RowGather.gather(schema.get(c), from, fromRow));
        }
        List<ObjectIds> ids = new ArrayList<>(source.sources().size());
        ObjectIds[] fromIds = new ObjectIds[n];
        for (int k = 0; k < source.sources().size(); k++) {
            for (int j = 0; j < n; j++) {
                fromIds[j] = fromRead[j].ids().get(k);
            }
            ids.add(RowGather.gatherIds(fromIds, fromRow));
        }
        return new EpochBatch(cols.isEmpty() ? RowBatch.empty(schema) : RowBatch.of(cols), source.sources(), ids, first);
    }

    /** The unpermuted row delivered at an epoch position, moving to its window when needed. */
    private int rowAt(long pos) {
        int w = (int) (pos / plan.windowRows());
        if (w != window) {
            enterWindow(w);
        }
        return windowOrder[(int) (pos - (long) w * plan.windowRows())];
    }

    private void enterWindow(int w) {
        int start = w * plan.windowRows();
        int end = Math.min(plan.rows(), start + plan.windowRows());
        int firstSeg = plan.segmentOf(start);
        for (int s = 0; s < firstSeg; s++) {
            release(s); // earlier windows are done: positions only move forward
        }
        window = w;
        windowOrder = plan.windowOrder(w);
        // read ahead: every segment this window needs, then up to prefetchRows more rows
        long until = Math.min(plan.rows(), end + prefetchRows);
        if (submitted < firstSeg) {
            submitted = firstSeg; // a resumed epoch skips the segments before its first window unread
        }
        while (submitted < plan.segments() && plan.segmentStart(submitted) < until) {
            int s = submitted++;
            int unit = plan.segmentUnit(s);
            int[] items = plan.segmentItems(s);
            reads[s] = readers.submit(() -> source.read(unit, items));
        }
    }

    private EpochSource.Read segment(int s) {
        Future<EpochSource.Read> f = reads[s];
        if (f == null) {
            throw new IllegalStateException("segment " + s + " was not read ahead");
        }
        try {
            return Parallel.await(f, "reading the epoch of " + source.sources());
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void release(int s) {
        reads[s] = null; // already consumed: dropping the future frees its rows
    }

    @Override
    public ReadStats readStats() {
        return source.readStats().minus(before);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            readers.close();
            for (int s = 0; s < reads.length; s++) {
                reads[s] = null;
            }
        }
    }
}
