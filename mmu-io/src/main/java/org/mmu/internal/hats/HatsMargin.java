package org.mmu.internal.hats;

import java.util.ArrayList;
import java.util.List;

import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.parquet.ParquetFile;

/**
 * A HATS margin catalog: for each partition pixel, copies of the primary table's rows that lie
 * outside the pixel but within {@link #thresholdArcsec()} of its border. Datasets ignore margins
 * (the primary table holds each object once); a margin is for callers who process one partition
 * at a time and want the neighbours just across its border.
 *
 * <pre>{@code
 * HatsMargin margin = HatsDatasets.openMargin(collectionStorage, null); // the default margin
 * RowBatch near = margin.read(partition, List.of("id", "ra", "dec"));
 * }</pre>
 *
 * Immutable and thread-safe; each read opens its own files. Does not own the storage: close it
 * yourself.
 */
public final class HatsMargin {
    private final HatsTable table;

    HatsMargin(HatsTable table) {
        this.table = table;
    }

    /** The margin catalog's name ({@code obs_collection}). */
    public String name() {
        return table.name();
    }

    /** Where the margin catalog lies. */
    public String location() {
        return table.location();
    }

    /** How far outside each pixel rows were copied, in arcseconds ({@code hats_margin_threshold}); NaN if unstated. */
    public double thresholdArcsec() {
        return table.properties().getDouble(HatsProperties.MARGIN_THRESHOLD);
    }

    /** The primary table the rows were copied from ({@code hats_primary_table_url}, as written), or null. */
    public String primaryTable() {
        return table.properties().get(HatsProperties.PRIMARY);
    }

    public Schema schema() {
        return table.schema();
    }

    /** The margin's files, in sky order; paths are relative to the storage it was opened from. */
    public List<PartitionRef> partitions() {
        return table.partitions();
    }

    /** Rows in all margin files (an object may be counted in several). */
    public long size() {
        return table.rows();
    }

    /** Whether the margin has rows for this pixel. */
    public boolean has(int order, long pixel) {
        return table.partitions().stream().anyMatch(p -> p.order() == order && p.healpix() == pixel);
    }

    /**
     * The margin rows of one partition pixel: rows lying just outside it. Empty when the margin has
     * no file for the pixel (nothing of the primary table lies near it).
     *
     * @param columns the columns wanted; null or empty for all
     */
    public RowBatch read(int order, long pixel, List<String> columns) {
        HatsPixel wanted = new HatsPixel(order, pixel);
        Schema cols = columns == null || columns.isEmpty() ? table.schema() : table.schema().select(columns);
        List<RowBatch> parts = new ArrayList<>();
        for (PartitionRef p : table.partitions()) {
            if (wanted.isAt(p)) {
                try (ParquetFile f = ParquetFile.open(table.storage().open(p.path(), p.bytes()))) {
                    parts.add(f.read(null, cols));
                }
            }
        }
        return parts.isEmpty() ? RowBatch.empty(cols) : RowBatch.concat(parts);
    }

    /** The margin rows of a primary table's partition (by its Norder/Npix). */
    public RowBatch read(PartitionRef primaryPartition, List<String> columns) {
        return read(primaryPartition.order(), primaryPartition.healpix(), columns);
    }

    @Override
    public String toString() {
        return "HatsMargin[" + name() + ", " + thresholdArcsec() + " arcsec, " + size() + " rows, "
                + partitions().size() + " files]";
    }
}
