package org.mmu.internal.dataset;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.mmu.core.DatasetLayout;
import org.mmu.core.IndexSort;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.Parallel;
import org.mmu.core.PartitionRef;
import org.mmu.core.ProgressListener;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.storage.Storage;
import org.mmu.StorageStats;

/**
 * A dataset made of partition files, whatever their layout: the descriptor says what exists, an
 * {@link IndexLoader} builds the index once, a {@link PartitionReader} decodes rows. Reading a
 * set of objects groups them by partition, reads each partition's rows in parallel (only those
 * rows), and returns them in the order asked. {@link #select} views share the index and counters.
 */
public final class PartitionedDataset implements MmuDataset {

    /** State shared by a dataset and its column-selected views. */
    private static final class Shared {
        final DatasetDescriptor descriptor;
        final Storage storage;
        final PartitionReader reader;
        final IndexLoader loader;
        final RowCheck rowCheck;
        final ProgressListener progress;
        final int readThreads;
        final boolean[] partitionTouched;
        final AtomicLong partitionsRead = new AtomicLong();
        final LongAdder rowsRead = new LongAdder();
        volatile ObjectIndex index;
        volatile long indexBytes;
        volatile long indexRequests;
        private Parallel.Pool pool;

        Shared(DatasetDescriptor d, Storage s, PartitionReader r, IndexLoader l, ProgressListener p, int threads) {
            descriptor = d;
            storage = s;
            reader = r;
            loader = l;
            rowCheck = RowCheck.of(d);
            progress = p;
            readThreads = threads;
            partitionTouched = new boolean[d.partitions().size()];
            // what opening read (manifest, properties, footers) counts as metadata
            StorageStats opened = s.stats();
            indexBytes = opened.bytesRead();
            indexRequests = opened.requests();
        }

        synchronized Parallel.Pool pool() {
            if (pool == null) {
                pool = Parallel.pool("read-" + descriptor.name(), readThreads, null);
            }
            return pool;
        }

        void markRead(int partition) {
            synchronized (partitionTouched) {
                if (!partitionTouched[partition]) {
                    partitionTouched[partition] = true;
                    partitionsRead.incrementAndGet();
                }
            }
        }

        synchronized void close() {
            if (pool != null) {
                pool.close();
                pool = null;
            }
            storage.close();
        }
    }

    private final Shared shared;
    private final Schema selected;
    private final boolean isView; // select() views share the root's resources and do not close them

    /**
     * @param readThreads partitions read concurrently (I/O bound: more than the core count helps on remote storage)
     */
    public PartitionedDataset(DatasetDescriptor descriptor, Storage storage, PartitionReader reader,
            IndexLoader loader, ProgressListener progress, int readThreads) {
        this(new Shared(descriptor, storage, reader, loader, progress, Math.max(1, readThreads)), descriptor.schema(), false);
    }

    private PartitionedDataset(Shared shared, Schema selected, boolean isView) {
        this.shared = shared;
        this.selected = selected;
        this.isView = isView;
    }

    public DatasetDescriptor descriptor() {
        return shared.descriptor;
    }

    public Storage storage() {
        return shared.storage;
    }

    /** What builds the index (for index-first datasets, the version and filter opened). */
    public IndexLoader indexLoader() {
        return shared.loader;
    }

    @Override
    public String name() {
        return shared.descriptor.name();
    }

    @Override
    public String location() {
        return shared.descriptor.location();
    }

    @Override
    public DatasetLayout layout() {
        return shared.descriptor.layout();
    }

    @Override
    public Schema schema() {
        return selected;
    }

    @Override
    public long size() {
        return shared.descriptor.size();
    }

    @Override
    public List<PartitionRef> partitions() {
        return shared.descriptor.partitions();
    }

    @Override
    public ObjectIndex index() {
        ObjectIndex idx = shared.index;
        if (idx == null) {
            synchronized (shared) {
                idx = shared.index;
                if (idx == null) {
                    StorageStats before = shared.storage.stats();
                    idx = shared.loader.load(shared.progress);
                    StorageStats used = shared.storage.stats().minus(before);
                    shared.indexBytes += used.bytesRead();
                    shared.indexRequests += used.requests();
                    shared.index = idx;
                }
            }
        }
        return idx;
    }

