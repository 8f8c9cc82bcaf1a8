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
import org.mmu.matching.RegionMatch;
import org.mmu.matching.RegionSlice;
import org.mmu.matching.RegionalMatcher;

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
 * Order: the regional engine's sky order ({@link RegionalMatcher}: the reference object's
 * depth-29 NESTED cell, then owner id, then the in-memory order), the same for any region budget
 * and thread count and on every pass; {@link MatchedExample#index()} is the match row
 * ({@link #matchTable()} order). When the indices do not fit the regions in flight the result is
 * {@linkplain #isStreamed() streamed}: it is matched region by region as it is iterated.
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
    private final List<ObjectIndex> indices; // null when streamed
    private final MatchRows rows;            // null when streamed
    private final FetchPlan plan;            // null when streamed
    private final CrossMatchPipeline.Regions regions; // the regions a streamed result matches as it is iterated, else null
    private final int rowBase;               // match row of this result's row 0 (a region's view of a streamed result)
    private final CrossMatch spec;
    private final LoadOptions options;
    private final Map<String, Double> stages;
    private final AtomicLong fetchNanos;
    private final Set<FetchStream> open;
    private final boolean owner; // subset views share everything and close nothing
    private volatile long[] matchedObjects; // per survey, distinct objects in the match rows (computed once)
    private volatile StreamedPass lastPass;  // streamed: what the latest pass has delivered
    private volatile long streamedSize = -1; // streamed: match rows, once known
    private volatile CrossMatchedDatasets materialized; // a one-region streamed result, matched once when asked

    CrossMatchedDatasets(Surveys surveys, List<MmuDataset> datasets, List<ObjectIndex> indices, MatchRows rows,
            FetchPlan plan, CrossMatch spec, LoadOptions options, Map<String, Double> stages) {
        this(surveys, datasets, indices, rows, plan, null, 0, spec, options, stages, new AtomicLong(),
                Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>())), true);
    }

    /** A result matched region by region as it is iterated. */
    static CrossMatchedDatasets streamed(Surveys surveys, List<MmuDataset> datasets, CrossMatchPipeline.Regions regions,
            CrossMatch spec, LoadOptions options, Map<String, Double> stages) {
        return new CrossMatchedDatasets(surveys, datasets, null, null, null, regions, 0, spec, options, stages,
                new AtomicLong(), Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>())), true);
    }

    /**
     * The result of one region's match ({@link RegionalMatcher#matchRegion}) over open datasets:
     * its rows, tables ({@link #matchTables}) and fetched data ({@link #batches}) are those the
     * region contributes to the whole crossmatch, with the columns {@code options} select. For
     * engines that spread regions over machines (Spark runs one task per region). Closes nothing.
     *
     * @param surveys the datasets in spec order (opened by the caller)
     */
    public static CrossMatchedDatasets ofRegion(Surveys surveys, RegionMatch match, CrossMatch spec,
            LoadOptions options) {
        Surveys labelled = surveys.labelled(spec.surveys());
        List<MmuDataset> selected = labelled.selectColumns(options);
        List<ObjectIndex> slices = new ArrayList<>();
        for (int k = 0; k < selected.size(); k++) {
            slices.add(match.slice(k));
        }
        MatchRows r = MatchRows.of(match, spec);
        FetchPlan p = options.fetchData()
                ? FetchPlan.build(spec.surveys(), selected, labelled.datasets(), slices, r, options.fetchWindow(), true)
                : null;
        return new CrossMatchedDatasets(labelled, selected, slices, r, p, null, 0, spec, options,
                new LinkedHashMap<>(), new AtomicLong(),
                Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>())), false);
    }

    private CrossMatchedDatasets(Surveys surveys, List<MmuDataset> datasets, List<ObjectIndex> indices, MatchRows rows,
            FetchPlan plan, CrossMatchPipeline.Regions regions, int rowBase, CrossMatch spec, LoadOptions options,
            Map<String, Double> stages, AtomicLong fetchNanos, Set<FetchStream> open, boolean owner) {
        this.surveys = surveys;
        this.datasets = List.copyOf(datasets);
        this.indices = indices == null ? null : List.copyOf(indices);
        this.rows = rows;
        this.plan = plan;
        this.regions = regions;
        this.rowBase = rowBase;
        this.spec = spec;
        this.options = options;
        this.stages = stages;
        this.fetchNanos = fetchNanos;
        this.open = open;
        this.owner = owner;
    }

    public List<String> surveys() {
        return spec.surveys();
    }

    /**
     * Number of match rows (pairs for a two-survey inner match). A streamed result counts them
     * by matching every region once (without fetching), unless a full pass has already done so.
     */
    public int size() {
        if (regions == null) {
            return rows.size();
        }
        long n = streamedSize;
        if (n < 0) {
            n = 0;
            try (RegionalMatcher.Walk w = regions.start(spec, false)) {
                while (w.hasNext()) {
                    n += w.next().size();
                }
            }
            streamedSize = n;
        }
        return Math.toIntExact(n);
    }

    /**
     * Whether this result is matched region by region as it is iterated (the indices did not fit
     * the regions in flight, {@link LoadOptions#regionBudgetBytes()}), or was loaded match-only
     * ({@link LoadOptions#fetchData()} false). A streamed result of many regions holds neither the
     * indices nor the match rows, and {@link #index}, {@link #matchRows}, {@link #matchResult},
     * {@link #plan} and {@link #subset} are refused (a match-only result of one region matches
     * once more when first asked for them); {@link MatchedExample#groupId()} is -1 unless
     * the mode is best.
     */
    public boolean isStreamed() {
        return regions != null;
    }

    /** The dataset a survey is read from (restricted to the columns fetched). */
    public MmuDataset dataset(String survey) {
        return datasets.get(surveyIndex(survey));
    }

    /** A survey's index (all its objects, not only the matched ones). */
    public ObjectIndex index(String survey) {
        return whole("index").indices.get(surveyIndex(survey));
    }

    /** The match rows: index positions, separations and groups, in the streamed order. */
    public MatchRows matchRows() {
        return whole("matchRows").rows;
    }

    /** For a two-survey match, the match as a matcher result over the indices (rows in the streamed order); else empty. */
    public Optional<MatchResult> matchResult() {
        return whole("matchResult").rows.pairs();
    }

    /** What fetching the data reads: partitions per survey in fetch order, rows, estimated bytes and requests. */
    public FetchPlan plan() {
        return whole("plan").plan;
    }

    private CrossMatchedDatasets whole(String what) {
        if (regions != null && regions.source().isWhole()) { // one region, matched when first asked
            CrossMatchedDatasets w = materialized;
            if (w == null) {
                synchronized (this) {
                    w = materialized;
                    if (w == null) {
                        try (RegionalMatcher.Walk walk = regions.start(spec, true)) {
                            w = regionView(walk.hasNext() ? walk.next() : null, 0);
                        }
                        materialized = w;
                    }
                }
            }
            return w;
        }
        if (regions != null) {
            throw new MmuInputException(what + "() needs the whole match in memory, but this crossmatch streams region by "
                    + "region (its indices do not fit " + CrossMatchPipeline.REGIONS_IN_FLIGHT + " regions of "
                    + (options.regionBudgetBytes() >> 20) + " MiB): iterate it, or load with a larger "
                    + "LoadOptions.regionBudgetBytes / heap");
        }
        return this;
    }

    /** Match row of this result's row 0: 0, or where a region's rows start in a streamed result. */
    int rowBase() {
        return rowBase;
    }

    /** Whether the data can be fetched ({@code false} for match-only loads, {@link LoadOptions#fetchData()}). */
    public boolean hasData() {
        return options.fetchData();
    }

    /** The survey that separations are measured from (the first of two; the spec's reference for more). */
    public String referenceSurvey() {
        return surveys().get(RegionalMatcher.referenceOf(spec));
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
            // index rows that regions read go through the dataset's storage: they are index bytes, not data
            long sliced = regions == null ? 0 : Math.min(st.dataBytes(), regions.source().sliceBytesRead(k));
            long indexBytes = st.indexBytes() + sliced;
            per.put(surveys().get(k), new LoadReport.Survey(ds.size(), distinctMatched(k), indexBytes,
                    st.dataBytes() - sliced, st.requests(), st.dataRequests(), ds.partitions().size(), st.partitionsRead(), st.rowsRead(),
                    rs.rowLevelReads(), rs.wholeReads(), rs.noPageIndexFiles(), st.cacheHits(), storage,
                    ds instanceof PartitionedDataset pd ? pd.verification() : "unverified",
                    ds instanceof PartitionedDataset pd ? pd.positionsTolerated() : 0));
            index += indexBytes;
            bytes += st.totalBytes();
            requests += st.requests();
            total += ds.partitions().size();
            read += st.partitionsRead();
            rowsRead += st.rowsRead();
        }
        var c = spec.criteria();
        StreamedPass pass = lastPass;
        long matchRows = regions == null ? size() : pass == null ? Math.max(0, streamedSize) : pass.rows;
        return new LoadReport(surveys(), c.mode().label(), c.radiusArcsec(), index, bytes, requests, total, read,
                rowsRead, matchRows, seconds, s, per);
    }

    private long distinctMatched(int k) {
        if (regions != null) {
            StreamedPass pass = lastPass;
            return pass == null ? 0 : pass.objects[k].cardinality();
        }
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
        try (Stream<RowBatch> parts = matchTables(true)) {
            List<RowBatch> all = parts.toList();
            return all.size() == 1 ? all.get(0) : RowBatch.concat(all);
        }
    }

    /**
     * The match table in the streamed order as consecutive tables, without fetching data: one
     * per sky region for a streamed result (lazy; close the stream to stop), else one; always at
     * least one (empty when nothing matched). Columns as {@link #matchTable()}, the group
     * columns only when {@code groups} (on a streamed result, groups that cross regions cost
     * reading their members: ask only when needed). What {@code mmu xmatch} writes.
     */
    public Stream<RowBatch> matchTables(boolean groups) {
        if (regions == null) {
            return Stream.of(table(groups));
        }
        RegionalMatcher.Walk w = regions.start(spec, groups);
        Iterator<RowBatch> it = new Iterator<>() {
            int base;
            boolean any;

            @Override
            public boolean hasNext() {
                return w.hasNext() || !any;
            }

            @Override
            public RowBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                // a table needs no fetch plan: planning a region's fetches cost xmatch a third of its time at 1e7
                CrossMatchedDatasets view = regionView(w.hasNext() ? w.next() : null, base, false);
                any = true;
                base += view.size();
                return view.table(groups);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false).onClose(w::close);
    }

    /** Estimated bytes of one match row's data: the fetched columns of every survey, from the partitions' bytes per row. */
    public long estimatedRowBytes() {
        double b = 0;
        for (int k = 0; k < datasets.size(); k++) {
            b += FetchPlan.bytesPerRow(datasets.get(k), surveys.datasets().get(k));
        }
        return Math.round(b);
    }

    /** How the match is cut into sky regions (for logs); a result holding its match rows was matched as one region. */
    public String regionsSummary() {
        return regions == null ? "1 region (indices read whole, no scan)" : regions.summary();
    }

    private RowBatch table(boolean groups) {
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
        if (groups) {
            cols.add(Column.of("group_id", rows.groupIds()));
            cols.add(Column.of("group_size", rows.groupSizes()));
        }
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
        Pieces f = pieces();
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
        return examples(pieces());
    }

    /**
     * The match rows in batches of {@code n} (the last may be shorter), each with every
     * survey's rows side by side; streamed (lazy), for writers and training loops.
     */
    public Stream<MatchedBatch> batches(int n) {
        if (n < 1) {
            throw new MmuInputException("batch size must be >= 1, got " + n);
        }
        Pieces f = pieces();
        Iterator<MatchedBatch> it = new BatchIterator(f, regions != null ? n : Math.min(n, Math.max(1, size())));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false).onClose(f::close);
    }

    /**
     * The whole result in memory: all surveys' data side by side, columns prefixed
     * {@code <survey>_}, then {@code separation_arcsec} (two surveys) or
     * {@code <survey>_separation_arcsec} (more). For small results only: it holds every matched
     * row at once (see {@link #plan()} for the bytes that means); stream large ones.
     */
    public RowBatch toRowBatch() {
        if (regions != null) {
            try (Stream<MatchedBatch> all = batches(1 << 16)) {
                List<RowBatch> parts = all.map(MatchedBatch::toRowBatch).toList();
                return parts.isEmpty() ? emptyBatch().toRowBatch() : RowBatch.concat(parts);
            }
        }
        try (Stream<MatchedBatch> all = batches(Math.max(1, size()))) {
            return all.findFirst().orElseGet(this::emptyBatch).toRowBatch();
        }
    }

    /**
     * A view of some match rows, in the order given (a shard, a shuffle, a selection by the
     * match table): it shares the datasets and indices, has its own plan, and closes nothing.
     */
    public CrossMatchedDatasets subset(int[] matchRows) {
        CrossMatchedDatasets w = whole("subset");
        if (w != this) {
            return w.subset(matchRows);
        }
        for (int r : matchRows) {
            java.util.Objects.checkIndex(r, size());
        }
        MatchRows sub = rows.subset(matchRows);
        FetchPlan p = FetchPlan.build(surveys(), datasets, surveys.datasets(), indices, sub, options.fetchWindow());
        return new CrossMatchedDatasets(surveys, datasets, indices, sub, p, null, 0, spec, options, stages, fetchNanos,
                open, false);
    }

    /**
     * A streamed result's view of one region's rows (null: no rows), starting at match row
     * {@code base}: over the region's slices of the indices, with its own plan, closing nothing.
     */
    private CrossMatchedDatasets regionView(RegionMatch m, int base) {
        return regionView(m, base, true);
    }

    /** As {@link #regionView(RegionMatch, int)}; without {@code planFetch} the view has no fetch plan (tables only). */
    private CrossMatchedDatasets regionView(RegionMatch m, int base, boolean planFetch) {
        List<ObjectIndex> slices = new ArrayList<>();
        for (int k = 0; k < datasets.size(); k++) {
            slices.add(m != null ? m.slice(k) : regions.source().slice(k, regions.plan().depth(), new long[0]).index());
        }
        MatchRows r = m == null ? MatchRows.empty(surveys(), RegionalMatcher.referenceOf(spec)) : MatchRows.of(m, spec);
        FetchPlan p = planFetch
                ? FetchPlan.build(surveys(), datasets, surveys.datasets(), slices, r, options.fetchWindow(), true)
                : null;
        return new CrossMatchedDatasets(surveys, datasets, slices, r, p, null, base, spec, options, stages, fetchNanos,
                open, false);
    }

    CrossMatch spec() {
        return spec;
    }

    LoadOptions options() {
        return options;
    }

    /** The regions a streamed result matches as it is iterated; null when it holds its match rows. */
    CrossMatchPipeline.Regions regions() {
        return regions;
    }

    /** A streamed result's view of one region's rows (matched elsewhere), for {@link #subset}s of them: no fetch plan of its own. */
    CrossMatchedDatasets regionRows(RegionMatch m) {
        return regionView(m, 0, false);
    }

    /** The columns {@link #toRowBatch()} gives, known without matching or fetching. */
    org.mmu.core.Schema rowSchema() {
        return (regions == null ? this : regionView(null, 0, false)).subset(new int[0]).toRowBatch().schema();
    }

    /** Per survey, the object id of each of some match rows (absent objects are not allowed). */
    List<org.mmu.core.ObjectIds> objectIds(int[] matchRows) {
        List<org.mmu.core.ObjectIds> out = new ArrayList<>(datasets.size());
        for (int k = 0; k < datasets.size(); k++) {
            int[] positions = new int[matchRows.length];
            for (int j = 0; j < positions.length; j++) {
                positions[j] = rows.indexRow(k, matchRows[j]);
            }
            out.add(indices.get(k).ids().gather(positions));
        }
        return out;
    }

    /**
     * The consecutive rows {@code rowsOf} of several views as one view (a batch that spans
     * regions): each survey's index entries of those rows copied into a small index.
     */
    private static CrossMatchedDatasets merged(List<CrossMatchedDatasets> views, List<int[]> rowsOf) {
        CrossMatchedDatasets first = views.get(0);
        List<MatchRows> parts = new ArrayList<>();
        for (CrossMatchedDatasets v : views) {
            parts.add(v.rows);
        }
        MatchRows r = MatchRows.compact(parts, rowsOf);
        List<ObjectIndex> idx = new ArrayList<>();
        for (int k = 0; k < first.datasets.size(); k++) {
            List<ObjectIndex> pieces = new ArrayList<>();
            for (int p = 0; p < views.size(); p++) {
                int[] positions = views.get(p).rows.compactPositions(k, rowsOf.get(p));
                pieces.add(RegionSlice.of(views.get(p).indices.get(k)).gather(positions).index());
            }
            idx.add(concat(pieces));
        }
        FetchPlan p = FetchPlan.build(first.surveys(), first.datasets, first.surveys.datasets(), idx, r,
                first.options.fetchWindow(), true);
        return new CrossMatchedDatasets(first.surveys, first.datasets, idx, r, p, null,
                first.rowBase + rowsOf.get(0)[0], first.spec, first.options, first.stages, first.fetchNanos, first.open,
                false);
    }

    private static ObjectIndex concat(List<ObjectIndex> parts) {
        int n = 0;
        for (ObjectIndex p : parts) {
            n += p.size();
        }
        List<org.mmu.core.ObjectIds> ids = new ArrayList<>();
        double[] ra = new double[n];
        double[] dec = new double[n];
        int[] part = new int[n];
        int[] row = new int[n];
        int o = 0;
        for (ObjectIndex p : parts) {
            ids.add(p.ids());
            for (int i = 0; i < p.size(); i++, o++) {
                ra[o] = p.ra(i);
                dec[o] = p.dec(i);
                part[o] = p.partitionOrdinal(i);
                row[o] = p.row(i);
            }
        }
        ObjectIndex first = parts.get(0);
        return ObjectIndex.of(first.name(), org.mmu.core.ObjectIds.concat(ids), ra, dec, part, row, first.partitions());
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
        long partitionsTotal = rowBase == 0 && regions == null && owner ? plan.partitionsRead() : -1;
        self[0] = new FetchStream(datasets, indices, rows, plan, options.executor().orElse(null), options.progress(),
                partitionsTotal, () -> {
            fetchNanos.addAndGet(System.nanoTime() - t0);
            open.remove(self[0]);
        });
        open.add(self[0]);
        return self[0];
    }

    /** Fetched rows of one result or view: {@code data} holds, per survey, one row per match row in {@code rows}. */
    private record Piece(CrossMatchedDatasets view, int[] rows, RowBatch[] data) {
    }

    /** What one pass of a streamed result has delivered: match rows, and per survey the objects met. */
    private static final class StreamedPass {
        final long[][] partitionStart;
        final java.util.BitSet[] objects;
        long rows;

        StreamedPass(List<MmuDataset> datasets) {
            partitionStart = new long[datasets.size()][];
            objects = new java.util.BitSet[datasets.size()];
            for (int k = 0; k < datasets.size(); k++) {
                List<org.mmu.core.PartitionRef> parts = datasets.get(k).partitions();
                long[] start = new long[parts.size() + 1];
                for (int p = 0; p < parts.size(); p++) {
                    start[p + 1] = start[p] + parts.get(p).rows();
                }
                partitionStart[k] = start;
                objects[k] = new java.util.BitSet();
            }
        }

        void add(CrossMatchedDatasets view) {
            rows += view.size();
            for (int k = 0; k < objects.length; k++) {
                ObjectIndex idx = view.indices.get(k);
                for (int i = 0; i < view.size(); i++) {
                    int p = view.rows.indexRow(k, i);
                    if (p >= 0) {
                        objects[k].set(Math.toIntExact(partitionStart[k][idx.partitionOrdinal(p)] + idx.row(p)));
                    }
                }
            }
        }
    }

    /** The fetched rows in order: of this result (one plan), or region after region for a streamed one. */
    private Pieces pieces() {
        if (!options.fetchData()) {
            fetchStream(); // refuses
        }
        return new Pieces();
    }

    private final class Pieces implements Iterator<Piece>, AutoCloseable {
        private final RegionalMatcher.Walk walk;
        private final StreamedPass pass;
        private CrossMatchedDatasets view;
        private FetchStream f;
        private int base;
        private boolean closed;

        Pieces() {
            if (regions == null) {
                walk = null;
                pass = null;
                view = CrossMatchedDatasets.this;
                f = fetchStream();
            } else {
                walk = regions.start(spec, spec.criteria().mode() == org.mmu.matching.MatchMode.BEST);
                pass = new StreamedPass(datasets);
                lastPass = pass;
            }
        }

        @Override
        public boolean hasNext() {
            while (!closed && (f == null || !f.hasNext()) && walk != null && walk.hasNext()) {
                if (view != null && f != null) {
                    base += view.size();
                }
                RegionMatch m;
                try {
                    m = walk.next();
                } catch (RuntimeException | Error e) {
                    close();
                    throw e;
                }
                view = regionView(m, base);
                pass.add(view);
                f = view.size() == 0 ? null : view.fetchStream();
            }
            boolean more = !closed && f != null && f.hasNext();
            if (!more && walk != null && !closed && !walk.hasNext()) {
                streamedSize = pass.rows;
            }
            return more;
        }

        @Override
        public Piece next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            FetchStream.Fetched x = f.next();
            int[] at = new int[x.to() - x.from()];
            for (int i = 0; i < at.length; i++) {
                at[i] = view.plan.matchRowAt(x.from() + i);
            }
            return new Piece(view, at, x.surveys());
        }

        @Override
        public void close() {
            closed = true;
            if (f != null) {
                f.close();
            }
            if (walk != null) {
                walk.close();
            }
        }
    }

    private Iterator<MatchedExample> examples(Pieces f) {
        return new Iterator<>() {
            Piece cur;
            int next;

            @Override
            public boolean hasNext() {
                return (cur != null && next < cur.rows().length) || f.hasNext();
            }

            @Override
            public MatchedExample next() {
                if (cur == null || next >= cur.rows().length) {
                    if (!f.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    cur = f.next();
                    next = 0;
                }
                int i = next++;
                return cur.view().example(cur.rows()[i], cur.data(), i);
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
        return new MatchedBatch(regions == null ? this : regionView(null, 0), new int[0], empty);
    }

    /** Cuts the fetched pieces into batches of exactly n match rows (the last may be shorter). */
    private final class BatchIterator implements Iterator<MatchedBatch> {
        private final Pieces f;
        private final int n;
        private Piece cur;
        private int off;

        BatchIterator(Pieces f, int n) {
            this.f = f;
            this.n = n;
        }

        @Override
        public boolean hasNext() {
            return (cur != null && off < cur.rows().length) || f.hasNext();
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
            List<CrossMatchedDatasets> views = new ArrayList<>();
            List<int[]> rowsOf = new ArrayList<>();
            int taken = 0;
            while (taken < n && hasNext()) {
                if (cur == null || off >= cur.rows().length) {
                    cur = f.next();
                    off = 0;
                }
                int len = cur.rows().length;
                int take = Math.min(n - taken, len - off);
                int[] taking = Arrays.copyOfRange(cur.rows(), off, off + take);
                if (!views.isEmpty() && views.get(views.size() - 1) == cur.view()) {
                    int[] before = rowsOf.remove(rowsOf.size() - 1);
                    int[] both = Arrays.copyOf(before, before.length + take);
                    System.arraycopy(taking, 0, both, before.length, take);
                    rowsOf.add(both);
                } else {
                    views.add(cur.view());
                    rowsOf.add(taking);
                }
                for (int k = 0; k < surveysN; k++) {
                    parts.get(k).add(slice(cur.data()[k], off, take, len));
                }
                off += take;
                taken += take;
            }
            RowBatch[] data = new RowBatch[surveysN];
            for (int k = 0; k < surveysN; k++) {
                data[k] = RowBatch.concat(parts.get(k));
            }
            if (views.size() == 1) {
                return new MatchedBatch(views.get(0), rowsOf.get(0), data);
            }
            int[] all = new int[taken];
            for (int i = 0; i < taken; i++) {
                all[i] = i;
            }
            return new MatchedBatch(merged(views, rowsOf), all, data);
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
        int k = surveys().indexOf(java.util.Objects.requireNonNull(survey));
        if (k < 0) {
            throw new MmuInputException("no survey '" + survey + "' in this crossmatch; surveys are " + surveys());
        }
        return k;
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
