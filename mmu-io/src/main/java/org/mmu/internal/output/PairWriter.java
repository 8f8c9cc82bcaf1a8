package org.mmu.internal.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.parquet.ColumnarParquetWriter;

/**
 * Writes match pairs (object ids, separations, group columns) to CSV or Parquet, batch after
 * batch, atomically: the rows go to a temporary file beside the target (a {@link Temporaries}
 * name), which {@link #commit()} renames into place as {@link AtomicFiles} does (without
 * {@code overwrite}, never over a file that appeared meanwhile); closing without committing
 * deletes it, so a failure leaves nothing behind.
 *
 * <pre>{@code
 * try (PairWriter w = PairWriter.open(Path.of("pairs.csv"), schema, false)) {
 *     for (RowBatch b : batches) {
 *         w.write(b);
 *     }
 *     w.commit();
 * }
 * }</pre>
 *
 * <p>CSV is the bytes {@link TableWriters#writeCsv(RowBatch, Path, boolean, int)} writes (a header,
 * {@code *_arcsec} columns with 9 decimals, other floats in shortest round-trip form, absent values
 * empty), encoded straight into a byte buffer: formatting through strings cost more than the
 * match. Parquet is written a page at a time by {@link ColumnarParquetWriter} (nullable scalars,
 * SNAPPY, 64 Ki-row pages), the schema the table profile of {@code ParquetBatchWriter} writes.
 * Not thread-safe.
 */
public final class PairWriter implements AutoCloseable {
    /** Decimals of {@code *_arcsec} columns in CSV. */
    public static final int ARCSEC_DECIMALS = 9;
    private static final int ROUND_ROWS = 1 << 16;

    private final Path target;
    private final Path tmp;
    private final boolean overwrite;
    private final Schema schema;
    private final OutputStream csv;
    private final ColumnarParquetWriter parquet;
    private final CsvEncoder encoder;
    private final int threads;
    private final java.util.concurrent.ExecutorService pool;
    private final CsvEncoder.Bytes[] chunks;
    private long rows;
    private boolean done;

