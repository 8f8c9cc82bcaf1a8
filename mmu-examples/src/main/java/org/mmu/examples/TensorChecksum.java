package org.mmu.examples;

import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.RowBatch;
import org.mmu.core.Tensor;

/**
 * A stand-in for a training step: takes every numeric column of a batch as a tensor and reads
 * every element, so an epoch benchmark pays what a model input pipeline pays, no less.
 */
public final class TensorChecksum {
    private TensorChecksum() {
    }

    /** The sum of every element of every numeric column (strings are skipped: they have no tensor). */
    public static double of(RowBatch batch) {
        double sum = 0;
        for (ColumnSpec c : batch.schema()) {
            if (c.type() == DType.STRING) {
                continue;
            }
            Tensor t = Tensor.of(batch.column(c.name()));
            sum += switch (t.type()) {
                case FLOAT32 -> sum(t.floats());
                case FLOAT64 -> sum(t.doubles());
                case INT64 -> sum(t.longs());
                default -> sumAny(t); // narrow integers and bools: rare, the generic path will do
            };
        }
        return sum;
    }

    private static double sumAny(Tensor t) {
        Object data = t.data();
        double s = 0;
        for (int i = 0; i < t.size(); i++) {
            Object v = java.lang.reflect.Array.get(data, i);
            s += v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
        }
        return s;
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }

    private static double sum(long[] a) {
        double s = 0;
        for (long v : a) {
            s += v;
        }
        return s;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
