package org.mmu.matching;

import java.util.Objects;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;

/**
 * The index rows of one survey in a set of cells: an {@link ObjectIndex} (whose partition and
 * row columns still locate each object's data) and, when the crossmatch uses an error column,
 * the errors of those rows in arcsec (else null).
 */
public record RegionSlice(ObjectIndex index, double[] errorsArcsec) {
    public RegionSlice {
        Objects.requireNonNull(index, "index");
        if (errorsArcsec != null && errorsArcsec.length != index.size()) {
            throw new MmuInputException("slice of '" + index.name() + "': " + errorsArcsec.length + " errors for "
                    + index.size() + " rows");
        }
    }

    /** A slice without errors. */
    public static RegionSlice of(ObjectIndex index) {
        return new RegionSlice(index, null);
    }

    /** The rows at {@code positions} (ascending) of this slice, as a new slice. */
    public RegionSlice gather(int[] positions) {
        int n = positions.length;
        double[] ra = new double[n];
        double[] dec = new double[n];
        int[] part = new int[n];
        int[] row = new int[n];
        double[] err = errorsArcsec == null ? null : new double[n];
        for (int k = 0; k < n; k++) {
            int i = positions[k];
            ra[k] = index.ra(i);
            dec[k] = index.dec(i);
            part[k] = index.partitionOrdinal(i);
            row[k] = index.row(i);
            if (err != null) {
                err[k] = errorsArcsec[i];
            }
        }
        return new RegionSlice(ObjectIndex.of(index.name(), index.ids().gather(positions), ra, dec, part, row,
                index.partitions()), err);
    }
}
