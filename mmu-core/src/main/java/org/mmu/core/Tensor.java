package org.mmu.core;

import java.util.Arrays;

/**
 * One column of a batch as a dense array ready for a tensor library: a primitive array in
 * row-major order and its shape, the batch size first ({@code float[batch*5*160*160]} with shape
 * {@code [batch, 5, 160, 160]}; a scalar column has shape {@code [batch]}). Rows whose arrays are
 * smaller than the batch's largest are zero-padded; null rows are zeros (see
 * {@link Column#isNull}).
 *
 * <p>The array is the batch's own storage, not a copy: hand it to a tensor library as is.
 * Modifying it modifies that batch.
 */
public final class Tensor {
    private final String name;
    private final DType type;
    private final int[] shape;
    private final Object data;

    private Tensor(String name, DType type, int[] shape, Object data) {
        this.name = name;
        this.type = type;
        this.shape = shape;
        this.data = data;
    }

    /** The column as a tensor: zero-copy when its rows are stored densely, else padded into a new array. */
    public static Tensor of(Column column) {
        ColumnSpec spec = column.spec();
        if (spec.type() == DType.STRING) {
            throw new MmuInputException("column '" + spec.name() + "' holds strings, which have no tensor form; "
                    + "read it from the batch's rows instead");
        }
        int rows = column.rows();
        int rank = spec.rank();
        int[] shape = new int[rank + 1];
        shape[0] = rows;
        boolean uniform = true;
        for (int r = 0; r < rows; r++) {
            if (column.isNull(r)) {
                uniform = false;
                continue;
            }
            int[] s = column.rowShape(r);
            for (int d = 0; d < rank; d++) {
                if (r > 0 && s[d] != shape[d + 1]) {
                    uniform = false;
                }
                shape[d + 1] = Math.max(shape[d + 1], s[d]);
            }
        }
        if (rows == 0) {
            int[] declared = spec.shape();
            for (int d = 0; d < rank; d++) {
                shape[d + 1] = Math.max(0, declared[d]);
            }
        }
        long elements = 1;
        for (int d : shape) {
            elements *= d;
        }
        if (elements > Integer.MAX_VALUE - 16) {
            throw new MmuInputException("column '" + spec.name() + "': a batch of shape " + Arrays.toString(shape)
                    + " exceeds one Java array; use a smaller batch size");
        }
        Object data = column.unsafeData();
        boolean dense = uniform && column.elementOffset(0) == 0 && Primitives.length(data) == elements;
        if (!dense) {
            data = padded(column, shape, (int) elements);
        }
        return new Tensor(spec.name(), spec.type(), shape, data);
    }

    /** Copies each row into its corner of a zero-filled {@code [rows, max dims...]} array. */
    private static Object padded(Column column, int[] shape, int elements) {
        Object out = column.type().newArray(elements);
        int rank = shape.length - 1;
        long rowStride = 1;
        for (int d = 1; d <= rank; d++) {
            rowStride *= shape[d];
        }
        Object src = column.unsafeData();
        for (int r = 0; r < column.rows(); r++) {
            if (column.isNull(r)) {
                continue;
            }
            int[] s = column.rowShape(r);
            long base = r * rowStride;
            long from = column.elementOffset(r);
            if (rank == 0) {
                Primitives.copy(src, from, out, base, 1);
                continue;
            }
            int inner = s[rank - 1];
            long lines = column.rowElements(r) / Math.max(1, inner);
            int[] idx = new int[rank - 1];
            for (long k = 0; k < lines; k++) {
                long dst = 0;
                for (int d = 0; d < rank - 1; d++) {
                    dst = (dst + idx[d]) * shape[d + 2];
                }
                Primitives.copy(src, from + k * inner, out, base + dst, inner);
                for (int d = rank - 2; d >= 0; d--) {
                    if (++idx[d] < s[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
        }
        return out;
    }

    public String name() {
        return name;
    }

    public DType type() {
        return type;
    }

    /** The shape, batch size first (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements (the product of the shape). */
    public int size() {
        return Primitives.length(data);
    }

    /** The backing array: {@code float[]} for float32, {@code byte[]} for int8/uint8, ... */
    public Object data() {
        return data;
    }

    public float[] floats() {
        return as(DType.FLOAT32, float[].class);
    }

    public double[] doubles() {
        return as(DType.FLOAT64, double[].class);
    }

    public long[] longs() {
        return as(DType.INT64, long[].class);
    }

    public int[] ints() {
        return as(DType.INT32, int[].class);
    }

    public short[] shorts() {
        return as(DType.INT16, short[].class);
    }

    /** int8 or uint8 elements (uint8 as unsigned bytes: mask with {@code 0xff}). */
    public byte[] bytes() {
        if (type != DType.INT8 && type != DType.UINT8) {
            throw wrongType("int8 or uint8");
        }
        return (byte[]) data;
    }

    public boolean[] booleans() {
        return as(DType.BOOL, boolean[].class);
    }

    private <T> T as(DType wanted, Class<T> cls) {
        if (type != wanted) {
            throw wrongType(wanted.label());
        }
        return cls.cast(data);
    }

    private MmuInputException wrongType(String wanted) {
        return new MmuInputException("column '" + name + "' is " + type.label() + ", not " + wanted);
    }

    @Override
    public String toString() {
        return name + " " + type.label() + Arrays.toString(shape);
    }
}
