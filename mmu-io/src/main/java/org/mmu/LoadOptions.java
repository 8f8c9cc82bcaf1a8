package org.mmu;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.mmu.core.MmuInputException;
import org.mmu.core.ProgressListener;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.StorageOptions;

/**
 * How {@link MmuDatasets} opens and loads: threads, progress, storage (cache, retries,
 * credentials), and which columns to fetch per survey. Immutable; build with {@link #builder()}.
 */
public final class LoadOptions {
    private final int threads;
    private final int readThreads;
    private final ProgressListener progress;
    private final StorageOptions storage;
    private final List<String> columns;
    private final Map<String, List<String>> surveyColumns;
    private final boolean fetchData;
    private final String idColumn;
    private final FetchWindow fetchWindow;
    private final int version;
    private final Map<String, String> where;
    private final boolean lenientPositions;
    private final boolean fingerprint;
    private final boolean prefetchGiven;
    private final long regionBudgetBytes;
    private final Executor executor;

    private LoadOptions(Builder b) {
        this.version = b.version;
        this.where = Map.copyOf(b.where);
        this.fingerprint = b.fingerprint;
        this.lenientPositions = b.lenientPositions;
        this.prefetchGiven = b.prefetchBytes > 0;
        this.fetchWindow = new FetchWindow(prefetchGiven ? b.prefetchBytes : FetchWindow.forHeap(maxHeap()).bytes(),
                b.prefetchPartitions);
        this.regionBudgetBytes = b.regionBudgetBytes;
        this.executor = b.executor;
        this.fetchData = b.fetchData;
        this.idColumn = b.idColumn;
        this.threads = b.threads;
        this.readThreads = b.readThreads;
        this.progress = b.progress;
        this.storage = b.storage;
        this.columns = b.columns == null ? null : List.copyOf(b.columns);
        this.surveyColumns = Map.copyOf(b.surveyColumns);
    }

