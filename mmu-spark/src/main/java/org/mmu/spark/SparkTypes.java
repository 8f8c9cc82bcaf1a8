package org.mmu.spark;

import java.util.Arrays;

import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.ObjectIds;
import org.mmu.core.Schema;

/**
 * Our columns as Spark columns. Scalars map to the Spark type of the same width ({@code uint8}
 * widens to short, so 200 stays 200); arrays become a flat {@code array<type>} of the row's
 * values in row-major order, with the column's shape in the field metadata under
 * {@value #SHAPE_KEY} ({@code [3, 32, 32]}; {@code -1} for a dimension that varies by row, as in
 * the Parquet output of {@code mmu load}).
 */
final class SparkTypes {
    /** Field metadata key holding an array column's per-row shape, e.g. {@code [3,32,32]}. */
    static final String SHAPE_KEY = "mmu.shape";

    private SparkTypes() {
    }

    static StructType structOf(Schema schema) {
        StructField[] fields = new StructField[schema.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = field(schema.get(i));
        }
        return new StructType(fields);
    }

    static StructField field(ColumnSpec spec) {
        DataType element = elementType(spec.type());
        if (spec.isScalar()) {
            return new StructField(spec.name(), element, true, Metadata.empty());
        }
        Metadata shape = new MetadataBuilder().putString(SHAPE_KEY, shapeLabel(spec.shape())).build();
        return new StructField(spec.name(), DataTypes.createArrayType(element, false), true, shape);
    }

    static String shapeLabel(int[] shape) {
        return Arrays.toString(shape).replace(" ", "");
    }

    static DataType elementType(DType type) {
        return switch (type) {
            case BOOL -> DataTypes.BooleanType;
            case INT8 -> DataTypes.ByteType;
            case UINT8, INT16 -> DataTypes.ShortType;
            case INT32 -> DataTypes.IntegerType;
            case INT64 -> DataTypes.LongType;
            case FLOAT32 -> DataTypes.FloatType;
            case FLOAT64 -> DataTypes.DoubleType;
            case STRING -> DataTypes.StringType;
        };
    }

    static DataType idType(ObjectIds ids) {
        return ids instanceof ObjectIds.Longs ? DataTypes.LongType : DataTypes.StringType;
    }

    /** Row {@code r} of a column as Spark's internal value (null for a null row). */
    static Object value(Column c, int r) {
        if (c.isNull(r)) {
            return null;
        }
        Object data = c.unsafeData();
        if (c.spec().isScalar()) {
            return switch (c.type()) {
                case BOOL -> ((boolean[]) data)[r];
                case INT8 -> ((byte[]) data)[r];
                case UINT8 -> (short) Byte.toUnsignedInt(((byte[]) data)[r]);
                case INT16 -> ((short[]) data)[r];
                case INT32 -> ((int[]) data)[r];
                case INT64 -> ((long[]) data)[r];
                case FLOAT32 -> ((float[]) data)[r];
                case FLOAT64 -> ((double[]) data)[r];
                case STRING -> UTF8String.fromString(((String[]) data)[r]);
            };
        }
        int from = Math.toIntExact(c.elementOffset(r));
        int to = Math.toIntExact(from + c.rowElements(r));
        return switch (c.type()) {
            case BOOL -> new GenericArrayData(boxed(Arrays.copyOfRange((boolean[]) data, from, to)));
            case INT8 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange((byte[]) data, from, to));
            case UINT8 -> {
                short[] s = new short[to - from];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (short) Byte.toUnsignedInt(((byte[]) data)[from + i]);
                }
                yield UnsafeArrayData.fromPrimitiveArray(s);
            }
            case INT16 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange((short[]) data, from, to));
            case INT32 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange((int[]) data, from, to));
            case INT64 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange((long[]) data, from, to));
            case FLOAT32 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange((float[]) data, from, to));
            case FLOAT64 -> UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange((double[]) data, from, to));
            case STRING -> throw new IllegalStateException("string arrays do not exist (column " + c.name() + ")");
        };
    }

    private static Object[] boxed(boolean[] b) {
        Object[] o = new Object[b.length];
        for (int i = 0; i < b.length; i++) {
            o[i] = b[i];
        }
        return o;
    }

    static GenericInternalRow row(Object[] values) {
        return new GenericInternalRow(values);
    }
}
