package org.mmu.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.mmu.core.Column;
import org.mmu.core.DType;
import org.mmu.core.RowBatch;

/**
 * Our columns as Spark's columnar vectors, without copying: Spark reads the primitive arrays
 * the SDK decoded (types as {@link SparkTypes} maps them: {@code uint8} widened to short, arrays
 * as {@code array<type>} over the flat row-major values). No object per row or per pair.
 */
final class ColumnVectors {
    private ColumnVectors() {
    }

    /**
     * A batch of {@code schema}'s columns, taken by name from {@code columns}; separations (float64
     * columns named {@code *separation_arcsec}) read NaN as null, as the pairs' absent partners.
     */
    static ColumnarBatch batch(StructType schema, RowBatch columns) {
        ColumnVector[] v = new ColumnVector[schema.fields().length];
        for (int f = 0; f < v.length; f++) {
            String name = schema.fields()[f].name();
            v[f] = new OfColumn(schema.fields()[f].dataType(), columns.column(name), name.endsWith("separation_arcsec"));
        }
        return new ColumnarBatch(v, columns.rowCount());
    }

    /**
     * One column of ours ({@code column} non-null: nulls and array offsets from it), or the flat
     * element values of an array column ({@code column} null: one element per position, never null).
     */
    private static final class OfColumn extends ColumnVector {
        private final Column column;
        private final DType dtype;
        private final Object data;
        private final boolean nanIsNull;
        private final OfColumn elements;

        OfColumn(DataType type, Column column, boolean nanIsNull) {
            this(type, column, column.type(), column.unsafeData(), nanIsNull && column.type() == DType.FLOAT64);
        }

        private OfColumn(DataType type, Column column, DType dtype, Object data, boolean nanIsNull) {
            super(type);
            this.column = column;
            this.dtype = dtype;
            this.data = data;
            this.nanIsNull = nanIsNull;
            this.elements = column == null || column.spec().isScalar() ? null
                    : new OfColumn(((org.apache.spark.sql.types.ArrayType) type).elementType(), null, dtype, data, false);
        }

        @Override
        public void close() {
        }

        @Override
        public boolean hasNull() {
            return column != null && (column.hasNulls() || nanIsNull);
        }

        @Override
        public int numNulls() {
            int n = 0;
            for (int i = 0; column != null && i < column.rows(); i++) {
                n += isNullAt(i) ? 1 : 0;
            }
            return n;
        }

        @Override
        public boolean isNullAt(int r) {
            return column != null && (column.isNull(r) || nanIsNull && Double.isNaN(((double[]) data)[r]));
        }

        @Override
        public boolean getBoolean(int r) {
            return ((boolean[]) data)[r];
        }

        @Override
        public byte getByte(int r) {
            return ((byte[]) data)[r];
        }

        @Override
        public short getShort(int r) { // uint8 widens: 200 stays 200
            return dtype == DType.UINT8 ? (short) Byte.toUnsignedInt(((byte[]) data)[r]) : ((short[]) data)[r];
        }

        @Override
        public int getInt(int r) {
            return ((int[]) data)[r];
        }

        @Override
        public long getLong(int r) {
            return ((long[]) data)[r];
        }

        @Override
        public float getFloat(int r) {
            return ((float[]) data)[r];
        }

        @Override
        public double getDouble(int r) {
            return ((double[]) data)[r];
        }

        @Override
        public ColumnarArray getArray(int r) {
            return new ColumnarArray(elements, Math.toIntExact(column.elementOffset(r)),
                    Math.toIntExact(column.rowElements(r)));
        }

        @Override
        public ColumnarMap getMap(int r) {
            throw new UnsupportedOperationException("no map columns");
        }

        @Override
        public Decimal getDecimal(int r, int precision, int scale) {
            throw new UnsupportedOperationException("no decimal columns");
        }

        @Override
        public UTF8String getUTF8String(int r) {
            return UTF8String.fromString(((String[]) data)[r]);
        }

        @Override
        public byte[] getBinary(int r) {
            throw new UnsupportedOperationException("no binary columns");
        }

        @Override
        public ColumnVector getChild(int ordinal) {
            throw new UnsupportedOperationException("no struct columns");
        }
    }
}
