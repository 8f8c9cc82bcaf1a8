package org.mmu.io.dataset;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.io.parquet.ParquetFile;
import org.mmu.io.storage.Storage;

/** Reads rows of Parquet partitions through a storage, fetching only the pages that hold them. */
public final class ParquetPartitionReader implements PartitionReader {
    private final Storage storage;
    private final ToLongFunction<PartitionRef> metadataBytes;
    private final LongAdder rowLevel = new LongAdder();
    private final LongAdder whole = new LongAdder();
    private final LongAdder noPageIndex = new LongAdder();

    public ParquetPartitionReader(Storage storage) {
        this(storage, p -> 0);
    }

    /**
     * @param metadataBytes per partition, the bytes of its page index and footer at the end of the
     *                      file (0 when unknown): fetched with one exact read instead of a guessed tail
     */
    public ParquetPartitionReader(Storage storage, ToLongFunction<PartitionRef> metadataBytes) {
        this.storage = storage;
        this.metadataBytes = metadataBytes;
    }

    @Override
    public RowBatch read(PartitionRef partition, int[] rows, Schema columns) {
        long tail = metadataBytes.applyAsLong(partition);
        var source = storage.open(partition.path(), partition.bytes());
        try (ParquetFile f = tail > 0 && tail < Integer.MAX_VALUE ? ParquetFile.open(source, (int) tail)
                : ParquetFile.open(source)) {
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
