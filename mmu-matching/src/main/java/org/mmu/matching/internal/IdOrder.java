package org.mmu.matching.internal;

import org.mmu.core.IdType;
import org.mmu.core.ObjectIds;

/**
 * Rows ordered by object id, fast for integer ids: O(n) when the ids already ascend with the
 * row (the common case for bare positions and sorted catalogues), else a stable LSD radix sort
 * on the 64-bit ids (16-bit digits, constant digits skipped). String ids use
 * {@link ObjectIds#sortedPositions()}. Duplicate ids (invalid input) keep row order.
 */
public final class IdOrder {
    private IdOrder() {
    }

    /** Rows {@code 0..n-1} ordered by id. */
    public static int[] sortedRows(ObjectIds ids) {
        int n = ids.size();
        if (ids.type() != IdType.INT64) {
            return ids.sortedPositions();
        }
        long[] keys = new long[n];
        boolean ascending = true;
        for (int i = 0; i < n; i++) {
            keys[i] = ids.getLong(i);
            if (i > 0 && keys[i] < keys[i - 1]) {
                ascending = false;
            }
        }
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        if (ascending) {
            return rows;
        }
        radixSort(keys, rows);
        return rows;
    }

    /** Sorts {@code keys} ascending (signed) carrying {@code payload} along; stable. */
    static void radixSort(long[] keys, int[] payload) {
        int n = keys.length;
        long[] k2 = new long[n];
        int[] p2 = new int[n];
        long[] srcK = keys;
        int[] srcP = payload;
        long[] dstK = k2;
        int[] dstP = p2;
        int[] count = new int[1 << 16];
        for (int shift = 0; shift < 64; shift += 16) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[digit(srcK[i], shift)]++;
            }
            if (count[digit(srcK[0], shift)] == n) {
                continue;
            }
            RadixCounts.toStarts(count, count.length);
            for (int i = 0; i < n; i++) {
                int pos = count[digit(srcK[i], shift)]++;
                dstK[pos] = srcK[i];
                dstP[pos] = srcP[i];
            }
            long[] tk = srcK;
            srcK = dstK;
            dstK = tk;
            int[] tp = srcP;
            srcP = dstP;
            dstP = tp;
        }
        if (srcK != keys) {
            System.arraycopy(srcK, 0, keys, 0, n);
            System.arraycopy(srcP, 0, payload, 0, n);
        }
    }

    /** Digit of a signed key, with the sign bit flipped so that negative ids come first. */
    private static int digit(long key, int shift) {
        return (int) (((key ^ Long.MIN_VALUE) >>> shift) & 0xFFFF);
    }
}
