package org.mmu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.Example;
import org.mmu.core.IdType;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.dataset.ReaderStats;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchResult;

/**
 * The result of a crossmatch-load: the match rows (which objects of each survey matched, their
 * separations and groups), the {@link FetchPlan} for their data, and — lazily — the data.
 * Nothing but indices has been read when you get it: iterating it (or {@link #stream()},
 * {@link #batches(int)}, {@link #map}, {@link #filter}) fetches the matched objects' rows
 * partition by partition in plan order, through a bounded prefetch window
 * ({@link LoadOptions.Builder#prefetchBytes}), and lets each step go once consumed; so a result
 * far larger than the heap streams through it. Every pass fetches again.
 *
 * <p>{@link #toRowBatch()} is the one way to hold a whole (small) result in memory.
 * Order: examples stream in the plan's <em>fetch order</em> — grouped by the partition of the
 * survey with the most bytes to fetch, in match order within it ({@link FetchPlan}) — the same
 * on every pass; {@link MatchedExample#index()} is the match row ({@link #matchTable()} order).
 *
 * <pre>{@code
 * try (CrossMatchedDatasets m = MmuDatasets.load("/data", CrossMatch.of("hsc", "desi").radiusArcsec(1).build())) {
 *     System.out.println(m.plan());                    // what will be read
 *     for (MatchedExample e : m) {                     // streamed
 *         NdArray image = e.get("hsc").getArray("image");
 *         NdArray spectrum = e.get("desi").getArray("spectrum");
 *     }
 *     System.out.println(m.report().summary());        // what was read
 * }
 * }</pre>
 */
public final class CrossMatchedDatasets implements Iterable<MatchedExample>, AutoCloseable {
    private final Surveys surveys;
    private final List<MmuDataset> datasets; // column-selected, one per survey
    private final List<ObjectIndex> indices;
    private final MatchRows rows;
    private final FetchPlan plan;
    private final CrossMatch spec;
    private final LoadOptions options;
    private final Map<String, Double> stages;
    private final AtomicLong fetchNanos;
    private final Set<FetchStream> open;
    private final boolean owner; // subset views share everything and close nothing
    private volatile long[] matchedObjects; // per survey, distinct objects in the match rows (computed once)

