package org.mmu.spark;

import java.io.Serializable;

import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;

/**
 * Some objects' index entries, shipped with a Spark partition so that an {@code index_only} read
 * opens no file on the executor: ids (integers or strings), positions and rows in their file.
 */
record IndexSlice(long[] longIds, String[] stringIds, double[] ra, double[] dec, int[] rows) implements Serializable {

    static IndexSlice of(ObjectIndex index, int[] positions) {
        int n = positions.length;
        boolean longs = index.ids() instanceof ObjectIds.Longs;
        long[] li = longs ? new long[n] : null;
        String[] si = longs ? null : new String[n];
        double[] ra = new double[n];
        double[] dec = new double[n];
        int[] rows = new int[n];
        for (int k = 0; k < n; k++) {
            int p = positions[k];
            if (longs) {
                li[k] = index.ids().getLong(p);
            } else {
                si[k] = index.ids().getString(p);
            }
            ra[k] = index.ra(p);
            dec[k] = index.dec(p);
            rows[k] = index.row(p);
        }
        return new IndexSlice(li, si, ra, dec, rows);
    }

    Object id(int k) {
        return longIds != null ? (Object) longIds[k] : org.apache.spark.unsafe.types.UTF8String.fromString(stringIds[k]);
    }

}
