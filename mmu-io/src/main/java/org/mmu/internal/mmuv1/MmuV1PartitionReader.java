package org.mmu.internal.mmuv1;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.dataset.PartitionReader;
import org.mmu.internal.dataset.ReaderStats;
import org.mmu.internal.hdf5.Hdf5Columns;
import org.mmu.internal.storage.Storage;

/**
 * Decodes rows of MMU v1 files: each requested column as the dataset schema declares it (ids and
 * strings normalised as in the index, coordinates in float64, per-file lengths under a
 * {@code -1} dimension). A column some files lack is null for their rows. Thread-safe: every
 * read opens its own view of the file.
 */
final class MmuV1PartitionReader implements PartitionReader {
    private final Storage storage;
    private final LongAdder rowLevel = new LongAdder();
    private final LongAdder whole = new LongAdder();

    MmuV1PartitionReader(Storage storage) {
        this.storage = storage;
    }

    @Override
    public RowBatch read(PartitionRef partition, int[] rows, Schema columns) {
        try (Hdf5Columns h5 = Hdf5Columns.open(storage.open(partition.path(), partition.bytes()))) {
            int n = rows == null ? Math.toIntExact(partition.rows()) : rows.length;
            List<Column> out = new ArrayList<>(columns.size());
            for (ColumnSpec spec : columns) {
                out.add(h5.has(spec.name()) ? h5.read(spec.name(), rows, spec) : nulls(spec, n));
            }
            (rows == null || rows.length == partition.rows() ? whole : rowLevel).increment();
            return out.isEmpty() ? RowBatch.empty(columns) : RowBatch.of(out);
        }
    }

    private static Column nulls(ColumnSpec spec, int n) {
        ColumnBuilder b = new ColumnBuilder(spec, n);
        for (int i = 0; i < n; i++) {
            b.appendNull();
        }
        return b.build();
    }

    @Override
    public ReaderStats stats() {
        return new ReaderStats(rowLevel.sum(), whole.sum(), 0);
    }
}
