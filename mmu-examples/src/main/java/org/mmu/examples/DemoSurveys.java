package org.mmu.examples;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.RowBatch;

/**
 * Two overlapping synthetic surveys for the demo, reproducible from a seed:
 * <ul>
 *   <li><b>imaging</b>: objects over RA 340°→40° (across 0/360) × Dec ±15°, integer ids,
 *       magnitudes in three bands and a three-band 8×8 cutout (a Gaussian source whose flux
 *       follows the magnitudes);</li>
 *   <li><b>spectro</b>: a deeper, smaller field (RA 0°–25°, Dec −5°–10°): most targets are
 *       imaging objects re-observed with 0.15″ astrometric scatter, the rest are field objects
 *       absent from imaging; string ids, a redshift, a spectrum whose length varies per object,
 *       and {@code true_imaging_id}, the truth (−1 for field objects) to score a match.</li>
 * </ul>
 */
public final class DemoSurveys {
    public static final int BANDS = 3;
    public static final int CUTOUT = 8;
    static final double SCATTER_ARCSEC = 0.15;

    private DemoSurveys() {
    }

    /** The two catalogs; {@code imagingObjects} sets the scale (spectro gets about a third). */
    public static RowBatch[] generate(int imagingObjects, long seed) {
        RandomGenerator rng = new Well19937c(seed);
        int n = imagingObjects;
        double[] ra = new double[n];
        double[] dec = new double[n];
        long[] id = new long[n];
        float[][] mags = new float[BANDS][n];
        double zMin = Math.sin(Math.toRadians(-15));
        double zMax = Math.sin(Math.toRadians(15));
        for (int i = 0; i < n; i++) {
            double a = 340 + rng.nextDouble() * 60; // uniform on the sphere within the box
            ra[i] = a >= 360 ? a - 360 : a;
            dec[i] = Math.toDegrees(Math.asin(zMin + rng.nextDouble() * (zMax - zMin)));
            id[i] = 40_000_000_000L + i;
            float r = (float) (18 + 6 * Math.pow(rng.nextDouble(), 0.5));
            mags[0][i] = r + 0.6f + (float) (0.1 * rng.nextGaussian());
            mags[1][i] = r;
            mags[2][i] = r - 0.3f + (float) (0.1 * rng.nextGaussian());
        }
        RowBatch imaging = RowBatch.of(List.of(Column.of("object_id", id), Column.of("ra", ra), Column.of("dec", dec),
                floats("mag_g", mags[0]), floats("mag_r", mags[1]), floats("mag_i", mags[2]),
                Column.ofFixedArrays(ColumnSpec.array("image", DType.FLOAT32, BANDS, CUTOUT, CUTOUT), cutouts(mags, rng), n)));

        // spectro: re-observe three quarters of the imaging objects inside its field, add field objects
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (ra[i] < 25 && dec[i] > -5 && dec[i] < 10 && rng.nextDouble() < 0.75) {
                targets.add(i);
            }
        }
        int field = targets.size() / 3;
        int m = targets.size() + field;
        double[] sra = new double[m];
        double[] sdec = new double[m];
        String[] sid = new String[m];
        long[] truth = new long[m];
        double[] z = new double[m];
        ColumnBuilder spectra = new ColumnBuilder(ColumnSpec.array("spectrum", DType.FLOAT32, -1), m);
        double sigma = Math.toRadians(SCATTER_ARCSEC / 3600);
        for (int k = 0; k < m; k++) {
            if (k < targets.size()) {
                int i = targets.get(k);
                double cosDec = Math.cos(Math.toRadians(dec[i]));
                sra[k] = ra[i] + Math.toDegrees(sigma * rng.nextGaussian()) / cosDec;
                sdec[k] = dec[i] + Math.toDegrees(sigma * rng.nextGaussian());
                truth[k] = id[i];
            } else {
                sra[k] = rng.nextDouble() * 25;
                sdec[k] = -5 + rng.nextDouble() * 15;
                truth[k] = -1;
            }
            sra[k] = (sra[k] + 360) % 360;
            sid[k] = String.format("SPEC-%07d", k);
            z[k] = 0.05 + 1.5 * rng.nextDouble();
            float[] spectrum = spectrum(z[k], 180 + (int) (40 * rng.nextDouble()), rng);
            spectra.appendArray(spectrum, 0, new int[] {spectrum.length});
        }
        RowBatch spectro = RowBatch.of(List.of(Column.of("object_id", sid), Column.of("ra", sra), Column.of("dec", sdec),
                Column.of("z", z), spectra.build(), Column.of("true_imaging_id", truth)));
        return new RowBatch[] {imaging, spectro};
    }

    /** A continuum with one emission line at 656.3 nm × (1 + z), sampled on {@code length} pixels. */
    private static float[] spectrum(double z, int length, RandomGenerator rng) {
        float[] s = new float[length];
        double line = 656.3 * (1 + z);
        for (int p = 0; p < length; p++) {
            double lambda = 360 + p * (1000.0 - 360) / length;
            s[p] = (float) (1 + 5 * Math.exp(-0.5 * Math.pow((lambda - line) / 4, 2)) + 0.05 * rng.nextGaussian());
        }
        return s;
    }

    /** Pixel noise comes from a table of Gaussian draws: 48 M Box-Muller draws would dominate the demo. */
    private static float[] cutouts(float[][] mags, RandomGenerator rng) {
        int n = mags[0].length;
        float[] noise = new float[1 << 16];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.5 * rng.nextGaussian());
        }
        int cursor = rng.nextInt();
        float[] img = new float[n * BANDS * CUTOUT * CUTOUT];
        double[] profile = new double[CUTOUT * CUTOUT];
        double c = (CUTOUT - 1) / 2.0;
        for (int y = 0; y < CUTOUT; y++) {
            for (int x = 0; x < CUTOUT; x++) {
                profile[y * CUTOUT + x] = Math.exp(-((x - c) * (x - c) + (y - c) * (y - c)) / (2 * 1.3 * 1.3));
            }
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < BANDS; b++) {
                double flux = Math.pow(10, -0.4 * (mags[b][i] - 25));
                for (int p = 0; p < profile.length; p++) {
                    cursor = cursor * 1_664_525 + 1_013_904_223; // LCG step picks the next table entry
                    img[k++] = (float) (flux * profile[p]) + noise[cursor >>> 16];
                }
            }
        }
        return img;
    }

    private static Column floats(String name, float[] v) {
        return Column.ofScalars(ColumnSpec.scalar(name, DType.FLOAT32), v, v.length);
    }
}
