package org.mmu.internal.output;

import java.nio.file.Path;

import org.mmu.core.RowBatch;

/**
 * One-shot writes of a whole table, by file extension, through the sinks of {@link TableSinks}
 * (the same encoders and the same atomic commit as writing batch by batch).
 */
public final class TableWriters {
    private TableWriters() {
    }

    /** Writes by file extension: {@code .parquet}, {@code .arrow}, {@code .jsonl}/{@code .ndjson}, or {@code .csv}. */
    public static void write(RowBatch table, Path out, boolean overwrite) {
        TableSinks.write(table, out, overwrite);
    }

    /**
     * CSV with a header; floats printed with {@code floatDecimals} decimals (a fixed-point
     * contract for separations) when the column name ends in {@code _arcsec}, other floats in
     * their shortest round-trip form. Array columns are refused.
     */
    public static void writeCsv(RowBatch table, Path out, boolean overwrite, int floatDecimals) {
        try (TableSink sink = TableSinks.openCsv(out, table.schema(), overwrite, floatDecimals)) {
            sink.write(table);
            sink.commit();
        }
    }
}
