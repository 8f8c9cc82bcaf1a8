package org.mmu.internal.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** How wanted rows become slab reads. */
class RowRunsTest {

    private static List<String> reads(RowRuns p) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < p.reads(); r++) {
            out.add(p.start(r) + "+" + p.count(r));
        }
        return out;
    }

    @Test
    void consecutiveRowsAreOneRead() {
        RowRuns p = RowRuns.plan(new int[] {3, 4, 5, 9}, 100, (a, b) -> false);
        assertEquals(List.of("3+3", "9+1"), reads(p));
        assertEquals(0, p.firstPick(0));
        assertEquals(3, p.endPick(0));
        assertEquals(9, p.row(p.firstPick(1)));
    }

    @Test
    void rowsInTheSameOrNextChunkShareARead() {
        int chunk = 4;
        RowRuns p = RowRuns.plan(new int[] {0, 5, 13, 14}, 100, (a, b) -> b / chunk - a / chunk <= 1);
        // 0 (chunk 0) and 5 (chunk 1) together; 13 is in chunk 3, two chunks on: a new read
        assertEquals(List.of("0+6", "13+2"), reads(p));
    }

    @Test
    void aReadNeverExceedsItsRowBudget() {
        RowRuns p = RowRuns.plan(new int[] {0, 1, 2, 3, 4, 5, 6}, 3, (a, b) -> true);
        assertEquals(List.of("0+3", "3+3", "6+1"), reads(p));
    }

    @Test
    void noRowsNoReads() {
        assertEquals(0, RowRuns.plan(new int[0], 10, (a, b) -> true).reads());
    }
}
