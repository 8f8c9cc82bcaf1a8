package org.mmu;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIndex;
import org.mmu.core.ProgressListener;
import org.mmu.core.ReadStats;
import org.mmu.core.Parallel;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;

/**
 * Stage 5 of a crossmatch-load, <em>fetch</em>: runs a {@link FetchPlan} step by step, in plan
 * order, keeping up to a {@link FetchWindow} of steps in flight ahead of the consumer. Each step
 * yields, per survey, the rows of its match rows (nulls where a survey has no object); a step is
 * released as soon as the consumer moves past it. Single consumer; close it to stop reading.
 */
final class FetchStream implements Iterator<FetchStream.Fetched>, AutoCloseable {

    /** The data of one step: per survey, one row per fetch position in {@code [from, to)}. */
    record Fetched(int from, int to, RowBatch[] surveys) {
    }

    private record InFlight(FetchPlan.Step step, Future<Fetched> result) {
    }

    private final List<MmuDataset> datasets;
    private final List<ObjectIndex> indices;
    private final MatchRows rows;
    private final FetchPlan plan;
    private final List<FetchPlan.Step> steps;
    private final FetchWindow window;
    private final Runnable onFinish;
    private final ProgressListener progress;
    private final long partitionsTotal;
    private boolean reportedAll;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final Executor executor;  // the embedder's (LoadOptions.executor), or null: own threads
    private Parallel.Pool pool;
    private int nextStep;
    private long bytesInFlight;
    private int partitionsInFlight;
    private boolean closed;

    /**
     * @param indices         per survey, the index (or region slice of it) the match rows' positions point into
     * @param executor        where steps run (at most two at once), null for own threads {@code mmu-fetch-N}
     * @param partitionsTotal distinct partitions the whole pass opens, or -1 when not known ahead (streamed)
     * @param onFinish        run once, when the stream is exhausted or closed
     */
    FetchStream(List<MmuDataset> datasets, List<ObjectIndex> indices, MatchRows rows, FetchPlan plan, Executor executor,
            ProgressListener progress, long partitionsTotal, Runnable onFinish) {
        this.executor = executor;
        this.progress = progress;
        this.partitionsTotal = partitionsTotal;
        this.datasets = datasets;
        this.indices = indices;
        this.rows = rows;
        this.plan = plan;
        this.steps = plan.steps();
        this.window = plan.window();
        this.onFinish = onFinish;
    }

    @Override
    public boolean hasNext() {
        boolean more = !closed && (nextStep < steps.size() || !inFlight.isEmpty());
        if (!more) {
            close();
        }
        return more;
    }

    @Override
    public Fetched next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        fill();
        InFlight head = inFlight.poll();
        Fetched f;
        try {
            f = Parallel.await(head.result(), "fetching matched rows");
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        reportProgress();
        bytesInFlight -= head.step().bytes();
        partitionsInFlight -= head.step().partitions();
        fill(); // start the next steps before the consumer works on this one
        return f;
    }

    /**
     * One overall counter for the fetch: distinct partitions opened so far of those the plan reads
     * (the datasets' own counts, so the views of a streamed result add up; there the total is not
     * known ahead), and the data bytes read.
     */
    private void reportProgress() {
        long done = 0;
        long bytes = 0;
        for (MmuDataset d : datasets) {
            ReadStats s = d.readStats();
            done += s.partitionsRead();
            bytes += s.dataBytes();
        }
        long total = partitionsTotal < 0 ? -1 : Math.max(partitionsTotal, done);
        if (total >= 0 && done >= total) {
            if (reportedAll) {
                return; // later steps re-read partitions already counted: the stage is done once
            }
            reportedAll = true;
        }
        progress.onProgress("fetch partitions", done, total, bytes);
    }

    /** Starts steps while they fit the window; always keeps at least one in flight. */
    private void fill() {
        while (nextStep < steps.size()) {
            FetchPlan.Step s = steps.get(nextStep);
            boolean fits = bytesInFlight + s.bytes() <= window.bytes()
                    && partitionsInFlight + s.partitions() <= window.partitions();
            if (!inFlight.isEmpty() && !fits) {
                return;
            }
            if (pool == null) {
                pool = Parallel.pool("fetch", 2, executor);
            }
            inFlight.add(new InFlight(s, pool.submit(() -> fetch(s))));
            bytesInFlight += s.bytes();
            partitionsInFlight += s.partitions();
            nextStep++;
        }
    }

    private Fetched fetch(FetchPlan.Step s) {
        int m = s.to() - s.from();
        RowBatch[] out = new RowBatch[datasets.size()];
        for (int k = 0; k < datasets.size(); k++) {
            int[] want = new int[m];
            int[] slot = new int[m];
            int present = 0;
            for (int i = 0; i < m; i++) {
                int pos = rows.indexRow(k, plan.matchRowAt(s.from() + i));
                slot[i] = pos < 0 ? -1 : present;
                if (pos >= 0) {
                    want[present++] = pos;
                }
            }
            RowBatch got = read(datasets.get(k), indices.get(k), java.util.Arrays.copyOf(want, present));
            out[k] = present == m ? got : got.gatherOrNull(slot);
        }
        return new Fetched(s.from(), s.to(), out);
    }

    /** Rows of {@code dataset} at positions of {@code located}: its own index, or a region's slice of it. */
    static RowBatch read(MmuDataset dataset, ObjectIndex located, int[] positions) {
        if (dataset instanceof PartitionedDataset pd) {
            return pd.read(located, positions, false); // the fetch reports its own overall progress
        }
        if (located != dataset.index()) {
            throw new IllegalStateException("dataset '" + dataset.name() + "' reads rows through its own index only");
        }
        return dataset.read(positions);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inFlight.forEach(f -> f.result().cancel(true));
        inFlight.clear();
        if (pool != null) {
            pool.close();
        }
        onFinish.run();
    }
}
