package org.mmu.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;

/**
 * The planned read: one Spark partition per dataset partition that survives pruning, carrying
 * the index positions of its objects (all of them, or those inside the cone).
 */
final class MmuScan implements Scan, Batch {
    private final ScanOptions options;
    private final MmuDataset dataset;
    private final StructType schema;
    private final List<Filter> filters;

    MmuScan(ScanOptions options, MmuDataset dataset, StructType schema, List<Filter> filters) {
        this.options = options;
        this.dataset = dataset;
        this.schema = schema;
        this.filters = filters;
    }

    @Override
    public StructType readSchema() {
        return schema;
    }

    @Override
    public String description() {
        return "mmu " + dataset.location() + (options.indexOnly() ? " (index only)" : "")
                + (filters.isEmpty() ? "" : " healpix filters " + filters)
                + (options.cone() == null ? "" : " " + options.cone());
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        List<PartitionRef> parts = dataset.partitions();
        int[] kept = HealpixPruning.keep(parts, filters, options.cone());
        ObjectIndex index = dataset.index();
        int[] slot = new int[parts.size()];
        java.util.Arrays.fill(slot, -1);
        for (int k = 0; k < kept.length; k++) {
            slot[kept[k]] = k;
        }
        int[] counts = new int[kept.length];
        boolean[] inside = new boolean[index.size()];
        for (int i = 0; i < index.size(); i++) {
            int s = slot[index.partitionOrdinal(i)];
            if (s >= 0 && (options.cone() == null || HealpixPruning.inCone(options.cone(), index.ra(i), index.dec(i)))) {
                inside[i] = true;
                counts[s]++;
            }
        }
        int[][] positions = new int[kept.length][];
        for (int k = 0; k < kept.length; k++) {
            positions[k] = new int[counts[k]];
        }
        int[] fill = new int[kept.length];
        for (int i = 0; i < index.size(); i++) {
            if (inside[i]) {
                int s = slot[index.partitionOrdinal(i)];
                positions[s][fill[s]++] = i;
            }
        }
        ReadColumns columns = ReadColumns.of(schema, dataset.schema(), options.indexOnly());
        List<InputPartition> out = new ArrayList<>();
        for (int k = 0; k < kept.length; k++) {
            // a cone leaves some partitions without objects; a plain read keeps every partition
            if (positions[k].length > 0 || options.cone() == null) {
                PartitionRef ref = parts.get(kept[k]);
                IndexSlice slice = columns.needsIndex() ? IndexSlice.of(index, positions[k]) : null;
                out.add(new MmuInputPartition(options.location(), kept[k], ref.healpix(), positions[k], slice, columns));
            }
        }
        return out.toArray(InputPartition[]::new);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new MmuPartitionReaderFactory();
    }

    /** The names of the output columns (for messages and tests). */
    List<String> columnNames() {
        return java.util.Arrays.stream(schema.fields()).map(StructField::name).toList();
    }
}
