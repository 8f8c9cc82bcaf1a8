package org.mmu.core;

import java.util.function.IntBinaryOperator;

/**
 * Sorts positions {@code 0..n-1} by a comparator on positions, without boxing: a stable
 * bottom-up merge sort over an {@code int[]}. Used where the key is not a single primitive
 * (string ids, multi-column orders).
 */
public final class IndexSort {
    private IndexSort() {
    }

    /** Positions {@code 0..n-1} ordered by {@code cmp}; equal elements keep their order. */
    public static int[] argsort(int n, IntBinaryOperator cmp) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        sort(a, cmp);
        return a;
    }

    /** Sorts {@code a} in place by {@code cmp}, stably. */
    public static void sort(int[] a, IntBinaryOperator cmp) {
        int n = a.length;
        // insertion-sort runs of 32, then merge
        final int run = 32;
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(lo + run, n);
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= lo && cmp.applyAsInt(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
        }
        int[] src = a;
        int[] dst = new int[n];
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    dst[k++] = cmp.applyAsInt(src[j], src[i]) < 0 ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[k++] = src[i++];
                }
                while (j < hi) {
                    dst[k++] = src[j++];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
    }
}
