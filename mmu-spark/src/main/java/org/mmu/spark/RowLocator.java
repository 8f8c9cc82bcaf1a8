package org.mmu.spark;

import org.mmu.core.ObjectIndex;

/**
 * From an object's partition and row in that partition's file back to its index position, which
 * is what {@code MmuDataset.read} takes: region slices keep (partition, row), not positions.
 */
final class RowLocator {
    private final int[][] positionOf; // [partition ordinal][row] -> index position

    RowLocator(ObjectIndex index) {
        int parts = index.partitions().size();
        int[] rows = new int[parts];
        for (int i = 0; i < index.size(); i++) {
            rows[index.partitionOrdinal(i)] = Math.max(rows[index.partitionOrdinal(i)], index.row(i) + 1);
        }
        positionOf = new int[parts][];
        for (int p = 0; p < parts; p++) {
            positionOf[p] = new int[rows[p]];
        }
        for (int i = 0; i < index.size(); i++) {
            positionOf[index.partitionOrdinal(i)][index.row(i)] = i;
        }
    }

    int position(int partition, int row) {
        return positionOf[partition][row];
    }
}
