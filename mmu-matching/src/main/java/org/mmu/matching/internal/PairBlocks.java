package org.mmu.matching.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Pairs appended by one thread at a time into blocks that never move: a full block is kept and a
 * new one started, so appending copies nothing, and the pairs of a piece of work are the range
 * between two {@link #mark marks}. {@link #concat} copies ranges of several writers, in a fixed
 * order, into one {@link PairBuffer}: each pair is written twice in all (here, then there), where
 * a growing buffer, a copy at exact size and a concatenation wrote it three to five times.
 * 16 bytes per pair, the last block of each writer at most half empty on average.
 */
final class PairBlocks {
    private static final int FIRST_BLOCK = 1 << 12;
    private static final int MAX_BLOCK = 1 << 16;

    private final List<int[]> lefts = new ArrayList<>();
    private final List<int[]> rights = new ArrayList<>();
    private final List<double[]> seps = new ArrayList<>();
    private int[] left;
    private int[] right;
    private double[] sep;
    private int pos;

    PairBlocks() {
        newBlock(FIRST_BLOCK);
    }

    void add(int l, int r, double s) {
        if (pos == left.length) {
            newBlock(Math.min(MAX_BLOCK, 2 * left.length));
        }
        left[pos] = l;
        right[pos] = r;
        sep[pos] = s;
        pos++;
    }

    /** The current end: block number in the high half, position in the low half. */
    long mark() {
        return (long) (lefts.size() - 1) << 32 | pos;
    }

    private void newBlock(int size) {
        left = new int[size];
        right = new int[size];
        sep = new double[size];
        lefts.add(left);
        rights.add(right);
        seps.add(sep);
        pos = 0;
    }

    /** Pairs between two marks of one writer. */
    record Range(PairBlocks from, long start, long end) {
        long size() {
            long n = 0;
            for (int b = (int) (start >>> 32); b <= (int) (end >>> 32); b++) {
                n += to(b) - from(b);
            }
            return n;
        }

        private int from(int block) {
            return block == (int) (start >>> 32) ? (int) start : 0;
        }

        private int to(int block) {
            return block == (int) (end >>> 32) ? (int) end : from.lefts.get(block).length;
        }
    }

    /** The pairs of the ranges, in array order, in one buffer of exactly their size. */
    static PairBuffer concat(Range[] ranges) {
        long total = 0;
        for (Range r : ranges) {
            total += r.size();
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new org.mmu.core.MmuInputException("the match has " + total
                    + " pairs, more than one result can hold (2^31); use a smaller radius or mode best/best1");
        }
        int n = (int) total;
        int[] l = new int[n];
        int[] r = new int[n];
        double[] s = new double[n];
        int o = 0;
        for (Range range : ranges) {
            for (int b = (int) (range.start >>> 32); b <= (int) (range.end >>> 32); b++) {
                int from = range.from(b);
                int len = range.to(b) - from;
                System.arraycopy(range.from.lefts.get(b), from, l, o, len);
                System.arraycopy(range.from.rights.get(b), from, r, o, len);
                System.arraycopy(range.from.seps.get(b), from, s, o, len);
                o += len;
            }
        }
        return PairBuffer.of(l, r, s, n);
    }
}
