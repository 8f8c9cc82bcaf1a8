package org.mmu.core;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A survey opened for reading, in any supported layout. Opening reads metadata only; the index
 * is loaded on first use of {@link #index()}; data files are read only for the rows asked for.
 * Implementations are safe for concurrent reads.
 */
public interface MmuDataset extends AutoCloseable {

    /** The survey name (from the manifest or properties, else the directory name). */
    String name();

    /** Where it was opened from: a path or URI. */
    String location();

    /** Which on-disk layout was found. */
    DatasetLayout layout();

    /** The columns of each example (after any {@link #select}). */
    Schema schema();

    /** Number of objects. */
    long size();

    /** The data files, with their sky position and sizes. */
    List<PartitionRef> partitions();

    /** The object index (loaded once, then cached). */
    ObjectIndex index();

    /**
     * A view of this dataset restricted to some columns. The view shares the index, the storage
     * and the counters; closing the view does not close the dataset.
     */
    MmuDataset select(List<String> columns);

    default MmuDataset select(String... columns) {
        return select(List.of(columns));
    }

    /**
     * The examples at the given index positions ({@code 0 <= p < index().size()}), in that order;
     * reads only the partitions, and within them only the rows, that hold them.
     */
    RowBatch read(int[] indexPositions);

    /** All examples, one batch per partition, in partition order. */
    Iterator<RowBatch> batches();

    /** All examples, partition by partition. */
    default Stream<Example> stream() {
        Iterable<RowBatch> it = this::batches;
        return java.util.stream.StreamSupport.stream(it.spliterator(), false)
                .flatMap(b -> java.util.stream.StreamSupport.stream(b.spliterator(), false));
    }

    /** What has been read so far: bytes, requests, partitions, rows. */
    ReadStats readStats();

    @Override
    void close();
}
