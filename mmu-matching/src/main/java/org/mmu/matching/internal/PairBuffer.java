package org.mmu.matching.internal;

import java.util.Arrays;

/**
 * Pairs as three growable primitive arrays (left row, right row, separation in arcsec): no object
 * per pair. 16 bytes per pair, twice that while growing or concatenating.
 */
public final class PairBuffer {
    private int[] left;
    private int[] right;
    private double[] sep;
    private int size;

    public PairBuffer() {
        this(16);
    }

    public PairBuffer(int capacity) {
        int c = Math.max(1, capacity);
        left = new int[c];
        right = new int[c];
        sep = new double[c];
    }

    /** Wraps arrays of pairs (taken, not copied). */
    public static PairBuffer of(int[] left, int[] right, double[] sep, int size) {
        PairBuffer b = new PairBuffer(1);
        b.left = left;
        b.right = right;
        b.sep = sep;
        b.size = size;
        return b;
    }

    public void add(int l, int r, double s) {
        if (size == left.length) {
            int c = (int) Math.min(Integer.MAX_VALUE - 8, left.length * 2L);
            if (c == size) {
                throw new IllegalStateException("more than " + size + " pairs");
            }
            left = Arrays.copyOf(left, c);
            right = Arrays.copyOf(right, c);
            sep = Arrays.copyOf(sep, c);
        }
        left[size] = l;
        right[size] = r;
        sep[size] = s;
        size++;
    }

    public int size() {
        return size;
    }

    public int left(int i) {
        return left[i];
    }

    public int right(int i) {
        return right[i];
    }

    public double sep(int i) {
        return sep[i];
    }

    /** The backing arrays (length ≥ size), for code that loops without bounds on size. */
    public int[] leftArray() {
        return left;
    }

    public int[] rightArray() {
        return right;
    }

    public double[] sepArray() {
        return sep;
    }
}