    /**
     * What reads of this dataset are verified against: block checksums (index-first 1.1), a
     * fingerprint (inputs read in place), or {@code "unverified"}.
     */
    public String verification() {
        return shared.storage.verification();
    }

    /** Objects of the loaded index that lie outside their file's HEALPix cell and were kept (lenient positions). */
    public long positionsTolerated() {
        return shared.loader.positionsTolerated();
    }

    @Override
    public MmuDataset select(List<String> columns) {
        if (columns.isEmpty()) {
            throw new MmuInputException("select needs at least one column; columns are " + shared.descriptor.schema().names());
        }
        return new PartitionedDataset(shared, shared.descriptor.schema().select(columns), true);
    }

    @Override
    public RowBatch read(int[] indexPositions) {
        return read(index(), indexPositions);
    }

    /**
     * The rows of objects located by {@code located}: this dataset's index, or any part of it
     * whose partition ordinals and rows still refer to this dataset's partitions (a region's
     * slice of the index). Rows are cross-checked against {@code located} like every read.
     *
     * @param indexPositions positions in {@code located}, in the order the rows are returned
     */
    public RowBatch read(ObjectIndex located, int[] indexPositions) {
        return read(located, indexPositions, true);
    }

    /** As {@link #read(ObjectIndex, int[])}; {@code progress}: report the partitions read (off when the caller counts them). */
    public RowBatch read(ObjectIndex located, int[] indexPositions, boolean progress) {
        ObjectIndex idx = located;
        if (idx.partitions().size() != partitions().size()) {
            throw new IllegalArgumentException("an index over " + idx.partitions().size() + " partitions cannot locate rows of '"
                    + name() + "' (" + partitions().size() + " partitions)");
        }
        int n = indexPositions.length;
        if (n == 0) {
            return RowBatch.empty(selected);
        }
        long[] key = new long[n];
        for (int k = 0; k < n; k++) {
            int p = indexPositions[k];
            if (p < 0 || p >= idx.size()) {
                throw new MmuInputException("index position " + p + " is outside [0, " + idx.size() + ") of dataset '"
                        + name() + "'");
            }
            key[k] = ((long) idx.partitionOrdinal(p) << 32) | (idx.row(p) & 0xffffffffL);
        }
        int[] order = IndexSort.argsort(n, (a, b) -> Long.compare(key[a], key[b]));

        // One task per partition: its distinct rows, ascending.
        List<int[]> taskRows = new ArrayList<>();
        List<int[]> taskPositions = new ArrayList<>(); // index position of each task row, for RowCheck
        List<Integer> taskPartition = new ArrayList<>();
        int[] batchRowOf = new int[n];   // for each requested k: row inside its task's batch
        int[] taskOf = new int[n];
        int start = 0;
        while (start < n) {
            int part = (int) (key[order[start]] >>> 32);
            int end = start;
            while (end < n && (int) (key[order[end]] >>> 32) == part) {
                end++;
            }
            int[] rows = new int[end - start];
            int[] positions = new int[end - start];
            int distinct = 0;
            for (int i = start; i < end; i++) {
                int row = (int) key[order[i]];
                if (distinct == 0 || rows[distinct - 1] != row) {
                    positions[distinct] = indexPositions[order[i]];
                    rows[distinct++] = row;
                }
                batchRowOf[order[i]] = distinct - 1;
                taskOf[order[i]] = taskRows.size();
            }
            taskRows.add(java.util.Arrays.copyOf(rows, distinct));
            taskPositions.add(java.util.Arrays.copyOf(positions, distinct));
            taskPartition.add(part);
            start = end;
        }

        List<RowBatch> batches = readPartitions(idx, taskPartition, taskRows, taskPositions, progress);
        int[] offsets = new int[batches.size() + 1];
        for (int t = 0; t < batches.size(); t++) {
            offsets[t + 1] = offsets[t] + batches.get(t).rowCount();
        }
        int[] gather = new int[n];
        for (int k = 0; k < n; k++) {
            gather[k] = offsets[taskOf[k]] + batchRowOf[k];
        }
        RowBatch all = RowBatch.concat(batches);
        return isIdentity(gather, all.rowCount()) ? all : all.gather(gather); // positions in file order: no copy
    }

