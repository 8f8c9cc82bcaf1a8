package org.mmu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.ProgressListener;
import org.mmu.core.RowBatch;
import org.mmu.internal.build.PartitionWriter;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.indexfirst.DatasetVersions;
import org.mmu.internal.indexfirst.IndexFiles;
import org.mmu.internal.indexfirst.IndexFirstDatasets;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/**
 * Grows a local index-first dataset by committing new versions ({@code docs/format.md} §7):
 * {@link #append} adds objects in new files of the cells they fall in, {@link #vacuum} deletes
 * files no kept version references. Every commit writes its new files under names no other
 * writer uses, then creates the next version's manifest if no other writer has: of two writers
 * committing at once, one wins and the other fails with a {@link MmuInputException} saying so,
 * after deleting what it wrote. Immutable and thread-safe.
 */
public final class DatasetUpdater {
    /** Files written by a commit carry {@code -v<version>-<token>} in their names. */
    private static final Pattern COMMIT_FILE = Pattern.compile(".*-v(\\d+)-[0-9a-f]{8}[-.].*");
    /** Version files and their temporaries: {@code _versions/[.]NNNNNNNN.json[.tmp-...]}. */
    private static final Pattern VERSION_FILE = Pattern.compile("\\.?(\\d{8})\\.json.*");
    /** How long vacuum leaves the files of an uncommitted version alone after their last write. */
    static final java.time.Duration IN_PROGRESS_FOR = java.time.Duration.ofHours(1);

    private final int threads;
    private final ProgressListener progress;

