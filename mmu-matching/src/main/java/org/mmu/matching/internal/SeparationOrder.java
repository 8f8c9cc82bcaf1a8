package org.mmu.matching.internal;

import java.util.Arrays;
import org.mmu.core.IndexSort;
import org.mmu.core.ObjectIds;

/**
 * Orders one left row's pairs by (separation, right id, pair position), the order of a match
 * result. A comparator sort did this before; on crowded skies (a hundred to two thousand pairs
 * per left row) it was a third of a 10^7 x 10^7 run, because the comparator call cannot be
 * inlined there. Here each pair gets an {@code int} key: its separation scaled to the row's
 * largest and truncated, above its place in the run. Truncation keeps the order of separations
 * (never reverses it), so after sorting the keys (a radix sort for long runs) only pairs whose
 * keys agree in the separation bits can be out of order; those runs are put in exact order by
 * comparing the pairs themselves, so the result is exact.
 *
 * <p>One instance per thread: it keeps its scratch arrays between calls.
 */
public final class SeparationOrder {
    private static final int SMALL = 24;
    private static final int RADIX_FROM = 512;   // measured: Arrays.sort is as fast below
    private static final int DIGIT = 11;
    private int[] keys = new int[64];
    private int[] scratch = new int[64];
    private final int[] count = new int[1 << DIGIT];

    /** Sorts {@code a[from, to)}, positions in {@code pairs}, by separation, then right id, then position. */
    public void sort(int[] a, int from, int to, PairBuffer pairs, ObjectIds rightIds) {
        int n = to - from;
        if (n <= SMALL) {
            insertionSort(a, from, to, pairs, rightIds);
            return;
        }
        if (keys.length < n) {
            keys = new int[Math.max(n, keys.length * 2)];
            scratch = new int[keys.length];
        }
        double[] sep = pairs.sepArray();
        double max = 0;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, sep[a[from + k]]);
        }
        int placeBits = 32 - Integer.numberOfLeadingZeros(n - 1);
        int placeMask = (1 << placeBits) - 1;
        double scale = max > 0 ? ((1 << (31 - placeBits)) - 1) / max : 0;
        for (int k = 0; k < n; k++) {
            keys[k] = ((int) (sep[a[from + k]] * scale) << placeBits) | k;
        }
        if (n >= RADIX_FROM) {
            radixSort(n);
        } else {
            Arrays.sort(keys, 0, n);
        }
        for (int k = 0; k < n; k++) {
            scratch[k] = a[from + (keys[k] & placeMask)];
        }
        System.arraycopy(scratch, 0, a, from, n);
        // runs whose keys agree in the separation bits: exact order by the pairs themselves
        for (int s = 0; s < n; ) {
            int prefix = keys[s] >>> placeBits;
            int e = s + 1;
            while (e < n && keys[e] >>> placeBits == prefix) {
                e++;
            }
            if (e - s > SMALL) {
                int[] run = Arrays.copyOfRange(a, from + s, from + e);
                IndexSort.sort(run, (x, y) -> compare(pairs, x, y, rightIds));
                System.arraycopy(run, 0, a, from + s, run.length);
            } else if (e - s > 1) {
                insertionSort(a, from + s, from + e, pairs, rightIds);
            }
            s = e;
        }
    }

    /** LSD radix sort of keys[0, n) (non-negative) on 11-bit digits, through the scratch array. */
    private void radixSort(int n) {
        int[] src = keys;
        int[] dst = scratch;
        for (int shift = 0; shift < 31; shift += DIGIT) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(src[i] >>> shift) & (count.length - 1)]++;
            }
            int sum = 0;
            for (int d = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                dst[count[(src[i] >>> shift) & (count.length - 1)]++] = src[i];
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        // three passes: the sorted keys end in scratch; swap the roles of the arrays
        keys = src;
        scratch = dst;
    }

    private static void insertionSort(int[] a, int from, int to, PairBuffer p, ObjectIds rightIds) {
        for (int i = from + 1; i < to; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= from && compare(p, a[j], v, rightIds) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /** Separation, then right id, then position (the order pairs were found in). */
    static int compare(PairBuffer p, int x, int y, ObjectIds rightIds) {
        int c = Double.compare(p.sep(x), p.sep(y));
        if (c != 0) {
            return c;
        }
        c = rightIds.compare(p.right(x), p.right(y));
        return c != 0 ? c : Integer.compare(x, y);
    }
}
