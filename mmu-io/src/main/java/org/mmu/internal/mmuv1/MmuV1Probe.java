package org.mmu.internal.mmuv1;

import java.util.Map;

import org.mmu.core.DType;
import org.mmu.core.MmuFormatException;
import org.mmu.internal.hdf5.Hdf5ColumnInfo;
import org.mmu.internal.hdf5.Hdf5Columns;
import org.mmu.internal.storage.Storage;

/**
 * What one MMU v1 file holds, learned from its metadata (plus the first id, to spot
 * {@code b'...'} wrappers): its datasets, row count and size. Checks the rules every file
 * must follow: {@code object_id} (integers or strings), {@code ra} and {@code dec} (floating
 * point) exist, one value per row, and every dataset's first dimension is the same.
 *
 * @param file         where the file is
 * @param location     its full path or URI, for messages
 * @param bytes        its size
 * @param rows         the first dimension of {@code object_id}
 * @param columns      every top-level dataset, in file order
 * @param wrappedIds   whether the first id carried a literal {@code b'...'} wrapper
 */
record MmuV1Probe(MmuV1File file, String location, long bytes, long rows, Map<String, Hdf5ColumnInfo> columns,
        boolean wrappedIds) {

    static final String ID = "object_id";
    static final String RA = "ra";
    static final String DEC = "dec";

    static MmuV1Probe probe(Storage storage, MmuV1File file) {
        try (Hdf5Columns h5 = Hdf5Columns.open(storage.open(file.path()))) {
            String where = h5.location();
            Map<String, Hdf5ColumnInfo> cols = h5.describeAll();
            Hdf5ColumnInfo id = required(where, cols, ID);
            Hdf5ColumnInfo ra = required(where, cols, RA);
            Hdf5ColumnInfo dec = required(where, cols, DEC);
            if (!(id.spec().type().isInteger() || id.spec().type() == DType.STRING)) {
                throw new MmuFormatException(where, "dataset 'object_id' holds " + id.storedType()
                        + " values; object ids must be integers or strings");
            }
            for (Hdf5ColumnInfo c : new Hdf5ColumnInfo[] {ra, dec}) {
                if (!c.spec().type().isFloating()) {
                    throw new MmuFormatException(where, "dataset '" + c.name() + "' holds " + c.storedType()
                            + " values; coordinates must be floating point degrees");
                }
            }
            long rows = id.rows();
            for (Hdf5ColumnInfo c : cols.values()) {
                if (c.rows() >= 0 && c.rows() != rows) {
                    throw new MmuFormatException(where, "datasets of unequal length: 'object_id' has " + rows
                            + " rows but '" + c.name() + "' has " + c.rows() + "; in MMU v1 files every dataset's"
                            + " first dimension is the object");
                }
            }
            boolean wrapped = false;
            if (id.spec().type() == DType.STRING && rows > 0) {
                h5.read(ID, new int[] {0});
                wrapped = h5.bytesWrappersRemoved() > 0;
            }
            return new MmuV1Probe(file, where, h5.sizeInBytes(), rows, cols, wrapped);
        }
    }

    private static Hdf5ColumnInfo required(String where, Map<String, Hdf5ColumnInfo> cols, String name) {
        Hdf5ColumnInfo c = cols.get(name);
        if (c == null) {
            throw new MmuFormatException(where, "no '" + name + "' dataset: every MMU v1 file needs object_id, ra"
                    + " and dec; its datasets are " + cols.keySet());
        }
        if (!c.readable()) {
            throw new MmuFormatException(where, "dataset '" + name + "' (" + c.storedType() + ") cannot be read: "
                    + c.unsupported());
        }
        if (!c.spec().isScalar()) {
            throw new MmuFormatException(where, "dataset '" + name + "' has rows of shape "
                    + java.util.Arrays.toString(c.spec().shape()) + "; it needs one value per object");
        }
        return c;
    }
}
