package org.mmu.core;

import java.util.Arrays;

/**
 * Grows one {@link Column} row by row, for readers that do not know the row count in advance
 * (CSV) or that gather rows from several sources. Elements go into one growing primitive array.
 */
public final class ColumnBuilder {
    private ColumnSpec spec;
    private final DType type;
    private final int rank;
    private Object data;
    private long size;           // elements used in data
    private long[] offsets;      // array columns only
    private int[] rowShapes;     // array columns only
    private boolean[] nulls;
    private boolean anyNull;
    private boolean shapeVaries;
    private int rows;

    public ColumnBuilder(ColumnSpec spec, int expectedRows) {
        this.spec = spec;
        this.type = spec.type();
        this.rank = spec.rank();
        int cap = Math.max(16, expectedRows);
        long per = spec.elementsPerRow();
        long elements = spec.isScalar() ? cap : (per > 0 ? per * cap : cap);
        this.data = type.newArray((int) Math.min(Integer.MAX_VALUE - 16, Math.max(16, elements)));
        if (!spec.isScalar()) {
            offsets = new long[cap + 1];
            rowShapes = new int[cap * rank];
        }
        nulls = new boolean[cap];
        shapeVaries = spec.isVariableShape();
    }

    public ColumnSpec spec() {
        return spec;
    }

    public int rows() {
        return rows;
    }

    private void ensureRows(int more) {
        if (rows + more > nulls.length) {
            int cap = Math.max(rows + more, nulls.length * 2);
            nulls = Arrays.copyOf(nulls, cap);
            if (offsets != null) {
                offsets = Arrays.copyOf(offsets, cap + 1);
                rowShapes = Arrays.copyOf(rowShapes, cap * rank);
            }
        }
    }

    private void ensureElements(long more) {
        long need = size + more;
        int cap = Primitives.length(data);
        if (need > cap) {
            if (need > Integer.MAX_VALUE - 16) {
                throw new MmuInputException("column '" + spec.name() + "' would exceed " + (Integer.MAX_VALUE - 16)
                        + " elements in one batch; read fewer rows at a time");
            }
            long newCap = Math.min(Integer.MAX_VALUE - 16L, Math.max(need, cap * 2L));
            Object grown = type.newArray((int) newCap);
            Primitives.copy(data, 0, grown, 0, size);
            data = grown;
        }
    }

    public ColumnBuilder appendDouble(double v) {
        startScalar();
        switch (type) {
            case FLOAT64 -> ((double[]) data)[(int) size] = v;
            case FLOAT32 -> ((float[]) data)[(int) size] = (float) v;
            default -> throw typeError("a floating-point value");
        }
        size++;
        rows++;
        return this;
    }

