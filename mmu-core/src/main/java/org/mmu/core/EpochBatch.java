package org.mmu.core;

import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One batch of a training epoch: its rows (columnar), the object ids of each source in the same
 * order, and where it sits in the epoch. Columns come out as {@link Tensor}s (a primitive array
 * plus a shape, batch size first) or the whole batch as an Arrow {@link VectorSchemaRoot}.
 * Immutable; every batch owns fresh arrays.
 *
 * <p>For a crossmatch epoch the columns are named {@code <survey>_<column>}, followed by
 * {@code separation_arcsec}, and there is one id list per survey.
 */
public final class EpochBatch {
    private final RowBatch rows;
    private final List<String> sources;
    private final List<ObjectIds> ids;
    private final long position;

    /**
     * @param sources  the dataset (or each survey) the rows come from
     * @param ids      per source, the object id of each row
     * @param position rows of this shard's epoch delivered before this batch
     */
    public EpochBatch(RowBatch rows, List<String> sources, List<ObjectIds> ids, long position) {
        if (sources.size() != ids.size() || sources.isEmpty()) {
            throw new IllegalArgumentException("one id list per source: " + sources + " vs " + ids.size());
        }
        for (ObjectIds i : ids) {
            if (i.size() != rows.rowCount()) {
                throw new IllegalArgumentException(i.size() + " ids for " + rows.rowCount() + " rows");
            }
        }
        this.rows = rows;
        this.sources = List.copyOf(sources);
        this.ids = List.copyOf(ids);
        this.position = position;
    }

    public int rowCount() {
        return rows.rowCount();
    }

    public RowBatch rows() {
        return rows;
    }

    /** A column as a dense array with its shape. */
    public Tensor tensor(String column) {
        return Tensor.of(rows.column(column));
    }

    /** The ids of the first source (the dataset, or the reference survey of a crossmatch). */
    public ObjectIds ids() {
        return ids.get(0);
    }

    /** The ids of one source's objects, row by row. */
    public ObjectIds ids(String source) {
        int k = sources.indexOf(source);
        if (k < 0) {
            throw new MmuInputException("no source '" + source + "' in this batch; sources are " + sources);
        }
        return ids.get(k);
    }

    public List<String> sources() {
        return sources;
    }

    /** Rows of the epoch (this shard's) delivered before this batch: resume from here to repeat it. */
    public long position() {
        return position;
    }

    /** The position after this batch: resume from here to continue. */
    public long nextPosition() {
        return position + rows.rowCount();
    }

    /** The batch as Arrow vectors (see {@link ArrowExport}); the caller closes the root. */
    public VectorSchemaRoot toArrow(BufferAllocator allocator) {
        return ArrowExport.toArrow(rows, allocator);
    }

    @Override
    public String toString() {
        return "EpochBatch@" + position + " " + rows;
    }
}
