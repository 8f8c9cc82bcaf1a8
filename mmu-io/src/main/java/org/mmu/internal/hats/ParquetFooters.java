package org.mmu.internal.hats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.mmu.core.Schema;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.ByteSource;
import org.mmu.internal.storage.Storage;

/** Footer-only reads of Parquet files: {@code _metadata}, {@code _common_metadata}, leaf footers. */
final class ParquetFooters {
    private ParquetFooters() {
    }

    /**
     * What a footer says.
     *
     * @param rowGroups  each row group's file path (as written in {@code _metadata}; null in leaf
     *                   files) and row count, in file order
     * @param bytes      the size of the file holding the footer
     */
    record Footer(String location, Schema schema, Map<String, String> unsupported, List<RowGroup> rowGroups,
            long rows, long bytes) {
    }

    /** One row group: its file path (null when it is in this file), rows, and the raw metadata. */
    record RowGroup(String path, long rows, BlockMetaData block) {
    }

    static Footer read(Storage storage, String path) {
        ByteSource source = storage.open(path);
        long bytes = source.size();
        try (ParquetFile f = ParquetFile.open(source)) {
            List<RowGroup> groups = new ArrayList<>();
            for (BlockMetaData b : f.rowGroups()) {
                groups.add(new RowGroup(b.getPath(), b.getRowCount(), b));
            }
            return new Footer(f.location(), f.schema(), f.unsupportedColumns(), List.copyOf(groups), f.rowCount(), bytes);
        }
    }
}