    public ColumnBuilder appendLong(long v) {
        startScalar();
        int i = (int) size;
        switch (type) {
            case INT64 -> ((long[]) data)[i] = v;
            case INT32 -> ((int[]) data)[i] = Math.toIntExact(v);
            case INT16 -> ((short[]) data)[i] = checkedShort(v);
            case INT8 -> ((byte[]) data)[i] = checkedByte(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case UINT8 -> ((byte[]) data)[i] = checkedByte(v, 0, 255);
            case FLOAT64 -> ((double[]) data)[i] = v;
            case FLOAT32 -> ((float[]) data)[i] = v;
            case BOOL -> ((boolean[]) data)[i] = v != 0;
            case STRING -> ((String[]) data)[i] = Long.toString(v);
        }
        size++;
        rows++;
        return this;
    }

    public ColumnBuilder appendBoolean(boolean v) {
        startScalar();
        if (type != DType.BOOL) {
            throw typeError("a boolean");
        }
        ((boolean[]) data)[(int) size++] = v;
        rows++;
        return this;
    }

    public ColumnBuilder appendString(String v) {
        startScalar();
        if (type != DType.STRING) {
            throw typeError("a string");
        }
        ((String[]) data)[(int) size++] = v;
        rows++;
        return this;
    }

    /** A null: scalars store a zero/empty placeholder, arrays an empty row. */
    public ColumnBuilder appendNull() {
        ensureRows(1);
        nulls[rows] = true;
        anyNull = true;
        if (spec.isScalar()) {
            ensureElements(1);
            size++;
        } else {
            offsets[rows] = size;
            offsets[rows + 1] = size;
            shapeVaries = true;
        }
        rows++;
        return this;
    }

    /**
     * One array row: {@code n} elements of the primitive array {@code src} from {@code srcPos},
     * with the row's shape. The source array must have this column's element type.
     */
    public ColumnBuilder appendArray(Object src, int srcPos, int[] shape) {
        if (spec.isScalar()) {
            throw typeError("an array");
        }
        if (shape.length != rank) {
            throw new MmuInputException("column '" + spec.name() + "' has rank " + rank + ", got a row of shape "
                    + Arrays.toString(shape));
        }
        if (!Primitives.isArrayOf(src, type)) {
            throw typeError(src.getClass().getSimpleName());
        }
        long n = 1;
        int[] declared = spec.shape();
        for (int d = 0; d < rank; d++) {
            n *= shape[d];
            if (declared[d] != ColumnSpec.VARIABLE && declared[d] != shape[d]) {
                shapeVaries = true;
            }
        }
        ensureRows(1);
        ensureElements(n);
        Primitives.copy(src, srcPos, data, size, n);
        endArrayRow(shape, n);
        return this;
    }

    /** Records an array row of {@code n} elements, already copied to {@code data[size..]}. */
    private void endArrayRow(int[] shape, long n) {
        offsets[rows] = size;
        System.arraycopy(shape, 0, rowShapes, rows * rank, rank);
        size += n;
        offsets[rows + 1] = size;
        rows++;
    }

    /**
     * Rows of this column's fixed shape whose elements are the little-endian values of
     * {@code values} from its position (as a Parquet PLAIN page stores them), copied in one go.
     * For int32, int64, float32 and float64 columns.
     */
    public ColumnBuilder appendFixedRows(java.nio.ByteBuffer values, int count) {
        if (spec.isScalar() || spec.isVariableShape()) {
            throw typeError("rows of a fixed shape");
        }
        long per = spec.elementsPerRow();
        long n = per * count;
        java.nio.ByteBuffer le = values.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (le.remaining() < n * type.byteWidth()) {
            throw new MmuInputException("column '" + spec.name() + "': " + le.remaining() + " bytes for " + count
                    + " rows of " + per + " " + type + " elements");
        }
        ensureRows(count);
        ensureElements(n);
        switch (type) {
            case INT32 -> le.asIntBuffer().get((int[]) data, (int) size, (int) n);
            case INT64 -> le.asLongBuffer().get((long[]) data, (int) size, (int) n);
            case FLOAT32 -> le.asFloatBuffer().get((float[]) data, (int) size, (int) n);
            case FLOAT64 -> le.asDoubleBuffer().get((double[]) data, (int) size, (int) n);
            default -> throw typeError("little-endian " + type + " values");
        }
        int[] shape = spec.shape();
        for (int r = 0; r < count; r++) {
            endArrayRow(shape, per);
        }
        return this;
    }

    /** Copies row {@code row} of {@code src} (same element type and rank). */
    public ColumnBuilder appendFrom(Column src, int row) {
        if (src.isNull(row)) {
            return appendNull();
        }
        if (spec.isScalar()) {
            startScalar();
            if (src.type() != type) {
                throw typeError(src.type().label());
            }
            Primitives.copy(src.unsafeData(), row, data, size, 1);
            size++;
            rows++;
            return this;
        }
        return appendArray(src.unsafeData(), (int) src.elementOffset(row), src.rowShape(row));
    }

    private void startScalar() {
        if (!spec.isScalar()) {
            throw typeError("a scalar");
        }
        ensureRows(1);
        ensureElements(1);
    }

    private short checkedShort(long v) {
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
            throw new MmuInputException("value " + v + " does not fit column '" + spec.name() + "' (int16)");
        }
        return (short) v;
    }

    private byte checkedByte(long v, long min, long max) {
        if (v < min || v > max) {
            throw new MmuInputException("value " + v + " does not fit column '" + spec.name() + "' (" + type + ")");
        }
        return (byte) v;
    }

    private MmuInputException typeError(String what) {
        return new MmuInputException("column '" + spec.name() + "' is " + spec.typeString() + "; cannot append " + what);
    }

    public Column build() {
        boolean[] mask = anyNull ? Arrays.copyOf(nulls, rows) : null;
        if (spec.isScalar()) {
            return new Column(spec, rows, trimmed(), null, null, mask);
        }
        long[] offs = Arrays.copyOf(offsets, rows + 1);
        if (!shapeVaries) {
            return new Column(spec, rows, trimmed(), offs, null, mask);
        }
        // Dimensions that differ between rows are declared variable.
        int[] shape = spec.shape();
        for (int r = 0; r < rows; r++) {
            if (mask != null && mask[r]) {
                continue;
            }
            for (int d = 0; d < rank; d++) {
                if (shape[d] != ColumnSpec.VARIABLE && rowShapes[r * rank + d] != shape[d]) {
                    shape[d] = ColumnSpec.VARIABLE;
                }
            }
        }
        spec = spec.withShape(shape);
        return new Column(spec, rows, trimmed(), offs, Arrays.copyOf(rowShapes, rows * rank), mask);
    }

    private Object trimmed() {
        return Primitives.length(data) == size ? data : Primitives.copyOfRange(data, 0, size);
    }
}
