package org.mmu.matching.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mmu.core.ObjectIds;

class ParallelAndOrderTest {

    @Test
    void parallelSortEqualsArraysSortForAnyThreadCount() {
        Random rnd = new Random(1);
        for (int n : new int[] {0, 1, 1000, 70_000, 300_001}) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(100) : rnd.nextLong();
            }
            long[] expected = a.clone();
            Arrays.sort(expected);
            for (int threads : new int[] {1, 2, 3, 4, 7}) {
                long[] b = a.clone();
                try (Parallel par = new Parallel(threads)) {
                    par.sort(b);
                }
                assertArrayEquals(expected, b, n + " values, " + threads + " threads");
            }
        }
    }

    @Test
    void radixSortOfBothCataloguesEqualsArraysSort() {
        Random rnd = new Random(3);
        for (int n : new int[] {0, 5, 63, 64, 5000, 200_000}) {
            long[] a = new long[n];
            long[] b = new long[n / 2];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextLong() >>> (1 + rnd.nextInt(40));
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (long) rnd.nextInt(1000) << 30 | i;
            }
            long[] ea = a.clone();
            long[] eb = b.clone();
            Arrays.sort(ea);
            Arrays.sort(eb);
            for (int threads : new int[] {1, 2, 5}) {
                long[] ca = a.clone();
                long[] cb = b.clone();
                try (Parallel par = new Parallel(threads)) {
                    par.sortBoth(ca, cb);
                }
                assertArrayEquals(ea, ca);
                assertArrayEquals(eb, cb);
            }
        }
    }

    @Test
    @DisplayName("keys made as high << bits | position sort as Arrays.sort does with the passes over the position skipped")
    void radixSortSkippingOrderedPositionBitsEqualsArraysSort() {
        Random rnd = new Random(5);
        for (int n : new int[] {0, 5, 63, 64, 5000, 300_000}) {
            int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
            long[] a = new long[n];
            long[] b = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = (long) rnd.nextInt(1 << 20) << bits | i; // few ties
                b[i] = (long) rnd.nextInt(7) << bits | i; // many ties: their order is the position's
            }
            long[] ea = a.clone();
            long[] eb = b.clone();
            Arrays.sort(ea);
            Arrays.sort(eb);
            for (int threads : new int[] {1, 2}) {
                long[] ca = a.clone();
                long[] cb = b.clone();
                try (Parallel par = new Parallel(threads)) {
                    par.sortBoth(ca, cb, bits);
                }
                assertArrayEquals(ea, ca, n + " keys");
                assertArrayEquals(eb, cb, n + " keys with ties");
            }
        }
    }

    @Test
    void theLowestFailingBlockIsReportedWhateverTheTiming() {
        try (Parallel par = new Parallel(4)) {
            for (int rep = 0; rep < 20; rep++) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> par.forEach(200, b -> {
                    if (b % 37 == 5) {
                        throw new IllegalStateException("block " + b);
                    }
                }));
                assertEquals("block 5", e.getMessage());
            }
        }
    }

    @Test
    void idOrderSortsSignedLongIdsStablyAndStringsByCodePoint() {
        long[] ids = {5, -3, Long.MAX_VALUE, Long.MIN_VALUE, 0, 5, 1L << 40, -(1L << 40)};
        int[] order = IdOrder.sortedRows(ObjectIds.ofLongs(ids));
        assertArrayEquals(new int[] {3, 7, 1, 4, 0, 5, 6, 2}, order);
        assertArrayEquals(new int[] {0, 1, 2}, IdOrder.sortedRows(ObjectIds.ofLongs(new long[] {1, 2, 3})));
        assertArrayEquals(new int[] {1, 2, 0}, IdOrder.sortedRows(ObjectIds.ofStrings(new String[] {"b", "Z", "a"})));
        Random rnd = new Random(2);
        long[] big = new long[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = rnd.nextLong() >> rnd.nextInt(64);
        }
        int[] o = IdOrder.sortedRows(ObjectIds.ofLongs(big));
        for (int i = 1; i < o.length; i++) {
            assertEquals(true, big[o[i - 1]] <= big[o[i]]);
        }
    }
}
