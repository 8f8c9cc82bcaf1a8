package org.mmu.internal.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.mmu.core.Column;
import org.mmu.core.DType;
import org.mmu.core.IdType;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;

/**
 * Builds an {@link ObjectIndex} from the id, ra and dec columns of each partition of a dataset
 * (flat catalogs, HATS, MMU v1), validating as it goes: ids must be integers or strings, and
 * every problem (NaN or out-of-range coordinates, duplicate ids, nulls) names the file and the
 * row as its reader counts them ({@code "line 17"} for CSV, {@code "row 16"} otherwise).
 * Not thread-safe; add partitions in partition order.
 */
public final class IndexAssembler {
    private final String name;
    private final String idColumn;
    private final String raColumn;
    private final String decColumn;
    private final List<PartitionRef> partitions;
    private final List<ObjectIds> ids = new ArrayList<>();
    private final List<double[]> ras = new ArrayList<>();
    private final List<double[]> decs = new ArrayList<>();
    private final List<IntFunction<String>> rowLabels = new ArrayList<>();
    private IdType idType;

    public IndexAssembler(String name, String idColumn, String raColumn, String decColumn, List<PartitionRef> partitions) {
        this.name = name;
        this.idColumn = idColumn;
        this.raColumn = raColumn;
        this.decColumn = decColumn;
        this.partitions = partitions;
    }

    /**
     * Adds the next partition's objects (all its rows, in file order).
     *
     * @param location  the file, for messages
     * @param rowLabel  how a row is named in messages, e.g. {@code r -> "line " + (r + 2)}
     */
    public void add(String location, Column id, Column ra, Column dec, IntFunction<String> rowLabel) {
        if (ids.size() >= partitions.size()) {
            throw new IllegalStateException("more partitions added than declared");
        }
        int n = id.rows();
        ObjectIds pid = toIds(location, id, rowLabel);
        if (idType == null) {
            idType = pid.type();
        } else if (idType != pid.type()) {
            throw new MmuInputException(location + ": column '" + idColumn + "' holds " + pid.type().label()
                    + " ids but earlier files hold " + idType.label() + " ids");
        }
        double[] r = toDegrees(location, ra, raColumn, rowLabel);
        double[] d = toDegrees(location, dec, decColumn, rowLabel);
        for (int i = 0; i < n; i++) {
            String problem = ObjectIndex.coordinateProblem(r[i], d[i]);
            if (problem != null) {
                throw new MmuInputException(location + " " + rowLabel.apply(i) + ": object " + pid.getString(i) + " "
                        + problem + " (columns '" + raColumn + "', '" + decColumn + "')");
            }
        }
        ids.add(pid);
        ras.add(r);
        decs.add(d);
        rowLabels.add(rowLabel);
    }

    private ObjectIds toIds(String location, Column id, IntFunction<String> rowLabel) {
        int n = id.rows();
        for (int i = 0; i < n; i++) {
            if (id.isNull(i)) {
                throw new MmuInputException(location + " " + rowLabel.apply(i) + ": object id (column '" + idColumn
                        + "') is empty");
            }
        }
        DType t = id.type();
        if (t == DType.STRING) {
            String[] s = new String[n];
            for (int i = 0; i < n; i++) {
                s[i] = id.getString(i);
            }
            return ObjectIds.ofStrings(s);
        }
        if (!t.isInteger()) {
            throw new MmuInputException(location + ": column '" + idColumn + "' is " + t.label()
                    + "; object ids must be integers or strings");
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = id.getLong(i);
        }
        return ObjectIds.ofLongs(v);
    }

    private static double[] toDegrees(String location, Column c, String name, IntFunction<String> rowLabel) {
        if (!c.type().isNumeric() || !c.spec().isScalar()) {
            throw new MmuInputException(location + ": column '" + name + "' is " + c.spec().typeString()
                    + "; coordinates must be numeric scalars (degrees)");
        }
        int n = c.rows();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (c.isNull(i)) {
                throw new MmuInputException(location + " " + rowLabel.apply(i) + ": column '" + name + "' is empty");
            }
            out[i] = c.getDouble(i); // float32 promoted exactly
        }
        return out;
    }

    /** The index; checks ids are unique across all partitions. */
    public ObjectIndex build() {
        if (ids.size() != partitions.size()) {
            throw new IllegalStateException(ids.size() + " of " + partitions.size() + " partitions added");
        }
        int n = 0;
        for (double[] r : ras) {
            n = Math.addExact(n, r.length);
        }
        double[] ra = new double[n];
        double[] dec = new double[n];
        int[] part = new int[n];
        int[] row = new int[n];
        int k = 0;
        for (int p = 0; p < ras.size(); p++) {
            int len = ras.get(p).length;
            System.arraycopy(ras.get(p), 0, ra, k, len);
            System.arraycopy(decs.get(p), 0, dec, k, len);
            for (int i = 0; i < len; i++) {
                part[k + i] = p;
                row[k + i] = i;
            }
            k += len;
        }
        ObjectIds all = ObjectIds.concat(ids);
        int[] dup = all.firstDuplicate();
        if (dup != null) {
            throw new MmuInputException("duplicate " + idColumn + " " + all.getString(dup[0]) + " in '" + name + "': "
                    + where(part[dup[0]], row[dup[0]]) + " and " + where(part[dup[1]], row[dup[1]]));
        }
        return ObjectIndex.of(name, all, ra, dec, part, row, partitions);
    }

    private String where(int partition, int row) {
        return partitions.get(partition).path() + " " + rowLabels.get(partition).apply(row);
    }
}
