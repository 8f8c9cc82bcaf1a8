package org.mmu.internal.epoch;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * What an epoch iterates: items (a dataset's objects, a crossmatch's match rows) grouped into
 * units that are cheap to read whole (a data partition). An epoch reads each unit's items it needs
 * in one call, so every partition is decoded once per epoch. Implementations are thread-safe.
 */
public interface EpochSource {

    /** The dataset, or each survey of a crossmatch (the first is the one units come from). */
    List<String> sources();

    /** The columns of the rows {@link #read} returns. */
    Schema schema();

    /** The items of every unit, unit by unit, each unit's items in the order reads like best. */
    Grouping grouping();

    /** The rows of some items of one unit (in {@link Grouping} order), one row per item, in that order, with their ids. */
    Read read(int unit, int[] items);

    /** One row per item read, and per source the object id of each item (both in the items' order). */
    record Read(RowBatch rows, List<ObjectIds> ids) {
    }

    /** On-disk size of the partition files holding these items' data (each file counted once). */
    long datasetBytes(int[] items);

    /** Counters of everything read so far from the underlying datasets. */
    ReadStats readStats();

    /**
     * Items grouped by unit, compressed: unit {@code u} holds {@code items[start[u] .. start[u+1])}.
     * Units are grouped into blocks the same way ({@code blocks[b] .. blocks[b+1]}): a shuffled
     * epoch moves blocks, keeping a block's units together and in order (the pieces of one sky
     * region, read while the region is matched). By default each unit is its own block.
     */
    record Grouping(int[] start, int[] items, int[] blocks) {
        public Grouping(int[] start, int[] items) {
            this(start, items, identity(start.length));
        }

        public int units() {
            return start.length - 1;
        }

        public int blockCount() {
            return blocks.length - 1;
        }

        private static int[] identity(int n) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = i;
            }
            return a;
        }

        public int size(int unit) {
            return start[unit + 1] - start[unit];
        }

        /**
         * Items {@code 0..items-1} grouped by the partition holding their object (index position
         * {@code positionOf(item)}), each group in file-row order: the order a partition reads best.
         */
        public static Grouping byPartition(ObjectIndex index, int partitions, int items, IntUnaryOperator positionOf) {
            int[] start = new int[partitions + 1];
            for (int i = 0; i < items; i++) {
                start[index.partitionOrdinal(positionOf.applyAsInt(i)) + 1]++;
            }
            for (int u = 0; u < partitions; u++) {
                start[u + 1] += start[u];
            }
            long[] keys = new long[items]; // row << 32 | item, so sorting a group sorts it by row
            int[] fill = Arrays.copyOf(start, partitions);
            for (int i = 0; i < items; i++) {
                int p = positionOf.applyAsInt(i);
                keys[fill[index.partitionOrdinal(p)]++] = ((long) index.row(p) << 32) | i;
            }
            for (int u = 0; u < partitions; u++) {
                Arrays.sort(keys, start[u], start[u + 1]);
            }
            int[] grouped = new int[items];
            for (int i = 0; i < items; i++) {
                grouped[i] = (int) keys[i];
            }
            return new Grouping(start, grouped);
        }
    }
}
