package org.mmu.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable n-dimensional array value (an image, a spectrum), row-major, with its element
 * type and shape. Obtained from {@link Example#getArray(String)}.
 */
public final class NdArray {
    private final DType type;
    private final int[] shape;
    private final Object data; // a primitive array of exactly size() elements, never shared

    NdArray(DType type, int[] shape, Object data) {
        this.type = type;
        this.shape = shape;
        this.data = data;
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (Primitives.length(data) != n) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements, data has " + Primitives.length(data));
        }
    }

    public static NdArray of(float[] data, int... shape) {
        return new NdArray(DType.FLOAT32, shape.clone(), data.clone());
    }

    public static NdArray of(double[] data, int... shape) {
        return new NdArray(DType.FLOAT64, shape.clone(), data.clone());
    }

    public static NdArray of(int[] data, int... shape) {
        return new NdArray(DType.INT32, shape.clone(), data.clone());
    }

    public static NdArray of(long[] data, int... shape) {
        return new NdArray(DType.INT64, shape.clone(), data.clone());
    }

    public DType type() {
        return type;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return Primitives.length(data);
    }

    /** Element at a row-major flat position, as a double. */
    public double getDouble(int flatIndex) {
        return Primitives.getDouble(type, data, flatIndex);
    }

    /** Element at an n-d position. */
    public double getDouble(int... index) {
        return getDouble(flatIndex(index));
    }

    public long getLong(int flatIndex) {
        return Primitives.getLong(type, data, flatIndex);
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " does not match shape "
                    + Arrays.toString(shape));
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            Objects.checkIndex(index[i], shape[i]);
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /** A copy of the elements converted to float. */
    public float[] toFloatArray() {
        if (type == DType.FLOAT32) {
            return ((float[]) data).clone();
        }
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    /** A copy of the elements converted to double. */
    public double[] toDoubleArray() {
        if (type == DType.FLOAT64) {
            return ((double[]) data).clone();
        }
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** A copy of the elements as long; fails for floating-point arrays. */
    public long[] toLongArray() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** A copy of the backing primitive array ({@code float[]} for float32, ...). */
    public Object toPrimitiveArray() {
        return Primitives.copyOfRange(data, 0, size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray a && a.type == type && Arrays.equals(a.shape, shape)
                && Arrays.deepEquals(new Object[] {a.data}, new Object[] {data});
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(shape), Arrays.deepHashCode(new Object[] {data}));
    }

    @Override
    public String toString() {
        return type.label() + Arrays.toString(shape);
    }
}
