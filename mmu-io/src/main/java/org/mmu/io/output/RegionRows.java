package org.mmu.io.output;

import java.util.ArrayList;
import java.util.List;

import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.IdType;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.matching.RegionMatch;

/**
 * The rows of {@code mmu xmatch} (docs/cli.md) for one matched sky region, as a table that
 * {@link PairWriter} writes: {@code left_object_id, right_object_id, separation_arcsec} for two
 * surveys, {@code <survey>_object_id…, <survey>_separation_arcsec…} (non-reference surveys) for
 * more, then {@code group_id, group_size} when asked. Absent objects (outer joins) are nulls; the
 * separation of an absent partner is NaN.
 */
public final class RegionRows {
    private final int surveys;
    private final int reference;
    private final boolean groups;
    private final Schema schema;

    /**
     * @param labels    survey labels (column prefixes for three or more surveys)
     * @param reference the reference survey (0 for two)
     * @param idTypes   each survey's id type
     * @param groups    add the connected-group columns
     */
    public RegionRows(List<String> labels, int reference, List<IdType> idTypes, boolean groups) {
        this.surveys = labels.size();
        this.reference = reference;
        this.groups = groups;
        List<ColumnSpec> cols = new ArrayList<>();
        boolean two = surveys == 2;
        for (int s = 0; s < surveys; s++) {
            String name = two ? (s == 0 ? "left" : "right") + "_object_id" : labels.get(s) + "_object_id";
            cols.add(ColumnSpec.scalar(name, idTypes.get(s) == IdType.INT64 ? DType.INT64 : DType.STRING));
        }
        for (int s = 0; s < surveys; s++) {
            if (s != reference) {
                cols.add(ColumnSpec.scalar(two ? "separation_arcsec" : labels.get(s) + "_separation_arcsec",
                        DType.FLOAT64));
            }
        }
        if (groups) {
            cols.add(ColumnSpec.scalar("group_id", DType.INT32));
            cols.add(ColumnSpec.scalar("group_size", DType.INT32));
        }
        this.schema = Schema.of(cols.toArray(ColumnSpec[]::new));
    }

    /** The columns of every table {@link #of} returns. */
    public Schema schema() {
        return schema;
    }

    /** One region's rows as a table of {@link #schema()}. */
    public RowBatch of(RegionMatch m) {
        if (m.surveys().size() != surveys) {
            throw new MmuInputException("rows of " + m.surveys().size() + " surveys for a writer of " + surveys);
        }
        if (groups && !m.hasGroups()) {
            throw new MmuInputException("the rows carry no groups, but the output has group columns");
        }
        int n = m.size();
        List<Column> cols = new ArrayList<>();
        int c = 0;
        for (int s = 0; s < surveys; s++) {
            ColumnBuilder b = new ColumnBuilder(schema.columns().get(c++), n);
            ObjectIds ids = m.slice(s).ids();
            for (int i = 0; i < n; i++) {
                int row = m.row(s, i);
                if (row < 0) {
                    b.appendNull();
                } else if (ids.type() == IdType.INT64) {
                    b.appendLong(ids.getLong(row));
                } else {
                    b.appendString(ids.getString(row));
                }
            }
            cols.add(b.build());
        }
        for (int s = 0; s < surveys; s++) {
            if (s != reference) {
                double[] sep = new double[n];
                for (int i = 0; i < n; i++) {
                    sep[i] = m.separationArcsec(s, i);
                }
                cols.add(Column.of(schema.columns().get(c++).name(), sep));
            }
        }
        if (groups) {
            int[] g = new int[n];
            int[] size = new int[n];
            for (int i = 0; i < n; i++) {
                g[i] = m.groupId(i);
                size[i] = m.groupSize(i);
            }
            cols.add(Column.of("group_id", g));
            cols.add(Column.of("group_size", size));
        }
        return RowBatch.of(cols);
    }
}
