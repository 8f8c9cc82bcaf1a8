package org.mmu.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * Name, element type and per-row shape of one column. A scalar column has the empty shape; an
 * image column {@code (bands, h, w)} has shape {@code [5, 160, 160]}; a dimension of {@code -1}
 * varies from row to row (spectra whose length differs between files). Immutable.
 */
public final class ColumnSpec {
    /** Marks a dimension whose length varies between rows. */
    public static final int VARIABLE = -1;

    private final String name;
    private final DType type;
    private final int[] shape;

    private ColumnSpec(String name, DType type, int[] shape) {
        if (name == null || name.isEmpty()) {
            throw new MmuInputException("a column needs a non-empty name");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.shape = shape.clone();
        for (int d : this.shape) {
            if (d < 0 && d != VARIABLE) {
                throw new MmuInputException("column '" + name + "': invalid dimension " + d
                        + " in shape " + Arrays.toString(shape) + " (use -1 for a variable length)");
            }
        }
        if (type == DType.STRING && this.shape.length > 0) {
            throw new MmuInputException("column '" + name + "': string columns must be scalar");
        }
    }

    public static ColumnSpec scalar(String name, DType type) {
        return new ColumnSpec(name, type, new int[0]);
    }

    public static ColumnSpec array(String name, DType type, int... shape) {
        if (shape.length == 0) {
            throw new MmuInputException("column '" + name + "': an array column needs at least one dimension");
        }
        return new ColumnSpec(name, type, shape);
    }

    public static ColumnSpec of(String name, DType type, int[] shape) {
        return new ColumnSpec(name, type, shape);
    }

    public String name() {
        return name;
    }

    public DType type() {
        return type;
    }

    /** The per-row shape (a copy); empty for scalars. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public boolean isScalar() {
        return shape.length == 0;
    }

    /** True when some dimension varies from row to row. */
    public boolean isVariableShape() {
        for (int d : shape) {
            if (d == VARIABLE) {
                return true;
            }
        }
        return false;
    }

    /** Elements per row for fixed shapes (1 for scalars); -1 when the shape varies. */
    public long elementsPerRow() {
        long n = 1;
        for (int d : shape) {
            if (d == VARIABLE) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    public ColumnSpec withName(String newName) {
        return new ColumnSpec(newName, type, shape);
    }

    public ColumnSpec withShape(int[] newShape) {
        return new ColumnSpec(name, type, newShape);
    }

    /** {@code "image float32[5,160,160]"}, {@code "z float64"}. */
    @Override
    public String toString() {
        return name + " " + typeString();
    }

    /** {@code "float32[5,160,160]"}, {@code "float32[-1]"}, {@code "int64"}. */
    public String typeString() {
        if (shape.length == 0) {
            return type.label();
        }
        StringBuilder b = new StringBuilder(type.label()).append('[');
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return b.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnSpec c && c.name.equals(name) && c.type == type && Arrays.equals(c.shape, shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(shape));
    }
}