    CrossMatchedDatasets(Surveys surveys, List<MmuDataset> datasets, List<ObjectIndex> indices, MatchRows rows,
            FetchPlan plan, CrossMatch spec, LoadOptions options, Map<String, Double> stages) {
        this(surveys, datasets, indices, rows, plan, spec, options, stages, new AtomicLong(),
                Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>())), true);
    }

    private CrossMatchedDatasets(Surveys surveys, List<MmuDataset> datasets, List<ObjectIndex> indices, MatchRows rows,
            FetchPlan plan, CrossMatch spec, LoadOptions options, Map<String, Double> stages, AtomicLong fetchNanos,
            Set<FetchStream> open, boolean owner) {
        this.surveys = surveys;
        this.datasets = List.copyOf(datasets);
        this.indices = List.copyOf(indices);
        this.rows = rows;
        this.plan = plan;
        this.spec = spec;
        this.options = options;
        this.stages = stages;
        this.fetchNanos = fetchNanos;
        this.open = open;
        this.owner = owner;
    }

    public List<String> surveys() {
        return rows.surveys();
    }

    /** Number of match rows (pairs for a two-survey inner match). */
    public int size() {
        return rows.size();
    }

    /** The dataset a survey is read from (restricted to the columns fetched). */
    public MmuDataset dataset(String survey) {
        return datasets.get(rows.survey(survey));
    }

    /** A survey's index (all its objects, not only the matched ones). */
    public ObjectIndex index(String survey) {
        return indices.get(rows.survey(survey));
    }

    /** The match rows: index positions, separations and groups, as the match stage gave them. */
    public MatchRows matchRows() {
        return rows;
    }

    /** For a two-survey match, the matcher's result (index positions, separations, groups); else empty. */
    public Optional<MatchResult> matchResult() {
        return rows.pairs();
    }

    /** What fetching the data reads: partitions per survey in fetch order, rows, estimated bytes and requests. */
    public FetchPlan plan() {
        return plan;
    }

    /** Whether the data can be fetched ({@code false} for match-only loads, {@link LoadOptions#fetchData()}). */
    public boolean hasData() {
        return options.fetchData();
    }

    /** The survey that separations are measured from (the first of two; the spec's reference for more). */
    public String referenceSurvey() {
        return surveys().get(rows.reference());
    }

    /**
     * What the load has read and cost so far: index and data bytes, requests, partitions, rows,
     * and time per stage (open, index, match, plan, and fetch summed over passes).
     */
    public LoadReport report() {
        Map<String, Double> s = new LinkedHashMap<>(stages);
        s.put("fetch", fetchNanos.get() / 1e9);
        double seconds = s.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, LoadReport.Survey> per = new LinkedHashMap<>();
        long index = 0;
        long bytes = 0;
        long requests = 0;
        long total = 0;
        long read = 0;
        long rowsRead = 0;
        for (int k = 0; k < datasets.size(); k++) {
            MmuDataset ds = datasets.get(k);
            ReadStats st = ds.readStats();
            ReaderStats rs = ds instanceof PartitionedDataset pd ? pd.readerStats() : ReaderStats.ZERO;
            String storage = ds instanceof PartitionedDataset pd ? pd.storage().scheme() : "unknown";
            FetchPlan.Survey planned = plan.surveys().get(k);
            per.put(surveys().get(k), new LoadReport.Survey(ds.size(), distinctMatched(k), st.indexBytes(),
                    st.dataBytes(), st.requests(), ds.partitions().size(), st.partitionsRead(), st.rowsRead(),
                    rs.rowLevelReads(), rs.wholeReads(), rs.noPageIndexFiles(), st.cacheHits(), storage,
                    ds instanceof PartitionedDataset pd ? pd.verification() : "unverified",
                    ds instanceof PartitionedDataset pd ? pd.positionsTolerated() : 0));
            index += st.indexBytes();
            bytes += st.totalBytes();
            requests += st.requests();
            total += planned.partitionsTotal();
            read += st.partitionsRead();
            rowsRead += st.rowsRead();
        }
        var c = spec.criteria();
        return new LoadReport(surveys(), c.mode().label(), c.radiusArcsec(), index, bytes, requests, total, read,
                rowsRead, size(), seconds, s, per);
    }

    private long distinctMatched(int k) {
        long[] cached = matchedObjects;
        if (cached == null) {
            cached = new long[datasets.size()];
            for (int j = 0; j < cached.length; j++) {
                cached[j] = countDistinct(j);
            }
            matchedObjects = cached;
        }
        return cached[k];
    }

    private long countDistinct(int k) {
        boolean[] seen = new boolean[indices.get(k).size()];
        long count = 0;
        for (int i = 0; i < rows.size(); i++) {
            int p = rows.indexRow(k, i);
            if (p >= 0 && !seen[p]) {
                seen[p] = true;
                count++;
            }
        }
        return count;
    }

    /**
     * The match table (no data read): {@code left_object_id, right_object_id, separation_arcsec,
     * group_id, group_size} for two surveys; for more, {@code <survey>_object_id} per survey,
     * {@code <survey>_separation_arcsec} per non-reference survey, and the group columns.
     */
    public RowBatch matchTable() {
        List<Column> cols = new ArrayList<>();
        boolean two = surveys().size() == 2;
        for (int k = 0; k < surveys().size(); k++) {
            String name = two ? (k == 0 ? "left" : "right") + "_object_id" : surveys().get(k) + "_object_id";
            cols.add(idColumn(k, name));
        }
        int[] all = new int[size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        cols.addAll(separationColumns(all));
        cols.add(Column.of("group_id", rows.groupIds()));
        cols.add(Column.of("group_size", rows.groupSizes()));
        return RowBatch.of(cols);
    }

    /** {@code separation_arcsec} (two surveys) or {@code <survey>_separation_arcsec} per non-reference survey, of some match rows. */
    List<Column> separationColumns(int[] matchRows) {
        List<Column> cols = new ArrayList<>();
        int n = surveys().size();
        for (int k = 0; k < n; k++) {
            if (k == rows.reference()) {
                continue;
            }
            double[] v = new double[matchRows.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = rows.separationArcsec(k, matchRows[j]);
            }
            cols.add(Column.of(n == 2 ? "separation_arcsec" : surveys().get(k) + "_separation_arcsec", v));
        }
        return cols;
    }

    /** The matched examples, streamed (lazy; close the stream to stop fetching early). */
    public Stream<MatchedExample> stream() {
        FetchStream f = fetchStream();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(examples(f), Spliterator.ORDERED), false)
                .onClose(f::close);
    }

    /** The examples passing {@code keep}, streamed (lazy). */
    public Stream<MatchedExample> filter(Predicate<MatchedExample> keep) {
        return stream().filter(keep);
    }

    /** {@code f} applied to every example in order, streamed (lazy). */
    public <T> Stream<T> map(Function<MatchedExample, T> f) {
        return stream().map(f);
    }

    /** Iterates the examples, fetching as it goes. An iterator left unfinished stops fetching at {@link #close()}. */
    @Override
    public Iterator<MatchedExample> iterator() {
        return examples(fetchStream());
    }

    /**
     * The match rows in batches of {@code n} (the last may be shorter), each with every
     * survey's rows side by side; streamed (lazy), for writers and training loops.
     */
    public Stream<MatchedBatch> batches(int n) {
        if (n < 1) {
            throw new MmuInputException("batch size must be >= 1, got " + n);
        }
        FetchStream f = fetchStream();
        Iterator<MatchedBatch> it = new BatchIterator(f, Math.min(n, Math.max(1, size())));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false).onClose(f::close);
    }

    /**
     * The whole result in memory: all surveys' data side by side, columns prefixed
     * {@code <survey>_}, then {@code separation_arcsec} (two surveys) or
     * {@code <survey>_separation_arcsec} (more). For small results only: it holds every matched
     * row at once (see {@link #plan()} for the bytes that means); stream large ones.
     */
    public RowBatch toRowBatch() {
        try (Stream<MatchedBatch> all = batches(Math.max(1, size()))) {
            return all.findFirst().orElseGet(this::emptyBatch).toRowBatch();
        }
    }

    /**
     * A view of some match rows, in the order given (a shard, a shuffle, a selection by the
     * match table): it shares the datasets and indices, has its own plan, and closes nothing.
     */
    public CrossMatchedDatasets subset(int[] matchRows) {
        for (int r : matchRows) {
            java.util.Objects.checkIndex(r, size());
        }
        MatchRows sub = rows.subset(matchRows);
        FetchPlan p = FetchPlan.build(surveys(), datasets, surveys.datasets(), indices, sub, plan.window());
        return new CrossMatchedDatasets(surveys, datasets, indices, sub, p, spec, options, stages, fetchNanos, open, false);
    }

    /** Stops any unfinished fetching, and closes the datasets this result opened (not those the caller passed in). */
    @Override
    public void close() {
        List<FetchStream> streams;
        synchronized (open) {
            streams = new ArrayList<>(open);
        }
        streams.forEach(FetchStream::close);
        if (owner) {
            surveys.close();
        }
    }

    private FetchStream fetchStream() {
        if (!options.fetchData()) {
            throw new MmuInputException("this crossmatch was loaded without fetching data (fetchData(false)): "
                    + "use matchTable() or load again with fetchData(true)");
        }
        long t0 = System.nanoTime();
        FetchStream[] self = new FetchStream[1];
        self[0] = new FetchStream(datasets, rows, plan, () -> {
            fetchNanos.addAndGet(System.nanoTime() - t0);
            open.remove(self[0]);
        });
        open.add(self[0]);
        return self[0];
    }

    private Iterator<MatchedExample> examples(FetchStream f) {
        return new Iterator<>() {
            FetchStream.Fetched cur;
            int next;

            @Override
            public boolean hasNext() {
                return (cur != null && cur.from() + next < cur.to()) || f.hasNext();
            }

            @Override
            public MatchedExample next() {
                if (cur == null || cur.from() + next >= cur.to()) {
                    if (!f.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    cur = f.next();
                    next = 0;
                }
                int i = next++;
                return example(plan.matchRowAt(cur.from() + i), cur.surveys(), i);
            }
        };
    }

    /** The example of match row {@code row}, whose data is row {@code r} of each survey batch. */
    MatchedExample example(int row, RowBatch[] data, int r) {
        Example[] e = new Example[data.length];
        for (int k = 0; k < data.length; k++) {
            e[k] = rows.indexRow(k, row) < 0 ? null : data[k].row(r);
        }
        return new MatchedExample(this, row, e);
    }

    private MatchedBatch emptyBatch() {
        RowBatch[] empty = new RowBatch[datasets.size()];
        for (int k = 0; k < empty.length; k++) {
            empty[k] = RowBatch.empty(datasets.get(k).schema());
        }
        return new MatchedBatch(this, new int[0], empty);
    }

    /** Cuts the fetched steps into batches of exactly n match rows (the last may be shorter). */
    private final class BatchIterator implements Iterator<MatchedBatch> {
        private final FetchStream f;
        private final int n;
        private FetchStream.Fetched cur;
        private int off;

        BatchIterator(FetchStream f, int n) {
            this.f = f;
            this.n = n;
        }

        @Override
        public boolean hasNext() {
            return (cur != null && cur.from() + off < cur.to()) || f.hasNext();
        }

        @Override
        public MatchedBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int surveysN = datasets.size();
            List<List<RowBatch>> parts = new ArrayList<>();
            for (int k = 0; k < surveysN; k++) {
                parts.add(new ArrayList<>());
            }
            int[] matchRows = new int[n];
            int taken = 0;
            while (taken < n && hasNext()) {
                if (cur == null || cur.from() + off >= cur.to()) {
                    cur = f.next();
                    off = 0;
                }
                int len = cur.to() - cur.from();
                int take = Math.min(n - taken, len - off);
                for (int i = 0; i < take; i++) {
                    matchRows[taken + i] = plan.matchRowAt(cur.from() + off + i);
                }
                for (int k = 0; k < surveysN; k++) {
                    parts.get(k).add(slice(cur.surveys()[k], off, take, len));
                }
                off += take;
                taken += take;
            }
            RowBatch[] data = new RowBatch[surveysN];
            for (int k = 0; k < surveysN; k++) {
                data[k] = RowBatch.concat(parts.get(k));
            }
            return new MatchedBatch(CrossMatchedDatasets.this, taken == n ? matchRows : Arrays.copyOf(matchRows, taken), data);
        }

        private RowBatch slice(RowBatch b, int from, int count, int len) {
            if (from == 0 && count == len) {
                return b;
            }
            int[] range = new int[count];
            for (int i = 0; i < count; i++) {
                range[i] = from + i;
            }
            return b.gather(range);
        }
    }

    // --- accessors for MatchedExample and MatchedBatch ---

    String objectIdAt(int k, int i) {
        int p = rows.indexRow(k, i);
        return p < 0 ? null : indices.get(k).ids().getString(p);
    }

    int surveyIndex(String survey) {
        return rows.survey(survey);
    }

    private Column idColumn(int k, String name) {
        ObjectIndex idx = indices.get(k);
        int n = size();
        ColumnBuilder b = new ColumnBuilder(
                ColumnSpec.scalar(name, idx.ids().type() == IdType.INT64 ? DType.INT64 : DType.STRING), n);
        for (int i = 0; i < n; i++) {
            int p = rows.indexRow(k, i);
            if (p < 0) {
                b.appendNull();
            } else if (idx.ids().type() == IdType.INT64) {
                b.appendLong(idx.ids().getLong(p));
            } else {
                b.appendString(idx.ids().getString(p));
            }
        }
        return b.build();
    }
}
