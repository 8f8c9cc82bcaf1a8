package org.mmu.internal.indexfirst;

import org.mmu.core.CoordinateColumns;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuFormatException;
import org.mmu.internal.dataset.DatasetDescriptor;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.ParquetPartitionReader;
import org.mmu.internal.dataset.PartitionReader;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.ChecksummedStorage;
import org.mmu.internal.storage.FileChecksum;
import org.mmu.internal.storage.Storage;

/** Opens index-first datasets: one manifest read, then the index on demand. */
public final class IndexFirstDatasets {
    private IndexFirstDatasets() {
    }

    /** Whether the storage root holds an index-first dataset (its manifest). */
    public static boolean isIndexFirst(Storage storage) {
        return storage.exists(Manifest.FILE_NAME);
    }

    /** Reads and validates the manifest. */
    public static Manifest readManifest(Storage storage) {
        String location = storage.location() + "/" + Manifest.FILE_NAME;
        if (!storage.exists(Manifest.FILE_NAME)) {
            throw new MmuFormatException(location, "no manifest: this is not an index-first dataset (build one with 'mmu index')");
        }
        return Manifest.parse(storage.readAll(Manifest.FILE_NAME), location);
    }

    /** The manifest (of the version opened) of an index-first dataset opened by {@link #open}. */
    public static Manifest manifestOf(PartitionedDataset ds) {
        return index(ds).manifest();
    }

    /** The index loader (version, filter) of an index-first dataset opened by {@link #open}. */
    public static IndexFirstIndex index(PartitionedDataset ds) {
        if (ds.indexLoader() instanceof IndexFirstIndex i) {
            return i;
        }
        throw new IllegalArgumentException(ds.location() + " is not an index-first dataset");
    }

    public static PartitionedDataset open(Storage plain, OpenContext ctx) {
        Manifest m = DatasetVersions.open(plain, ctx.version());
        String where = ctx.whereFor(m.name());
        IndexFilter filter = where == null ? null : IndexFilter.parse(where, IndexFilter.filterable(m));
        // every read of an index file or partition is verified against the manifest's checksums
        Storage storage = m.checksums().isEmpty() ? plain : new ChecksummedStorage(plain, m.checksums());
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("format", Manifest.FORMAT + " " + Manifest.FORMAT_VERSION);
        props.put("version", m.version() + (m.revision().committedAt().isEmpty() ? ""
                : " (" + m.revision().operation() + ", " + m.revision().committedAt() + ")"));
        if (!m.indexColumns().isEmpty()) {
            props.put("index_columns", m.indexColumns());
        }
        if (!m.added().addedIn().isEmpty()) {
            props.put("added_columns", m.added().addedIn().entrySet().stream()
                    .map(e -> e.getKey() + " (version " + e.getValue() + ")").toList());
        }
        if (filter != null) {
            props.put("where", filter.text());
        }
        props.put("created_by", m.createdBy());
        props.put("healpix", "nested, order " + m.order() + " (nside " + m.nside() + ")");
        props.put("objects_per_group", m.objectsPerGroup());
        props.put("data_format", m.dataFormat().label());
        props.put("id_type", m.idType().label());
        props.put("coordinates", m.idColumn() + ", " + m.raColumn() + ", " + m.decColumn() + " (icrs, deg)");
        props.put("checksums", m.checksums().isEmpty() ? "none (format 1.0)" : FileChecksum.ALGORITHM + " of "
                + m.checksums().size() + " files, verified on every read");
        props.put("index_files", m.indexFiles().size());
        props.put("index_bytes", m.indexBytes());
        props.put("data_bytes", m.dataBytes());
        props.put("healpix_cells", m.partitions().stream().mapToLong(p -> p.healpix()).distinct().count());
        DatasetDescriptor d = new DatasetDescriptor(m.name(), storage.location(), DatasetLayout.INDEX_FIRST, m.columns(),
                m.partitions(), m.rowCount(), props,
                new CoordinateColumns(m.idColumn(), m.raColumn(), m.decColumn()));
        PartitionReader reader = switch (m.dataFormat()) {
            case PARQUET -> new ParquetPartitionReader(storage, p -> m.metadataBytes().getOrDefault(p.path(), 0L));
            case HDF5 -> new org.mmu.internal.hdf5.Hdf5PartitionReader(storage);
            case CSV -> throw new MmuFormatException(storage.location(), "data_format csv is not valid for a dataset");
        };
        if (!m.added().files().isEmpty()) {
            reader = new ColumnFilesReader(reader, m.added(), storage.location());
        }
        return new PartitionedDataset(d, storage, reader, new IndexFirstIndex(storage, m, filter, ctx.threads()),
                ctx.progress(), ctx.readThreads());
    }
}
