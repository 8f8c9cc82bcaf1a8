package org.mmu.internal.dataset;

import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * Reads rows of one kind of data file (our Parquet or HDF5 partitions, MMU v1 HDF5, HATS
 * Parquet). One instance serves one dataset and is thread-safe: partitions are read in parallel.
 */
public interface PartitionReader {

    /**
     * Reads some rows of one partition.
     *
     * @param partition the file
     * @param rows      row numbers inside the file, ascending and distinct; {@code null} for all rows
     * @param columns   the columns to decode (a subset of the dataset schema)
     * @return one row per requested row, in the order given, with exactly {@code columns}
     */
    RowBatch read(PartitionRef partition, int[] rows, Schema columns);

    /** Counters of what this reader decoded and how (for the load report). */
    default ReaderStats stats() {
        return ReaderStats.ZERO;
    }
}
