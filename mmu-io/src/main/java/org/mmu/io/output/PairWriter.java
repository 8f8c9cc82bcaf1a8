package org.mmu.io.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.io.parquet.ParquetBatchWriter;

/**
 * Writes match pairs (object ids, separations, group columns) to CSV or Parquet, batch after
 * batch, atomically: the rows go to a temporary file beside the target, which {@link #commit()}
 * renames into place; closing without committing deletes it, so a failure leaves nothing behind.
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
 * match. Parquet is {@link ParquetBatchWriter}'s table profile (large pages, nullable scalars).
 * Not thread-safe.
 */
public final class PairWriter implements AutoCloseable {
    /** Decimals of {@code *_arcsec} columns in CSV. */
    public static final int ARCSEC_DECIMALS = 9;
    private static final int BUFFER = 1 << 20;

    private final Path target;
    private final Path tmp;
    private final Schema schema;
    private final OutputStream csv;
    private final ParquetBatchWriter parquet;
    private final int decimals;
    private final long scale;
    private final byte[] buf;
    private int pos;
    private long rows;
    private boolean done;

    private PairWriter(Path target, Path tmp, Schema schema, boolean parquetFormat, int decimals) throws IOException {
        this.target = target;
        this.tmp = tmp;
        this.schema = schema;
        this.decimals = decimals;
        this.scale = (long) Math.pow(10, decimals);
        if (parquetFormat) {
            parquet = new ParquetBatchWriter(tmp, schema, Map.of(), ParquetBatchWriter.Profile.TABLE);
            csv = null;
            buf = null;
        } else {
            parquet = null;
            csv = Files.newOutputStream(tmp);
            buf = new byte[BUFFER];
            StringBuilder header = new StringBuilder();
            for (ColumnSpec c : schema) {
                header.append(header.length() == 0 ? "" : ",").append(csvField(c.name()));
            }
            writeText(header.append('\n').toString());
        }
    }

    /**
     * Opens a writer for {@code out}: Parquet when the name ends in {@code .parquet}, CSV when it
     * ends in {@code .csv}. The schema's columns must be scalars.
     *
     * @param overwrite replace an existing file at commit; otherwise an existing file is an error
     */
    public static PairWriter open(Path out, Schema schema, boolean overwrite) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean pq = name.endsWith(".parquet");
        if (!pq && !name.endsWith(".csv")) {
            throw new MmuInputException(out + ": unknown pair output format; use a name ending in .csv or .parquet");
        }
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
        if (!overwrite && Files.exists(t)) {
            throw new MmuInputException(t + ": output already exists (remove it or pass --overwrite)");
        }
        if (Files.isDirectory(t)) {
            throw new MmuInputException(t + ": output is a directory");
        }
        Path tmp = t.resolveSibling("." + t.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(t.getParent());
            return new PairWriter(t, tmp, schema, pq, decimals);
        } catch (IOException e) {
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
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot write output", e);
        } finally {
            done = true;
            deleteTmp();
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
            deleteTmp();
        }
    }

    private void finish() throws IOException {
        if (parquet != null) {
            parquet.close();
        } else {
            flush();
            csv.close();
        }
    }

    private void deleteTmp() {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // the temporary name starts with '.' and says .tmp-
        }
    }

    // ---- CSV encoding ----

    private void encode(RowBatch batch) throws IOException {
        int nCols = batch.columns().size();
        Column[] cols = batch.columns().toArray(new Column[0]);
        Object[] data = new Object[nCols];
        boolean[] fixed = new boolean[nCols];
        for (int i = 0; i < nCols; i++) {
            data[i] = cols[i].unsafeData();
            fixed[i] = cols[i].name().endsWith("_arcsec");
        }
        for (int r = 0, n = batch.rowCount(); r < n; r++) {
            if (pos > BUFFER - 4096) {
                flush();
            }
            for (int i = 0; i < nCols; i++) {
                if (i > 0) {
                    buf[pos++] = ',';
                }
                Column c = cols[i];
                if (c.isNull(r)) {
                    continue;
                }
                switch (c.type()) {
                    case INT64 -> putLong(((long[]) data[i])[r]);
                    case INT32 -> putLong(((int[]) data[i])[r]);
                    case FLOAT64 -> putDouble(((double[]) data[i])[r], fixed[i], false);
                    case FLOAT32 -> putDouble(((float[]) data[i])[r], fixed[i], true);
                    case STRING -> writeText(csvField(c.getString(r)));
                    case BOOL -> writeText(String.valueOf(c.getBoolean(r)));
                    default -> putLong(c.getLong(r));
                }
            }
            buf[pos++] = '\n';
        }
    }

    private void putDouble(double v, boolean fixed, boolean isFloat) throws IOException {
        if (!fixed) {
            writeText(isFloat ? Float.toString((float) v) : Double.toString(v));
            return;
        }
        if (!Double.isFinite(v) || Math.abs(v) * scale >= 0x1p52) {
            writeText(String.format(Locale.ROOT, "%." + decimals + "f", v));
            return;
        }
        pos = putFixed(buf, pos, v, decimals, scale);
    }

    /**
     * Writes {@code v} (finite, {@code |v|·10^decimals < 2^52}) with exactly {@code decimals}
     * decimals, rounded half up: {@code String.format("%.9f")}'s digits without its cost.
     */
    static int putFixed(byte[] buf, int pos, double v, int decimals, long scale) {
        long units = Math.round(Math.abs(v) * scale);
        if (v < 0 && units != 0) {
            buf[pos++] = '-';
        }
        pos = putLong(buf, pos, units / scale);
        if (decimals > 0) {
            buf[pos++] = '.';
            long frac = units % scale;
            for (int k = pos + decimals - 1; k >= pos; k--) {
                buf[k] = (byte) ('0' + frac % 10);
                frac /= 10;
            }
            pos += decimals;
        }
        return pos;
    }

    private void putLong(long v) {
        pos = putLong(buf, pos, v);
    }

    private static int putLong(byte[] buf, int pos, long v) {
        if (v == Long.MIN_VALUE) {
            byte[] b = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, buf, pos, b.length);
            return pos + b.length;
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        for (int k = pos + digits - 1; k >= pos; k--) {
            buf[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return pos + digits;
    }

    private void writeText(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (pos + b.length > BUFFER) {
            flush();
        }
        if (b.length > BUFFER) {
            csv.write(b);
            return;
        }
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void flush() throws IOException {
        csv.write(buf, 0, pos);
        pos = 0;
    }

    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
