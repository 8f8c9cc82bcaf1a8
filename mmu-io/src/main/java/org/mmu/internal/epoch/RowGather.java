package org.mmu.internal.epoch;

import java.util.ArrayList;
import java.util.List;

import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.ObjectIds;

/**
 * Copies rows picked from several batches into one new column: the batch being assembled. Scalar
 * and fixed-shape columns without nulls are copied straight between primitive arrays (this is an
 * epoch's one copy per row, so it must keep up with decoding); anything else row by row through a
 * {@link ColumnBuilder}.
 */
final class RowGather {
    private RowGather() {
    }

    /** Row {@code k} of the result is row {@code rows[k]} of {@code from[k]}. */
    static Column gather(ColumnSpec spec, Column[] from, int[] rows) {
        int n = rows.length;
        long per = spec.isScalar() ? 1 : spec.elementsPerRow();
        boolean direct = per > 0 && spec.type() != DType.STRING && !spec.isVariableShape();
        for (int k = 0; k < n && direct; k++) {
            Column c = from[k];
            direct = !c.hasNulls() && c.type() == spec.type() && c.spec().isScalar() == spec.isScalar()
                    && c.rowElements(rows[k]) == per;
        }
        if (!direct || (long) n * per > Integer.MAX_VALUE - 16) {
            ColumnBuilder b = new ColumnBuilder(spec, n);
            for (int k = 0; k < n; k++) {
                b.appendFrom(from[k], rows[k]);
            }
            return b.build();
        }
        Object out = spec.type().newArray((int) (n * per));
        if (per == 1) {
            copyScalars(spec.type(), from, rows, out);
        } else {
            int p = (int) per;
            for (int k = 0; k < n; k++) {
                System.arraycopy(from[k].unsafeData(), (int) from[k].elementOffset(rows[k]), out, k * p, p);
            }
        }
        return spec.isScalar() ? Column.ofScalars(spec, out, n) : Column.ofFixedArrays(spec, out, n);
    }

    /** Typed loops: one element per row is too small for System.arraycopy. */
    private static void copyScalars(DType type, Column[] from, int[] rows, Object out) {
        int n = rows.length;
        switch (type) {
            case FLOAT64 -> {
                double[] o = (double[]) out;
                for (int k = 0; k < n; k++) {
                    o[k] = ((double[]) from[k].unsafeData())[(int) from[k].elementOffset(rows[k])];
                }
            }
            case FLOAT32 -> {
                float[] o = (float[]) out;
                for (int k = 0; k < n; k++) {
                    o[k] = ((float[]) from[k].unsafeData())[(int) from[k].elementOffset(rows[k])];
                }
            }
            case INT64 -> {
                long[] o = (long[]) out;
                for (int k = 0; k < n; k++) {
                    o[k] = ((long[]) from[k].unsafeData())[(int) from[k].elementOffset(rows[k])];
                }
            }
            case INT32 -> {
                int[] o = (int[]) out;
                for (int k = 0; k < n; k++) {
                    o[k] = ((int[]) from[k].unsafeData())[(int) from[k].elementOffset(rows[k])];
                }
            }
            default -> {
                for (int k = 0; k < n; k++) {
                    System.arraycopy(from[k].unsafeData(), (int) from[k].elementOffset(rows[k]), out, k, 1);
                }
            }
        }
    }

    /** Id {@code k} of the result is id {@code rows[k]} of {@code from[k]}: each source's ids gathered once, then put in order. */
    static ObjectIds gatherIds(ObjectIds[] from, int[] rows) {
        int n = rows.length;
        java.util.Map<ObjectIds, Integer> sourceOf = new java.util.IdentityHashMap<>();
        List<ObjectIds> sources = new ArrayList<>();
        int[] source = new int[n];
        for (int k = 0; k < n; k++) {
            source[k] = sourceOf.computeIfAbsent(from[k], f -> {
                sources.add(f);
                return sources.size() - 1;
            });
        }
        if (sources.size() == 1) {
            return sources.get(0).gather(rows);
        }
        int[] count = new int[sources.size() + 1];
        for (int k = 0; k < n; k++) {
            count[source[k] + 1]++;
        }
        for (int j = 0; j < sources.size(); j++) {
            count[j + 1] += count[j]; // now: where each source's piece starts
        }
        int[][] picked = new int[sources.size()][];
        int[] fill = new int[sources.size()];
        for (int j = 0; j < sources.size(); j++) {
            picked[j] = new int[count[j + 1] - count[j]];
        }
        int[] order = new int[n]; // where row k lands in the concatenated pieces
        for (int k = 0; k < n; k++) {
            int j = source[k];
            order[k] = count[j] + fill[j];
            picked[j][fill[j]++] = rows[k];
        }
        List<ObjectIds> pieces = new ArrayList<>(sources.size());
        for (int j = 0; j < sources.size(); j++) {
            pieces.add(sources.get(j).gather(picked[j]));
        }
        return ObjectIds.concat(pieces).gather(order);
    }
}
