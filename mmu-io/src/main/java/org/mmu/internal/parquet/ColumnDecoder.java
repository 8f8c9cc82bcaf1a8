package org.mmu.internal.parquet;

import java.util.Arrays;

import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuFormatException;

/**
 * Decodes one column's values row by row from a Parquet {@link ColumnReader}. Scalars go straight
 * into a primitive array; arrays collect one row's elements, check its shape, and append it.
 */
final class ColumnDecoder {
    private final ParquetColumnBinding binding;
    private final String location;
    private final DType type;
    private final int maxDef;
    private final boolean scalar;
    // scalar path
    private final Object values;
    private boolean[] nulls;
    private int n;
    // array path
    private final ColumnBuilder arrays;
    private Object rowBuf;
    private int rowLen;
    private final int[] declared;

    ColumnDecoder(ParquetColumnBinding binding, int expectedRows, String location) {
        this.binding = binding;
        this.location = location;
        this.type = binding.type();
        this.maxDef = binding.maxDefinition();
        this.scalar = binding.rank() == 0;
        this.declared = binding.spec().shape();
        if (scalar) {
            values = type.newArray(expectedRows);
            arrays = null;
        } else {
            values = null;
            arrays = new ColumnBuilder(binding.spec(), expectedRows);
            rowBuf = type.newArray(64);
        }
    }

    /**
     * Takes a whole row group's values decoded in bulk ({@link PlainColumnReader}): all of them, or
     * the {@code selected} rows {@code rows[from..]} (file row numbers).
     */
    void acceptGroup(Object groupValues, long groupStart, int[] rows, int from, int selected) {
        if (rows == null) {
            System.arraycopy(groupValues, 0, values, n, java.lang.reflect.Array.getLength(groupValues));
            n += java.lang.reflect.Array.getLength(groupValues);
            return;
        }
        for (int k = from; k < from + selected; k++) {
            System.arraycopy(groupValues, (int) (rows[k] - groupStart), values, n++, 1);
        }
    }

    /**
     * Takes the selected rows {@code rows[k..end)} that lie in one bulk-decoded page whose first
     * file row is {@code pageStart}; returns the index of the first selected row after the page.
     */
    int acceptPage(Object pageValues, long pageStart, int[] rows, int k, int end) {
        long pageEnd = pageStart + java.lang.reflect.Array.getLength(pageValues);
        while (k < end && rows[k] < pageEnd) {
            if (rows[k] < pageStart) {
                throw new MmuFormatException(location, "column '" + binding.spec().name() + "': selected row "
                        + rows[k] + " lies before the page it was read from (inconsistent offset index)");
            }
            int at = (int) (rows[k] - pageStart);
            // typed copies: this runs once per index row of a region read
            if (pageValues instanceof double[] a) {
                ((double[]) values)[n] = a[at];
            } else if (pageValues instanceof long[] a) {
                ((long[]) values)[n] = a[at];
            } else {
                System.arraycopy(pageValues, at, values, n, 1);
            }
            n++;
            k++;
        }
        return k;
    }

    ParquetColumnBinding binding() {
        return binding;
    }

    /** Appends fixed-shape rows straight from a page's little-endian values ({@link FixedArrayPages}). */
    void appendFixedRows(java.nio.ByteBuffer values, int count) {
        arrays.appendFixedRows(values, count);
    }

    /** Reads the next row from {@code cr}; stores it when {@code keep}. {@code row} is for messages. */
    void decodeRow(ColumnReader cr, boolean keep, long row) {
        if (scalar) {
            int def = cr.getCurrentDefinitionLevel();
            if (keep) {
                if (def == maxDef) {
                    store(cr, values, n, row);
                } else {
                    markNull(n);
                }
                n++;
            } else if (def == maxDef) {
                cr.skip(); // an unread value must be skipped, or the next read returns it
            }
            cr.consume();
            return;
        }
        decodeArrayRow(cr, keep, row);
    }