    public static LoadOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.threads = threads;
        b.readThreads = readThreads;
        b.progress = progress;
        b.storage = storage;
        b.columns = columns;
        b.surveyColumns = new HashMap<>(surveyColumns);
        b.fetchData = fetchData;
        b.idColumn = idColumn;
        b.prefetchBytes = prefetchGiven ? fetchWindow.bytes() : 0;
        b.prefetchPartitions = fetchWindow.partitions();
        b.version = version;
        b.where = new HashMap<>(where);
        b.lenientPositions = lenientPositions;
        b.fingerprint = fingerprint;
        b.regionBudgetBytes = regionBudgetBytes;
        b.executor = executor;
        return b;
    }

    /**
     * The object id column to use for HATS catalogs and flat CSV/Parquet catalogs (their id
     * column is a choice); empty for the layout's own rule. Index-first and MMU v1 datasets name
     * theirs, and refuse a different one.
     */
    public Optional<String> idColumn() {
        return Optional.ofNullable(idColumn);
    }

    /**
     * The executor a crossmatch-load runs its background work on — the fetch steps read ahead of
     * the consumer and the sky regions matched ahead — each kind bounded as without one; empty:
     * the SDK's own daemon threads, named {@code mmu-fetch-N}, {@code mmu-region-N}. Partition
     * reads and the matcher's blocks keep their own bounded pools.
     */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /** Whether a crossmatch-load may fetch the matched objects' data (false: indices and match only; iterating is refused). */
    public boolean fetchData() {
        return fetchData;
    }

    /**
     * How far a streamed crossmatch-load reads ahead of its consumer (default
     * {@link FetchWindow#forHeap}: an eighth of the maximum heap, at most 256 MiB).
     */
    public FetchWindow fetchWindow() {
        return fetchWindow;
    }

    /**
     * Whether objects of an MMU v1 or HATS input that lie outside the HEALPix cell their file
     * claims are kept and counted (true) rather than failing the index load (false, the default).
     */
    public boolean lenientPositions() {
        return lenientPositions;
    }

    /** Whether a local MMU v1 or HATS input without a fingerprint gets one on first read (see {@link Builder#fingerprint}). */
    public boolean fingerprint() {
        return fingerprint;
    }

    /** Whether the prefetch bytes were set explicitly (else they follow the heap). */
    public boolean prefetchGiven() {
        return prefetchGiven;
    }

    /**
     * Heap for matching one sky region of a crossmatch (default: a sixth of the maximum heap for
     * a match-only load, a sixteenth when rows are fetched; two regions are matched at once).
     * A load that fetches also holds the prefetch window, the writer's buffers and each region's
     * fetch plan and match rows: measured on a crowded sky (clusters of 4e4 objects within 40″,
     * ~1e7 pairs), a sixth ran out of memory at {@code -Xmx512m} where a sixteenth fits. When the surveys' sizes show the whole match fits in
     * the regions in flight, each index is read once and matched as one region; otherwise the
     * match streams region by region.
     */
    public long regionBudgetBytes() {
        return regionBudgetBytes > 0 ? regionBudgetBytes : maxHeap() / (fetchData ? 16 : 6);
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** CPU threads for index loading and matching. */
    public int threads() {
        return threads;
    }

    /** Partitions read concurrently per dataset. */
    public int readThreads() {
        return readThreads;
    }

    public ProgressListener progress() {
        return progress;
    }

    public StorageOptions storage() {
        return storage;
    }

    /**
     * Columns to fetch for a survey: its own list if set, else the list for all surveys (names
     * absent from a survey are skipped only when given for all), else every column.
     */
    public Optional<List<String>> columnsFor(String survey) {
        List<String> own = surveyColumns.get(survey);
        if (own != null) {
            return Optional.of(own);
        }
        return Optional.ofNullable(columns);
    }

    /** Whether the columns for this survey were given for all surveys (not per survey). */
    public boolean columnsAreShared(String survey) {
        return !surveyColumns.containsKey(survey) && columns != null;
    }

    /** The dataset version to open (index-first datasets); 0, the default, is the latest. */
    public int version() {
        return version;
    }

    /** The filter on index columns for the dataset named {@code survey}, if any. */
    public Optional<String> whereFor(String survey) {
        return Optional.ofNullable(where.getOrDefault(survey, where.get("")));
    }

    OpenContext openContext() {
        return new OpenContext(threads, readThreads, progress, version, where, lenientPositions);
    }

    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private int readThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private ProgressListener progress = ProgressListener.NONE;
        private StorageOptions storage = StorageOptions.defaults();
        private List<String> columns;
        private Map<String, List<String>> surveyColumns = new HashMap<>();
        private boolean fetchData = true;
        private String idColumn;
        private long prefetchBytes; // 0: follows the heap
        private int prefetchPartitions = FetchWindow.DEFAULT.partitions();
        private int version;
        private Map<String, String> where = new HashMap<>();
        private boolean lenientPositions;
        private boolean fingerprint;
        private long regionBudgetBytes; // 0: follows the heap
        private Executor executor;

        private Builder() {
        }

        /**
         * Run the load's background work (fetch steps, regions matched ahead) on this executor, e.g.
         * an application's shared pool, instead of the SDK's own threads (null: own threads). Each
         * kind of work still keeps at most its bound of tasks on it at once, and its tasks never
         * wait for one another, so any executor with at least one thread makes progress.
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Fingerprint a local MMU v1 or HATS input that has no fingerprint yet when it is opened:
         * every file is read once and its block CRC-32Cs recorded (beside the data, or under the
         * cache directory when the input is read-only), so that this and later reads are verified
         * block by block. Inputs that already have one are always read through it (default false:
         * such inputs are read unverified, and reports say so).
         */
        public Builder fingerprint(boolean take) {
            this.fingerprint = take;
            return this;
        }

        /**
         * Keep objects of MMU v1 and HATS inputs that lie outside the HEALPix cell their file or
         * partition claims, counting them ({@code LoadReport.Survey#positionsTolerated}), instead
         * of failing with an error naming the file and object (default). For data known to be
         * sloppy; a damaged coordinate then goes unnoticed.
         */
        public Builder lenientPositions(boolean lenient) {
            this.lenientPositions = lenient;
            return this;
        }

        /**
         * Opens version {@code n} of index-first datasets instead of the latest (0, the default).
         * A version that does not exist, or was removed by vacuum, is an error listing those that do.
         */
        public Builder version(int n) {
            if (n < 0) {
                throw new MmuInputException("version must be >= 1 (or 0 for the latest), got " + n);
            }
            this.version = n;
            return this;
        }

        /**
         * Keeps only the objects satisfying {@code expression} on index columns (id, ra, dec and
         * the columns built with {@code --index-columns}), before matching: e.g.
         * {@code "mag_i < 22 and z between 0.1 and 0.5"}. Applies to every index-first dataset opened
         * without a filter of its own; the syntax is checked now, the columns when a dataset opens.
         */
        public Builder where(String expression) {
            return where("", expression);
        }

        /** {@link #where(String)} for the dataset (survey) named {@code survey} only. */
        public Builder where(String survey, String expression) {
            java.util.Objects.requireNonNull(survey);
            if (expression == null) {
                this.where.remove(survey);
                return this;
            }
            org.mmu.internal.indexfirst.IndexFilter.checkSyntax(expression);
            this.where.put(survey, expression);
            return this;
        }

        /**
         * Estimated bytes of matched rows a streamed crossmatch-load keeps in flight ahead of its
         * consumer (default: an eighth of the maximum heap, at most 256 MiB). Memory for fetched
         * rows stays under about 1.25 × this; a window that cannot fit the heap is refused when
         * the load starts.
         */
        public Builder prefetchBytes(long bytes) {
            new FetchWindow(bytes, 1); // validates
            this.prefetchBytes = bytes;
            return this;
        }

        /** Heap for matching one sky region (default: a sixth of the maximum heap, a sixteenth when rows are fetched); see {@link LoadOptions#regionBudgetBytes()}. */
        public Builder regionBudgetBytes(long bytes) {
            if (bytes < 1) {
                throw new MmuInputException("region budget must be >= 1 byte, got " + bytes);
            }
            this.regionBudgetBytes = bytes;
            return this;
        }

        /** Partition reads a streamed crossmatch-load keeps in flight (default 64). */
        public Builder prefetchPartitions(int partitions) {
            new FetchWindow(1, partitions); // validates
            this.prefetchPartitions = partitions;
            return this;
        }

        /** The id column for HATS and flat catalogs (default: the layout's rule, e.g. object_id, id, source_id). */
        public Builder idColumn(String column) {
            if (column != null && column.isBlank()) {
                throw new MmuInputException("idColumn must not be blank");
            }
            this.idColumn = column;
            return this;
        }

        /** Fetch the matched objects' data (default), or only load indices and match. */
        public Builder fetchData(boolean fetch) {
            this.fetchData = fetch;
            return this;
        }

        public Builder threads(int n) {
            if (n < 1) {
                throw new MmuInputException("threads must be >= 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        public Builder readThreads(int n) {
            if (n < 1) {
                throw new MmuInputException("readThreads must be >= 1, got " + n);
            }
            this.readThreads = n;
            return this;
        }

        public Builder progress(ProgressListener p) {
            this.progress = p == null ? ProgressListener.NONE : p;
            return this;
        }

        public Builder storage(StorageOptions s) {
            this.storage = java.util.Objects.requireNonNull(s);
            return this;
        }

        /** Columns to fetch from every survey (default: all). */
        public Builder columns(List<String> names) {
            if (names != null && names.isEmpty()) {
                throw new MmuInputException("columns: give at least one column, or none to fetch all");
            }
            this.columns = names;
            return this;
        }

        public Builder columns(String... names) {
            return columns(List.of(names));
        }

        /** Columns to fetch from one survey. */
        public Builder columns(String survey, List<String> names) {
            if (names.isEmpty()) {
                throw new MmuInputException("columns for '" + survey + "': give at least one column");
            }
            this.surveyColumns.put(survey, List.copyOf(names));
            return this;
        }

        public LoadOptions build() {
            return new LoadOptions(this);
        }
    }
}
