package org.mmu.internal.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.Example;
import org.mmu.core.NdArray;
import org.mmu.core.RowBatch;

/**
 * Deterministic synthetic catalogs for tests: every data value is a function of the object id,
 * so a test can check that each loaded value belongs to the object it claims to.
 * <ul>
 *   <li>{@code flux = id * 0.5}</li>
 *   <li>{@code image[b][y][x] = id % 1000 + b * 0.1 + y * 0.01 + x * 0.001} (float32, shape bands×size×size)</li>
 *   <li>{@code spectrum[i] = id + i / 1000} (float64, length {@code 5 + id % 7}: varies per object)</li>
 * </ul>
 */
public final class SyntheticSurvey {
    private SyntheticSurvey() {
    }

    public static float imageValue(long id, int b, int y, int x) {
        return (float) (id % 1000 + b * 0.1 + y * 0.01 + x * 0.001);
    }

    public static double spectrumValue(long id, int i) {
        return id + i / 1000.0;
    }

    public static int spectrumLength(long id) {
        return 5 + (int) (id % 7);
    }

    /** A catalog of the given positions with ids {@code firstId + i}. */
    /**
     * Columns to add to a dataset, by object id: {@code object_id} ({@code ids}, in that order),
     * {@code emb} float32[dims] with element k of object i = {@code i + k / 100f}, and
     * {@code photo_z} = {@code i / 1000}.
     */
    public static RowBatch addedColumns(List<Long> ids, int dims) {
        int n = ids.size();
        long[] id = new long[n];
        float[] emb = new float[n * dims];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            id[i] = ids.get(i);
            for (int k = 0; k < dims; k++) {
                emb[i * dims + k] = id[i] + k / 100f;
            }
            z[i] = id[i] / 1000.0;
        }
        return RowBatch.of(Column.of("object_id", id), Column.ofFixedArrays(ColumnSpec.array("emb", DType.FLOAT32, dims),
                emb, n), Column.of("photo_z", z));
    }

    public static RowBatch catalog(double[] ra, double[] dec, long firstId, int bands, int size, boolean spectra) {
        int n = ra.length;
        long[] ids = new long[n];
        double[] flux = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = firstId + i;
            flux[i] = ids[i] * 0.5;
        }
        List<Column> cols = new ArrayList<>(List.of(Column.of("object_id", ids), Column.of("ra", ra.clone()),
                Column.of("dec", dec.clone()), Column.of("flux", flux)));
        if (bands > 0) {
            float[] img = new float[n * bands * size * size];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < bands; b++) {
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            img[k++] = imageValue(ids[i], b, y, x);
                        }
                    }
                }
            }
            cols.add(Column.ofFixedArrays(ColumnSpec.array("image", DType.FLOAT32, bands, size, size), img, n));
        }
        if (spectra) {
            ColumnBuilder s = new ColumnBuilder(ColumnSpec.array("spectrum", DType.FLOAT64, -1), n);
            for (int i = 0; i < n; i++) {
                double[] v = new double[spectrumLength(ids[i])];
                for (int j = 0; j < v.length; j++) {
                    v[j] = spectrumValue(ids[i], j);
                }
                s.appendArray(v, 0, new int[] {v.length});
            }
            cols.add(s.build());
        }
        return RowBatch.of(cols);
    }

    /** Uniform random positions in a box (ra may wrap: raMin > raMax means across 0/360). */
    public static double[][] box(int n, double raMin, double raMax, double decMin, double decMax, long seed) {
        Random r = new Random(seed);
        double[] ra = new double[n];
        double[] dec = new double[n];
        double width = raMax >= raMin ? raMax - raMin : raMax + 360 - raMin;
        double zMin = Math.sin(Math.toRadians(decMin));
        double zMax = Math.sin(Math.toRadians(decMax));
        for (int i = 0; i < n; i++) {
            double a = raMin + r.nextDouble() * width;
            ra[i] = a >= 360 ? a - 360 : a;
            dec[i] = Math.toDegrees(Math.asin(zMin + r.nextDouble() * (zMax - zMin)));
        }
        return new double[][] {ra, dec};
    }

    /** Asserts (by exception) that an example's data is the data of the object its id names. */
    public static void checkExample(Example e) {
        long id = e.getLong("object_id");
        if (e.schema().contains("flux") && e.getDouble("flux") != id * 0.5) {
            throw new AssertionError("object " + id + ": flux " + e.getDouble("flux"));
        }
        if (e.schema().contains("image")) {
            NdArray img = e.getArray("image");
            int[] s = img.shape();
            for (int b = 0; b < s[0]; b++) {
                for (int y = 0; y < s[1]; y++) {
                    for (int x = 0; x < s[2]; x++) {
                        if (img.getDouble(b, y, x) != imageValue(id, b, y, x)) {
                            throw new AssertionError("object " + id + ": image[" + b + "][" + y + "][" + x + "] = "
                                    + img.getDouble(b, y, x));
                        }
                    }
                }
            }
        }
        if (e.schema().contains("spectrum")) {
            NdArray s = e.getArray("spectrum");
            if (s.size() != spectrumLength(id)) {
                throw new AssertionError("object " + id + ": spectrum length " + s.size());
            }
            for (int j = 0; j < s.size(); j++) {
                if (s.getDouble(j) != spectrumValue(id, j)) {
                    throw new AssertionError("object " + id + ": spectrum[" + j + "] = " + s.getDouble(j));
                }
            }
        }
    }
}
