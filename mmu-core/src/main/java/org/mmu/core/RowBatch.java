package org.mmu.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Rows of several columns held columnar: what readers return and what writers take. Immutable.
 * Rows are visited as {@link Example}s or exported to Arrow with {@link ArrowExport}.
 */
public final class RowBatch implements Iterable<Example> {
    private final Schema schema;
    private final List<Column> columns;
    private final int rows;

    private RowBatch(Schema schema, List<Column> columns, int rows) {
        this.schema = schema;
        this.columns = columns;
        this.rows = rows;
    }

    /** A batch of the given columns, all of the same row count. */
    public static RowBatch of(List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one column; use empty(schema)");
        }
        int rows = columns.get(0).rows();
        List<ColumnSpec> specs = new ArrayList<>();
        for (Column c : columns) {
            if (c.rows() != rows) {
                throw new IllegalArgumentException("column '" + c.name() + "' has " + c.rows()
                        + " rows, column '" + columns.get(0).name() + "' has " + rows);
            }
            specs.add(c.spec());
        }
        return new RowBatch(Schema.of(specs), List.copyOf(columns), rows);
    }

    public static RowBatch of(Column... columns) {
        return of(List.of(columns));
    }

    /** A batch with no rows. */
    public static RowBatch empty(Schema schema) {
        List<Column> cols = new ArrayList<>();
        for (ColumnSpec s : schema) {
            cols.add(new ColumnBuilder(s, 0).build());
        }
        return new RowBatch(schema, List.copyOf(cols), 0);
    }

    public Schema schema() {
        return schema;
    }

    public int rowCount() {
        return rows;
    }

    public List<Column> columns() {
        return columns;
    }

    public Column column(String name) {
        int i = schema.indexOf(name);
        if (i < 0) {
            throw new MmuInputException(schema.noSuchColumn(name));
        }
        return columns.get(i);
    }

    public Column column(int i) {
        return columns.get(i);
    }

    public Example row(int i) {
        java.util.Objects.checkIndex(i, rows);
        return new Example(this, i);
    }

    /** Only the named columns, in that order. */
    public RowBatch select(Collection<String> names) {
        Schema s = schema.select(names);
        List<Column> cols = new ArrayList<>();
        for (ColumnSpec c : s) {
            cols.add(column(c.name()));
        }
        return new RowBatch(s, List.copyOf(cols), rows);
    }

    /** The rows at the given positions, in that order. */
    public RowBatch gather(int[] positions) {
        List<Column> cols = new ArrayList<>(columns.size());
        for (Column c : columns) {
            cols.add(c.gather(positions));
        }
        return rebuild(cols, positions.length);
    }

    /**
     * The rows at the given positions, where {@code -1} gives a row of nulls (an absent partner
     * in an outer join).
     */
    public RowBatch gatherOrNull(int[] positions) {
        List<Column> cols = new ArrayList<>(columns.size());
        for (Column c : columns) {
            ColumnBuilder b = new ColumnBuilder(c.spec(), positions.length);
            for (int p : positions) {
                if (p < 0) {
                    b.appendNull();
                } else {
                    b.appendFrom(c, p);
                }
            }
            cols.add(b.build());
        }
        return rebuild(cols, positions.length);
    }

    /** This batch's columns followed by another's (same row count; names must not clash). */
    public RowBatch withColumns(List<Column> more) {
        List<Column> cols = new ArrayList<>(columns);
        cols.addAll(more);
        return cols.isEmpty() ? this : of(cols);
    }

    /** Every column renamed with a prefix, e.g. {@code "hsc_"}. */
    public RowBatch prefixed(String prefix) {
        List<Column> cols = new ArrayList<>(columns.size());
        for (Column c : columns) {
            cols.add(c.renamed(prefix + c.name()));
        }
        return rebuild(cols, rows);
    }

    /** Batches of the same column names stacked row-wise. */
    public static RowBatch concat(List<RowBatch> batches) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        if (batches.size() == 1) {
            return batches.get(0);
        }
        Schema first = batches.get(0).schema;
        List<Column> cols = new ArrayList<>();
        int total = 0;
        for (RowBatch b : batches) {
            if (!b.schema.names().equals(first.names())) {
                throw new MmuInputException("cannot stack batches with columns " + first.names() + " and "
                        + b.schema.names());
            }
            total += b.rows;
        }
        for (int i = 0; i < first.size(); i++) {
            List<Column> parts = new ArrayList<>(batches.size());
            for (RowBatch b : batches) {
                parts.add(b.columns.get(i));
            }
            cols.add(Column.concat(parts));
        }
        return new RowBatch(specsOf(cols), List.copyOf(cols), total);
    }

    private static RowBatch rebuild(List<Column> cols, int rows) {
        return new RowBatch(specsOf(cols), List.copyOf(cols), rows);
    }

    private static Schema specsOf(List<Column> cols) {
        return Schema.of(cols.stream().map(Column::spec).toList());
    }

    @Override
    public Iterator<Example> iterator() {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < rows;
            }

            @Override
            public Example next() {
                if (next >= rows) {
                    throw new NoSuchElementException();
                }
                return new Example(RowBatch.this, next++);
            }
        };
    }

    @Override
    public String toString() {
        return "RowBatch" + schema.names() + " x " + rows;
    }
}
