package org.mmu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.mmu.core.CoordinateColumns;
import org.mmu.core.DataFormat;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.ProgressListener;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.output.AtomicFiles;
import org.mmu.internal.output.Temporaries;
import org.mmu.internal.build.PartitionWriter;
import org.mmu.internal.build.Version;
import org.mmu.internal.indexfirst.DatasetVersions;
import org.mmu.internal.indexfirst.IndexFiles;

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
    private final int cellTableDepth;
    private final ProgressListener progress;
    private final List<String> indexColumns;

    private DatasetBuilder(Builder b) {
        this.indexColumns = List.copyOf(b.indexColumns);
        this.name = b.name;
        this.order = b.order;
        this.objectsPerGroup = b.objectsPerGroup;
        this.format = b.format;
        this.threads = b.threads;
        this.indexRowsPerFile = b.indexRowsPerFile;
        this.cellTableDepth = b.cellTableDepth;
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
        checkIndexColumns(source, columns);
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

    private Manifest writeInto(MmuDataset source, CoordinateColumns columns, String datasetName, Path dir) {
        ObjectIndex idx = source.index();
        PartitionWriter writer = new PartitionWriter(order, objectsPerGroup, format, threads, progress);
        PartitionWriter.Groups groups = writer.group(idx, cellsOf(idx, writer), cell -> 0);
        PartitionWriter.Written w = writer.write(source, source.schema(), dir, groups, "data", "part-", indexColumns,
                indexRowsPerFile,
                cellTableDepth >= 0 ? cellTableDepth : org.mmu.internal.indexfirst.CellTable.depthFor(idx.size()),
                new ArrayList<>());
        Manifest manifest = new Manifest(datasetName, order, objectsPerGroup, format, idx.ids().type(), columns.id(),
                columns.ra(), columns.dec(), idx.size(), source.schema(), w.indexFiles(), w.partitions(),
                "mmu-java " + Version.get(), w.checksums(), w.metadataBytes(), indexColumns, Manifest.Revision.build());
        DatasetVersions.writeFirst(dir, manifest);
        return manifest;
    }

    /** Cells at the output order: the source's own when it is partitioned at that order, else from positions. */
    private long[] cellsOf(ObjectIndex idx, PartitionWriter writer) {
        boolean keepSourceCells = !idx.partitions().isEmpty()
                && idx.partitions().stream().allMatch(p -> p.isSkyPartitioned() && p.order() == order);
        if (!keepSourceCells) {
            return writer.cellsOf(idx);
        }
        long[] cell = new long[idx.size()];
        for (int i = 0; i < cell.length; i++) {
            cell[i] = idx.partition(i).healpix();
        }
        return cell;
    }

    /** Checks the index columns against the source: scalar data columns, not id/ra/dec nor the index's own. */
    private void checkIndexColumns(MmuDataset source, CoordinateColumns columns) {
        for (String c : indexColumns) {
            if (!source.schema().contains(c)) {
                throw new MmuInputException("index column '" + c + "' is not a column of " + source.name() + "; columns are "
                        + source.schema().names());
            }
            if (!source.schema().column(c).isScalar()) {
                throw new MmuInputException("index column '" + c + "' is " + source.schema().column(c).typeString()
                        + "; index columns must be scalars (small values carried in the index for filtering)");
            }
            if (List.of(columns.id(), columns.ra(), columns.dec()).contains(c) || IndexFiles.COLUMNS.contains(c)) {
                throw new MmuInputException("index column '" + c + "': the index already holds the id and position"
                        + " and may not repeat " + IndexFiles.COLUMNS);
            }
        }
    }

    /** Options for building. */
    public static final class Builder {
        private String name;
        private int order = DEFAULT_ORDER;
        private int objectsPerGroup = DEFAULT_OBJECTS_PER_GROUP;
        private DataFormat format = DataFormat.PARQUET;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int indexRowsPerFile = 1_000_000;
        private int cellTableDepth = -1;
        private ProgressListener progress = ProgressListener.NONE;
        private List<String> indexColumns = List.of();

        private Builder() {
        }

        /**
         * Scalar data columns to carry in the {@code _index} as well (e.g. {@code mag_i}, {@code z}),
         * so that {@link LoadOptions.Builder#where} filters on them before matching. Each costs its
         * encoded size per object in the index and in every reader's memory while filtering.
         */
        public Builder indexColumns(List<String> columns) {
            if (columns.stream().distinct().count() != columns.size()) {
                throw new MmuInputException("index columns " + columns + " name a column twice");
            }
            this.indexColumns = List.copyOf(columns);
            return this;
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

        /**
         * The NESTED depth of the cell tables written beside the index files (format 1.3), from
         * which crossmatches plan their regions without reading the index. Default (-1): from the
         * object count, about 16 objects per cell, at most 10. Deeper tables let regions be cut
         * finer (and sparse crossmatches read less of the index) at the cost of larger tables.
         */
        public Builder cellTableDepth(int depth) {
            if (depth < -1 || depth > org.mmu.matching.SkyCells.MAX_REGION_DEPTH) {
                throw new MmuInputException("cell table depth must be in [0, "
                        + org.mmu.matching.SkyCells.MAX_REGION_DEPTH + "] (or -1: from the object count), got " + depth);
            }
            this.cellTableDepth = depth;
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
