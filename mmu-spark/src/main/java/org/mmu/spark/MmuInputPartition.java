package org.mmu.spark;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One dataset partition to read: its ordinal and cell, the index positions of its objects to
 * return, and the columns. {@code index} is set when index columns are asked for.
 */
record MmuInputPartition(String location, int partition, long healpix, int[] positions, IndexSlice index,
        ReadColumns columns) implements InputPartition {
}
