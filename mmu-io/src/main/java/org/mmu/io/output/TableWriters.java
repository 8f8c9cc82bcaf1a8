package org.mmu.io.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.io.parquet.ParquetBatchWriter;

/**
 * Writes tables to files, atomically: Parquet ({@code .parquet}, arrays as lists with their
 * shape in the metadata), JSON Lines ({@code .jsonl}: one object per row, arrays as nested lists,
 * NaN and infinities as {@code null}), and CSV (scalars only; floats with full precision).
 */
public final class TableWriters {
    private TableWriters() {
    }

    /** Writes by file extension: {@code .parquet}, {@code .jsonl}/{@code .ndjson}, or {@code .csv}. */
    public static void write(RowBatch table, Path out, boolean overwrite) {
        String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".parquet")) {
            writeParquet(table, out, overwrite);
        } else if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            writeJsonLines(table, out, overwrite);
        } else if (n.endsWith(".csv")) {
            writeCsv(table, out, overwrite, 9);
        } else {
            throw new MmuInputException(out + ": unknown output format; use a name ending in .parquet, .jsonl or .csv");
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
        AtomicFiles.write(out, overwrite, tmp -> {
            JsonFactory f = new JsonFactory();
            try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                    JsonGenerator g = f.createGenerator(os, JsonEncoding.UTF8)) {
                g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
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
                g.writeRaw('\n');
            }
        });
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
     * contract for separations) unless the column is float64 data, which keeps its shortest
     * round-trip form. Array columns are refused.
     */
    public static void writeCsv(RowBatch table, Path out, boolean overwrite, int floatDecimals) {
        for (ColumnSpec c : table.schema()) {
            if (!c.isScalar()) {
                throw new MmuInputException(out + ": column '" + c.name() + "' holds arrays, which CSV cannot; "
                        + "write .parquet or .jsonl");
            }
        }
        AtomicFiles.write(out, overwrite, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(String.join(",", table.schema().names().stream().map(TableWriters::csvField).toList()));
                w.write('\n');
                StringBuilder line = new StringBuilder();
                for (int r = 0; r < table.rowCount(); r++) {
                    line.setLength(0);
                    for (int i = 0; i < table.columns().size(); i++) {
                        Column c = table.column(i);
                        if (i > 0) {
                            line.append(',');
                        }
                        if (c.isNull(r)) {
                            continue;
                        }
                        switch (c.type()) {
                            case FLOAT32, FLOAT64 -> {
                                double v = c.getDouble(r);
                                if (c.name().endsWith("_arcsec")) {
                                    appendFixed(line, v, floatDecimals);
                                } else {
                                    line.append(c.type() == DType.FLOAT32 ? Float.toString((float) v) : Double.toString(v));
                                }
                            }
                            case STRING -> line.append(csvField(c.getString(r)));
                            case BOOL -> line.append(c.getBoolean(r));
                            default -> line.append(c.getLong(r));
                        }
                    }
                    line.append('\n');
                    w.append(line);
                }
            }
        });
    }

    /**
     * Appends {@code v} with exactly {@code decimals} decimals (rounded half up), as
     * {@code String.format("%.9f")} would but without its cost, which dominated writing millions
     * of pairs. Falls back to String.format where scaling would lose integer precision.
     */
    static void appendFixed(StringBuilder out, double v, int decimals) {
        double scale = Math.pow(10, decimals);
        double scaled = Math.abs(v) * scale;
        if (!Double.isFinite(v) || scaled >= 0x1p52) {
            out.append(String.format(Locale.ROOT, "%." + decimals + "f", v));
            return;
        }
        long units = Math.round(scaled);
        long whole = units / (long) scale;
        long frac = units % (long) scale;
        if (v < 0 && units != 0) {
            out.append('-');
        }
        out.append(whole);
        if (decimals > 0) {
            out.append('.');
            String f = Long.toString(frac);
            for (int i = f.length(); i < decimals; i++) {
                out.append('0');
            }
            out.append(f);
        }
    }

    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
