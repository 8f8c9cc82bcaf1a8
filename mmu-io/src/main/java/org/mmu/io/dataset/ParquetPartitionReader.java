package org.mmu.io.dataset;

import java.util.concurrent.atomic.LongAdder;

import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.io.parquet.ParquetFile;
import org.mmu.io.storage.Storage;

/** Reads rows of Parquet partitions through a storage, fetching only the pages that hold them. */
public final class ParquetPartitionReader implements PartitionReader {
    private final Storage storage;
    private final LongAdder rowLevel = new LongAdder();
    private final LongAdder whole = new LongAdder();
    private final LongAdder noPageIndex = new LongAdder();

    public ParquetPartitionReader(Storage storage) {
        this.storage = storage;
    }

    @Override
    public RowBatch read(PartitionRef partition, int[] rows, Schema columns) {
        try (ParquetFile f = ParquetFile.open(storage.open(partition.path(), partition.bytes()))) {
            RowBatch b = f.read(rows, columns);
            long[] c = f.readCounts();
            rowLevel.add(c[0]);
            whole.add(c[1]);
            noPageIndex.add(c[2]);
            return b;
        }
    }

    @Override
    public ReaderStats stats() {
        return new ReaderStats(rowLevel.sum(), whole.sum(), noPageIndex.sum());
    }
}
