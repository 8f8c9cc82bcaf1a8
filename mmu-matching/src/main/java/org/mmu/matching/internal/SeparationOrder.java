package org.mmu.matching.internal;

import java.util.Arrays;
import org.mmu.core.IndexSort;
import org.mmu.core.ObjectIds;

/**
 * Orders one left row's pairs, held contiguously as (separation, right row) segments, by
 * separation, then right id, then their place in the segment: the order of a match result. A
 * comparator sort did this before; on crowded skies (a hundred to two thousand pairs per left
 * row) it was a third of a 10^7 x 10^7 run, because the comparator call cannot be inlined there.
 * Here each pair gets an {@code int} key: its separation scaled to the row's largest and
 * truncated, above its place. Truncation keeps the order of separations (never reverses it), so
 * after sorting the keys (a radix sort for long segments) only pairs whose keys agree in the
 * separation bits can be out of order; those runs are put in exact order by comparing the pairs
 * themselves (exact duplicates of a position give equal separations), so the result is exact.
 *
 * <p>One instance per thread: it keeps its scratch arrays between calls.
 */
public final class SeparationOrder {
    private static final int SMALL = 24;
    private static final int RADIX_FROM = 512;   // measured: Arrays.sort is as fast below
    private static final int DIGIT = 11;
    private int[] keys = new int[64];
    private int[] scratch = new int[64];
    private double[] scratchSep = new double[64];
    private final int[] count = new int[1 << DIGIT];

    /** Sorts the pairs {@code [from, to)} of {@code sep} and {@code right} together, by separation, right id, place. */
    public void sort(double[] sep, int[] right, int from, int to, ObjectIds rightIds) {
        int n = to - from;
        if (n <= SMALL) {
            insertionSort(sep, right, from, to, rightIds);
            return;
        }
        if (keys.length < n) {
            keys = new int[Math.max(n, keys.length * 2)];
            scratch = new int[keys.length];
            scratchSep = new double[keys.length];
        }
        double max = 0;
        for (int k = from; k < to; k++) {
            max = Math.max(max, sep[k]);
        }
        int placeBits = 32 - Integer.numberOfLeadingZeros(n - 1);
        int placeMask = (1 << placeBits) - 1;
        double scale = max > 0 ? ((1 << (31 - placeBits)) - 1) / max : 0;
        for (int k = 0; k < n; k++) {
            keys[k] = ((int) (sep[from + k] * scale) << placeBits) | k;
        }
        if (n >= RADIX_FROM) {
            radixSort(n);
        } else {
            Arrays.sort(keys, 0, n);
        }
        // runs whose keys agree in the separation bits: exact order by the pairs themselves
        for (int s = 0; s < n; ) {
            int prefix = keys[s] >>> placeBits;
            int e = s + 1;
            while (e < n && keys[e] >>> placeBits == prefix) {
                e++;
            }
            if (e - s > 1) {
                exactOrder(s, e, placeMask, sep, right, from, rightIds);
            }
            s = e;
        }
        for (int k = 0; k < n; k++) {
            int place = from + (keys[k] & placeMask);
            scratch[k] = right[place];
            scratchSep[k] = sep[place];
        }
        System.arraycopy(scratch, 0, right, from, n);
        System.arraycopy(scratchSep, 0, sep, from, n);
    }

    /** Sorts keys[s, e) (places at equal truncated separation) by the exact order of their pairs. */
    private void exactOrder(int s, int e, int placeMask, double[] sep, int[] right, int from, ObjectIds rightIds) {
        if (e - s > SMALL) {
            int[] run = Arrays.copyOfRange(keys, s, e);
            IndexSort.sort(run, (x, y) -> compare(sep, right, from + (x & placeMask), from + (y & placeMask), rightIds));
            System.arraycopy(run, 0, keys, s, run.length);
            return;
        }
        for (int i = s + 1; i < e; i++) {
            int v = keys[i];
            int j = i - 1;
            while (j >= s && compare(sep, right, from + (keys[j] & placeMask), from + (v & placeMask), rightIds) > 0) {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = v;
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
            RadixCounts.toStarts(count, count.length);
            for (int i = 0; i < n; i++) {
                dst[count[(src[i] >>> shift) & (count.length - 1)]++] = src[i];
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        // three passes: the sorted keys end in what was scratch; swap the roles of the arrays
        keys = src;
        scratch = dst;
    }

    /** Stable insertion sort of a short segment, moving both arrays. */
    private static void insertionSort(double[] sep, int[] right, int from, int to, ObjectIds rightIds) {
        for (int i = from + 1; i < to; i++) {
            double vs = sep[i];
            int vr = right[i];
            int j = i - 1;
            int c;
            while (j >= from && ((c = Double.compare(sep[j], vs)) > 0 || c == 0 && rightIds.compare(right[j], vr) > 0)) {
                sep[j + 1] = sep[j];
                right[j + 1] = right[j];
                j--;
            }
            sep[j + 1] = vs;
            right[j + 1] = vr;
        }
    }

    /** Separation, then right id, then place. */
    private static int compare(double[] sep, int[] right, int x, int y, ObjectIds rightIds) {
        int c = Double.compare(sep[x], sep[y]);
        if (c != 0) {
            return c;
        }
        c = rightIds.compare(right[x], right[y]);
        return c != 0 ? c : Integer.compare(x, y);
    }
}
