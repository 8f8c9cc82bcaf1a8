package org.mmu.internal.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * What every sink of {@link TableSinks} shares, whatever it encodes: rows go to a temporary file
 * beside the target ({@link AtomicFiles#temporaryFor}), {@link #commit()} finishes it and renames
 * it into place ({@link AtomicFiles#moveIntoPlace}: without overwrite, never over a file that
 * appeared meanwhile), and closing without committing deletes it, so a failure leaves nothing
 * behind. The one commit path of every output. Not thread-safe.
 */
abstract class AtomicSink implements TableSink {
    final Path target;
    final Path tmp;
    final Schema schema;
    private final boolean overwrite;
    private long rows;
    private boolean done;

    AtomicSink(Path target, Path tmp, boolean overwrite, Schema schema) {
        this.target = target;
        this.tmp = tmp;
        this.overwrite = overwrite;
        this.schema = schema;
    }

    /** Opens a sink on a fresh temporary name for {@code out}; nothing is left behind when opening fails. */
    static <S extends AtomicSink> S open(Path out, boolean overwrite, Opener<S> opener) {
        Path t = out.toAbsolutePath().normalize();
        Path tmp = AtomicFiles.temporaryFor(t, overwrite);
        try {
            Files.createDirectories(t.getParent());
            return opener.open(t, tmp);
        } catch (IOException e) {
            Temporaries.discard(tmp);
            throw new MmuStorageException(t.toString(), "cannot write output", e);
        } catch (RuntimeException | Error e) {
            Temporaries.discard(tmp);
            throw e;
        }
    }

    @FunctionalInterface
    interface Opener<S> {
        S open(Path target, Path tmp) throws IOException;
    }

    /** Encodes a batch into the temporary file. */
    abstract void append(RowBatch batch) throws IOException;

    /** Completes the temporary file (footer, flush, close). */
    abstract void finish() throws IOException;

    /** Frees what the encoder holds besides the file; after {@link #finish()}, or when abandoning. */
    void release() {
    }

    /** Refuses a batch whose columns are not the sink's (for encoders that would write it wrong). */
    final void requireSchema(RowBatch batch) {
        if (!batch.schema().equals(schema)) {
            throw new MmuInputException(target + ": batch columns " + batch.schema().names() + " differ from "
                    + schema.names());
        }
    }

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
            release();
            Temporaries.discard(tmp);
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
            release();
        }
        Temporaries.discard(tmp);
    }
}
