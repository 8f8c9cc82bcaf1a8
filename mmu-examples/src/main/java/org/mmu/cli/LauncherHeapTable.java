package org.mmu.cli;

import java.util.Locale;

import org.mmu.MemoryEstimate;

/**
 * Prints the heap {@code scripts/mmu} gives a region-by-region {@code xmatch} when the user sets
 * none: one line {@code OBJECTS HEAP_MIB} per step of a ladder of total input objects (a factor
 * 10^(1/8) apart), so the launcher looks the heap up without starting a JVM first. The heap is
 * the {@link MemoryEstimate} of an N/2 × N/2 crossmatch (what the whole match would need in one
 * region), at most {@link #CAP_MIB}: the region path's memory is set by its region budget (a
 * sixth of the heap), not by the surveys, and a larger heap only touches more fresh memory
 * (hard 10^7 × 10^7: 2 GiB ran faster than 1.5, 3, 4 and the JVM's default 6 GiB; see
 * docs/performance.md). The launcher lowers it further to a quarter of the machine's memory, the
 * JVM's own default. Not a command of {@code mmu}; the launcher's cache script writes its output
 * beside the jar.
 */
public final class LauncherHeapTable {
    /** The region path's heap at most, in MiB. */
    static final long CAP_MIB = 2048;

    private LauncherHeapTable() {
    }

    public static void main(String[] args) {
        System.out.println("# objects heap_mib: scripts/mmu xmatch's default heap (org.mmu.cli.LauncherHeapTable)");
        for (int step = 0; step <= 6 * 8; step++) {
            long objects = Math.round(1e4 * Math.pow(10, step / 8.0));
            System.out.printf(Locale.ROOT, "%d %d%n", objects, heapMib(objects));
        }
    }

    /** The default heap for a region-by-region crossmatch of {@code objects} in all, in MiB. */
    static long heapMib(long objects) {
        long estimate = MemoryEstimate.of(objects / 2, objects - objects / 2).recommendedHeapBytes();
        return Math.min(CAP_MIB, (estimate + (1 << 20) - 1) >> 20);
    }
}
