package org.mmu.matching.internal;

/** The step every LSD radix sort here shares: digit counts become each digit's first output position. */
public final class RadixCounts {
    private RadixCounts() {
    }

    /** Replaces {@code count[0, buckets)} by its exclusive prefix sums. */
    public static void toStarts(int[] count, int buckets) {
        int sum = 0;
        for (int d = 0; d < buckets; d++) {
            int c = count[d];
            count[d] = sum;
            sum += c;
        }
    }
}
