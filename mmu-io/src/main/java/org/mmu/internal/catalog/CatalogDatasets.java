package org.mmu.internal.catalog;

import org.mmu.core.CoordinateColumns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmu.core.DataFormat;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.dataset.DatasetDescriptor;
import org.mmu.internal.dataset.IndexAssembler;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.ParquetPartitionReader;
import org.mmu.internal.dataset.PartitionReader;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.Storages;
import org.mmu.internal.storage.Storage;

/**
 * Opens a flat catalog — a CSV file, a Parquet file, or a directory of Parquet files — as a
 * dataset, so that building an index-first dataset reads every input the same way. A CSV file
 * is parsed into memory once; Parquet files are read row-selectively like any partition.
 */
public final class CatalogDatasets {
    private CatalogDatasets() {
    }

    /** Whether a path is a catalog this class opens. */
    public static boolean isCatalog(Path path) {
        if (Files.isRegularFile(path)) {
            DataFormat f = DataFormat.fromFileName(path.getFileName().toString());
            return f == DataFormat.CSV || f == DataFormat.PARQUET;
        }
        return Files.isDirectory(path) && !parquetFiles(path).isEmpty();
    }

    public static PartitionedDataset open(Path path, String name, CoordinateColumns columns, OpenContext ctx) {
        if (Files.isRegularFile(path) && DataFormat.fromFileName(path.getFileName().toString()) == DataFormat.CSV) {
            return openCsv(path, name, columns, ctx);
        }
        if (Files.isRegularFile(path) || Files.isDirectory(path)) {
            return openParquet(path, name, columns, ctx);
        }
        throw new MmuInputException(path + ": no such file or directory");
    }

