package org.mmu.internal.indexfirst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.mmu.core.MmuFormatException;
import org.mmu.matching.CellCounts;
import org.mmu.matching.SkyCells;

/** A cell table gives the counts and runs that reading every index row gives. */
class CellTableTest {
    /** Positions of a sorted index: clusters of arcseconds among a uniform field, in NESTED order. */
    private static long[] sortedHashes(int n, long seed) {
        Random r = new Random(seed);
        long[] h = new long[n];
        for (int i = 0; i < n; i++) {
            boolean clustered = i % 3 == 0;
            double ra = clustered ? 40 + (i % 7) * 0.5 + r.nextGaussian() / 3600 : 30 + 20 * r.nextDouble();
            double dec = clustered ? 10 + (i % 7) * 0.5 + r.nextGaussian() / 3600 : 20 * r.nextDouble();
            h[i] = SkyCells.hash29(ra, dec);
        }
        Arrays.sort(h);
        return h;
    }

    /** The table of these rows at {@code depth}, written and read back. */
    private static CellTable tableOf(long[] hashes, int depth) throws Exception {
        CellTable.Writer w = new CellTable.Writer(depth);
        for (long x : hashes) {
            w.add(x);
        }
        return CellTable.parse(w.build().toBytes(), "t.cells", depth, hashes.length);
    }

    @Test
    void countsAndSquaresEqualThoseOfEveryObjectAtAnyCoarserDepthAndAnyFineDepth() throws Exception {
        long[] h = sortedHashes(5000, 1);
        CellTable table = tableOf(h, 7);
        for (int depth : new int[] {0, 3, 7}) {
            for (int fine : new int[] {depth, 7, 9, 14, 18, 29}) {
                if (fine < depth) {
                    continue;
                }
                CellCounts.Counter fromTable = CellCounts.counter(depth, fine, 1, h.length);
                table.addTo(fromTable, 0);
                CellCounts.Counter fromObjects = CellCounts.counter(depth, fine, 1, h.length);
                for (long x : h) {
                    fromObjects.add(0, x);
                }
                CellCounts got = fromTable.build();
                CellCounts want = fromObjects.build();
                assertArrayEquals(want.occupiedCells(), got.occupiedCells(), depth + "/" + fine);
                for (int k = 0; k < want.occupiedCount(); k++) {
                    assertEquals(want.countAt(0, k), got.countAt(0, k), depth + "/" + fine);
                    assertEquals(want.squaresAt(0, k), got.squaresAt(0, k), depth + "/" + fine + " cell " + k);
                }
            }
        }
    }

    @Test
    void runsTileTheRowsInOrderOneRunPerCellWhenSorted() throws Exception {
        long[] h = sortedHashes(3000, 2);
        CellTable t = tableOf(h, 6);
        int row = 0;
        for (int r = 0; r < t.runCount(); r++) {
            assertEquals(row, t.runStart(r));
            for (int i = row; i < row + t.runLength(r); i++) {
                assertEquals(h[i] >>> 2 * (29 - 6), t.runCell(r));
            }
            assertTrue(r == 0 || t.runCell(r) > t.runCell(r - 1), "sorted rows: one run per cell");
            row += t.runLength(r);
        }
        assertEquals(h.length, row);
    }

    @Test
    void aTableForOtherRowsOrAnotherDepthOrTruncatedIsRefusedNamingTheFile() throws Exception {
        CellTable.Writer w = new CellTable.Writer(5);
        for (long x : sortedHashes(800, 3)) {
            w.add(x);
        }
        byte[] bytes = w.build().toBytes();
        var rows = assertThrows(MmuFormatException.class, () -> CellTable.parse(bytes, "a.cells", 5, 801));
        assertTrue(rows.getMessage().contains("a.cells") && rows.getMessage().contains("801 rows"), rows.getMessage());
        var depth = assertThrows(MmuFormatException.class, () -> CellTable.parse(bytes, "a.cells", 6, 800));
        assertTrue(depth.getMessage().contains("depth 6"), depth.getMessage());
        var cut = assertThrows(MmuFormatException.class,
                () -> CellTable.parse(Arrays.copyOf(bytes, bytes.length / 2), "a.cells", 5, 800));
        assertTrue(cut.getMessage().contains("a.cells"), cut.getMessage());
    }
}
