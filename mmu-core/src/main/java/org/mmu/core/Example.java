package org.mmu.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One object's data: a typed view of one row of a {@link RowBatch}. Scalars by name with the
 * getter of their type, arrays as {@link NdArray} with their own shape (a spectrum keeps the
 * length of the file it came from).
 */
public final class Example {
    private final RowBatch batch;
    private final int row;

    Example(RowBatch batch, int row) {
        this.batch = batch;
        this.row = row;
    }

    public Schema schema() {
        return batch.schema();
    }

    public double getDouble(String column) {
        return batch.column(column).getDouble(row);
    }

    public float getFloat(String column) {
        return (float) batch.column(column).getDouble(row);
    }

    public long getLong(String column) {
        return batch.column(column).getLong(row);
    }

    public int getInt(String column) {
        return Math.toIntExact(batch.column(column).getLong(row));
    }

    public boolean getBoolean(String column) {
        return batch.column(column).getBoolean(row);
    }

    /** A string column's value; other scalars in their decimal form. */
    public String getString(String column) {
        return batch.column(column).getString(row);
    }

    public NdArray getArray(String column) {
        return batch.column(column).getArray(row);
    }

    public boolean isNull(String column) {
        return batch.column(column).isNull(row);
    }

    /** The value boxed (Long, Double, String, Boolean, NdArray), or null. */
    public Object get(String column) {
        return batch.column(column).get(row);
    }

    /** All values by column name, in schema order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (ColumnSpec c : batch.schema()) {
            m.put(c.name(), get(c.name()));
        }
        return m;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