    private DatasetUpdater(Builder b) {
        this.threads = b.threads;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What a commit produced. */
    public record CommitSummary(Path dataset, int version, long objectsAdded, long objects, int filesWritten,
            long bytesWritten, double seconds) {
    }

    /** What a vacuum removed. */
    public record VacuumSummary(Path dataset, List<Integer> keptVersions, List<Integer> removedVersions,
            int filesDeleted, long bytesDeleted) {
    }

    /**
     * Appends the objects of {@code source} (any dataset this library opens, e.g. a CSV or
     * Parquet catalog) to the latest version of the dataset at {@code dataset}, as a new version.
     * The source must hold every column of the dataset, with the same types and shapes. Its
     * objects go into new groups of the cells they fall in; no existing file is touched, and the
     * cost grows with the appended objects, not with the dataset. An id already in the dataset,
     * or twice in the source, is an error naming it.
     */
    public CommitSummary append(Path dataset, MmuDataset source) {
        return append(dataset, source, false);
    }

    /**
     * As {@link #append(Path, MmuDataset)}; with {@code replace}, an object of the source whose id
     * is already in the dataset supersedes the old one in the new version: the partitions holding
     * superseded objects are written anew without them (under new names; the old files stay for
     * older versions until {@link #vacuum}), and so is the index. The cost then grows with the
     * partitions touched and the index (about 32 bytes per object), still not with the data.
     */
    public CommitSummary append(Path dataset, MmuDataset source, boolean replace) {
        long t0 = System.nanoTime();
        Path dir = dataset.toAbsolutePath().normalize();
        try (Latest latest = openLatest(dir)) {
            PartitionedDataset current = latest.current();
            Manifest base = latest.base();
            MmuDataset rows = conform(base, source);
            ObjectIndex added = rows.index();
            if (added.size() == 0) {
                throw new MmuInputException(source.location() + ": no objects to append");
            }
            int[] superseded = checkIds(dir, base, current.index().ids(), added.ids(), source.location(), replace);

            PartitionWriter writer = new PartitionWriter(base.order(), base.objectsPerGroup(), base.dataFormat(), threads,
                    progress);
            Map<Long, Integer> nextGroup = new HashMap<>();
            for (PartitionRef p : base.partitions()) {
                nextGroup.merge(p.healpix(), p.objectGroupId() + 1, Math::max);
            }
            PartitionWriter.Groups groups = writer.group(added, writer.cellsOf(added), c -> nextGroup.getOrDefault(c, 0));
            String operation = "append " + added.size() + " objects"
                    + (superseded.length == 0 ? "" : " (" + superseded.length + " replaced)");
            Supersede rewrite = superseded.length == 0 ? null : new Supersede(current, superseded);
            return commit(dir, base, rows, groups, writer, operation, true, added.size(), t0, rewrite);
        }
    }

    /**
     * Rewrites the latest version of the dataset at {@code dataset} as a new version whose cells
     * hold balanced groups again (appends add small groups to the cells they touch). Every object
     * keeps its cell, id, position and values; the older versions' files stay until
     * {@link #vacuum}. A dataset whose cells are all balanced is left as it is (no new version).
     *
     * @return the commit, or empty when no cell needed it
     */
    public java.util.Optional<CommitSummary> compact(Path dataset) {
        long t0 = System.nanoTime();
        Path dir = dataset.toAbsolutePath().normalize();
        try (Latest latest = openLatest(dir)) {
            PartitionedDataset current = latest.current();
            Manifest base = latest.base();
            Map<Long, long[]> perCell = new HashMap<>(); // cell -> {objects, groups}
            for (PartitionRef p : base.partitions()) {
                long[] c = perCell.computeIfAbsent(p.healpix(), k -> new long[2]);
                c[0] += p.rows();
                c[1]++;
            }
            boolean fragmented = perCell.values().stream()
                    .anyMatch(c -> c[1] > (c[0] + base.objectsPerGroup() - 1) / base.objectsPerGroup());
            if (!fragmented) {
                return java.util.Optional.empty();
            }
            ObjectIndex idx = current.index();
            long[] cell = new long[idx.size()];
            for (int i = 0; i < cell.length; i++) {
                cell[i] = idx.partition(i).healpix(); // each object stays in its cell
            }
            PartitionWriter writer = new PartitionWriter(base.order(), base.objectsPerGroup(), base.dataFormat(),
                    threads, progress);
            return java.util.Optional.of(commit(dir, base, current, writer.group(idx, cell, c -> 0), writer,
                    "compact " + base.partitions().size() + " partitions", false, 0, t0, null));
        }
    }

    /**
     * Adds the columns of a table (a CSV file, a Parquet file or a directory of Parquet files) to
     * the latest version of the dataset at {@code dataset}, keyed by the table's column {@code on};
     * see {@link #addColumns(Path, RowBatch, String, String, boolean)}.
     */
    public CommitSummary addColumns(Path dataset, Path table, String on, boolean requireAll) {
        return addColumns(dataset, table, on, requireAll, List.of());
    }

    /**
     * As {@link #addColumns(Path, Path, String, boolean)}, also carrying the added scalar columns
     * {@code toIndex} in the index, so that {@code where} filters can use them; see
     * {@link #addColumns(Path, RowBatch, String, String, boolean, List)}.
     */
    public CommitSummary addColumns(Path dataset, Path table, String on, boolean requireAll, List<String> toIndex) {
        return addColumns(dataset, CatalogDatasets.readTable(table), table.toString(), on, requireAll, toIndex);
    }

    /** {@link #addColumns(Path, RowBatch, String, String, boolean, List)} with no column carried in the index. */
    public CommitSummary addColumns(Path dataset, RowBatch table, String tableName, String on, boolean requireAll) {
        return addColumns(dataset, table, tableName, on, requireAll, List.of());
    }

    /**
     * Adds every column of {@code table} but {@code on} to the latest version of the dataset at
     * {@code dataset}, as a new version: the table's column {@code on} holds object ids of the
     * dataset, and each object gets its row's values. Each added column goes into a column file
     * beside each partition, aligned row by row to it; no existing file is rewritten, and loads,
     * epochs and {@code columns(...)} see the columns like any other. An id of the table that is
     * not in the dataset, or twice in the table, is an error naming it; an object the table lacks
     * gets nulls, or is an error naming it when {@code requireAll}. Objects appended later get
     * nulls unless their source has the columns.
     * <p>
     * The added scalar columns named in {@code toIndex} are also carried in the index, as those
     * of {@link DatasetBuilder.Builder#indexColumns} are, for {@code where} filters before
     * matching: this commit then writes the whole index anew (its size grows with the dataset,
     * about 32 bytes per object plus the index columns), still rewriting no partition.
     *
     * @param tableName names the table in messages
     */
    public CommitSummary addColumns(Path dataset, RowBatch table, String tableName, String on, boolean requireAll,
            List<String> toIndex) {
        long t0 = System.nanoTime();
        Path dir = dataset.toAbsolutePath().normalize();
        try (Latest latest = openLatest(dir)) {
            PartitionedDataset current = latest.current();
            Manifest base = latest.base();
            List<ColumnSpec> specs = columnsToAdd(base, table, tableName, on);
            for (String c : toIndex) {
                if (specs.stream().noneMatch(x -> x.name().equals(c) && x.isScalar())) {
                    throw new MmuInputException(tableName + ": '" + c + "' cannot go to the index: only the scalar columns"
                            + " added are carried there; they are " + specs.stream().filter(ColumnSpec::isScalar)
                                    .map(ColumnSpec::name).toList());
                }
            }
            ObjectIndex idx = current.index();
            int[] tableRow = tableRows(dir, base, idx, idsOf(base, table, tableName, on), tableName, requireAll);
            List<PartitionRef> parts = base.partitions();
            int[][] pick = new int[parts.size()][];
            for (int p = 0; p < pick.length; p++) {
                pick[p] = new int[Math.toIntExact(parts.get(p).rows())];
            }
            for (int i = 0; i < idx.size(); i++) {
                pick[idx.partitionOrdinal(i)][idx.row(i)] = tableRow[i];
            }
            RowBatch values = table.select(specs.stream().map(ColumnSpec::name).toList());
            PartitionWriter writer = new PartitionWriter(base.order(), base.objectsPerGroup(), base.dataFormat(),
                    threads, progress);
            int version = base.version() + 1;
            String token = "v" + version + "-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> created = new ArrayList<>();
            Map<String, Long> metadataBytes = new java.util.concurrent.ConcurrentHashMap<>();
            Map<String, org.mmu.internal.storage.FileChecksum> checksums = new java.util.concurrent.ConcurrentHashMap<>();
            AtomicLong done = new AtomicLong();
            try {
                List<List<Manifest.ColumnFile>> files = org.mmu.core.Parallel.map(parts.size(), threads,
                        "writing column files to " + dir, p -> {
                            PartitionRef part = parts.get(p);
                            RowBatch rows = values.gatherOrNull(pick[p]);
                            String parent = part.path().contains("/")
                                    ? part.path().substring(0, part.path().lastIndexOf('/') + 1) : "";
                            List<Manifest.ColumnFile> out = new ArrayList<>();
                            for (int k = 0; k < specs.size(); k++) {
                                String rel = parent + "column" + k + "-" + safe(specs.get(k).name()) + "-" + token
                                        + "." + base.dataFormat().label();
                                PartitionRef f;
                                try {
                                    f = writer.writeFile(rows.select(List.of(specs.get(k).name())), dir, rel,
                                            part.healpix(), part.objectGroupId(), metadataBytes, created);
                                } catch (IOException e) {
                                    throw new MmuStorageException(dir.resolve(rel).toString(), "cannot write a column file", e);
                                }
                                checksums.put(rel, org.mmu.internal.storage.FileChecksum.of(dir.resolve(rel)));
                                out.add(new Manifest.ColumnFile(specs.get(k).name(), rel, f.bytes()));
                            }
                            progress.onProgress("write column files", done.incrementAndGet(), parts.size());
                            return out;
                        });
                Map<String, List<Manifest.ColumnFile>> byPartition = new HashMap<>();
                for (int p = 0; p < parts.size(); p++) {
                    byPartition.put(parts.get(p).path(), files.get(p));
                }
                List<Manifest.FileEntry> index = null;
                List<String> indexColumns = new ArrayList<>(base.indexColumns());
                if (!toIndex.isEmpty()) {
                    indexColumns.addAll(toIndex);
                    RowBatch added = table.select(toIndex).gatherOrNull(tableRow);
                    index = writeIndex(dir, current, idx, java.util.stream.IntStream.range(0, idx.size()).toArray(), null,
                            added, "part-" + token + "-", created);
                    index.forEach(f -> checksumIndexFile(dir, f, checksums));
                }
                Manifest next = base.withAddedColumns(specs, byPartition, index, indexColumns, checksums, metadataBytes,
                        "add columns " + specs.stream().map(ColumnSpec::name).toList()
                                + (toIndex.isEmpty() ? "" : " (index: " + toIndex + ")"));
                DatasetVersions.commit(dir, base, next);
                long bytes = files.stream().flatMap(List::stream).mapToLong(Manifest.ColumnFile::bytes).sum()
                        + (index == null ? 0 : index.stream().mapToLong(Manifest.FileEntry::bytes).sum());
                int count = files.stream().mapToInt(List::size).sum() + (index == null ? 0 : index.size());
                return new CommitSummary(dir, version, 0, next.rowCount(), count, bytes, (System.nanoTime() - t0) / 1e9);
            } catch (RuntimeException | Error e) {
                deleteCreated(dir, created);
                throw e;
            }
        }
    }

    /**
     * Writes the index anew, in spatial order, for the objects at {@code positions} of the
     * dataset's index, at {@code newRow[i]} of their partition where that is not -1, with the
     * dataset's index columns followed by {@code added} (values by index position; null: none):
     * the same index file writer as a build and an append.
     */
    private static List<Manifest.FileEntry> writeIndex(Path dir, PartitionedDataset current, ObjectIndex idx,
            int[] positions, int[] newRow, RowBatch added, String prefix, List<String> created) {
        Manifest base = IndexFirstDatasets.manifestOf(current);
        int n = positions.length;
        long[] cell = new long[n];
        int[] group = new int[n];
        int[] row = new int[n];
        for (int k = 0; k < n; k++) {
            int i = positions[k];
            PartitionRef p = idx.partition(i);
            cell[k] = p.healpix();
            group[k] = p.objectGroupId();
            row[k] = newRow != null && newRow[i] >= 0 ? newRow[i] : idx.row(i);
        }
        RowBatch values = added == null ? null : added.gather(positions);
        if (!base.indexColumns().isEmpty()) { // carried on: read from the partitions, as the index holds the data's values
            RowBatch existing = current.select(base.indexColumns().toArray(String[]::new)).read(positions);
            values = values == null ? existing : existing.withColumns(values.columns());
        }
        int[] order = org.mmu.core.IndexSort.argsort(n, (a, b) -> {
            int c = Long.compare(cell[a], cell[b]);
            if (c == 0) {
                c = Integer.compare(group[a], group[b]);
            }
            return c != 0 ? c : Integer.compare(row[a], row[b]);
        });
        synchronized (created) {
            created.add(IndexFiles.DIR + "/" + prefix); // a prefix: every index file starting with it
        }
        double[] ra = new double[n];
        double[] dec = new double[n];
        for (int k = 0; k < n; k++) {
            ra[k] = idx.ra(positions[k]);
            dec[k] = idx.dec(positions[k]);
        }
        ObjectIndex subset = ObjectIndex.ofPositions(idx.name(), idx.ids().gather(positions), ra, dec);
        return org.mmu.internal.indexfirst.IndexFirstWriter.writeIndex(dir, subset.ids(), subset, cell, group, row, order,
                IndexFiles.DEFAULT_ROWS_PER_FILE, values == null ? null : values.gather(order), prefix,
                cellDepth(base, n));
    }

    /** Checksums of an index file and of its cell table. */
    private static void checksumIndexFile(Path dir, Manifest.FileEntry f,
            Map<String, org.mmu.internal.storage.FileChecksum> checksums) {
        checksums.put(f.path(), org.mmu.internal.storage.FileChecksum.of(dir.resolve(f.path())));
        if (f.cells() != null) {
            checksums.put(f.cells().path(), org.mmu.internal.storage.FileChecksum.of(dir.resolve(f.cells().path())));
        }
    }

    /** A column name as a file name part: letters, digits and '_' (the file's entry names the column). */
    private static String safe(String column) {
        String s = column.replaceAll("[^A-Za-z0-9_]", "_");
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    /** The table's columns but {@code on}: new names, at least one. */
    private static List<ColumnSpec> columnsToAdd(Manifest base, RowBatch table, String tableName, String on) {
        if (!table.schema().contains(on)) {
            throw new MmuInputException(tableName + ": has no column '" + on + "' to join on; its columns are "
                    + table.schema().names());
        }
        List<ColumnSpec> specs = new ArrayList<>();
        for (ColumnSpec c : table.schema()) {
            if (c.name().equals(on)) {
                continue;
            }
            if (base.columns().contains(c.name())) {
                throw new MmuInputException(tableName + ": column '" + c.name() + "' is already in the dataset ("
                        + base.columns().column(c.name()).typeString() + "); rename it to add it");
            }
            specs.add(c);
        }
        if (specs.isEmpty()) {
            throw new MmuInputException(tableName + ": no columns to add besides '" + on + "'");
        }
        return specs;
    }

    /** The table's key column as ids of the dataset's type; a null or a value of the wrong type is an error naming its row. */
    private static ObjectIds idsOf(Manifest base, RowBatch table, String tableName, String on) {
        org.mmu.core.Column c = table.column(on);
        int n = table.rowCount();
        boolean strings = base.idType() == org.mmu.core.IdType.STRING;
        if (!c.spec().isScalar() || (strings ? c.type() != org.mmu.core.DType.STRING : !c.type().isInteger())) {
            throw new MmuInputException(tableName + ": column '" + on + "' is " + c.spec().typeString()
                    + " but the dataset's object ids are " + base.idType().label());
        }
        for (int r = 0; r < n; r++) {
            if (c.isNull(r)) {
                throw new MmuInputException(tableName + ": column '" + on + "' is null in row " + r);
            }
        }
        if (strings) {
            String[] v = new String[n];
            for (int r = 0; r < n; r++) {
                v[r] = c.getString(r);
            }
            return ObjectIds.ofStrings(v);
        }
        long[] v = new long[n];
        for (int r = 0; r < n; r++) {
            v[r] = c.getLong(r);
        }
        return ObjectIds.ofLongs(v);
    }

    /**
     * For each index position of the dataset, the table row holding its id, or -1. An id of the
     * table not in the dataset, or twice in it, is an error; so is a dataset id the table lacks
     * when {@code requireAll}.
     */
    private static int[] tableRows(Path dir, Manifest base, ObjectIndex idx, ObjectIds keys, String tableName,
            boolean requireAll) {
        int n = idx.size();
        ObjectIds all = ObjectIds.concat(List.of(idx.ids(), keys));
        int[] order = all.sortedPositions();
        int[] tableRow = new int[n];
        java.util.Arrays.fill(tableRow, -1);
        List<String> unknown = new ArrayList<>();
        long unknownCount = 0;
        for (int k = 0; k < order.length; ) {
            int end = k + 1;
            while (end < order.length && all.compare(order[k], order[end]) == 0) {
                end++;
            }
            int object = -1;
            int row = -1;
            for (int j = k; j < end; j++) {
                int pos = order[j];
                if (pos < n) {
                    object = pos;
                } else if (row >= 0) {
                    throw new MmuInputException(tableName + ": object id " + all.getString(pos) + " appears twice (rows "
                            + Math.min(row, pos - n) + " and " + Math.max(row, pos - n) + ")");
                } else {
                    row = pos - n;
                }
            }
            if (row >= 0 && object < 0) {
                if (unknownCount++ < 5) {
                    unknown.add(all.getString(row + n));
                }
            } else if (row >= 0) {
                tableRow[object] = row;
            }
            k = end;
        }
        if (unknownCount > 0) {
            throw new MmuInputException(tableName + ": " + unknownCount + " object id" + (unknownCount == 1 ? " is" : "s are")
                    + " not in " + dir + " (version " + base.version() + "), e.g. " + String.join(", ", unknown)
                    + "; add-columns adds values to existing objects only");
        }
        if (requireAll) {
            List<String> missing = new ArrayList<>();
            long count = 0;
            for (int i = 0; i < n; i++) {
                if (tableRow[i] < 0 && count++ < 5) {
                    missing.add(idx.ids().getString(i));
                }
            }
            if (count > 0) {
                throw new MmuInputException(tableName + ": lacks " + count + " object" + (count == 1 ? "" : "s") + " of "
                        + dir + " (version " + base.version() + "), e.g. " + String.join(", ", missing)
                        + " (every object must have a row: require-all)");
            }
        }
        return tableRow;
    }

    /**
     * Writes {@code rows} in {@code groups} under names of the next version and commits that
     * version: the base's files plus these ({@code keepBase}), or these alone. On any failure,
     * a lost race included, deletes what it wrote.
     */
    private CommitSummary commit(Path dir, Manifest base, MmuDataset rows, PartitionWriter.Groups groups,
            PartitionWriter writer, String operation, boolean keepBase, long added, long t0, Supersede supersede) {
        int version = base.version() + 1;
        String token = "v" + version + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> created = new ArrayList<>();
        try {
            PartitionWriter.Written w = writer.write(rows, base.columns(), dir, groups, "data-" + token, "part-" + token + "-",
                    base.indexColumns(), IndexFiles.DEFAULT_ROWS_PER_FILE,
                    cellDepth(base, (keepBase ? base.rowCount() : 0) + rows.size()), created);
            List<PartitionRef> partitions = new ArrayList<>(keepBase ? base.partitions() : List.of());
            List<Manifest.FileEntry> indexFiles = new ArrayList<>(keepBase ? base.indexFiles() : List.of());
            Map<String, org.mmu.internal.storage.FileChecksum> checksums = new HashMap<>(w.checksums());
            Map<String, Long> metadataBytes = new HashMap<>(w.metadataBytes());
            List<PartitionRef> written = new ArrayList<>(w.partitions());
            List<Manifest.FileEntry> writtenIndex = new ArrayList<>(w.indexFiles());
            if (supersede != null) {
                Supersede.Result r = supersede.write(dir, writer, token, created);
                partitions.removeIf(p -> r.replaced().contains(p.path()));
                written.addAll(r.partitions());
                indexFiles = new ArrayList<>(r.index());
                writtenIndex.addAll(r.index());
                checksums.putAll(r.checksums());
                metadataBytes.putAll(r.metadataBytes());
            }
            partitions.addAll(w.partitions());
            partitions.addAll(supersede == null ? List.of() : written.subList(w.partitions().size(), written.size()));
            partitions.sort(Comparator.comparingLong(PartitionRef::healpix).thenComparingInt(PartitionRef::objectGroupId));
            indexFiles.addAll(w.indexFiles());
            Manifest next = base.next(indexFiles, partitions, checksums, metadataBytes, operation);
            DatasetVersions.commit(dir, base, next);
            long bytes = written.stream().mapToLong(PartitionRef::bytes).sum()
                    + writtenIndex.stream().mapToLong(Manifest.FileEntry::bytes).sum();
            return new CommitSummary(dir, version, added, next.rowCount(), written.size() + writtenIndex.size(),
                    bytes, (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException | Error e) {
            deleteCreated(dir, created);
            throw e;
        }
    }

    /**
     * The depth of the new index files' cell tables: the base's, so that one depth plans the whole
     * dataset; from the grown size when the base has none (written before format 1.3).
     */
    private static int cellDepth(Manifest base, long rowsAfter) {
        return base.indexFiles().stream().filter(f -> f.cells() != null).mapToInt(f -> f.cells().depth()).min()
                .orElse(org.mmu.internal.indexfirst.CellTable.depthFor(rowsAfter));
    }

    /**
     * Objects of the base superseded by an append with replacement: writes the partitions that
     * held them anew without them (same cell and group, rows renumbered) and the index of the
     * base's other objects.
     */
    private final class Supersede {
        private final PartitionedDataset current;
        private final boolean[] gone;

        record Result(Set<String> replaced, List<PartitionRef> partitions, List<Manifest.FileEntry> index,
                Map<String, org.mmu.internal.storage.FileChecksum> checksums, Map<String, Long> metadataBytes) {
        }

        Supersede(PartitionedDataset current, int[] superseded) {
            this.current = current;
            this.gone = new boolean[current.index().size()];
            for (int i : superseded) {
                gone[i] = true;
            }
        }

        Result write(Path dir, PartitionWriter writer, String token, List<String> created) {
            ObjectIndex idx = current.index();
            List<PartitionRef> parts = current.partitions();
            int n = idx.size();
            Set<Integer> touched = new java.util.TreeSet<>();
            for (int i = 0; i < n; i++) {
                if (gone[i]) {
                    touched.add(idx.partitionOrdinal(i));
                }
            }
            Map<Integer, List<Integer>> kept = new HashMap<>(); // touched partition -> its kept objects, by row
            for (int i = 0; i < n; i++) {
                if (!gone[i] && touched.contains(idx.partitionOrdinal(i))) {
                    kept.computeIfAbsent(idx.partitionOrdinal(i), k -> new ArrayList<>()).add(i);
                }
            }
            int[] newRow = new int[n];
            java.util.Arrays.fill(newRow, -1);
            Map<String, Long> metadataBytes = new java.util.concurrent.ConcurrentHashMap<>();
            Map<String, org.mmu.internal.storage.FileChecksum> checksums = new java.util.concurrent.ConcurrentHashMap<>();
            List<Integer> order = new ArrayList<>(touched);
            List<PartitionRef> rewritten = org.mmu.core.Parallel.map(order.size(), threads, "rewriting partitions of " + dir,
                    t -> {
                        int p = order.get(t);
                        List<Integer> members = kept.getOrDefault(p, List.of());
                        if (members.isEmpty()) {
                            return null; // every object of the partition was replaced
                        }
                        members.sort(Comparator.comparingInt(idx::row));
                        int[] positions = members.stream().mapToInt(Integer::intValue).toArray();
                        for (int r = 0; r < positions.length; r++) {
                            newRow[positions[r]] = r;
                        }
                        PartitionRef old = parts.get(p);
                        String parent = old.path().contains("/") ? old.path().substring(0, old.path().lastIndexOf('/') + 1) : "";
                        String rel = parent + "data-" + token + "." + old.format().label();
                        try {
                            PartitionRef f = writer.writeFile(current.read(positions), dir, rel, old.healpix(),
                                    old.objectGroupId(), metadataBytes, created);
                            checksums.put(rel, org.mmu.internal.storage.FileChecksum.of(dir.resolve(rel)));
                            return f;
                        } catch (IOException e) {
                            throw new MmuStorageException(dir.resolve(rel).toString(), "cannot write a partition", e);
                        }
                    });
            int[] keptPositions = java.util.stream.IntStream.range(0, n).filter(i -> !gone[i]).toArray();
            List<Manifest.FileEntry> index = writeIndex(dir, current, idx, keptPositions, newRow, null,
                    "part-" + token + "-r", created);
            index.forEach(f -> checksumIndexFile(dir, f, checksums));
            Set<String> replaced = new HashSet<>();
            touched.forEach(p -> replaced.add(parts.get(p).path()));
            return new Result(replaced, rewritten.stream().filter(java.util.Objects::nonNull).toList(), index, checksums,
                    metadataBytes);
        }
    }

    /** The latest version of a dataset, open to commit the next from, and its manifest. */
    private record Latest(Storage storage, PartitionedDataset current, Manifest base) implements AutoCloseable {
        @Override
        public void close() {
            try (storage) {
                current.close();
            }
        }
    }

    /** Opens the latest version of the local dataset at {@code dir}; it must have checksums (format 1.1 on). */
    private Latest openLatest(Path dir) {
        Storage storage = Storages.open(dir.toString(), StorageOptions.defaults());
        PartitionedDataset current = null;
        try {
            current = IndexFirstDatasets.open(storage, new OpenContext(threads, Math.max(4, 2 * threads), progress));
            Manifest base = IndexFirstDatasets.manifestOf(current);
            requireChecksums(dir, base);
            return new Latest(storage, current, base);
        } catch (RuntimeException e) {
            try (storage) {
                if (current != null) {
                    current.close();
                }
            }
            throw e;
        }
    }

    /** Commits must checksum every new file, as the versions before them: format 1.0 datasets cannot. */
    private static void requireChecksums(Path dir, Manifest base) {
        if (base.checksums().isEmpty()) {
            throw new MmuInputException(dir + ": a format 1.0 dataset (no checksums) cannot grow; rebuild it first with"
                    + " 'mmu index " + dir + " NEW'");
        }
    }

    /**
     * The source as the dataset's columns, in the dataset's order; an absent or different column
     * is an error naming it, except a column added by {@link #addColumns}, which the new objects
     * then hold as nulls.
     */
    private static MmuDataset conform(Manifest base, MmuDataset source) {
        List<String> present = new ArrayList<>();
        for (ColumnSpec want : base.columns()) {
            if (!source.schema().contains(want.name()) && base.added().addedIn().containsKey(want.name())) {
                continue;
            }
            present.add(want.name());
            if (!source.schema().contains(want.name())) {
                throw new MmuInputException(source.location() + ": lacks column '" + want.name() + "' of the dataset ("
                        + want.typeString() + "); its columns are " + source.schema().names());
            }
            ColumnSpec got = source.schema().column(want.name());
            if (got.type() != want.type() || !java.util.Arrays.equals(got.shape(), want.shape())) {
                throw new MmuInputException(source.location() + ": column '" + want.name() + "' is " + got.typeString()
                        + ", the dataset's is " + want.typeString());
            }
        }
        if (base.idType() != source.index().ids().type()) {
            throw new MmuInputException(source.location() + ": object ids are " + source.index().ids().type().label()
                    + ", the dataset's are " + base.idType().label());
        }
        return source.select(present);
    }

    /**
     * None twice in the source, and none already in the dataset unless {@code replace}: then
     * returns the index positions of the dataset's objects the source supersedes.
     */
    private static int[] checkIds(Path dir, Manifest base, ObjectIds existing, ObjectIds added, String source,
            boolean replace) {
        int[] dup = added.firstDuplicate();
        if (dup != null) {
            throw new MmuInputException(source + ": object id " + added.getString(dup[0]) + " appears twice (rows "
                    + dup[0] + " and " + dup[1] + ")");
        }
        ObjectIds all = ObjectIds.concat(List.of(existing, added));
        int[] order = all.sortedPositions();
        List<String> taken = new ArrayList<>();
        int[] superseded = new int[16];
        int count = 0;
        for (int k = 1; k < order.length; k++) {
            if (all.compare(order[k - 1], order[k]) == 0) {
                if (count < 5) {
                    taken.add(all.getString(Math.max(order[k - 1], order[k])));
                }
                if (count == superseded.length) {
                    superseded = java.util.Arrays.copyOf(superseded, 2 * count);
                }
                superseded[count++] = Math.min(order[k - 1], order[k]); // the dataset's: it comes first
            }
        }
        if (count > 0 && !replace) {
            throw new MmuInputException(source + ": " + count + " object id" + (count == 1 ? " is" : "s are")
                    + " already in " + dir + " (version " + base.version() + "), e.g. " + String.join(", ", taken)
                    + "; append adds new objects only (replace supersedes them: --replace)");
        }
        return java.util.Arrays.copyOf(superseded, count);
    }

    private static void deleteCreated(Path dir, List<String> created) {
        List<String> paths;
        synchronized (created) {
            paths = List.copyOf(created);
        }
        for (String rel : paths) {
            try {
                if (rel.startsWith(IndexFiles.DIR + "/") && !rel.endsWith(".parquet")) { // a prefix of index files
                    Path indexDir = dir.resolve(IndexFiles.DIR);
                    String prefix = rel.substring(IndexFiles.DIR.length() + 1);
                    if (Files.isDirectory(indexDir)) {
                        try (Stream<Path> s = Files.list(indexDir)) {
                            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                                Files.deleteIfExists(p);
                            }
                        }
                    }
                } else {
                    Path f = dir.resolve(rel);
                    Files.deleteIfExists(f);
                    deleteEmptyParents(dir, f);
                }
            } catch (IOException e) {
                // best effort: the files are referenced by no version, and vacuum removes them
            }
        }
    }

    private static void deleteEmptyParents(Path root, Path file) {
        for (Path d = file.getParent(); d != null && !d.equals(root) && d.startsWith(root); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (IOException e) {
                return; // not empty, or gone
            }
        }
    }

    /**
     * Keeps the latest {@code keep} versions and deletes the manifests of the older ones, then
     * every file under {@code _index/}, {@code healpix=*} and {@code _versions/} that no kept
     * version references, except files of a commit that may still be in progress (a version after
     * the latest, written within the last hour). Run it when no other writer is committing.
     */
    public VacuumSummary vacuum(Path dataset, int keep) {
        if (keep < 1) {
            throw new MmuInputException("vacuum must keep at least 1 version, got " + keep);
        }
        Path dir = dataset.toAbsolutePath().normalize();
        List<Manifest> versions;
        try (Storage storage = Storages.open(dir.toString(), StorageOptions.defaults())) {
            if (!IndexFirstDatasets.isIndexFirst(storage)) {
                throw new MmuInputException(dir + ": not an index-first dataset (no " + Manifest.FILE_NAME + ")");
            }
            versions = DatasetVersions.list(storage);
        }
        Manifest latest = versions.get(versions.size() - 1);
        // the root names the latest before any file goes: readers step forward from it
        DatasetVersions.refreshRoot(dir, latest);
        List<Manifest> kept = versions.subList(Math.max(0, versions.size() - keep), versions.size());
        List<Manifest> dropped = versions.subList(0, versions.size() - kept.size());
        Set<String> referenced = new HashSet<>();
        for (Manifest m : kept) {
            referenced.addAll(m.files());
            referenced.add(DatasetVersions.path(m.version()));
        }
        int files = 0;
        long bytes = 0;
        try {
            // first the dropped versions' manifests, oldest first: a vacuum killed now leaves whole versions
            for (Manifest m : dropped) {
                Path f = dir.resolve(DatasetVersions.path(m.version()));
                if (Files.exists(f)) {
                    bytes += Files.size(f);
                    Files.delete(f);
                    files++;
                }
            }
            for (String rel : candidates(dir)) {
                if (referenced.contains(rel) || inProgress(dir.resolve(rel), rel, latest.version())) {
                    continue;
                }
                Path f = dir.resolve(rel);
                bytes += Files.size(f);
                Files.delete(f);
                deleteEmptyParents(dir, f);
                files++;
            }
        } catch (IOException e) {
            throw new MmuStorageException(dir.toString(), "vacuum could not delete a file", e);
        }
        return new VacuumSummary(dir, kept.stream().map(Manifest::version).toList(),
                dropped.stream().map(Manifest::version).toList(), files, bytes);
    }

    /** Files of the dataset's own directories, relative to the root and '/'-separated. */
    private static List<String> candidates(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> top = Files.list(dir)) {
            for (Path d : top.filter(Files::isDirectory).toList()) {
                String name = d.getFileName().toString();
                if (!name.equals(IndexFiles.DIR) && !name.equals(DatasetVersions.DIR) && !name.startsWith("healpix=")) {
                    continue;
                }
                try (Stream<Path> s = Files.walk(d)) {
                    s.filter(Files::isRegularFile)
                            .forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
                }
            }
        }
        return out;
    }

    /**
     * Whether a file belongs to a commit of a version after {@code latest} by a writer that may
     * still be at work: one that wrote within {@link #IN_PROGRESS_FOR} (a writer killed before its
     * commit stops touching its files; after that long they are left-overs).
     */
    private static boolean inProgress(Path file, String rel, int latest) throws IOException {
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        Matcher m = rel.startsWith(DatasetVersions.DIR + "/") ? VERSION_FILE.matcher(name) : COMMIT_FILE.matcher(name);
        return m.matches() && Long.parseLong(m.group(1)) > latest
                && Files.getLastModifiedTime(file).toInstant().isAfter(java.time.Instant.now().minus(IN_PROGRESS_FOR));
    }

    /** Options for updating. */
    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new MmuInputException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        public Builder progress(ProgressListener progress) {
            this.progress = progress == null ? ProgressListener.NONE : progress;
            return this;
        }

        public DatasetUpdater build() {
            return new DatasetUpdater(this);
        }
    }
}