    private static boolean isIdentity(int[] gather, int rows) {
        if (gather.length != rows) {
            return false;
        }
        for (int k = 0; k < gather.length; k++) {
            if (gather[k] != k) {
                return false;
            }
        }
        return true;
    }

    private List<RowBatch> readPartitions(ObjectIndex located, List<Integer> partitions, List<int[]> rows,
            List<int[]> positions, boolean report) {
        int tasks = partitions.size();
        ProgressListener progress = report ? shared.progress : ProgressListener.NONE;
        String stage = "read " + name();
        AtomicLong done = new AtomicLong();
        return shared.pool().map(tasks, "reading partitions of " + location(), t -> {
            RowBatch b = readChecked(located, partitions.get(t), rows.get(t), positions.get(t));
            if (tasks > 1) { // a one-partition read is part of someone else's larger job
                progress.onProgress(stage, done.incrementAndGet(), tasks);
            }
            return b;
        });
    }

    /** Reads rows located through the index and cross-checks them against it ({@link RowCheck}). */
    private RowBatch readChecked(ObjectIndex located, int partition, int[] rows, int[] positions) {
        PartitionRef ref = partitions().get(partition);
        shared.markRead(partition);
        Schema withKeys = shared.rowCheck.readSchema(shared.descriptor.schema(), selected);
        RowBatch b = shared.reader.read(ref, rows, withKeys);
        shared.rowCheck.verify(b, withKeys, positions, located, ref, location());
        shared.rowsRead.add(b.rowCount());
        return withKeys.names().equals(selected.names()) ? b : b.select(selected.names());
    }

    private RowBatch readOne(int partition, int[] rows) {
        PartitionRef ref = partitions().get(partition);
        shared.markRead(partition);
        RowBatch b = shared.reader.read(ref, rows, selected);
        shared.rowsRead.add(b.rowCount());
        return b;
    }

    /**
     * Rows of one partition, by row number inside its file (ascending, distinct; {@code null} for
     * all), in that order: how a training epoch reads a partition once. Counted like every read,
     * and cross-checked against the index like every read located through it.
     *
     * @param positions the index position of each row read (of every row of the file when
     *                  {@code rows} is null), in the same order
     */
    public RowBatch readPartition(int ordinal, int[] rows, int[] positions) {
        java.util.Objects.checkIndex(ordinal, partitions().size());
        return readChecked(index(), ordinal, rows, positions);
    }

    @Override
    public Iterator<RowBatch> batches() {
        List<PartitionRef> parts = partitions();
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < parts.size();
            }

            @Override
            public RowBatch next() {
                if (next >= parts.size()) {
                    throw new NoSuchElementException();
                }
                return readOne(next++, null);
            }
        };
    }

    @Override
    public ReadStats readStats() {
        StorageStats s = shared.storage.stats();
        long dataBytes = s.bytesRead() - shared.indexBytes;
        return new ReadStats(shared.indexBytes, Math.max(0, dataBytes), s.requests(), shared.partitionsRead.get(),
                shared.rowsRead.sum(), s.cacheHits(), shared.indexRequests);
    }

    /** Storage-level counters (bytes, requests, cache hits) of this dataset. */
    public StorageStats storageStats() {
        return shared.storage.stats();
    }

    /** How the partition reader worked (row-level vs whole reads). */
    public ReaderStats readerStats() {
        return shared.reader.stats();
    }

    /** Requests spent opening the dataset and loading its index. */
    public long indexRequests() {
        return shared.indexRequests;
    }

    /** Closes the dataset (its storage and read threads); closing a {@link #select} view does nothing. */
    @Override
    public void close() {
        if (!isView) {
            shared.close();
        }
    }

    @Override
    public String toString() {
        return layout().label() + " dataset '" + name() + "' at " + location() + " (" + size() + " objects, "
                + partitions().size() + " partitions)";
    }
}
