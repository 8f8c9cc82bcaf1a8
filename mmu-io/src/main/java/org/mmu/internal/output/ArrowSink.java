package org.mmu.internal.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
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
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * Arrow IPC ({@code .arrow}, the "Feather v2" file format that pyarrow, polars and DuckDB read),
 * one record batch per batch written: scalars as Arrow primitives, arrays as nested
 * {@code FixedSizeList} (or {@code List} for a variable dimension) with the declared shape in
 * the field metadata {@code mmu.shape} (see {@link ArrowExport}). Memory is bounded by one batch.
 */
final class ArrowSink extends AtomicSink {
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final FileChannel channel;
    private final ArrowFileWriter writer;
    private boolean ended;

    private ArrowSink(Path target, Path tmp, boolean overwrite, Schema schema) throws IOException {
        super(target, tmp, overwrite, schema);
        BufferAllocator a = new RootAllocator();
        VectorSchemaRoot r = null;
        FileChannel c = null;
        try {
            try (VectorSchemaRoot empty = ArrowExport.toArrow(RowBatch.empty(schema), a)) {
                r = VectorSchemaRoot.create(empty.getSchema(), a);
            }
            c = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ArrowFileWriter w = new ArrowFileWriter(r, null, c);
            w.start();
            this.writer = w;
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.close();
            }
            if (r != null) {
                r.close();
            }
            a.close();
            throw e;
        }
        this.allocator = a;
        this.root = r;
        this.channel = c;
    }

    static ArrowSink open(Path out, Schema schema, boolean overwrite) {
        return open(out, overwrite, (t, tmp) -> new ArrowSink(t, tmp, overwrite, schema));
    }

    @Override
    void append(RowBatch batch) throws IOException {
        requireSchema(batch);
        try (VectorSchemaRoot b = ArrowExport.toArrow(batch, allocator);
                ArrowRecordBatch record = new VectorUnloader(b).getRecordBatch()) {
            new VectorLoader(root).load(record);
            writer.writeBatch();
        }
    }

    @Override
    void finish() throws IOException {
        ended = true;
        writer.end();
        writer.close();
        channel.close();
    }

    @Override
    void release() {
        if (!ended) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                // failing anyway: the partial file is deleted
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing useful to do: the file is deleted next
        }
        root.close();
        allocator.close();
    }
}
