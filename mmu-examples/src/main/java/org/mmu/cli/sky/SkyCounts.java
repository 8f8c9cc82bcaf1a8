package org.mmu.cli.sky;

import java.util.Arrays;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;
import org.mmu.core.ObjectIndex;

/**
 * Objects per HEALPix cell (NESTED, one order): the sorted cells that hold objects and their
 * counts, as parallel primitive arrays. Immutable.
 */
public final class SkyCounts {
    private final int order;
    private final long[] cells;
    private final long[] counts;

    private SkyCounts(int order, long[] cells, long[] counts) {
        this.order = order;
        this.cells = cells;
        this.counts = counts;
    }

    /** Counts the index's objects per cell of {@code order}. */
    public static SkyCounts of(ObjectIndex index, int order) {
        HashComputer hasher = Healpix.getNested(order).newHashComputer();   // one per thread: not thread-safe
        long[] hashes = new long[index.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hasher.hash(Math.toRadians(index.ra(i)), Math.toRadians(index.dec(i)));
        }
        return ofHashes(order, hashes);
    }

    /** Counts cells given one hash per object (any order; the array is sorted in place). */
    public static SkyCounts ofHashes(int order, long[] hashes) {
        Arrays.sort(hashes);
        int distinct = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (i == 0 || hashes[i] != hashes[i - 1]) {
                distinct++;
            }
        }
        long[] cells = new long[distinct];
        long[] counts = new long[distinct];
        int k = -1;
        for (int i = 0; i < hashes.length; i++) {
            if (i == 0 || hashes[i] != hashes[i - 1]) {
                cells[++k] = hashes[i];
            }
            counts[k]++;
        }
        return new SkyCounts(order, cells, counts);
    }

    public int order() {
        return order;
    }

    /** Number of cells holding at least one object. */
    public int cellCount() {
        return cells.length;
    }

    public long cell(int i) {
        return cells[i];
    }

    /** Objects in cell {@code hash}, 0 when it holds none. */
    public long count(long hash) {
        int i = Arrays.binarySearch(cells, hash);
        return i < 0 ? 0 : counts[i];
    }

    public long maxCount() {
        return Arrays.stream(counts).max().orElse(0);
    }

    /** The fraction of the sphere covered by the cells. */
    public double skyFraction() {
        return cells.length / (double) Healpix.nHash(order);
    }

    /** The sorted cells (a copy). */
    public long[] cells() {
        return cells.clone();
    }
}
