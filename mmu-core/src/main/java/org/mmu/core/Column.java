package org.mmu.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The values of one column for a set of rows, stored columnar in one primitive array (no object
 * per row). Scalars hold one element per row; array columns hold all rows' elements back to back
 * with the row boundaries in {@code offsets} and, when the shape varies by row, each row's shape.
 * Immutable once built; build with the static factories or {@link ColumnBuilder}.
 */
public final class Column {
    private final ColumnSpec spec;
    private final int rows;
    private final Object data;       // primitive array (String[] for strings)
    private final long[] offsets;    // rows+1 element offsets for array columns, else null
    private final int[] rowShapes;   // rows*rank dims when the shape varies by row, else null
    private final boolean[] nulls;   // null when no row is null

    Column(ColumnSpec spec, int rows, Object data, long[] offsets, int[] rowShapes, boolean[] nulls) {
        this.spec = Objects.requireNonNull(spec);
        this.rows = rows;
        this.data = data;
        this.offsets = offsets;
        this.rowShapes = rowShapes;
        this.nulls = nulls;
        if (!Primitives.isArrayOf(data, spec.type())) {
            throw new IllegalArgumentException("column '" + spec.name() + "' of type " + spec.type()
                    + " cannot hold " + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        long expected = spec.isScalar() ? rows : offsets[rows];
        if (spec.isScalar() ? Primitives.length(data) < rows : Primitives.length(data) < expected) {
            throw new IllegalArgumentException("column '" + spec.name() + "': " + rows + " rows need "
                    + expected + " elements, got " + Primitives.length(data));
        }
        if (nulls != null && nulls.length < rows) {
            throw new IllegalArgumentException("column '" + spec.name() + "': null mask too short");
        }
    }

    /** A scalar column over a primitive array ({@code double[]} for float64, ...), taken without copying. */
    public static Column ofScalars(ColumnSpec spec, Object values, int rows) {
        if (!spec.isScalar()) {
            throw new IllegalArgumentException("column '" + spec.name() + "' is not scalar");
        }
        return new Column(spec, rows, values, null, null, null);
    }

    public static Column ofScalars(ColumnSpec spec, Object values, int rows, boolean[] nulls) {
        return new Column(spec, rows, values, null, null, hasAny(nulls, rows) ? nulls : null);
    }

    public static Column of(String name, double[] values) {
        return ofScalars(ColumnSpec.scalar(name, DType.FLOAT64), values, values.length);
    }

    public static Column of(String name, long[] values) {
        return ofScalars(ColumnSpec.scalar(name, DType.INT64), values, values.length);
    }

    public static Column of(String name, int[] values) {
        return ofScalars(ColumnSpec.scalar(name, DType.INT32), values, values.length);
    }

    public static Column of(String name, String[] values) {
        return ofScalars(ColumnSpec.scalar(name, DType.STRING), values, values.length);
    }

    /**
     * A fixed-shape array column: row {@code r} occupies elements
     * {@code [r * elementsPerRow, (r + 1) * elementsPerRow)} of {@code flat}, taken without copying.
     */
    public static Column ofFixedArrays(ColumnSpec spec, Object flat, int rows) {
        long per = spec.elementsPerRow();
        if (spec.isScalar() || per < 0) {
            throw new IllegalArgumentException("column '" + spec.name() + "' has no fixed array shape");
        }
        long[] offsets = new long[rows + 1];
        for (int r = 0; r <= rows; r++) {
            offsets[r] = r * per;
        }
        return new Column(spec, rows, flat, offsets, null, null);
    }

    /**
     * An array column whose rows may differ in shape: row {@code r} has shape
     * {@code rowShapes[r*rank .. r*rank+rank)} and its elements start at {@code offsets[r]}.
     */
    public static Column ofVariableArrays(ColumnSpec spec, Object flat, long[] offsets, int[] rowShapes,
            int rows, boolean[] nulls) {
        if (spec.isScalar()) {
            throw new IllegalArgumentException("column '" + spec.name() + "' is scalar");
        }
        if (offsets.length < rows + 1 || rowShapes.length < rows * spec.rank()) {
            throw new IllegalArgumentException("column '" + spec.name() + "': offsets/shapes too short");
        }
        return new Column(spec, rows, flat, offsets, rowShapes, hasAny(nulls, rows) ? nulls : null);
    }

    private static boolean hasAny(boolean[] mask, int rows) {
        if (mask == null) {
            return false;
        }
        for (int i = 0; i < rows; i++) {
            if (mask[i]) {
                return true;
            }
        }
        return false;
    }

    public ColumnSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public DType type() {
        return spec.type();
    }

    public int rows() {
        return rows;
    }

    public boolean isNull(int row) {
        Objects.checkIndex(row, rows);
        return nulls != null && nulls[row];
    }

    public boolean hasNulls() {
        return nulls != null;
    }

    /**
     * Per row, whether it is null, in one array (a copy, {@code rows()} long: one call for a whole
     * column, e.g. from Python), or {@code null} when no row is null.
     */
    public boolean[] nullMask() {
        return nulls == null ? null : java.util.Arrays.copyOf(nulls, rows);
    }

    public double getDouble(int row) {
        checkScalar(row);
        return Primitives.getDouble(spec.type(), data, row);
    }

    public long getLong(int row) {
        checkScalar(row);
        return Primitives.getLong(spec.type(), data, row);
    }

    public boolean getBoolean(int row) {
        checkScalar(row);
        if (spec.type() != DType.BOOL) {
            throw new MmuInputException("column '" + spec.name() + "' is " + spec.type() + ", not bool");
        }
        return ((boolean[]) data)[row];
    }

    public String getString(int row) {
        checkScalar(row);
        if (spec.type() != DType.STRING) {
            return String.valueOf(Primitives.getBoxed(spec.type(), data, row));
        }
        return ((String[]) data)[row];
    }

    /** The value boxed: Long, Double, String, Boolean, ... or an {@link NdArray}; null for nulls. */
    public Object get(int row) {
        Objects.checkIndex(row, rows);
        if (nulls != null && nulls[row]) {
            return null;
        }
        return spec.isScalar() ? Primitives.getBoxed(spec.type(), data, row) : getArray(row);
    }

    /** The shape of one row's array. */
    public int[] rowShape(int row) {
        Objects.checkIndex(row, rows);
        if (spec.isScalar()) {
            return new int[0];
        }
        if (rowShapes == null) {
            return spec.shape();
        }
        int rank = spec.rank();
        return Arrays.copyOfRange(rowShapes, row * rank, row * rank + rank);
    }

    /** One row's array (a copy), with its own shape. */
    public NdArray getArray(int row) {
        Objects.checkIndex(row, rows);
        if (spec.isScalar()) {
            throw new MmuInputException("column '" + spec.name() + "' is a scalar " + spec.type()
                    + ", not an array");
        }
        if (nulls != null && nulls[row]) {
            return null;
        }
        return new NdArray(spec.type(), rowShape(row), Primitives.copyOfRange(data, offsets[row], offsets[row + 1]));
    }

    /** Number of elements in one row (1 for scalars). */
    public long rowElements(int row) {
        return spec.isScalar() ? 1 : offsets[row + 1] - offsets[row];
    }

    /**
     * The backing primitive array, for zero-copy consumers (Arrow export, writers). Callers must
     * not modify it. Scalar row {@code r} is element {@code r}; array row {@code r} starts at
     * {@link #elementOffset(int)}.
     */
    public Object unsafeData() {
        return data;
    }

    /** First element of a row in {@link #unsafeData()}. */
    public long elementOffset(int row) {
        return spec.isScalar() ? row : offsets[row];
    }

    /** The same values under another name. */
    public Column renamed(String newName) {
        return new Column(spec.withName(newName), rows, data, offsets, rowShapes, nulls);
    }

    /** The rows at the given positions, in that order (positions may repeat). */
    public Column gather(int[] positions) {
        ColumnBuilder b = new ColumnBuilder(spec, positions.length);
        for (int p : positions) {
            b.appendFrom(this, p);
        }
        return b.build();
    }

    /** All rows of several columns of the same name and type, one after another. */
    public static Column concat(List<Column> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        ColumnSpec spec = parts.get(0).spec;
        int total = 0;
        for (Column c : parts) {
            total = Math.addExact(total, c.rows);
        }
        for (Column c : parts) {
            if (c.spec.type() != spec.type() || c.spec.rank() != spec.rank()) {
                throw new MmuInputException("cannot concatenate column '" + spec.name() + "' of type "
                        + spec.typeString() + " with " + c.spec.typeString());
            }
        }
        ColumnBuilder b = new ColumnBuilder(mergedSpec(parts), total);
        for (Column c : parts) {
            for (int r = 0; r < c.rows; r++) {
                b.appendFrom(c, r);
            }
        }
        return b.build();
    }

    /** Shapes that differ between parts become variable dimensions. */
    private static ColumnSpec mergedSpec(List<Column> parts) {
        int[] shape = parts.get(0).spec.shape();
        for (Column c : parts) {
            int[] s = c.spec.shape();
            for (int i = 0; i < shape.length; i++) {
                if (s[i] != shape[i]) {
                    shape[i] = ColumnSpec.VARIABLE;
                }
            }
        }
        return parts.get(0).spec.withShape(shape);
    }

    private void checkScalar(int row) {
        Objects.checkIndex(row, rows);
        if (!spec.isScalar()) {
            throw new MmuInputException("column '" + spec.name() + "' holds arrays " + spec.typeString()
                    + "; use getArray");
        }
        if (nulls != null && nulls[row]) {
            throw new MmuInputException("column '" + spec.name() + "' is null at row " + row);
        }
    }

    int[] rowShapesOrNull() {
        return rowShapes;
    }

    @Override
    public String toString() {
        return spec + " x " + rows;
    }
}
