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
import org.mmu.internal.build.PartitionWriter;
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
        long t0 = System.nanoTime();
        Path dir = dataset.toAbsolutePath().normalize();
        Manifest base;
        ObjectIds existing;
        try (Storage storage = Storages.open(dir.toString(), StorageOptions.defaults());
                PartitionedDataset current = IndexFirstDatasets.open(storage, new OpenContext(threads,
                        Math.max(4, 2 * threads), progress))) {
            base = IndexFirstDatasets.manifestOf(current);
            existing = current.index().ids();
        }
        requireChecksums(dir, base);
        MmuDataset rows = conform(base, source);
        ObjectIndex added = rows.index();
        if (added.size() == 0) {
            throw new MmuInputException(source.location() + ": no objects to append");
        }
        checkIds(dir, base, existing, added.ids(), source.location());

        PartitionWriter writer = new PartitionWriter(base.order(), base.objectsPerGroup(), base.dataFormat(), threads,
                progress);
        Map<Long, Integer> nextGroup = new HashMap<>();
        for (PartitionRef p : base.partitions()) {
            nextGroup.merge(p.healpix(), p.objectGroupId() + 1, Math::max);
        }
        PartitionWriter.Groups groups = writer.group(added, writer.cellsOf(added), c -> nextGroup.getOrDefault(c, 0));
        return commit(dir, base, rows, groups, writer, "append " + added.size() + " objects", true, added.size(), t0);
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
        try (Storage storage = Storages.open(dir.toString(), StorageOptions.defaults());
                PartitionedDataset current = IndexFirstDatasets.open(storage, new OpenContext(threads,
                        Math.max(4, 2 * threads), progress))) {
            Manifest base = IndexFirstDatasets.manifestOf(current);
            requireChecksums(dir, base);
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
                    "compact " + base.partitions().size() + " partitions", false, 0, t0));
        }
    }

    /**
     * Writes {@code rows} in {@code groups} under names of the next version and commits that
     * version: the base's files plus these ({@code keepBase}), or these alone. On any failure,
     * a lost race included, deletes what it wrote.
     */
    private CommitSummary commit(Path dir, Manifest base, MmuDataset rows, PartitionWriter.Groups groups,
            PartitionWriter writer, String operation, boolean keepBase, long added, long t0) {
        int version = base.version() + 1;
        String token = "v" + version + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> created = new ArrayList<>();
        try {
            PartitionWriter.Written w = writer.write(rows, dir, groups, "data-" + token, "part-" + token + "-",
                    base.indexColumns(), IndexFiles.DEFAULT_ROWS_PER_FILE, cellDepth(base, (keepBase ? base.rowCount() : 0) + rows.size()), created);
            List<PartitionRef> partitions = new ArrayList<>(keepBase ? base.partitions() : List.of());
            partitions.addAll(w.partitions());
            partitions.sort(Comparator.comparingLong(PartitionRef::healpix).thenComparingInt(PartitionRef::objectGroupId));
            List<Manifest.FileEntry> indexFiles = new ArrayList<>(keepBase ? base.indexFiles() : List.of());
            indexFiles.addAll(w.indexFiles());
            Manifest next = base.next(indexFiles, partitions, w.checksums(), w.metadataBytes(), operation);
            DatasetVersions.commit(dir, base, next);
            long bytes = w.partitions().stream().mapToLong(PartitionRef::bytes).sum()
                    + w.indexFiles().stream().mapToLong(Manifest.FileEntry::bytes).sum();
            return new CommitSummary(dir, version, added, next.rowCount(), w.partitions().size() + w.indexFiles().size(),
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

    /** Commits must checksum every new file, as the versions before them: format 1.0 datasets cannot. */
    private static void requireChecksums(Path dir, Manifest base) {
        if (base.checksums().isEmpty()) {
            throw new MmuInputException(dir + ": a format 1.0 dataset (no checksums) cannot grow; rebuild it first with"
                    + " 'mmu index " + dir + " NEW'");
        }
    }

    /** The source as the dataset's columns, in the dataset's order; an absent or different column is an error naming it. */
    private static MmuDataset conform(Manifest base, MmuDataset source) {
        for (ColumnSpec want : base.columns()) {
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
        return source.select(base.columns().names());
    }

    /** New ids only: none twice in the source, none already in the dataset. */
    private static void checkIds(Path dir, Manifest base, ObjectIds existing, ObjectIds added, String source) {
        int[] dup = added.firstDuplicate();
        if (dup != null) {
            throw new MmuInputException(source + ": object id " + added.getString(dup[0]) + " appears twice (rows "
                    + dup[0] + " and " + dup[1] + ")");
        }
        ObjectIds all = ObjectIds.concat(List.of(existing, added));
        int n = existing.size();
        int[] order = all.sortedPositions();
        List<String> taken = new ArrayList<>();
        int count = 0;
        for (int k = 1; k < order.length; k++) {
            if (all.compare(order[k - 1], order[k]) == 0) {
                int a = Math.max(order[k - 1], order[k]);
                if (count++ < 5) {
                    taken.add(all.getString(a));
                }
            }
        }
        if (count > 0) {
            throw new MmuInputException(source + ": " + count + " object id" + (count == 1 ? " is" : "s are")
                    + " already in " + dir + " (version " + base.version() + "), e.g. " + String.join(", ", taken)
                    + "; append adds new objects only");
        }
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
