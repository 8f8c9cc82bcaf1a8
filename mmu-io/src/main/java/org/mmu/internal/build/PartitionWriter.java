package org.mmu.internal.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

import org.mmu.StorageOptions;
import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DataFormat;
import org.mmu.core.IndexSort;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuStorageException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.Parallel;
import org.mmu.core.PartitionRef;
import org.mmu.core.ProgressListener;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.hdf5.Hdf5BatchWriter;
import org.mmu.internal.indexfirst.IndexFiles;
import org.mmu.internal.indexfirst.IndexFirstWriter;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.parquet.ParquetBatchWriter;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.FileChecksum;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/**
 * Lays objects out in groups and writes their partitions and index files: the one path shared by
 * a build (all objects) and an append (the new objects, in new groups of the cells they fall in).
 * Objects of a cell are sorted along the NESTED curve and cut into balanced groups of at most
 * {@code objectsPerGroup} consecutive objects. Immutable.
 */
public final class PartitionWriter {
    private final int order;
    private final int objectsPerGroup;
    private final DataFormat format;
    private final int threads;
    private final ProgressListener progress;

    public PartitionWriter(int order, int objectsPerGroup, DataFormat format, int threads, ProgressListener progress) {
        this.order = order;
        this.objectsPerGroup = objectsPerGroup;
        this.format = format;
        this.threads = threads;
        this.progress = progress;
    }

    /**
     * Where each object goes.
     *
     * @param indexOrder index positions in index (spatial) order, which is also group order
     * @param members    per group, its objects' index positions in file row order
     * @param keys       per group, {cell, group number}
     */
    public record Groups(long[] cell, int[] indexOrder, int[] groupOf, int[] rowOf, List<int[]> members,
            List<long[]> keys) {
    }

    /**
     * Sorts the objects along the curve and cuts each cell's run into groups, numbered from
     * {@code firstGroup.applyAsLong(cell)} (0 for a build; after the cell's last group for an append).
     */
    public Groups group(ObjectIndex idx, long[] cell, LongUnaryOperator firstGroup) {
        int n = idx.size();
        progress.onProgress("hash positions", 0, n);
        long[] h29 = SkyHashes.order29(idx, threads);
        ObjectIds ids = idx.ids();
        int[] order29 = IndexSort.argsort(n, (a, b) -> {
            int c = Long.compare(cell[a], cell[b]);
            if (c == 0) {
                c = Long.compare(h29[a], h29[b]);
            }
            return c != 0 ? c : ids.compare(a, b);
        });
        progress.onProgress("hash positions", n, n);
        int[] groupOf = new int[n];
        int[] rowOf = new int[n];
        List<int[]> groupMembers = new ArrayList<>();
        List<long[]> groupKey = new ArrayList<>();
        for (int start = 0; start < n; ) {
            long c = cell[order29[start]];
            int end = start;
            while (end < n && cell[order29[end]] == c) {
                end++;
            }
            int m = end - start;
            int groups = (m + objectsPerGroup - 1) / objectsPerGroup;
            int first = Math.toIntExact(firstGroup.applyAsLong(c));
            int pos = start;
            for (int g = 0; g < groups; g++) {
                int size = m / groups + (g < m % groups ? 1 : 0);
                int[] members = new int[size];
                for (int r = 0; r < size; r++) {
                    int i = order29[pos++];
                    members[r] = i;
                    groupOf[i] = first + g;
                    rowOf[i] = r;
                }
                groupMembers.add(members);
                groupKey.add(new long[] {c, first + g});
            }
            start = end;
        }
        return new Groups(cell, order29, groupOf, rowOf, groupMembers, groupKey);
    }

    /** The cells of positions at this writer's order. */
    public long[] cellsOf(ObjectIndex idx) {
        long[] h29 = SkyHashes.order29(idx, threads);
        int shift = 2 * (SkyHashes.MAX_ORDER - order);
        long[] cell = new long[h29.length];
        for (int i = 0; i < cell.length; i++) {
            cell[i] = h29[i] >>> shift;
        }
        return cell;
    }

    /** What {@link #write} wrote, every path relative to the dataset root. */
    public record Written(List<PartitionRef> partitions, List<Manifest.FileEntry> indexFiles,
            Map<String, FileChecksum> checksums, Map<String, Long> metadataBytes) {
    }

