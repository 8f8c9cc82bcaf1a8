package org.mmu.internal.hats;

import java.util.Comparator;

import org.mmu.core.MmuInputException;
import org.mmu.core.PartitionRef;

/**
 * One HATS partition pixel: HEALPix order ({@code Norder}) and NESTED pixel number ({@code Npix}).
 * Immutable.
 */
public record HatsPixel(int order, long pixel) implements Comparable<HatsPixel> {

    /** Sky order as hats sorts partitions: by the pixel's first order-29 cell, then by order. */
    private static final Comparator<HatsPixel> SKY_ORDER = Comparator
            .comparingLong((HatsPixel p) -> p.pixel << (2 * (29 - p.order))).thenComparingInt(HatsPixel::order);

    public HatsPixel {
        if (order < 0 || order > 29 || pixel < 0 || pixel >= 12L << (2 * order)) {
            throw new MmuInputException("Norder=" + order + ", Npix=" + pixel + " is not a HEALPix pixel");
        }
    }

    /** Whether a partition file covers exactly this pixel. */
    public boolean isAt(PartitionRef partition) {
        return partition.order() == order && partition.healpix() == pixel;
    }

    @Override
    public int compareTo(HatsPixel o) {
        return SKY_ORDER.compare(this, o);
    }

    /** {@code "Norder=1/Npix=44"}. */
    @Override
    public String toString() {
        return "Norder=" + order + "/Npix=" + pixel;
    }
}