    /** All of the id/ra/dec columns a catalog lacks, in one message that says how to name its own. */
    private static void requireColumns(String location, Schema schema, CoordinateColumns c) {
        List<String> missing = new ArrayList<>();
        for (String col : List.of(c.id(), c.ra(), c.dec())) {
            if (!schema.contains(col)) {
                missing.add(col);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String what = missing.size() == 1 ? "required column '" + missing.get(0) + "' is missing ("
                + schema.noSuchColumn(missing.get(0)) + ")"
                : "required columns " + missing + " are missing (its columns are " + schema.names() + ")";
        throw new MmuInputException(location + ": " + what + "; name the catalog's own id, ra and dec columns"
                + " (mmu index --id-column C --ra-column C --dec-column C; in Java, new CoordinateColumns(id, ra, dec))");
    }

    /** A catalog held in memory (e.g. generated), as a one-partition dataset. */
    public static PartitionedDataset fromBatch(String name, RowBatch all, CoordinateColumns columns, OpenContext ctx) {
        String location = "memory:" + name;
        requireColumns(location, all.schema(), columns);
        PartitionRef part = PartitionRef.unpartitioned(name, DataFormat.CSV, all.rowCount(), -1);
        DatasetDescriptor d = new DatasetDescriptor(name, location, DatasetLayout.CATALOG, all.schema(), List.of(part),
                all.rowCount(), Map.of("source", "in-memory catalog, " + all.rowCount() + " rows"), columns);
        PartitionReader reader = (p, rows, cols) -> {
            RowBatch b = all.select(cols.names());
            return rows == null ? b : b.gather(rows);
        };
        return new PartitionedDataset(d, Storages.local(Path.of(".")), reader, progress -> {
            IndexAssembler a = new IndexAssembler(name, columns.id(), columns.ra(), columns.dec(), List.of(part));
            a.add(location, all.column(columns.id()), all.column(columns.ra()), all.column(columns.dec()), r -> "row " + r);
            return a.build();
        }, ctx.progress(), ctx.readThreads());
    }

    private static PartitionedDataset openCsv(Path file, String name, CoordinateColumns columns, OpenContext ctx) {
        CsvReader.Table table = CsvReader.read(file);
        RowBatch all = table.batch();
        String location = file.toAbsolutePath().toString();
        requireColumns(location, all.schema(), columns);
        Storage storage = Storages.local(file.toAbsolutePath().getParent());
        PartitionRef part = PartitionRef.unpartitioned(file.getFileName().toString(), DataFormat.CSV, all.rowCount(),
                file.toFile().length());
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("source", "CSV catalog, " + all.rowCount() + " rows, types inferred");
        DatasetDescriptor d = new DatasetDescriptor(name, location, DatasetLayout.CATALOG, all.schema(),
                List.of(part), all.rowCount(), props, columns);
        PartitionReader reader = (p, rows, cols) -> {
            RowBatch b = all.select(cols.names());
            return rows == null ? b : b.gather(rows);
        };
        return new PartitionedDataset(d, storage, reader, progress -> {
            IndexAssembler a = new IndexAssembler(name, columns.id(), columns.ra(), columns.dec(), List.of(part));
            a.add(location, all.column(columns.id()), all.column(columns.ra()), all.column(columns.dec()),
                    table::rowLabel);
            return a.build();
        }, ctx.progress(), ctx.readThreads());
    }

    /**
     * A table read whole — a CSV file, a Parquet file or a directory of Parquet files — e.g. the
     * columns to add to a dataset, which need no position columns.
     */
    public static RowBatch readTable(Path path) {
        if (Files.isRegularFile(path) && DataFormat.fromFileName(path.getFileName().toString()) == DataFormat.CSV) {
            return CsvReader.read(path).batch();
        }
        if (!Files.exists(path)) {
            throw new MmuInputException(path + ": no such file or directory");
        }
        Path root = Files.isDirectory(path) ? path.toAbsolutePath() : path.toAbsolutePath().getParent();
        List<Path> files = Files.isDirectory(path) ? parquetFiles(path) : List.of(path.toAbsolutePath());
        if (files.isEmpty() || DataFormat.fromFileName(files.get(0).getFileName().toString()) != DataFormat.PARQUET) {
            throw new MmuInputException(path + ": not a CSV or Parquet table (nor a directory of .parquet files)");
        }
        Storage storage = Storages.local(root);
        List<RowBatch> parts = new ArrayList<>();
        for (Path f : files) {
            String rel = root.relativize(f.toAbsolutePath()).toString().replace(java.io.File.separatorChar, '/');
            try (ParquetFile pf = ParquetFile.open(storage.open(rel))) {
                if (!parts.isEmpty() && !pf.schema().names().equals(parts.get(0).schema().names())) {
                    throw new MmuFormatException(f.toString(), "columns " + pf.schema().names() + " differ from "
                            + files.get(0) + " " + parts.get(0).schema().names());
                }
                parts.add(pf.read(null, pf.schema()));
            }
        }
        return RowBatch.concat(parts);
    }

    private static List<Path> parquetFiles(Path dir) {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> DataFormat.fromFileName(p.getFileName().toString()) == DataFormat.PARQUET)
                    .filter(p -> !p.getFileName().toString().startsWith("_") && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new MmuInputException(dir + ": cannot list directory (" + e.getMessage() + ")");
        }
    }

    private static PartitionedDataset openParquet(Path path, String name, CoordinateColumns columns, OpenContext ctx) {
        Path root = Files.isDirectory(path) ? path.toAbsolutePath() : path.toAbsolutePath().getParent();
        List<Path> files = Files.isDirectory(path) ? parquetFiles(path) : List.of(path.toAbsolutePath());
        if (files.isEmpty()) {
            throw new MmuInputException(path + ": no .parquet files found");
        }
        if (Files.isDirectory(path) && Files.isDirectory(path.resolve("_index"))) {
            throw new MmuFormatException(path.resolve("mmu_dataset.json").toString(), "missing: this looks like an "
                    + "index-first dataset (it has _index/) whose manifest was deleted; rebuild it with 'mmu index'");
        }
        Storage storage = Storages.local(root);
        List<PartitionRef> parts = new ArrayList<>();
        Schema schema = null;
        Map<String, String> unsupported = new LinkedHashMap<>();
        for (Path f : files) {
            String rel = root.relativize(f.toAbsolutePath()).toString().replace(java.io.File.separatorChar, '/');
            try (ParquetFile pf = ParquetFile.open(storage.open(rel))) {
                if (schema == null) {
                    schema = pf.schema();
                    unsupported.putAll(pf.unsupportedColumns());
                    requireColumns(f.toString(), schema, columns);
                } else if (!pf.schema().names().equals(schema.names())) {
                    throw new MmuFormatException(f.toString(), "columns " + pf.schema().names() + " differ from "
                            + files.get(0) + " " + schema.names());
                }
                parts.add(PartitionRef.unpartitioned(rel, DataFormat.PARQUET, pf.rowCount(), f.toFile().length()));
            }
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("source", "Parquet catalog, " + files.size() + " file(s)");
        if (!unsupported.isEmpty()) {
            props.put("unreadable_columns", unsupported);
        }
        long rows = parts.stream().mapToLong(PartitionRef::rows).sum();
        DatasetDescriptor d = new DatasetDescriptor(name, path.toAbsolutePath().toString(), DatasetLayout.CATALOG,
                schema, parts, rows, props, columns);
        Schema coords = schema.select(List.of(columns.id(), columns.ra(), columns.dec()));
        ParquetPartitionReader reader = new ParquetPartitionReader(storage);
        return new PartitionedDataset(d, storage, reader, progress -> {
            IndexAssembler a = new IndexAssembler(name, columns.id(), columns.ra(), columns.dec(), parts);
            for (int i = 0; i < parts.size(); i++) {
                PartitionRef p = parts.get(i);
                RowBatch b = reader.read(p, null, coords);
                a.add(storage.location() + "/" + p.path(), b.column(columns.id()), b.column(columns.ra()),
                        b.column(columns.dec()), r -> "row " + r);
                progress.onProgress("load index " + name, i + 1, parts.size());
            }
            return a.build();
        }, ctx.progress(), ctx.readThreads());
    }
}
