package org.mmu.matching.internal;

/** Searches in ascending {@code long[]} arrays that may hold equal values. */
public final class SortedLongs {
    private SortedLongs() {
    }

    /** The first position in {@code a[from, to)} whose value is at least {@code key} ({@code to} if none). */
    public static int lowerBound(long[] a, int from, int to, long key) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
