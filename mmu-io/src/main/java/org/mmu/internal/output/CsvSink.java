package org.mmu.internal.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuInputException;
import org.mmu.core.Parallel;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * CSV ({@code .csv}; scalars only): a header, {@code *_arcsec} columns with a fixed number of
 * decimals (a contract for separations), other floats in shortest round-trip form, absent values
 * empty. Encoded straight into byte buffers by {@link CsvEncoder}, in rounds of
 * {@value #ROUND_ROWS} rows per thread whose chunks are written in row order: formatting numbers
 * is the cost (through strings it cost more than the match), and the buffers stay a few MB
 * whatever the batch size.
 */
final class CsvSink extends AtomicSink {
    /** Decimals of {@code *_arcsec} columns in pair files. */
    static final int ARCSEC_DECIMALS = 9;
    private static final int ROUND_ROWS = 1 << 16;

    private final OutputStream csv;
    private final CsvEncoder encoder;
    private final int threads;
    private final Parallel.Pool pool;
    private final CsvEncoder.Bytes[] chunks;

    private CsvSink(Path target, Path tmp, boolean overwrite, Schema schema, int decimals) throws IOException {
        super(target, tmp, overwrite, schema);
        this.encoder = new CsvEncoder(decimals);
        this.threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.pool = threads == 1 ? null : Parallel.pool("csv-encode", threads - 1, null);
        this.chunks = new CsvEncoder.Bytes[threads];
        for (int k = 0; k < threads; k++) {
            chunks[k] = new CsvEncoder.Bytes();
        }
        this.csv = Files.newOutputStream(tmp);
        StringBuilder header = new StringBuilder();
        for (ColumnSpec c : schema) {
            header.append(header.length() == 0 ? "" : ",").append(CsvEncoder.csvField(c.name()));
        }
        csv.write(header.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A CSV file whatever the name, {@code *_arcsec} columns with the given decimals (0 to 15); array columns are refused. */
    static CsvSink open(Path out, Schema schema, boolean overwrite, int decimals) {
        if (decimals < 0 || decimals > 15) {
            throw new MmuInputException("decimals must be in [0, 15], got " + decimals);
        }
        requireScalars(out, schema, "CSV cannot; write .parquet or .jsonl");
        return open(out, overwrite, (t, tmp) -> new CsvSink(t, tmp, overwrite, schema, decimals));
    }

    static void requireScalars(Path out, Schema schema, String instead) {
        for (ColumnSpec c : schema) {
            if (!c.isScalar()) {
                throw new MmuInputException(out + ": column '" + c.name() + "' holds arrays, which " + instead);
            }
        }
    }

    @Override
    void append(RowBatch batch) throws IOException {
        requireSchema(batch);
        Column[] cols = batch.columns().toArray(new Column[0]);
        int n = batch.rowCount();
        int t = pool == null ? 1 : threads;
        for (int from = 0; from < n; from += t * ROUND_ROWS) {
            int start = from;
            int parts = (int) Math.min(t, (n - (long) from + ROUND_ROWS - 1) / ROUND_ROWS);
            List<Future<Object>> pending = new ArrayList<>();
            for (int k = 1; k < parts; k++) {
                int f = start + k * ROUND_ROWS;
                CsvEncoder.Bytes out = chunks[k];
                pending.add(pool.submit(() -> {
                    encoder.encode(cols, f, Math.min(n, f + ROUND_ROWS), out);
                    return null;
                }));
            }
            encoder.encode(cols, start, Math.min(n, start + ROUND_ROWS), chunks[0]);
            for (Future<Object> p : pending) {
                Parallel.await(p, "encoding CSV for " + target);
            }
            for (int k = 0; k < parts; k++) {
                csv.write(chunks[k].bytes, 0, chunks[k].size);
                chunks[k].size = 0;
            }
        }
    }

    @Override
    void finish() throws IOException {
        csv.close();
    }

    @Override
    void release() {
        if (pool != null) {
            pool.close();
        }
    }
}