    private PairWriter(Path target, Path tmp, Schema schema, boolean parquetFormat, int decimals, boolean overwrite)
            throws IOException {
        this.target = target;
        this.overwrite = overwrite;
        this.tmp = tmp;
        this.schema = schema;
        this.encoder = new CsvEncoder(decimals);
        this.threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        if (parquetFormat) {
            parquet = new ColumnarParquetWriter(tmp, schema);
            csv = null;
            pool = null;
            chunks = null;
        } else {
            parquet = null;
            csv = Files.newOutputStream(tmp);
            pool = threads == 1 ? null : java.util.concurrent.Executors.newFixedThreadPool(threads - 1, r -> {
                Thread th = new Thread(r, "mmu-pair-writer");
                th.setDaemon(true);
                return th;
            });
            chunks = new CsvEncoder.Bytes[threads];
            for (int k = 0; k < threads; k++) {
                chunks[k] = new CsvEncoder.Bytes();
            }
            StringBuilder header = new StringBuilder();
            for (ColumnSpec c : schema) {
                header.append(header.length() == 0 ? "" : ",").append(CsvEncoder.csvField(c.name()));
            }
            csv.write(header.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Opens a writer for {@code out}: Parquet when the name ends in {@code .parquet}, CSV
     * otherwise (as {@code mmu xmatch} always wrote). The schema's columns must be scalars.
     *
     * @param overwrite replace an existing file at commit; otherwise an existing file is an error
     */
    public static PairWriter open(Path out, Schema schema, boolean overwrite) {
        boolean pq = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
        return open(out, schema, overwrite, pq, ARCSEC_DECIMALS);
    }

    /** A CSV writer whatever the name, {@code *_arcsec} columns with the given decimals (0 to 15). */
    static PairWriter openCsv(Path out, Schema schema, boolean overwrite, int decimals) {
        if (decimals < 0 || decimals > 15) {
            throw new MmuInputException("decimals must be in [0, 15], got " + decimals);
        }
        return open(out, schema, overwrite, false, decimals);
    }

    private static PairWriter open(Path out, Schema schema, boolean overwrite, boolean pq, int decimals) {
        for (ColumnSpec c : schema) {
            if (!c.isScalar()) {
                throw new MmuInputException(out + ": column '" + c.name() + "' holds arrays, which a pair file cannot");
            }
        }
        Path t = out.toAbsolutePath().normalize();
        Path tmp = AtomicFiles.temporaryFor(t, overwrite);
        try {
            Files.createDirectories(t.getParent());
            return new PairWriter(t, tmp, schema, pq, decimals, overwrite);
        } catch (IOException e) {
            Temporaries.discard(tmp);
            throw new MmuStorageException(t.toString(), "cannot write output", e);
        }
    }

    /** Writes a whole table and commits: the one-shot form. */
    public static void write(RowBatch table, Path out, boolean overwrite) {
        try (PairWriter w = open(out, table.schema(), overwrite)) {
            w.write(table);
            w.commit();
        }
    }

    /** Appends a batch of rows (its columns named and typed as the schema). */
    public void write(RowBatch batch) {
        if (done) {
            throw new IllegalStateException("pair writer for " + target + " is already committed or closed");
        }
        if (!batch.schema().equals(schema)) {
            throw new MmuInputException(target + ": batch columns " + batch.schema().names() + " differ from "
                    + schema.names());
        }
        try {
            if (parquet != null) {
                parquet.write(batch);
            } else {
                encode(batch);
            }
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot write output", e);
        }
        rows += batch.rowCount();
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    /** Finishes the file and renames it into place. */
    public void commit() {
        if (done) {
            throw new IllegalStateException("pair writer for " + target + " is already committed or closed");
        }
        try {
            finish();
            AtomicFiles.moveIntoPlace(tmp, target, overwrite);
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot write output", e);
        } finally {
            done = true;
            Temporaries.discard(tmp);
        }
    }

    /** Without a {@link #commit()}, discards what was written. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            try {
                finish();
            } catch (IOException | RuntimeException e) {
                // discarding anyway
            }
            Temporaries.discard(tmp);
        }
    }

    private void finish() throws IOException {
        if (parquet != null) {
            parquet.close();
        } else {
            if (pool != null) {
                pool.shutdownNow();
            }
            csv.close();
        }
    }

    // ---- CSV ----

    /**
     * Encodes the batch in rounds of {@value #ROUND_ROWS} rows per thread, the threads' chunks
     * written in row order: formatting numbers is the cost, the buffers stay small (a few MB)
     * whatever the batch size.
     */
    private void encode(RowBatch batch) throws IOException {
        Column[] cols = batch.columns().toArray(new Column[0]);
        int n = batch.rowCount();
        int t = pool == null ? 1 : threads;
        for (int from = 0; from < n; from += t * ROUND_ROWS) {
            int start = from;
            int parts = (int) Math.min(t, (n - (long) from + ROUND_ROWS - 1) / ROUND_ROWS);
            java.util.List<java.util.concurrent.Future<?>> pending = new java.util.ArrayList<>();
            for (int k = 1; k < parts; k++) {
                int f = start + k * ROUND_ROWS;
                CsvEncoder.Bytes out = chunks[k];
                pending.add(pool.submit(() -> encoder.encode(cols, f, Math.min(n, f + ROUND_ROWS), out)));
            }
            encoder.encode(cols, start, Math.min(n, start + ROUND_ROWS), chunks[0]);
            try {
                for (java.util.concurrent.Future<?> p : pending) {
                    p.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MmuStorageException(target.toString(), "interrupted while writing", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
            for (int k = 0; k < parts; k++) {
                csv.write(chunks[k].bytes, 0, chunks[k].size);
                chunks[k].size = 0;
            }
        }
    }
}
