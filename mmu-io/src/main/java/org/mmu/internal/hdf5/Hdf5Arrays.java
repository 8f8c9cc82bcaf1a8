package org.mmu.internal.hdf5;

import java.lang.reflect.Array;
import java.math.BigInteger;

import org.mmu.core.DType;
import org.mmu.core.MmuInputException;

/**
 * The array plumbing between jhdf and columns: jhdf returns a slab as nested Java arrays of its
 * own element types (unsigned values already widened: {@code int[]} for uint8/uint16,
 * {@code long[]} for uint32, {@code BigInteger[]} for uint64; enums and strings as
 * {@code String[]}); columns want one flat primitive array of their {@link DType}.
 */
final class Hdf5Arrays {
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Hdf5Arrays() {
    }

    /** Copies the leaves of a nested array into {@code flat} from {@code pos}; returns the next position. */
    static int flatten(Object nested, Object flat, int pos) {
        if (nested.getClass().getComponentType().isArray()) {
            for (Object inner : (Object[]) nested) {
                pos = flatten(inner, flat, pos);
            }
            return pos;
        }
        int n = Array.getLength(nested);
        System.arraycopy(nested, 0, flat, pos, n);
        return pos + n;
    }

    /** The leaf element class of a nested array, e.g. {@code float.class} for {@code float[][][]}. */
    static Class<?> leafType(Object nested) {
        Class<?> c = nested.getClass();
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    /** What a conversion failure should name. */
    interface Context {
        /** A message naming the dataset and the row at element {@code srcIndex} of the source. */
        String describe(int srcIndex);
    }

    /**
     * Copies {@code n} elements from a flat jhdf-typed array into a column array of type
     * {@code to}, widening where needed (ints to wider ints or float64, float32 to float64),
     * normalising strings and mapping h5py's bool enum. A uint64 above {@link Long#MAX_VALUE}
     * fails with an {@link MmuInputException} naming the value.
     *
     * @return how many strings lost a literal {@code b'...'} wrapper (0 for other types)
     */
    static int convert(Object src, int srcPos, DType to, Object dst, int dstPos, int n, Context ctx) {
        switch (to) {
            case STRING -> {
                String[] s = (String[]) src;
                String[] d = (String[]) dst;
                int unwrapped = 0;
                for (int i = 0; i < n; i++) {
                    String raw = s[srcPos + i];
                    if (Hdf5Strings.hasBytesWrapper(raw)) {
                        unwrapped++;
                    }
                    String v = Hdf5Strings.normalise(raw);
                    d[dstPos + i] = v == null ? "" : v;
                }
                return unwrapped;
            }
            case BOOL -> {
                String[] s = (String[]) src;
                boolean[] d = (boolean[]) dst;
                for (int i = 0; i < n; i++) {
                    d[dstPos + i] = "TRUE".equals(s[srcPos + i]);
                }
            }
            case UINT8 -> {
                if (src instanceof byte[]) {
                    System.arraycopy(src, srcPos, dst, dstPos, n);
                    return 0;
                }
                int[] s = (int[]) src; // jhdf widens uint8 to int
                byte[] d = (byte[]) dst;
                for (int i = 0; i < n; i++) {
                    d[dstPos + i] = (byte) s[srcPos + i];
                }
            }
            case FLOAT32 -> System.arraycopy(src, srcPos, dst, dstPos, n);
            case INT8, INT16, INT32 -> {
                if (src.getClass() == dst.getClass()) {
                    System.arraycopy(src, srcPos, dst, dstPos, n);
                } else {
                    widenInts(src, srcPos, dst, dstPos, n);
                }
            }
            case INT64 -> {
                if (src instanceof long[]) {
                    System.arraycopy(src, srcPos, dst, dstPos, n);
                } else if (src instanceof BigInteger[] big) {
                    long[] d = (long[]) dst;
                    for (int i = 0; i < n; i++) {
                        BigInteger v = big[srcPos + i];
                        if (v.compareTo(LONG_MAX) > 0) {
                            throw new MmuInputException(ctx.describe(srcPos + i) + " holds the uint64 value " + v
                                    + ", above the int64 maximum " + Long.MAX_VALUE);
                        }
                        d[dstPos + i] = v.longValue();
                    }
                } else {
                    long[] d = (long[]) dst;
                    for (int i = 0; i < n; i++) {
                        d[dstPos + i] = integerAt(src, srcPos + i);
                    }
                }
            }
            case FLOAT64 -> {
                if (src instanceof double[]) {
                    System.arraycopy(src, srcPos, dst, dstPos, n);
                } else if (src instanceof float[] f) {
                    double[] d = (double[]) dst;
                    for (int i = 0; i < n; i++) {
                        d[dstPos + i] = f[srcPos + i];
                    }
                } else if (src instanceof BigInteger[] big) {
                    double[] d = (double[]) dst;
                    for (int i = 0; i < n; i++) {
                        d[dstPos + i] = big[srcPos + i].doubleValue();
                    }
                } else {
                    double[] d = (double[]) dst;
                    for (int i = 0; i < n; i++) {
                        d[dstPos + i] = integerAt(src, srcPos + i);
                    }
                }
            }
        }
        return 0;
    }

    private static void widenInts(Object src, int srcPos, Object dst, int dstPos, int n) {
        if (dst instanceof short[] d) {
            for (int i = 0; i < n; i++) {
                d[dstPos + i] = (short) integerAt(src, srcPos + i);
            }
        } else if (dst instanceof int[] d) {
            for (int i = 0; i < n; i++) {
                d[dstPos + i] = (int) integerAt(src, srcPos + i);
            }
        } else {
            throw new IllegalArgumentException("cannot widen " + src.getClass().getSimpleName() + " to "
                    + dst.getClass().getSimpleName());
        }
    }

    private static long integerAt(Object a, int i) {
        if (a instanceof byte[] b) {
            return b[i];
        }
        if (a instanceof short[] s) {
            return s[i];
        }
        if (a instanceof int[] v) {
            return v[i];
        }
        if (a instanceof long[] l) {
            return l[i];
        }
        throw new IllegalArgumentException("not an integer array: " + a.getClass().getSimpleName());
    }

    /** Whether values of column type {@code from} can be read into a column of type {@code to} without loss. */
    static boolean canWiden(DType from, DType to) {
        if (from == to) {
            return true;
        }
        return switch (to) {
            case INT16 -> from == DType.INT8 || from == DType.UINT8;
            case INT32 -> from == DType.INT8 || from == DType.UINT8 || from == DType.INT16;
            case INT64 -> from.isInteger();
            case FLOAT64 -> from == DType.FLOAT32 || from == DType.INT8 || from == DType.UINT8 || from == DType.INT16
                    || from == DType.INT32;
            default -> false;
        };
    }
}
