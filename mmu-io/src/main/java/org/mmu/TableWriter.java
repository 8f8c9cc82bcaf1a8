package org.mmu;

import java.nio.file.Path;

import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.output.TableSinks;

/**
 * A table file written batch by batch, so that a result larger than memory can be written:
 * Parquet ({@code .parquet}), Arrow IPC ({@code .arrow}, the file format pyarrow, polars and
 * DuckDB read; arrays as nested lists with their shape in the field metadata {@code mmu.shape})
 * or JSON Lines ({@code .jsonl}), chosen by the file name, the same writers {@code mmu load --out}
 * uses. Rows go to a temporary file next to the target, which {@link #commit()} moves into
 * place; closing without committing deletes it, so nothing half-written is ever left under the
 * target's name. Every batch must have the columns of the first. Single-threaded.
 */
public interface TableWriter extends AutoCloseable {

    /**
     * Starts a file for tables of {@code schema}.
     *
     * @param overwrite replace an existing file on commit; otherwise an existing {@code out} is an error now
     * @throws org.mmu.core.MmuInputException for a name that is not .parquet, .arrow or .jsonl, or an existing file
     */
    static TableWriter open(Path out, Schema schema, boolean overwrite) {
        return TableSinks.open(out, schema, overwrite);
    }

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
