package org.mmu;

import org.mmu.core.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.mmu.core.CoordinateColumns;
import org.mmu.core.DataFormat;
import org.mmu.core.IndexSort;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.ProgressListener;
import org.mmu.core.RowBatch;
import org.mmu.internal.hdf5.Hdf5BatchWriter;
import org.mmu.internal.indexfirst.IndexFirstWriter;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.output.AtomicFiles;
import org.mmu.internal.output.Temporaries;
import org.mmu.internal.storage.FileChecksum;
import org.mmu.internal.parquet.ParquetBatchWriter;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.Storage;
import org.mmu.StorageOptions;
import org.mmu.internal.storage.Storages;
import org.mmu.internal.build.SkyHashes;
import org.mmu.internal.build.Version;

/**
 * Builds an index-first dataset from any readable dataset (a flat catalog, MMU v1, HATS, or
 * another index-first dataset).
 *
 * <ol>
 *   <li>load the source's index (ids and positions, validated);</li>
 *   <li>give each object its HEALPix cell at {@code order}; a source already partitioned at that
 *       order keeps its own cells (MMU v1's pixel directories are authoritative);</li>
 *   <li>sort objects along the NESTED curve and cut each cell into balanced groups of at most
 *       {@code objectsPerGroup} consecutive objects: spatially compact runs;</li>
 *   <li>for each group, in parallel, read just its rows from the source and write
 *       {@code healpix=H/object_group_id=G/data.parquet} (or {@code data.hdf5});</li>
 *   <li>write the {@code _index} files and the manifest, then rename the temporary directory
 *       into place: a dataset is either complete or absent.</li>
 * </ol>
 * Memory: the index (about 40 bytes per object while building) plus the groups being written.
 * Immutable and thread-safe; {@link Builder#build()} leaves the builder unchanged.
 */
public final class DatasetBuilder {
    public static final int DEFAULT_ORDER = 4;
    public static final int MAX_ORDER = 13;
    public static final int DEFAULT_OBJECTS_PER_GROUP = 1000;

    private final String name;
    private final int order;
    private final int objectsPerGroup;
    private final DataFormat format;
    private final int threads;
    private final int indexRowsPerFile;
    private final ProgressListener progress;