    private void decodeArrayRow(ColumnReader cr, boolean keep, long row) {
        int rank = binding.rank();
        int[] levels = binding.elementLevels();
        int def = cr.getCurrentDefinitionLevel();
        if (def < binding.rowDefinedLevel()) {
            cr.consume();
            if (keep) {
                arrays.appendNull();
            }
            return;
        }
        rowLen = 0;
        int outer = 0;      // elements of the outermost list
        int inner = 0;      // rank 2: elements of the current inner list
        int innerLen = -1;  // rank 2: length all inner lists must share
        boolean first = true;
        do {
            int rep = first ? 0 : cr.getCurrentRepetitionLevel();
            def = cr.getCurrentDefinitionLevel();
            if (rep <= 1 && def >= levels[0]) {
                // a new element of the outer list begins
                if (rank == 2 && outer > 0) {
                    innerLen = checkInner(innerLen, inner, row);
                }
                outer++;
                inner = 0;
            }
            if (!keep && def == maxDef) {
                cr.skip();
            }
            if (def >= levels[rank - 1]) {
                inner++;
                if (keep) {
                    ensureRowCapacity(rowLen + 1);
                    if (def == maxDef) {
                        store(cr, rowBuf, rowLen, row);
                    } else {
                        storeNullElement(rowLen, row);
                    }
                    rowLen++;
                }
            }
            first = false;
            cr.consume();
        } while (cr.getCurrentRepetitionLevel() > 0);
        if (rank == 2 && outer > 0) {
            innerLen = checkInner(innerLen, inner, row);
        }
        if (!keep) {
            return;
        }
        int[] shape = rank == 1 ? new int[] {rowLen} : new int[] {outer, Math.max(innerLen, 0)};
        if (rank == 1 && declared[0] != ColumnSpec.VARIABLE) {
            // our files: a fixed n-d shape flattened into one list
            long expected = binding.spec().elementsPerRow();
            if (rowLen != expected) {
                throw new MmuFormatException(location, "column '" + binding.spec().name() + "' row " + row + " has "
                        + rowLen + " elements but its declared shape " + binding.spec().typeString() + " needs " + expected);
            }
            shape = declared.clone();
        }
        arrays.appendArray(rowBuf, 0, shape);
    }

    private int checkInner(int innerLen, int len, long row) {
        if (innerLen >= 0 && innerLen != len) {
            throw new MmuFormatException(location, "column '" + binding.spec().name() + "' row " + row
                    + " is a ragged nested list (inner lengths " + innerLen + " and " + len
                    + "); only rectangular arrays are supported");
        }
        return len;
    }

    private void ensureRowCapacity(int need) {
        int cap = java.lang.reflect.Array.getLength(rowBuf);
        if (need > cap) {
            Object grown = type.newArray(Math.max(need, cap * 2));
            System.arraycopy(rowBuf, 0, grown, 0, rowLen);
            rowBuf = grown;
        }
    }

    private void storeNullElement(int i, long row) {
        switch (type) {
            case FLOAT32 -> ((float[]) rowBuf)[i] = Float.NaN;
            case FLOAT64 -> ((double[]) rowBuf)[i] = Double.NaN;
            default -> throw new MmuFormatException(location, "column '" + binding.spec().name() + "' row " + row
                    + " has a null element inside an integer array; only float arrays may hold nulls (as NaN)");
        }
    }

    private void markNull(int i) {
        if (nulls == null) {
            nulls = new boolean[Math.max(16, java.lang.reflect.Array.getLength(values))];
        }
        nulls[i] = true;
    }

    private void store(ColumnReader cr, Object dst, int i, long row) {
        PrimitiveTypeName phys = binding.physical();
        switch (type) {
            case BOOL -> ((boolean[]) dst)[i] = cr.getBoolean();
            case INT8, UINT8 -> ((byte[]) dst)[i] = (byte) cr.getInteger();
            case INT16 -> ((short[]) dst)[i] = (short) cr.getInteger();
            case INT32 -> ((int[]) dst)[i] = cr.getInteger();
            case INT64 -> {
                long v;
                if (phys == PrimitiveTypeName.INT32) {
                    v = binding.unsignedInt() ? Integer.toUnsignedLong(cr.getInteger()) : cr.getInteger();
                } else {
                    v = cr.getLong();
                    if (binding.unsignedInt() && v < 0) {
                        throw new MmuFormatException(location, "column '" + binding.spec().name() + "' row " + row
                                + " holds uint64 " + Long.toUnsignedString(v) + ", above the int64 range");
                    }
                }
                ((long[]) dst)[i] = v;
            }
            case FLOAT32 -> ((float[]) dst)[i] = cr.getFloat();
            case FLOAT64 -> ((double[]) dst)[i] = cr.getDouble();
            case STRING -> ((String[]) dst)[i] = cr.getBinary().toStringUsingUTF8();
        }
    }

    Column build() {
        if (!scalar) {
            return arrays.build();
        }
        if (n != java.lang.reflect.Array.getLength(values)) {
            throw new IllegalStateException("decoded " + n + " rows of column '" + binding.spec().name()
                    + "', expected " + java.lang.reflect.Array.getLength(values));
        }
        return Column.ofScalars(binding.spec(), values, n, nulls);
    }
}
