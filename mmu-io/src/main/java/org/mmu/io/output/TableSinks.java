package org.mmu.io.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.io.parquet.ParquetBatchWriter;

/** Incremental table writers by file extension: {@code .parquet}, {@code .arrow} (Arrow IPC) and {@code .jsonl}/{@code .ndjson}. */
public final class TableSinks {
    private TableSinks() {
    }

    /** Whether {@link #open} can write a file of this name. */
    public static boolean supports(Path out) {
        String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".parquet") || n.endsWith(".arrow") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    /**
     * Opens a sink for {@code out} with the given columns.
     *
     * @param overwrite replace an existing file on commit; otherwise an existing {@code out} is an error now
     */
    public static TableSink open(Path out, Schema schema, boolean overwrite) {
        Path target = out.toAbsolutePath().normalize();
        if (!supports(target)) {
            throw new MmuInputException(out + ": unknown output format; use a name ending in .parquet, .arrow or .jsonl");
        }
        if (target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".arrow")) {
            return ArrowIpcWriter.open(target, schema, overwrite);
        }
        Path tmp = AtomicFiles.temporaryFor(target, overwrite);
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot create the output directory", e);
        }
        return target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")
                ? new ParquetSink(target, tmp, overwrite, schema)
                : new JsonLinesSink(target, tmp, overwrite);
    }

    /** The temporary file, the rename on commit, and the clean-up otherwise. */
    private abstract static class AtomicSink implements TableSink {
        final Path target;
        final Path tmp;
        final boolean overwrite;
        long rows;
        private boolean done;

        AtomicSink(Path target, Path tmp, boolean overwrite) {
            this.target = target;
            this.tmp = tmp;
            this.overwrite = overwrite;
        }

        abstract void append(RowBatch batch) throws IOException;

        abstract void finish() throws IOException;

        @Override
        public final void write(RowBatch batch) {
            if (done) {
                throw new IllegalStateException(target + ": already committed or closed");
            }
            try {
                append(batch);
            } catch (IOException e) {
                throw new MmuStorageException(target.toString(), "cannot write output", e);
            }
            rows += batch.rowCount();
        }

        @Override
        public final long rowsWritten() {
            return rows;
        }

        @Override
        public final void commit() {
            if (done) {
                throw new IllegalStateException(target + ": already committed or closed");
            }
            done = true;
            try {
                finish();
                AtomicFiles.moveIntoPlace(tmp, target, overwrite);
            } catch (IOException e) {
                throw new MmuStorageException(target.toString(), "cannot write output", e);
            } finally {
                deleteTmp();
            }
        }

        @Override
        public final void close() {
            if (!done) {
                done = true;
                try {
                    finish();
                } catch (IOException | RuntimeException e) {
                    // abandoned: the temporary file is deleted below
                }
            }
            deleteTmp();
        }

        private void deleteTmp() {
            Temporaries.discard(tmp);
        }
    }

    private static final class ParquetSink extends AtomicSink {
        private final ParquetBatchWriter writer;

        ParquetSink(Path target, Path tmp, boolean overwrite, Schema schema) {
            super(target, tmp, overwrite);
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

    /** One JSON object per row; arrays as nested lists; NaN and infinities as null. */
    static final class JsonLinesSink extends AtomicSink {
        private final OutputStream os;
        private final JsonGenerator g;

        JsonLinesSink(Path target, Path tmp, boolean overwrite) {
            super(target, tmp, overwrite);
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
            TableWriters.writeJsonRows(g, batch);
        }

        @Override
        void finish() throws IOException {
            if (rows > 0) {
                g.writeRaw('\n');
            }
            g.close();
            os.close();
        }
    }
}
