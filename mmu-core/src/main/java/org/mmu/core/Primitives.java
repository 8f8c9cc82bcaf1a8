package org.mmu.core;

import java.lang.reflect.Array;

/** Typed access to the primitive arrays that back columns and n-d arrays (one switch, one place). */
final class Primitives {
    private Primitives() {
    }

    static Class<?> arrayClass(DType type) {
        return type.newArray(0).getClass();
    }

    static int length(Object array) {
        return Array.getLength(array);
    }

    static double getDouble(DType type, Object a, int i) {
        return switch (type) {
            case BOOL -> ((boolean[]) a)[i] ? 1 : 0;
            case INT8 -> ((byte[]) a)[i];
            case UINT8 -> ((byte[]) a)[i] & 0xff;
            case INT16 -> ((short[]) a)[i];
            case INT32 -> ((int[]) a)[i];
            case INT64 -> ((long[]) a)[i];
            case FLOAT32 -> ((float[]) a)[i];
            case FLOAT64 -> ((double[]) a)[i];
            case STRING -> throw new MmuInputException("a string value has no numeric value");
        };
    }

    static long getLong(DType type, Object a, int i) {
        return switch (type) {
            case BOOL -> ((boolean[]) a)[i] ? 1 : 0;
            case INT8 -> ((byte[]) a)[i];
            case UINT8 -> ((byte[]) a)[i] & 0xff;
            case INT16 -> ((short[]) a)[i];
            case INT32 -> ((int[]) a)[i];
            case INT64 -> ((long[]) a)[i];
            case FLOAT32, FLOAT64, STRING -> throw new MmuInputException("a " + type.label()
                    + " value is not an integer");
        };
    }

    static Object getBoxed(DType type, Object a, int i) {
        return switch (type) {
            case BOOL -> ((boolean[]) a)[i];
            case INT8 -> ((byte[]) a)[i];
            case UINT8 -> (short) (((byte[]) a)[i] & 0xff);
            case INT16 -> ((short[]) a)[i];
            case INT32 -> ((int[]) a)[i];
            case INT64 -> ((long[]) a)[i];
            case FLOAT32 -> ((float[]) a)[i];
            case FLOAT64 -> ((double[]) a)[i];
            case STRING -> ((String[]) a)[i];
        };
    }

    /** Copies {@code n} elements; both arrays have the same primitive type. */
    static void copy(Object src, long srcPos, Object dst, long dstPos, long n) {
        System.arraycopy(src, Math.toIntExact(srcPos), dst, Math.toIntExact(dstPos), Math.toIntExact(n));
    }

    static Object copyOfRange(Object src, long from, long to) {
        Object out = Array.newInstance(src.getClass().getComponentType(), Math.toIntExact(to - from));
        copy(src, from, out, 0, to - from);
        return out;
    }

    static boolean isArrayOf(Object a, DType type) {
        return a != null && a.getClass() == arrayClass(type);
    }
}
