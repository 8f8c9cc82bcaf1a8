package org.mmu.matching.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The statistics the depth choice uses, against direct counting. */
class HealpixGridTest {
    private static final int DEPTH = 10;
    private static final int ROW_BITS = 19;
    private static final Parallel PAR = new Parallel(3);

    private static long[] keys(Random rnd, int n, boolean clustered) {
        long[] k = new long[n];
        long cells = 12L << (2 * DEPTH);
        for (int i = 0; i < n; i++) {
            long cell = clustered ? (cells / 3 + rnd.nextInt(300)) : (long) (rnd.nextDouble() * cells);
            k[i] = cell << ROW_BITS | i;
        }
        Arrays.sort(k);
        return k;
    }

    @Test
    void distinctCellsAndSharedPairsMatchDirectCounts() {
        Random rnd = new Random(4);
        // large enough for several parallel blocks (2^18 keys) on the left
        long[] left = keys(rnd, 300_000, true);
        long[] right = keys(rnd, 200_000, false);
        long[] distinct = HealpixGrid.distinctCells(left, DEPTH, ROW_BITS, PAR);
        long[] shared = HealpixGrid.sharedCellPairs(left, right, DEPTH, ROW_BITS, PAR);
        for (int d = 0; d <= DEPTH; d++) {
            int shift = ROW_BITS + 2 * (DEPTH - d);
            Set<Long> cells = new HashSet<>();
            Map<Long, Long> nl = new HashMap<>();
            for (long k : left) {
                cells.add(k >>> shift);
                nl.merge(k >>> shift, 1L, Long::sum);
            }
            long pairs = 0;
            for (long k : right) {
                pairs += nl.getOrDefault(k >>> shift, 0L);
            }
            assertEquals(cells.size(), distinct[d], "distinct at depth " + d);
            assertEquals(pairs, shared[d], "shared pairs at depth " + d);
        }
    }

    @Test
    void denserCataloguesGetDeeperGrids() {
        Random rnd = new Random(5);
        long[] sparse = keys(rnd, 500, false);
        long[] dense = keys(rnd, 4000, true);
        int dSparse = HealpixGrid.bestDepth(HealpixGrid.distinctCells(sparse, DEPTH, ROW_BITS, PAR),
                HealpixGrid.sharedCellPairs(sparse, sparse, DEPTH, ROW_BITS, PAR), DEPTH);
        int dDense = HealpixGrid.bestDepth(HealpixGrid.distinctCells(dense, DEPTH, ROW_BITS, PAR),
                HealpixGrid.sharedCellPairs(dense, dense, DEPTH, ROW_BITS, PAR), DEPTH);
        assertTrue(dDense >= dSparse, dSparse + " vs " + dDense);
        assertArrayEquals(new long[DEPTH + 1], HealpixGrid.sharedCellPairs(new long[0], sparse, DEPTH, ROW_BITS, PAR));
    }
}
