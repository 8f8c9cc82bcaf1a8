package org.mmu.internal.hdf5;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuFormatException;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.dataset.PartitionReader;
import org.mmu.internal.dataset.ReaderStats;
import org.mmu.internal.storage.Storage;

/**
 * Reads our own HDF5 data partitions ({@code data.hdf5}, written by {@link Hdf5BatchWriter}):
 * contiguous datasets, so selected rows are exact byte ranges. Variable-shape columns are
 * un-padded with their {@code __shape} dataset; {@code __null} datasets restore nulls.
 * Thread-safe (one file handle per call).
 */
public final class Hdf5PartitionReader implements PartitionReader {
    private final Storage storage;
    private final LongAdder rowLevel = new LongAdder();
    private final LongAdder whole = new LongAdder();

    public Hdf5PartitionReader(Storage storage) {
        this.storage = storage;
    }

    @Override
    public RowBatch read(PartitionRef partition, int[] rows, Schema columns) {
        try (Hdf5Columns f = Hdf5Columns.open(storage.open(partition.path(), partition.bytes()))) {
            List<Column> out = new ArrayList<>(columns.size());
            for (ColumnSpec spec : columns) {
                out.add(readColumn(f, spec, rows));
            }
            (rows == null ? whole : rowLevel).increment();
            return out.isEmpty() ? RowBatch.empty(columns) : RowBatch.of(out);
        }
    }

    private static Column readColumn(Hdf5Columns f, ColumnSpec spec, int[] rows) {
        String name = spec.name();
        if (!f.has(name)) {
            throw new MmuFormatException(f.location(), "data partition lacks column '" + name + "'");
        }
        Column c;
        if (spec.isVariableShape()) {
            Column padded = f.read(name, rows);
            Column shapes = f.read(name + Hdf5BatchWriter.SHAPE_SUFFIX, rows);
            c = unpad(spec, padded, shapes, f.location());
        } else if (spec.type() == org.mmu.core.DType.BOOL) {
            Column raw = f.read(name, rows); // stored as uint8 0/1
            boolean[] v = new boolean[raw.rows()];
            for (int r = 0; r < v.length; r++) {
                v[r] = raw.getLong(r) != 0;
            }
            c = Column.ofScalars(spec, v, v.length);
        } else {
            c = f.read(name, rows, spec);
        }
        String nullName = name + Hdf5BatchWriter.NULL_SUFFIX;
        if (f.has(nullName)) {
            Column nulls = f.read(nullName, rows);
            ColumnBuilder b = new ColumnBuilder(spec, c.rows());
            for (int r = 0; r < c.rows(); r++) {
                if (nulls.getLong(r) != 0) {
                    b.appendNull();
                } else {
                    b.appendFrom(c, r);
                }
            }
            c = b.build();
        }
        return c;
    }

    /** Copies each row's true-shape corner out of its padded array. */
    private static Column unpad(ColumnSpec spec, Column padded, Column shapes, String location) {
        int rank = spec.rank();
        ColumnBuilder b = new ColumnBuilder(spec, padded.rows());
        int[] full = padded.spec().shape();
        if (full.length != rank) {
            throw new MmuFormatException(location, "column '" + spec.name() + "' is stored with rank " + full.length
                    + ", expected " + rank);
        }
        Object data = padded.unsafeData();
        for (int r = 0; r < padded.rows(); r++) {
            long[] s = shapes.getArray(r).toLongArray();
            int[] shape = new int[rank];
            long n = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = (int) s[d];
                if (shape[d] < 0 || shape[d] > full[d]) {
                    throw new MmuFormatException(location, "column '" + spec.name() + "' row " + r + " has shape "
                            + java.util.Arrays.toString(s) + " beyond its padded shape " + java.util.Arrays.toString(full));
                }
                n *= shape[d];
            }
            Object rowData = java.lang.reflect.Array.newInstance(data.getClass().getComponentType(), (int) n);
            long base = padded.elementOffset(r);
            int inner = shape[rank - 1];
            int[] idx = new int[rank - 1];
            for (long k = 0; k < (inner == 0 ? 0 : n / inner); k++) {
                long src = 0;
                for (int d = 0; d < rank - 1; d++) {
                    src = (src + idx[d]) * full[d + 1];
                }
                System.arraycopy(data, (int) (base + src), rowData, (int) (k * inner), inner);
                for (int d = rank - 2; d >= 0; d--) {
                    if (++idx[d] < shape[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            b.appendArray(rowData, 0, shape);
        }
        return b.build();
    }

    @Override
    public ReaderStats stats() {
        return new ReaderStats(rowLevel.sum(), whole.sum(), 0);
    }
}
