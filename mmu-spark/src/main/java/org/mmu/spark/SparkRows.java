package org.mmu.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Row;
import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;

/** Collected Spark rows back into our columns, so the CLI writes them with the SDK's writers (as {@code mmu} does). */
final class SparkRows {
    private SparkRows() {
    }

    /** The first {@code specs.size()} fields of the rows as columns of those specs. */
    static RowBatch toBatch(List<Row> rows, List<ColumnSpec> specs) {
        List<Column> cols = new ArrayList<>();
        for (int f = 0; f < specs.size(); f++) {
            ColumnSpec spec = specs.get(f);
            ColumnBuilder b = new ColumnBuilder(spec, rows.size());
            for (Row r : rows) {
                append(b, spec, r, f);
            }
            cols.add(b.build());
        }
        return RowBatch.of(cols);
    }

    private static void append(ColumnBuilder b, ColumnSpec spec, Row r, int f) {
        if (r.isNullAt(f)) {
            if (spec.isScalar() && spec.type() == DType.FLOAT64 && spec.name().equals("separation_arcsec")) {
                b.appendDouble(Double.NaN); // as the engine: an absent partner's separation is NaN
            } else {
                b.appendNull();
            }
            return;
        }
        if (spec.isScalar()) {
            switch (spec.type()) {
                case BOOL -> b.appendBoolean(r.getBoolean(f));
                case FLOAT32, FLOAT64 -> b.appendDouble(((Number) r.get(f)).doubleValue());
                case STRING -> b.appendString(r.getString(f));
                default -> b.appendLong(((Number) r.get(f)).longValue());
            }
            return;
        }
        List<Object> values = r.getList(f);
        int n = values.size();
        Object flat = spec.type().newArray(n);
        for (int i = 0; i < n; i++) {
            Object v = values.get(i);
            switch (spec.type()) {
                case BOOL -> ((boolean[]) flat)[i] = (Boolean) v;
                case INT8 -> ((byte[]) flat)[i] = (Byte) v;
                case UINT8 -> ((byte[]) flat)[i] = (byte) ((Short) v).shortValue();
                case INT16 -> ((short[]) flat)[i] = (Short) v;
                case INT32 -> ((int[]) flat)[i] = (Integer) v;
                case INT64 -> ((long[]) flat)[i] = (Long) v;
                case FLOAT32 -> ((float[]) flat)[i] = (Float) v;
                case FLOAT64 -> ((double[]) flat)[i] = (Double) v;
                case STRING -> throw new IllegalStateException("string arrays do not exist");
            }
        }
        b.appendArray(flat, 0, shape(spec, n));
    }

    /** A row's shape: the column's, or its length for a 1-d column of varying length. */
    private static int[] shape(ColumnSpec spec, int elements) {
        int[] shape = spec.shape();
        if (spec.elementsPerRow() >= 0) {
            return shape;
        }
        if (shape.length == 1) {
            return new int[] {elements};
        }
        throw new MmuInputException("column '" + spec.name() + "' has shape " + spec.typeString()
                + " varying per row in more than one dimension: mmu-spark load keeps only its values; use mmu load");
    }
}
