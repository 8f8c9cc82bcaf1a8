package org.mmu.io.output;

import org.mmu.core.RowBatch;

/**
 * A table written batch by batch, so that a result larger than memory can be written: rows go
 * to a temporary file next to the target, which {@link #commit()} moves into place; closing
 * without committing deletes it (nothing half-written is ever left under the target's name).
 * Every batch must have the columns of the first. Single-threaded. Open one with
 * {@link TableSinks#open}.
 */
public interface TableSink extends AutoCloseable {

    /** Appends the rows of a batch. */
    void write(RowBatch batch);

    /** Rows written so far. */
    long rowsWritten();

    /** Finishes the file and renames it into place. */
    void commit();

    /** Releases the file; without {@link #commit()} the temporary file is deleted. */
    @Override
    void close();
}
