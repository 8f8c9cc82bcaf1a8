package org.mmu.core;

import java.util.Locale;

/**
 * Element type of a column. Names (as written in manifests and shown to users) are the lower-case
 * numpy-style names: {@code float32}, {@code int64}, {@code string}, ...
 *
 * <p>Unsigned 16/32/64-bit integers found in input files are widened to the next signed type
 * when read ({@code uint16} to {@code int32}, {@code uint32} to {@code int64}); {@code uint64}
 * values above {@link Long#MAX_VALUE} are rejected with an error naming the value.
 */
public enum DType {
    BOOL(1), INT8(1), UINT8(1), INT16(2), INT32(4), INT64(8), FLOAT32(4), FLOAT64(8), STRING(-1);

    private final int byteWidth;

    DType(int byteWidth) {
        this.byteWidth = byteWidth;
    }

    /** Bytes per element, or -1 for strings. */
    public int byteWidth() {
        return byteWidth;
    }

    public boolean isInteger() {
        return this == INT8 || this == UINT8 || this == INT16 || this == INT32 || this == INT64;
    }

    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    public boolean isNumeric() {
        return isInteger() || isFloating();
    }

    /**
     * A new array holding {@code n} values of this type: {@code boolean[]}, {@code byte[]} (int8
     * and uint8), {@code short[]}, {@code int[]}, {@code long[]}, {@code float[]},
     * {@code double[]} or {@code String[]}. Columns store their values in such arrays.
     */
    public Object newArray(int n) {
        return switch (this) {
            case BOOL -> new boolean[n];
            case INT8, UINT8 -> new byte[n];
            case INT16 -> new short[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case STRING -> new String[n];
        };
    }

    /** The name used in manifests and messages, e.g. {@code "float32"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #label()}; the error lists the accepted names. */
    public static DType fromLabel(String label) {
        for (DType t : values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new MmuInputException("unknown element type '" + label + "'; expected one of "
                + java.util.Arrays.stream(values()).map(DType::label).toList());
    }

    @Override
    public String toString() {
        return label();
    }
}
