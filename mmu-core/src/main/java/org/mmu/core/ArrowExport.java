package org.mmu.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Converts a {@link RowBatch} into an Arrow {@link VectorSchemaRoot}. Scalars map to the Arrow
 * primitive of the same width; an array column becomes nested lists, one level per dimension:
 * {@code FixedSizeList} where the dimension is fixed (as Hugging Face's {@code Array3D}),
 * {@code List} where it varies. Each field carries its declared shape in the metadata key
 * {@value #SHAPE_KEY}.
 *
 * <p>Arrow needs {@code --add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED}
 * on the JVM command line. The caller owns (and closes) the returned root.
 */
public final class ArrowExport {
    /** Field metadata key holding the declared per-row shape, e.g. {@code "5,160,160"}. */
    public static final String SHAPE_KEY = "mmu.shape";

    private ArrowExport() {
    }

    public static VectorSchemaRoot toArrow(RowBatch batch, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (Column c : batch.columns()) {
                vectors.add(toVector(c, allocator));
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(vectors);
    }

    private static FieldVector toVector(Column c, BufferAllocator allocator) {
        ColumnSpec spec = c.spec();
        if (spec.isScalar()) {
            FieldVector v = leafVector(spec.name(), spec.type(), allocator, null);
            fillLeaf(v, c, 0, c.rows(), c.rows(), true);
            return v;
        }
        String shape = spec.typeString().substring(spec.type().label().length() + 1, spec.typeString().length() - 1);
        Map<String, String> meta = Map.of(SHAPE_KEY, shape);
        int rank = spec.rank();
        int[] declared = spec.shape();
        // counts[k] = number of entries at nesting level k; level 0 = rows, level rank = elements
        long[] counts = new long[rank + 1];
        counts[0] = c.rows();
        for (int r = 0; r < c.rows(); r++) {
            int[] s = c.rowShape(r);
            long entries = 1;
            for (int d = 0; d < rank; d++) {
                entries *= c.isNull(r) ? 0 : s[d];
                counts[d + 1] += entries;
            }
        }
        FieldVector top = listVector(spec.name(), declared[0], allocator, meta);
        FieldVector parent = top;
        for (int d = 0; d < rank; d++) {
            FieldVector child = d + 1 < rank
                    ? listChild(parent, declared[d + 1])
                    : leafChild(parent, spec.type());
            fillLevel(parent, c, d, counts[d]);
            parent = child;
        }
        fillLeaf(parent, c, 0, c.rows(), (int) counts[rank], false);
        return top;
    }

    private static FieldVector listVector(String name, int dim, BufferAllocator a, Map<String, String> meta) {
        if (dim == ColumnSpec.VARIABLE) {
            return new ListVector(name, a, new FieldType(true, ArrowType.List.INSTANCE, null, meta), null);
        }
        return new FixedSizeListVector(name, a, new FieldType(true, new ArrowType.FixedSizeList(dim), null, meta), null);
    }

    private static FieldVector listChild(FieldVector parent, int dim) {
        ArrowType t = dim == ColumnSpec.VARIABLE ? ArrowType.List.INSTANCE : new ArrowType.FixedSizeList(dim);
        return addChild(parent, FieldType.nullable(t));
    }

    private static FieldVector leafChild(FieldVector parent, DType type) {
        return addChild(parent, FieldType.nullable(arrowType(type)));
    }

    private static FieldVector addChild(FieldVector parent, FieldType t) {
        if (parent instanceof ListVector l) {
            return (FieldVector) l.addOrGetVector(t).getVector();
        }
        return (FieldVector) ((FixedSizeListVector) parent).addOrGetVector(t).getVector();
    }

    /** Sets validity/offsets of the list vector at nesting level {@code d}. */
    private static void fillLevel(FieldVector v, Column c, int d, long entries) {
        int rank = c.spec().rank();
        if (v instanceof ListVector l) {
            l.setInitialCapacity((int) entries);
            l.allocateNew();
            int k = 0;
            for (int r = 0; r < c.rows(); r++) {
                int[] s = c.rowShape(r);
                long reps = 1;
                for (int e = 0; e < d; e++) {
                    reps *= s[e];
                }
                if (c.isNull(r)) {
                    if (d == 0) {
                        l.setNull(k++);
                    }
                    continue;
                }
                for (long i = 0; i < reps; i++) {
                    l.startNewValue(k);
                    l.endValue(k, s[d]);
                    k++;
                }
            }
            l.setValueCount(k);
        } else {
            FixedSizeListVector f = (FixedSizeListVector) v;
            f.setInitialCapacity((int) entries);
            f.allocateNew();
            int k = 0;
            for (int r = 0; r < c.rows(); r++) {
                int[] s = c.rowShape(r);
                long reps = 1;
                for (int e = 0; e < d; e++) {
                    reps *= s[e];
                }
                if (c.isNull(r)) {
                    if (d == 0) {
                        f.setNull(k++);
                    }
                    continue;
                }
                for (long i = 0; i < reps; i++) {
                    f.setNotNull(k++);
                }
            }
            f.setValueCount(k);
        }
        if (rank == 0) {
            throw new IllegalStateException();
        }
    }

    private static ArrowType arrowType(DType t) {
        return switch (t) {
            case BOOL -> ArrowType.Bool.INSTANCE;
            case INT8 -> new ArrowType.Int(8, true);
            case UINT8 -> new ArrowType.Int(8, false);
            case INT16 -> new ArrowType.Int(16, true);
            case INT32 -> new ArrowType.Int(32, true);
            case INT64 -> new ArrowType.Int(64, true);
            case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case STRING -> ArrowType.Utf8.INSTANCE;
        };
    }

    private static FieldVector leafVector(String name, DType t, BufferAllocator a, Map<String, String> meta) {
        FieldType ft = new FieldType(true, arrowType(t), null, meta);
        return switch (t) {
            case BOOL -> new BitVector(name, ft, a);
            case INT8 -> new TinyIntVector(name, ft, a);
            case UINT8 -> new UInt1Vector(name, ft, a);
            case INT16 -> new SmallIntVector(name, ft, a);
            case INT32 -> new IntVector(name, ft, a);
            case INT64 -> new BigIntVector(name, ft, a);
            case FLOAT32 -> new Float4Vector(name, ft, a);
            case FLOAT64 -> new Float8Vector(name, ft, a);
            case STRING -> new VarCharVector(name, ft, a);
        };
    }

    /**
     * Fills a leaf vector: for scalars one value per row (nulls kept); for arrays all elements of
     * all non-null rows back to back.
     */
    private static void fillLeaf(FieldVector v, Column c, int fromRow, int toRow, int count, boolean scalar) {
        v.setInitialCapacity(count);
        v.allocateNew();
        Object data = c.unsafeData();
        int k = 0;
        for (int r = fromRow; r < toRow; r++) {
            if (c.isNull(r)) {
                if (scalar) {
                    v.setNull(k++);
                }
                continue;
            }
            long start = c.elementOffset(r);
            long n = c.rowElements(r);
            for (long e = start; e < start + n; e++) {
                setValue(v, k++, c.type(), data, (int) e);
            }
        }
        v.setValueCount(k);
    }

    private static void setValue(FieldVector v, int k, DType t, Object data, int e) {
        switch (t) {
            case BOOL -> ((BitVector) v).set(k, ((boolean[]) data)[e] ? 1 : 0);
            case INT8 -> ((TinyIntVector) v).set(k, ((byte[]) data)[e]);
            case UINT8 -> ((UInt1Vector) v).set(k, ((byte[]) data)[e]);
            case INT16 -> ((SmallIntVector) v).set(k, ((short[]) data)[e]);
            case INT32 -> ((IntVector) v).set(k, ((int[]) data)[e]);
            case INT64 -> ((BigIntVector) v).set(k, ((long[]) data)[e]);
            case FLOAT32 -> ((Float4Vector) v).set(k, ((float[]) data)[e]);
            case FLOAT64 -> ((Float8Vector) v).set(k, ((double[]) data)[e]);
            case STRING -> ((VarCharVector) v).setSafe(k, ((String[]) data)[e].getBytes(StandardCharsets.UTF_8));
        }
    }
}
