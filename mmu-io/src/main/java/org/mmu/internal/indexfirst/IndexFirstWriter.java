package org.mmu.internal.indexfirst;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.mmu.core.MmuStorageException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;

/** Writes the metadata of an index-first dataset being built: the index files and the manifest. */
public final class IndexFirstWriter {
    private IndexFirstWriter() {
    }

    /**
     * Writes {@code _index/} for objects of {@code source} given their cell, group and row.
     *
     * @param order index positions in index (spatial) order
     * @param extra values of the extra index columns in index order (null: none)
     * @param namePrefix index files are {@code _index/<namePrefix>NNNNN.parquet}
     * @param cellDepth  the depth of the cell table beside each index file ({@link CellTable#depthFor})
     */
    public static List<Manifest.FileEntry> writeIndex(Path dir, ObjectIds ids, ObjectIndex source, long[] cell,
            int[] group, int[] row, int[] order, int rowsPerFile, org.mmu.core.RowBatch extra, String namePrefix,
            int cellDepth) {
        return IndexFiles.write(dir, ids, source, cell, group, row, order, rowsPerFile, extra, namePrefix, cellDepth);
    }

    public static void writeManifest(Path dir, Manifest m) {
        Path file = dir.resolve(Manifest.FILE_NAME);
        try {
            Files.write(file, m.toJson());
        } catch (IOException e) {
            throw new MmuStorageException(file.toString(), "cannot write manifest", e);
        }
    }
}