    /**
     * Writes the partitions and index files of {@code groups} of {@code source}'s objects into
     * {@code dir}.
     *
     * @param columns      the partitions' columns, in order: any {@code source} lacks are written as nulls
     * @param fileName     partition files are {@code healpix=H/object_group_id=G/<fileName>.<ext>}
     * @param indexPrefix  index files are {@code _index/<indexPrefix>NNNNN.parquet}
     * @param indexColumns data columns carried in the index files (scalars of the source)
     * @param created      receives each file's path before it is written (to clean up on failure)
     */
    public Written write(MmuDataset source, Schema columns, Path dir, Groups groups, String fileName,
            String indexPrefix, List<String> indexColumns, int indexRowsPerFile, int cellDepth, List<String> created) {
        Map<String, FileChecksum> checksums = new ConcurrentHashMap<>();
        Map<String, Long> metadataBytes = new ConcurrentHashMap<>();
        List<int[]> members = groups.members();
        int total = members.size();
        RowBatch[] indexValues = new RowBatch[total];
        AtomicLong done = new AtomicLong();
        List<PartitionRef> partitions = new ArrayList<>(Parallel.map(total, threads, "writing partitions to " + dir, g -> {
            PartitionRef p;
            try {
                long[] key = groups.keys().get(g);
                RowBatch batch = withNulls(source.read(members.get(g)), columns);
                if (!indexColumns.isEmpty()) {
                    indexValues[g] = batch.select(indexColumns);
                }
                p = writeGroup(batch, dir, key[0], (int) key[1], fileName, metadataBytes, created);
            } catch (IOException e) {
                throw new MmuStorageException(dir.toString(), "cannot write a partition", e);
            }
            checksums.put(p.path(), FileChecksum.of(dir.resolve(p.path())));
            progress.onProgress("write partitions", done.incrementAndGet(), total);
            return p;
        }));
        partitions.sort(Comparator.comparingLong(PartitionRef::healpix).thenComparingInt(PartitionRef::objectGroupId));
        ObjectIndex idx = source.index();
        // groups follow index order, so their index values concatenated are in index order
        RowBatch extra = indexColumns.isEmpty() ? null
                : total == 0 ? RowBatch.empty(source.schema().select(indexColumns)) : RowBatch.concat(List.of(indexValues));
        synchronized (created) {
            created.add(IndexFiles.DIR + "/" + indexPrefix); // a prefix: every index file starting with it
        }
        List<Manifest.FileEntry> indexFiles = IndexFirstWriter.writeIndex(dir, idx.ids(), idx, groups.cell(),
                groups.groupOf(), groups.rowOf(), groups.indexOrder(), indexRowsPerFile, extra, indexPrefix, cellDepth);
        for (Manifest.FileEntry f : indexFiles) {
            checksums.put(f.path(), FileChecksum.of(dir.resolve(f.path())));
            checksums.put(f.cells().path(), FileChecksum.of(dir.resolve(f.cells().path())));
        }
        return new Written(partitions, indexFiles, checksums, metadataBytes);
    }

    /** {@code batch} with {@code columns}, in that order; those it lacks are all nulls. */
    private static RowBatch withNulls(RowBatch batch, Schema columns) {
        if (batch.schema().names().equals(columns.names())) {
            return batch;
        }
        List<Column> out = new ArrayList<>(columns.size());
        for (ColumnSpec c : columns) {
            if (batch.schema().contains(c.name())) {
                out.add(batch.column(c.name()));
            } else {
                ColumnBuilder b = new ColumnBuilder(c, batch.rowCount());
                for (int r = 0; r < batch.rowCount(); r++) {
                    b.appendNull();
                }
                out.add(b.build());
            }
        }
        return RowBatch.of(out);
    }

    private PartitionRef writeGroup(RowBatch batch, Path dir, long cell, int group, String fileName,
            Map<String, Long> metadataBytes, List<String> created) throws IOException {
        String rel = "healpix=" + cell + "/object_group_id=" + group + "/" + fileName + "." + format.label();
        return writeFile(batch, dir, rel, cell, group, metadataBytes, created);
    }

    /**
     * Writes one file of a cell's group: a partition, or a column file beside one (§8), with the
     * group's metadata; records its Parquet page index size in {@code metadataBytes}.
     *
     * @param rel     the file's path relative to {@code dir}; added to {@code created} before it is written
     */
    public PartitionRef writeFile(RowBatch batch, Path dir, String rel, long cell, int group,
            Map<String, Long> metadataBytes, List<String> created) throws IOException {
        synchronized (created) {
            created.add(rel);
        }
        Path file = dir.resolve(rel);
        Files.createDirectories(file.getParent());
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
        return new PartitionRef(order, cell, group, rel, format, batch.rowCount(), Files.size(file));
    }
}
