package org.mmu.io.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.mmu.core.CoordinateColumns;
import org.mmu.core.DataFormat;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.io.dataset.LayoutProvider;
import org.mmu.io.dataset.OpenContext;

/** Flat catalogs on local disk: a {@code .csv}/{@code .parquet} file or a directory of Parquet files. Asked last. */
public final class CatalogLayout implements LayoutProvider {
    @Override
    public DatasetLayout layout() {
        return DatasetLayout.CATALOG;
    }

    @Override
    public int priority() {
        return 900;
    }

    @Override
    public boolean recognizes(Where where) {
        Path local = where.localPath().orElse(null);
        if (local == null) {
            return false;
        }
        if (Files.isRegularFile(local)) {
            return DataFormat.fromFileName(local.getFileName().toString()) != null;
        }
        return Files.isDirectory(local) && CatalogDatasets.isCatalog(local);
    }

    @Override
    public MmuDataset open(Where where, OpenContext context, Optional<String> idColumn) {
        Path local = where.localPath().orElseThrow();
        CoordinateColumns columns = idColumn.map(id -> new CoordinateColumns(id, "ra", "dec"))
                .orElse(CoordinateColumns.DEFAULT);
        where.storage().ifPresent(org.mmu.io.storage.Storage::close); // catalogs read local files directly
        return CatalogDatasets.open(local, baseName(local), columns, context);
    }

    private static String baseName(Path p) {
        String n = p.getFileName() == null ? "dataset" : p.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