    private DatasetBuilder(Builder b) {
        this.name = b.name;
        this.order = b.order;
        this.objectsPerGroup = b.objectsPerGroup;
        this.format = b.format;
        this.threads = b.threads;
        this.indexRowsPerFile = b.indexRowsPerFile;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds from a dataset opened by this library ({@link MmuDatasets#load(String)}), using its
     * own id/ra/dec columns.
     *
     * @param source a dataset opened by {@code MmuDatasets}
     * @param output the new dataset's directory, which must not exist
     * @return what was written
     */
    public BuildSummary build(MmuDataset source, Path output) {
        if (!(source instanceof org.mmu.internal.dataset.PartitionedDataset pd)) {
            throw new MmuInputException(source.name() + ": its id/ra/dec columns are unknown (it was not opened by "
                    + "MmuDatasets); name them with build(source, new CoordinateColumns(id, ra, dec), output)");
        }
        return build(source, pd.descriptor().coordinates(), output);
    }

    /** The default survey name: the directory's, with characters a name cannot hold as '_'. */
    static String nameOf(Path dir) {
        return dir.getFileName().toString().replaceAll("[^A-Za-z0-9_.\\-]", "_");
    }

    /**
     * Builds the dataset at {@code output}, which must not exist. The source must expose the
     * named columns.
     */
    public BuildSummary build(MmuDataset source, CoordinateColumns columns, Path output) {
        long t0 = System.nanoTime();
        Path target = output.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new MmuInputException(target + ": output already exists; choose a new path or remove it first");
        }
        for (String c : List.of(columns.id(), columns.ra(), columns.dec())) {
            source.schema().column(c); // a missing column fails here, naming the known ones
        }
        String datasetName = name != null ? name : nameOf(target);
        Path parent = target.getParent();
        Temporaries.sweep(target);
        Path tmp = Temporaries.sibling(target);
        try {
            Files.createDirectories(parent);
            Files.createDirectory(tmp);
            Manifest m = writeInto(source, columns, datasetName, tmp);
            AtomicFiles.publishNew(tmp, target);
            Temporaries.published(tmp);
            long cells = m.partitions().stream().mapToLong(PartitionRef::healpix).distinct().count();
            return new BuildSummary(target, m.rowCount(), cells, m.partitions().size(), m.indexBytes(), m.dataBytes(),
                    (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot build dataset", e);
        } finally {
            Temporaries.discard(tmp);
        }
    }

    private Manifest writeInto(MmuDataset source, CoordinateColumns columns, String datasetName, Path dir) throws IOException {
        ObjectIndex idx = source.index();
        int n = idx.size();
        progress.onProgress("hash positions", 0, n);
        long[] h29 = SkyHashes.order29(idx, threads);
        long[] cell = cellsOf(idx, h29);
        ObjectIds ids = idx.ids();
        int[] order29 = IndexSort.argsort(n, (a, b) -> {
            int c = Long.compare(cell[a], cell[b]);
            if (c == 0) {
                c = Long.compare(h29[a], h29[b]);
            }
            return c != 0 ? c : ids.compare(a, b);
        });
        progress.onProgress("hash positions", n, n);

        // Cut each cell's run into balanced groups.
        int[] groupOf = new int[n];
        int[] rowOf = new int[n];
        List<int[]> groupMembers = new ArrayList<>();   // index positions, in file row order
        List<long[]> groupKey = new ArrayList<>();      // {cell, group}
        for (int start = 0; start < n; ) {
            long c = cell[order29[start]];
            int end = start;
            while (end < n && cell[order29[end]] == c) {
                end++;
            }
            int m = end - start;
            int groups = (m + objectsPerGroup - 1) / objectsPerGroup;
            int pos = start;
            for (int g = 0; g < groups; g++) {
                int size = m / groups + (g < m % groups ? 1 : 0);
                int[] members = new int[size];
                for (int r = 0; r < size; r++) {
                    int i = order29[pos++];
                    members[r] = i;
                    groupOf[i] = g;
                    rowOf[i] = r;
                }
                groupMembers.add(members);
                groupKey.add(new long[] {c, g});
            }
            start = end;
        }

        Map<String, FileChecksum> checksums = new ConcurrentHashMap<>();
        Map<String, Long> metadataBytes = new ConcurrentHashMap<>();
        List<PartitionRef> partitions = writeGroups(source, dir, groupMembers, groupKey, checksums, metadataBytes);
        long[] cellOfObject = cell;
        List<Manifest.FileEntry> indexFiles = IndexFirstWriter.writeIndex(dir, ids, idx, cellOfObject, groupOf, rowOf,
                order29, indexRowsPerFile);
        for (Manifest.FileEntry f : indexFiles) {
            checksums.put(f.path(), FileChecksum.of(dir.resolve(f.path())));
        }
        Manifest manifest = new Manifest(datasetName, order, objectsPerGroup, format, ids.type(), columns.id(),
                columns.ra(), columns.dec(), n, source.schema(), indexFiles, partitions, "mmu-java " + Version.get(),
                checksums, metadataBytes);
        IndexFirstWriter.writeManifest(dir, manifest);
        return manifest;
    }

    /** Cells at the output order: the source's own when it is partitioned at that order, else from positions. */
    private long[] cellsOf(ObjectIndex idx, long[] h29) {
        long[] cell = new long[idx.size()];
        boolean keepSourceCells = !idx.partitions().isEmpty()
                && idx.partitions().stream().allMatch(p -> p.isSkyPartitioned() && p.order() == order);
        int shift = 2 * (SkyHashes.MAX_ORDER - order);
        for (int i = 0; i < cell.length; i++) {
            cell[i] = keepSourceCells ? idx.partition(i).healpix() : h29[i] >>> shift;
        }
        return cell;
    }

    private List<PartitionRef> writeGroups(MmuDataset source, Path dir, List<int[]> members, List<long[]> keys,
            Map<String, FileChecksum> checksums, Map<String, Long> metadataBytes) {
        int total = members.size();
        AtomicLong done = new AtomicLong();
        List<PartitionRef> out = new ArrayList<>(Parallel.map(total, threads, "writing partitions to " + dir, g -> {
            PartitionRef p;
            try {
                p = writeGroup(source, dir, keys.get(g)[0], (int) keys.get(g)[1], members.get(g), metadataBytes);
            } catch (IOException e) {
                throw new MmuStorageException(dir.toString(), "cannot write a partition", e);
            }
            checksums.put(p.path(), FileChecksum.of(dir.resolve(p.path())));
            progress.onProgress("write partitions", done.incrementAndGet(), total);
            return p;
        }));
        out.sort(Comparator.comparingLong(PartitionRef::healpix).thenComparingInt(PartitionRef::objectGroupId));
        return out;
    }

    private PartitionRef writeGroup(MmuDataset source, Path dir, long cell, int group, int[] rows,
            Map<String, Long> metadataBytes) throws IOException {
        String rel = "healpix=" + cell + "/object_group_id=" + group + "/data." + format.label();
        Path file = dir.resolve(rel);
        Files.createDirectories(file.getParent());
        RowBatch batch = source.read(rows);
        Map<String, String> meta = Map.of("mmu.format", Manifest.FORMAT, "mmu.format_version", Manifest.FORMAT_VERSION,
                "mmu.healpix", Long.toString(cell), "mmu.object_group_id", Integer.toString(group));
        if (format == DataFormat.PARQUET) {
            try (ParquetBatchWriter w = new ParquetBatchWriter(file, batch.schema(), meta, ParquetBatchWriter.Profile.DATA)) {
                w.write(batch);
            }
            // recorded in the manifest so that readers fetch footer and page index with one exact read
            try (Storage local = Storages.open(dir.toString(), StorageOptions.defaults());
                    ParquetFile written = ParquetFile.open(local.open(rel))) {
                metadataBytes.put(rel, written.metadataTailBytes());
            }
        } else {
            Hdf5BatchWriter.write(file, batch, meta);
        }
        return new PartitionRef(order, cell, group, rel, format, rows.length, Files.size(file));
    }

    /** Options for building. */
    public static final class Builder {
        private String name;
        private int order = DEFAULT_ORDER;
        private int objectsPerGroup = DEFAULT_OBJECTS_PER_GROUP;
        private DataFormat format = DataFormat.PARQUET;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int indexRowsPerFile = 1_000_000;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /**
         * Survey name written in the manifest (default: the output directory's name, so that the
         * command line, which labels surveys by dataset name, and {@code MmuDatasets.load(base,
         * crossMatch)}, which finds survey {@code s} at {@code base/s}, call it the same).
         */
        public Builder name(String name) {
            if (name != null && (name.isBlank() || !name.matches("[A-Za-z0-9_.\\-]+"))) {
                throw new MmuInputException("dataset name '" + name + "' must be letters, digits, '_', '-' or '.'");
            }
            this.name = name;
            return this;
        }

        /** HEALPix order of the partitioning, 0..13 (default 4 = NSIDE 16, as MMU). */
        public Builder order(int order) {
            if (order < 0 || order > MAX_ORDER) {
                throw new MmuInputException("order must be in [0, " + MAX_ORDER + "], got " + order);
            }
            this.order = order;
            return this;
        }

        /** HEALPix NSIDE, a power of two up to 8192; sets the order. */
        public Builder nside(int nside) {
            if (nside < 1 || Integer.bitCount(nside) != 1 || nside > (1 << MAX_ORDER)) {
                throw new MmuInputException("nside must be a power of two in [1, " + (1 << MAX_ORDER) + "], got " + nside);
            }
            return order(Integer.numberOfTrailingZeros(nside));
        }

        public Builder objectsPerGroup(int n) {
            if (n < 1) {
                throw new MmuInputException("objects per group must be >= 1, got " + n);
            }
            this.objectsPerGroup = n;
            return this;
        }

        public Builder format(DataFormat format) {
            if (format != DataFormat.PARQUET && format != DataFormat.HDF5) {
                throw new MmuInputException("data format must be parquet or hdf5, got " + format.label());
            }
            this.format = format;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new MmuInputException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Rows per {@code _index} file (default one million). */
        public Builder indexRowsPerFile(int rows) {
            if (rows < 1) {
                throw new MmuInputException("index rows per file must be >= 1, got " + rows);
            }
            this.indexRowsPerFile = rows;
            return this;
        }

        public Builder progress(ProgressListener progress) {
            this.progress = progress == null ? ProgressListener.NONE : progress;
            return this;
        }

        public DatasetBuilder build() {
            return new DatasetBuilder(this);
        }
    }
}
