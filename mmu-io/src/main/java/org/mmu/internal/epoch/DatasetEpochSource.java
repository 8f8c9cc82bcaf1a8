package org.mmu.internal.epoch;

import java.util.BitSet;
import java.util.List;

import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.ByteSource;

/**
 * A dataset's objects as epoch items: item = index position, unit = data partition, a unit's
 * items in file-row order, so reading a unit is one partition read (a whole-file read when the
 * epoch wants every row of it).
 */
public final class DatasetEpochSource implements EpochSource {
    private final MmuDataset dataset;
    private final ObjectIndex index;
    private final Grouping grouping;

    public DatasetEpochSource(MmuDataset dataset) {
        this.dataset = dataset;
        this.index = dataset.index();
        this.grouping = Grouping.byPartition(index, dataset.partitions().size(), index.size(), p -> p);
    }

    @Override
    public List<String> sources() {
        return List.of(dataset.name());
    }

    @Override
    public Schema schema() {
        return dataset.schema();
    }

    @Override
    public Grouping grouping() {
        return grouping;
    }

    @Override
    public Read read(int unit, int[] items) {
        return new Read(rows(unit, items), List.of(index.ids().gather(items)));
    }

    private RowBatch rows(int unit, int[] items) {
        if (!(dataset instanceof PartitionedDataset pd)) {
            return dataset.read(items);
        }
        int[] rows = new int[items.length];
        boolean all = items.length == dataset.partitions().get(unit).rows();
        for (int k = 0; k < items.length; k++) {
            rows[k] = index.row(items[k]);
            if (k > 0 && rows[k] <= rows[k - 1]) {
                return dataset.read(items); // the same row twice: let the general path align them
            }
            all &= rows[k] == k;
        }
        return pd.readPartition(unit, all ? null : rows, items);
    }

    @Override
    public long datasetBytes(int[] items) {
        return partitionBytes(dataset, index, items);
    }

    /**
     * The on-disk size of the distinct partitions holding some index positions (-1 entries are
     * skipped). Sizes the layout does not record (HATS) are asked of the storage; -1 when a size
     * cannot be known.
     */
    public static long partitionBytes(MmuDataset dataset, ObjectIndex index, int[] positions) {
        BitSet partitions = new BitSet(dataset.partitions().size());
        for (int p : positions) {
            if (p >= 0) {
                partitions.set(index.partitionOrdinal(p));
            }
        }
        return partitionBytes(dataset, partitions);
    }

    /** The on-disk size of some partitions (by ordinal), as {@link #partitionBytes(MmuDataset, ObjectIndex, int[])}. */
    public static long partitionBytes(MmuDataset dataset, BitSet ordinals) {
        List<PartitionRef> partitions = dataset.partitions();
        long bytes = 0;
        for (int u = ordinals.nextSetBit(0); u >= 0; u = ordinals.nextSetBit(u + 1)) {
            long b = partitions.get(u).bytes();
            if (b < 0 && dataset instanceof PartitionedDataset pd) {
                try (ByteSource file = pd.storage().open(partitions.get(u).path())) {
                    b = file.size();
                }
            }
            if (b < 0) {
                return -1;
            }
            bytes += b;
        }
        return bytes;
    }

    @Override
    public ReadStats readStats() {
        return dataset.readStats();
    }
}
