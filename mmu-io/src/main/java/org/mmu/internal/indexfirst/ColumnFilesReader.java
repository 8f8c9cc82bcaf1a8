package org.mmu.internal.indexfirst;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuFormatException;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.dataset.PartitionReader;
import org.mmu.internal.dataset.ReaderStats;

/**
 * Reads partitions of a dataset with added columns ({@code docs/format.md} §8): the columns a
 * partition's own file holds from it, each added column it lacks from its column file, which
 * the same file reader reads row by row aligned, and the two side by side. Every load, epoch and
 * Spark read of an index-first dataset goes through here, so added columns are like any other.
 */
final class ColumnFilesReader implements PartitionReader {
    private final PartitionReader files;
    private final Manifest.AddedColumns added;
    private final String location;

    ColumnFilesReader(PartitionReader files, Manifest.AddedColumns added, String location) {
        this.files = files;
        this.added = added;
        this.location = location;
    }

    @Override
    public RowBatch read(PartitionRef partition, int[] rows, Schema columns) {
        List<Manifest.ColumnFile> own = added.of(partition.path());
        Map<String, Manifest.ColumnFile> byColumn = new HashMap<>();
        own.forEach(f -> byColumn.put(f.column(), f));
        List<ColumnSpec> inPartition = new ArrayList<>();
        boolean anyAdded = false;
        for (ColumnSpec c : columns) {
            if (byColumn.containsKey(c.name())) {
                anyAdded = true;
            } else {
                inPartition.add(c);
            }
        }
        if (!anyAdded) {
            return files.read(partition, rows, columns);
        }
        long expected = rows == null ? partition.rows() : rows.length;
        Map<String, Column> got = new HashMap<>();
        if (!inPartition.isEmpty()) {
            files.read(partition, rows, Schema.of(inPartition)).columns().forEach(c -> got.put(c.name(), c));
        }
        for (ColumnSpec c : columns) {
            Manifest.ColumnFile f = byColumn.get(c.name());
            if (f == null) {
                continue;
            }
            PartitionRef file = new PartitionRef(partition.order(), partition.healpix(), partition.objectGroupId(),
                    f.path(), partition.format(), partition.rows(), f.bytes());
            RowBatch b = files.read(file, rows, Schema.of(List.of(c)));
            if (b.rowCount() != expected) {
                throw new MmuFormatException(location + "/" + f.path(), "column file of '" + c.name() + "' gave "
                        + b.rowCount() + " rows where partition " + partition.path() + " has " + expected);
            }
            got.put(c.name(), b.column(c.name()));
        }
        List<Column> out = new ArrayList<>(columns.size());
        for (ColumnSpec c : columns) {
            out.add(got.get(c.name()));
        }
        return RowBatch.of(out);
    }

    @Override
    public ReaderStats stats() {
        return files.stats();
    }
}
