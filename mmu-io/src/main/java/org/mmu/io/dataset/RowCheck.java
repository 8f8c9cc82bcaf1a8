package org.mmu.io.dataset;

import java.util.ArrayList;
import java.util.List;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.DType;
import org.mmu.core.DatasetLayout;
import org.mmu.core.IdType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * Cross-checks rows read from a partition against the index they were located with: each row's
 * object id, ra and dec must equal the index's, exactly. A row that differs is never returned as
 * if it were the object asked for: it is an {@code MmuFormatException} naming the file, the row
 * and both values. This is what catches a data file changed after its index was built, or an
 * index that no longer describes its files, for every layout — MMU v1 and HATS carry no
 * checksums of ours. Immutable and thread-safe.
 */
final class RowCheck {
    private final String id;   // null when ids are not stored in a column (HATS synthesized ids)
    private final String ra;
    private final String dec;

    private RowCheck(String id, String ra, String dec) {
        this.id = id;
        this.ra = ra;
        this.dec = dec;
    }

    static RowCheck of(DatasetDescriptor d) {
        CoordinateColumns c = d.coordinates();
        Schema s = d.schema();
        boolean synthesizedIds = d.layout() == DatasetLayout.HATS
                && String.valueOf(d.properties().get("object_id")).contains("synthesized");
        String id = !synthesizedIds && idComparable(s, c.id()) ? c.id() : null;
        return new RowCheck(id, numericScalar(s, c.ra()) ? c.ra() : null, numericScalar(s, c.dec()) ? c.dec() : null);
    }

    private static boolean idComparable(Schema s, String name) {
        if (!s.contains(name) || !s.column(name).isScalar()) {
            return false;
        }
        DType t = s.column(name).type();
        return t == DType.STRING || t.isInteger();
    }

    private static boolean numericScalar(Schema s, String name) {
        return s.contains(name) && s.column(name).isScalar() && s.column(name).type() != DType.STRING
                && s.column(name).type() != DType.BOOL;
    }

    /** The columns to read so that {@code selected} can be checked: {@code selected} plus id, ra, dec. */
    Schema readSchema(Schema all, Schema selected) {
        List<ColumnSpec> out = new ArrayList<>();
        for (ColumnSpec c : all) {
            if (selected.contains(c.name()) || c.name().equals(id) || c.name().equals(ra) || c.name().equals(dec)) {
                out.add(c);
            }
        }
        return Schema.of(out);
    }

    /**
     * Checks the rows of one partition read for the given index positions.
     *
     * @param positions index position of each batch row
     */
    void verify(RowBatch batch, Schema expected, int[] positions, ObjectIndex index, PartitionRef partition,
            String datasetLocation) {
        for (ColumnSpec want : expected) {
            ColumnSpec got = batch.schema().contains(want.name()) ? batch.schema().column(want.name()) : null;
            if (got == null || !fits(got, want)) {
                throw new MmuFormatException(where(partition, datasetLocation), "column '" + want.name() + "' is "
                        + (got == null ? "missing" : got.typeString()) + " in this file but " + want.typeString()
                        + " in the dataset's schema");
            }
        }
        if (batch.rowCount() != positions.length) {
            throw new MmuFormatException(where(partition, datasetLocation), "returned " + batch.rowCount()
                    + " rows for " + positions.length + " requested");
        }
        Column idc = id == null ? null : batch.column(id);
        Column rac = ra == null ? null : batch.column(ra);
        Column decc = dec == null ? null : batch.column(dec);
        boolean longIds = index.ids().type() == IdType.INT64 && idc != null && idc.type().isInteger();
        for (int r = 0; r < positions.length; r++) {
            int p = positions[r];
            if (idc != null) {
                boolean same = idc.isNull(r) ? false
                        : longIds ? idc.getLong(r) == index.ids().getLong(p)
                        : idc.getString(r).equals(index.ids().getString(p));
                if (!same) {
                    mismatch(partition, datasetLocation, index.row(p), id, idc.isNull(r) ? "null" : idc.getString(r),
                            index.ids().getString(p));
                }
            }
            if (rac != null && !sameDouble(rac, r, index.ra(p))) {
                mismatch(partition, datasetLocation, index.row(p), ra, rac.isNull(r) ? "null" : Double.toString(rac.getDouble(r)),
                        Double.toString(index.ra(p)));
            }
            if (decc != null && !sameDouble(decc, r, index.dec(p))) {
                mismatch(partition, datasetLocation, index.row(p), dec, decc.isNull(r) ? "null" : Double.toString(decc.getDouble(r)),
                        Double.toString(index.dec(p)));
            }
        }
    }

    /** Same type and rank; fixed dimensions equal (a varying one, -1, matches any). */
    private static boolean fits(ColumnSpec got, ColumnSpec want) {
        if (got.type() != want.type() || got.rank() != want.rank()) {
            return false;
        }
        int[] g = got.shape();
        int[] w = want.shape();
        for (int i = 0; i < w.length; i++) {
            if (w[i] != ColumnSpec.VARIABLE && g[i] != w[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameDouble(Column c, int r, double expected) {
        return !c.isNull(r) && Double.compare(c.getDouble(r), expected) == 0;
    }

    private static void mismatch(PartitionRef partition, String datasetLocation, int row, String column, String data,
            String index) {
        throw new MmuFormatException(where(partition, datasetLocation), "row " + row + ": " + column + " is " + data
                + " in the data but " + index + " in the index (the file changed after the index was built, or is corrupt)");
    }

    private static String where(PartitionRef partition, String datasetLocation) {
        return datasetLocation + "/" + partition.path();
    }
}
