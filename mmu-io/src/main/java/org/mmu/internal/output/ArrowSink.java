package org.mmu.internal.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.mmu.core.ArrowExport;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * Writes an Arrow IPC file ({@code .arrow}, the "Feather v2" file format that pyarrow, polars
 * and DuckDB read) one record batch at a time: scalars as Arrow primitives, arrays as nested
 * {@code FixedSizeList} (or {@code List} for a variable dimension) with the declared shape in
 * the field metadata {@code mmu.shape} (see {@link ArrowExport}). Memory is bounded by one
 * batch.
 *
 * <p>The file appears under its name only on {@link #commit()}; closing without committing (an
 * exception on the way) deletes what was written, so a reader never sees half a file. Not
 * thread-safe.
 */
public final class ArrowIpcWriter implements TableSink {
    private final Path target;
    private final Path tmp;
    private final boolean overwrite;
    private final Schema schema;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final FileChannel channel;
    private final ArrowFileWriter writer;
    private long rows;
    private boolean done;

    private ArrowIpcWriter(Path target, Path tmp, boolean overwrite, Schema schema, BufferAllocator allocator,
            VectorSchemaRoot root, FileChannel channel) throws IOException {
        this.target = target;
        this.tmp = tmp;
        this.overwrite = overwrite;
        this.schema = schema;
        this.allocator = allocator;
        this.root = root;
        this.channel = channel;
        this.writer = new ArrowFileWriter(root, null, channel);
        writer.start();
    }

    /** Starts a file for tables of {@code schema}; an existing {@code target} is an error unless {@code overwrite}. */
    public static ArrowIpcWriter open(Path target, Schema schema, boolean overwrite) {
        Path t = target.toAbsolutePath().normalize();
        Path tmp = AtomicFiles.temporaryFor(t, overwrite);
        BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = null;
        FileChannel channel = null;
        try {
            Files.createDirectories(t.getParent());
            try (VectorSchemaRoot empty = ArrowExport.toArrow(RowBatch.empty(schema), allocator)) {
                root = VectorSchemaRoot.create(empty.getSchema(), allocator);
            }
            channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new ArrowIpcWriter(t, tmp, overwrite, schema, allocator, root, channel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (root != null) {
                root.close();
            }
            allocator.close();
            Temporaries.discard(tmp);
            if (e instanceof IOException io) {
                throw new MmuStorageException(t.toString(), "cannot write output", io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Appends one batch as one Arrow record batch; its schema must be the writer's. */
    @Override
    public void write(RowBatch batch) {
        if (done) {
            throw new IllegalStateException(target + ": writer is already committed or closed");
        }
        if (!batch.schema().equals(schema)) {
            throw new MmuInputException(target + ": batch schema " + batch.schema() + " differs from the file's " + schema);
        }
        try (VectorSchemaRoot b = ArrowExport.toArrow(batch, allocator);
                ArrowRecordBatch record = new VectorUnloader(b).getRecordBatch()) {
            new VectorLoader(root).load(record);
            writer.writeBatch();
            rows += batch.rowCount();
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot write output", e);
        }
    }

    /** Rows written so far. */
    @Override
    public long rowsWritten() {
        return rows;
    }

    /** Finishes the file (footer) and moves it into place. */
    @Override
    public void commit() {
        if (done) {
            throw new IllegalStateException(target + ": writer is already committed or closed");
        }
        try {
            writer.end();
            writer.close();
            channel.close();
            AtomicFiles.moveIntoPlace(tmp, target, overwrite);
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot write output", e);
        } finally {
            close();
        }
    }

    /** Releases memory; without a {@link #commit()} first, deletes the partial file. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            writer.close();
        } catch (RuntimeException e) {
            // already closed by commit, or failing anyway: the partial file goes below
        }
        closeQuietly(channel);
        root.close();
        allocator.close();
        Temporaries.discard(tmp);
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing useful to do: the file is deleted next
            }
        }
    }

    /** Writes a whole table (one record batch). */
    public static void write(RowBatch table, Path out, boolean overwrite) {
        try (ArrowIpcWriter w = open(out, table.schema(), overwrite)) {
            w.write(table);
            w.commit();
        }
    }
}
