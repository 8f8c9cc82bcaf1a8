package org.mmu.internal.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.mmu.core.Column;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.parquet.ColumnarParquetWriter;
import org.mmu.internal.parquet.ParquetBatchWriter;

/**
 * The one family of table outputs, by file extension, all committed the same way
 * ({@link AtomicSink}: a temporary name, renamed into place on commit, deleted otherwise):
 * <ul>
 *   <li>{@code .parquet}: tables (arrays as lists with their shape in the metadata) through
 *       {@link ParquetBatchWriter}; pair files (scalars) a page at a time through
 *       {@link ColumnarParquetWriter} (nullable scalars, SNAPPY, 64 Ki-row pages, the schema the
 *       table profile writes), which keeps {@code --out pairs.parquet} as fast as CSV;</li>
 *   <li>{@code .arrow}: Arrow IPC ({@link ArrowSink});</li>
 *   <li>{@code .jsonl}/{@code .ndjson}: one JSON object per row, arrays as nested lists, NaN and
 *       infinities as {@code null};</li>
 *   <li>{@code .csv}: scalars only ({@link CsvSink}).</li>
 * </ul>
 */
public final class TableSinks {
    private TableSinks() {
    }

    /** Whether {@link #open} can write a file of this name. */
    public static boolean supports(Path out) {
        String n = name(out);
        return n.endsWith(".parquet") || n.endsWith(".arrow") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    /**
     * Opens a table sink for {@code out} ({@code .parquet}, {@code .arrow}, {@code .jsonl}) with the given columns.
     *
     * @param overwrite replace an existing file on commit; otherwise an existing {@code out} is an error now
     */
    public static TableSink open(Path out, Schema schema, boolean overwrite) {
        if (!supports(out)) {
            throw new MmuInputException(out + ": unknown output format; use a name ending in .parquet, .arrow or .jsonl");
        }
        String n = name(out);
        if (n.endsWith(".arrow")) {
            return ArrowSink.open(out, schema, overwrite);
        }
        if (n.endsWith(".parquet")) {
            return AtomicSink.open(out, overwrite, (t, tmp) -> new ParquetSink(t, tmp, overwrite, schema));
        }
        return AtomicSink.open(out, overwrite, (t, tmp) -> new JsonLinesSink(t, tmp, overwrite, schema));
    }

    /**
     * Opens a pair file ({@code mmu xmatch}: ids, separations, group columns; scalars only):
     * Parquet when the name ends in {@code .parquet}, else CSV with {@code *_arcsec} columns to
     * {@value CsvSink#ARCSEC_DECIMALS} decimals.
     */
    public static TableSink openPairs(Path out, Schema schema, boolean overwrite) {
        if (!name(out).endsWith(".parquet")) {
            return openCsv(out, schema, overwrite, CsvSink.ARCSEC_DECIMALS);
        }
        CsvSink.requireScalars(out, schema, "a pair file cannot");
        return AtomicSink.open(out, overwrite, (t, tmp) -> new PairParquetSink(t, tmp, overwrite, schema));
    }

    /** Opens a CSV file whatever the name: {@code *_arcsec} columns with {@code decimals} decimals (0 to 15), scalars only. */
    public static TableSink openCsv(Path out, Schema schema, boolean overwrite, int decimals) {
        return CsvSink.open(out, schema, overwrite, decimals);
    }

    /** Writes a whole table and commits: {@code .parquet}, {@code .arrow}, {@code .jsonl}/{@code .ndjson} or {@code .csv}. */
    public static void write(RowBatch table, Path out, boolean overwrite) {
        if (!supports(out) && !name(out).endsWith(".csv")) {
            throw new MmuInputException(out + ": unknown output format; use a name ending in .parquet, .arrow, .jsonl or .csv");
        }
        try (TableSink sink = name(out).endsWith(".csv")
                ? openCsv(out, table.schema(), overwrite, CsvSink.ARCSEC_DECIMALS)
                : open(out, table.schema(), overwrite)) {
            sink.write(table);
            sink.commit();
        }
    }

    private static String name(Path out) {
        return out.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    private static final class ParquetSink extends AtomicSink {
        private final ParquetBatchWriter writer;

        ParquetSink(Path target, Path tmp, boolean overwrite, Schema schema) {
            super(target, tmp, overwrite, schema);
            this.writer = new ParquetBatchWriter(tmp, schema, Map.of(), ParquetBatchWriter.Profile.TABLE);
        }

        @Override
        void append(RowBatch batch) {
            writer.write(batch);
        }

        @Override
        void finish() {
            writer.close();
        }
    }

    private static final class PairParquetSink extends AtomicSink {
        private final ColumnarParquetWriter writer;

        PairParquetSink(Path target, Path tmp, boolean overwrite, Schema schema) throws IOException {
            super(target, tmp, overwrite, schema);
            this.writer = new ColumnarParquetWriter(tmp, schema);
        }

        @Override
        void append(RowBatch batch) throws IOException {
            requireSchema(batch);
            writer.write(batch);
        }

        @Override
        void finish() throws IOException {
            writer.close();
        }
    }

    /** One JSON object per row; arrays as nested lists; NaN and infinities as null. */
    private static final class JsonLinesSink extends AtomicSink {
        private final OutputStream os;
        private final JsonGenerator g;

        JsonLinesSink(Path target, Path tmp, boolean overwrite, Schema schema) {
            super(target, tmp, overwrite, schema);
            try {
                this.os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                this.g = new JsonFactory().createGenerator(os, JsonEncoding.UTF8);
            } catch (IOException e) {
                throw new MmuStorageException(target.toString(), "cannot write output", e);
            }
            g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
        }

        @Override
        void append(RowBatch batch) throws IOException {
            writeJsonRows(g, batch);
        }

        @Override
        void finish() throws IOException {
            if (rowsWritten() > 0) {
                g.writeRaw('\n');
            }
            g.close();
            os.close();
        }
    }

    /** Writes each row of {@code table} as one JSON object (the generator separates roots by newlines). */
    private static void writeJsonRows(JsonGenerator g, RowBatch table) throws IOException {
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
}
