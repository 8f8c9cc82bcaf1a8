package org.mmu.io.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.io.parquet.ParquetBatchWriter;

/**
 * Writes tables to files, atomically: Parquet ({@code .parquet}, arrays as lists with their
 * shape in the metadata), Arrow IPC ({@code .arrow}, {@link ArrowIpcWriter}), JSON Lines ({@code .jsonl}: one object per row, arrays as nested lists,
 * NaN and infinities as {@code null}), and CSV (scalars only; floats with full precision).
 */
public final class TableWriters {
    private TableWriters() {
    }

    /** Writes by file extension: {@code .parquet}, {@code .arrow}, {@code .jsonl}/{@code .ndjson}, or {@code .csv}. */
    public static void write(RowBatch table, Path out, boolean overwrite) {
        String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".parquet")) {
            writeParquet(table, out, overwrite);
        } else if (n.endsWith(".arrow")) {
            ArrowIpcWriter.write(table, out, overwrite);
        } else if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            writeJsonLines(table, out, overwrite);
        } else if (n.endsWith(".csv")) {
            writeCsv(table, out, overwrite, 9);
        } else {
            throw new MmuInputException(out + ": unknown output format; use a name ending in .parquet, .arrow, .jsonl or .csv");
        }
    }

    public static void writeParquet(RowBatch table, Path out, boolean overwrite) {
        AtomicFiles.write(out, overwrite, tmp -> {
            try (ParquetBatchWriter w = new ParquetBatchWriter(tmp, table.schema(), Map.of(),
                    ParquetBatchWriter.Profile.TABLE)) {
                w.write(table);
            }
        });
    }

    public static void writeJsonLines(RowBatch table, Path out, boolean overwrite) {
        try (TableSink sink = TableSinks.open(out, table.schema(), overwrite)) {
            sink.write(table);
            sink.commit();
        }
    }

    /** Writes each row of {@code table} as one JSON object (the generator separates roots by newlines). */
    static void writeJsonRows(JsonGenerator g, RowBatch table) throws IOException {
        for (int r = 0; r < table.rowCount(); r++) {
            g.writeStartObject();
            for (Column c : table.columns()) {
                g.writeFieldName(c.name());
                if (c.isNull(r)) {
                    g.writeNull();
                } else if (c.spec().isScalar()) {
                    writeScalar(g, c, r);
                } else {
                    writeArray(g, c, r);
                }
            }
            g.writeEndObject();
        }
    }

    private static void writeScalar(JsonGenerator g, Column c, int r) throws IOException {
        switch (c.type()) {
            case BOOL -> g.writeBoolean(c.getBoolean(r));
            case STRING -> g.writeString(c.getString(r));
            case FLOAT32, FLOAT64 -> writeNumber(g, c.getDouble(r), c.type());
            default -> g.writeNumber(c.getLong(r));
        }
    }

    private static void writeNumber(JsonGenerator g, double v, DType t) throws IOException {
        if (!Double.isFinite(v)) {
            g.writeNull();
        } else if (t == DType.FLOAT32) {
            g.writeNumber((float) v);
        } else {
            g.writeNumber(v);
        }
    }

    private static void writeArray(JsonGenerator g, Column c, int r) throws IOException {
        int[] shape = c.rowShape(r);
        Object data = c.unsafeData();
        long[] next = {c.elementOffset(r)};
        writeLevel(g, c.type(), data, shape, 0, next);
    }

    private static void writeLevel(JsonGenerator g, DType t, Object data, int[] shape, int d, long[] next)
            throws IOException {
        g.writeStartArray();
        for (int i = 0; i < shape[d]; i++) {
            if (d + 1 < shape.length) {
                writeLevel(g, t, data, shape, d + 1, next);
            } else {
                int e = (int) next[0]++;
                switch (t) {
                    case FLOAT32 -> writeNumber(g, ((float[]) data)[e], t);
                    case FLOAT64 -> writeNumber(g, ((double[]) data)[e], t);
                    case BOOL -> g.writeBoolean(((boolean[]) data)[e]);
                    case INT8 -> g.writeNumber(((byte[]) data)[e]);
                    case UINT8 -> g.writeNumber(((byte[]) data)[e] & 0xff);
                    case INT16 -> g.writeNumber(((short[]) data)[e]);
                    case INT32 -> g.writeNumber(((int[]) data)[e]);
                    case INT64 -> g.writeNumber(((long[]) data)[e]);
                    case STRING -> g.writeString(((String[]) data)[e]);
                }
            }
        }
        g.writeEndArray();
    }

    /**
     * CSV with a header; floats printed with {@code floatDecimals} decimals (a fixed-point
     * contract for separations) when the column name ends in {@code _arcsec}, other floats in
     * their shortest round-trip form. Array columns are refused. Encoded by {@link PairWriter}.
     */
    public static void writeCsv(RowBatch table, Path out, boolean overwrite, int floatDecimals) {
        for (ColumnSpec c : table.schema()) {
            if (!c.isScalar()) {
                throw new MmuInputException(out + ": column '" + c.name() + "' holds arrays, which CSV cannot; "
                        + "write .parquet or .jsonl");
            }
        }
        try (PairWriter w = PairWriter.openCsv(out, table.schema(), overwrite, floatDecimals)) {
            w.write(table);
            w.commit();
        }
    }
}
