package org.mmu.matching.internal;

/**
 * Sine and cosine exactly as {@link StrictMath} computes them (fdlibm 5.3, which defines
 * {@code StrictMath}), in plain Java arithmetic: bit for bit the same results, without
 * {@code StrictMath}'s native call. On JDK 17 that call is a JNI transition with a memory fence,
 * which also stops the processor from overlapping the cache misses around it: computing unit
 * vectors of rows read in sky order took 250–330 ns per object with it.
 *
 * <p>Arguments up to {@value #DIRECT_BELOW} in magnitude (every angle of a unit vector: RA up to
 * 2π, dec within ±π/2) take fdlibm's short argument reduction; larger ones, NaN and infinities
 * go to {@code StrictMath}. {@code FdlibmTest} checks equality with {@code StrictMath} on
 * millions of arguments, including the multiples of π/4 where the reduction is hardest.
 *
 * <p>The algorithm and its constants are fdlibm's (e_rem_pio2.c, k_sin.c, k_cos.c, s_sin.c,
 * s_cos.c), under this notice:
 * <pre>
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * </pre>
 */
public final class Fdlibm {
    /** Larger arguments go to {@code StrictMath} (fdlibm's medium reduction holds to 2^19·π/2). */
    static final double DIRECT_BELOW = 64.0;

    private static final double S1 = -1.66666666666666324348e-01;
    private static final double S2 = 8.33333333332248946124e-03;
    private static final double S3 = -1.98412698298579493134e-04;
    private static final double S4 = 2.75573137070700676789e-06;
    private static final double S5 = -2.50507602534068634195e-08;
    private static final double S6 = 1.58969099521155010221e-10;

    private static final double C1 = 4.16666666666666019037e-02;
    private static final double C2 = -1.38888888888741095749e-03;
    private static final double C3 = 2.48015872894767294178e-05;
    private static final double C4 = -2.75573143513906633035e-07;
    private static final double C5 = 2.08757232129817482790e-09;
    private static final double C6 = -1.13596475577881948265e-11;

    private static final double INV_PIO2 = 6.36619772367581382433e-01;
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_1T = 6.07710050650619224932e-11;
    private static final double PIO2_2 = 6.07710050630396597660e-11;
    private static final double PIO2_2T = 2.02226624879595063154e-21;
    private static final double PIO2_3 = 2.02226624871116645580e-21;
    private static final double PIO2_3T = 8.47842766036889956997e-32;

    /** High words of n·π/2 for n = 1..41 (fdlibm's npio2_hw, first entries). */
    private static final int[] NPIO2_HW = {
        0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C, 0x4025FDBB, 0x402921FB,
        0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C, 0x40346B9C, 0x4035FDBB, 0x40378FDB, 0x403921FB,
        0x403AB41B, 0x403C463A, 0x403DD85A, 0x403F6A7A, 0x40407E4C, 0x4041475C, 0x4042106C, 0x4042D97C,
        0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB, 0x40478FDB, 0x404858EB, 0x404921FB,
    };

    private Fdlibm() {
    }

    /** {@code StrictMath.sin(x)}, bit for bit. */
    public static double sin(double x) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix <= 0x3fe921fb) { // |x| ≤ ~π/4
            return kernelSin(x, 0, false);
        }
        if (!(Math.abs(x) < DIRECT_BELOW)) {
            return StrictMath.sin(x);
        }
        double[] y = new double[2];
        int n = remPio2(x, y, 0);
        switch (n & 3) {
            case 0:
                return kernelSin(y[0], y[1], true);
            case 1:
                return kernelCos(y[0], y[1]);
            case 2:
                return -kernelSin(y[0], y[1], true);
            default:
                return -kernelCos(y[0], y[1]);
        }
    }

    /** {@code StrictMath.cos(x)}, bit for bit. */
    public static double cos(double x) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix <= 0x3fe921fb) {
            return kernelCos(x, 0);
        }
        if (!(Math.abs(x) < DIRECT_BELOW)) {
            return StrictMath.cos(x);
        }
        double[] y = new double[2];
        int n = remPio2(x, y, 0);
        switch (n & 3) {
            case 0:
                return kernelCos(y[0], y[1]);
            case 1:
                return -kernelSin(y[0], y[1], true);
            case 2:
                return -kernelCos(y[0], y[1]);
            default:
                return kernelSin(y[0], y[1], true);
        }
    }

    /**
     * {@code out[off] = StrictMath.sin(x)} and {@code out[off + 1] = StrictMath.cos(x)}, bit for
     * bit, sharing one argument reduction; {@code out} is also the reduction's scratch space.
     */
    public static void sinCos(double x, double[] out, int off) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix <= 0x3fe921fb) {
            out[off] = kernelSin(x, 0, false);
            out[off + 1] = kernelCos(x, 0);
            return;
        }
        if (!(Math.abs(x) < DIRECT_BELOW)) {
            out[off] = StrictMath.sin(x);
            out[off + 1] = StrictMath.cos(x);
            return;
        }
        int n = remPio2(x, out, off);
        double y0 = out[off];
        double y1 = out[off + 1];
        double s = kernelSin(y0, y1, true);
        double c = kernelCos(y0, y1);
        switch (n & 3) {
            case 0:
                out[off] = s;
                out[off + 1] = c;
                break;
            case 1:
                out[off] = c;
                out[off + 1] = -s;
                break;
            case 2:
                out[off] = -s;
                out[off + 1] = -c;
                break;
            default:
                out[off] = -c;
                out[off + 1] = s;
                break;
        }
    }

    private static int highWord(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    /** sin on [-π/4, π/4] of x + y (y the tail of a reduced argument, used when {@code hasTail}). */
    private static double kernelSin(double x, double y, boolean hasTail) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix < 0x3e400000 && (int) x == 0) { // |x| < 2^-27: sin x = x, inexact
            return x;
        }
        double z = x * x;
        double v = z * x;
        double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        if (!hasTail) {
            return x + v * (S1 + z * r);
        }
        return x - ((z * (0.5 * y - v * r) - y) - v * S1);
    }

    /** cos on [-π/4, π/4] of x + y. */
    private static double kernelCos(double x, double y) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix < 0x3e400000 && (int) x == 0) { // |x| < 2^-27
            return 1.0;
        }
        double z = x * x;
        double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
        if (ix < 0x3FD33333) { // |x| < 0.3
            return 1.0 - (0.5 * z - (z * r - x * y));
        }
        double qx = ix > 0x3fe90000 ? 0.28125 : Double.longBitsToDouble((long) (ix - 0x00200000) << 32); // x/4
        double hz = 0.5 * z - qx;
        double a = 1.0 - qx;
        return a - (hz - (z * r - x * y));
    }

    /**
     * x − n·π/2 as y[off] + y[off + 1] with |y| ≤ π/4, returning n; for |x| &lt;
     * {@link #DIRECT_BELOW} above π/4 (fdlibm's special case for |x| &lt; 3π/4 and its medium
     * reduction).
     */
    private static int remPio2(double x, double[] y, int off) {
        int hx = highWord(x);
        int ix = hx & 0x7fffffff;
        if (ix < 0x4002d97c) { // |x| < 3π/4: n = ±1
            if (hx > 0) {
                double z = x - PIO2_1;
                if (ix != 0x3ff921fb) { // 33 + 53 bits of π/2 suffice
                    y[off] = z - PIO2_1T;
                    y[off + 1] = (z - y[off]) - PIO2_1T;
                } else { // near π/2: 33 + 33 + 53 bits
                    z -= PIO2_2;
                    y[off] = z - PIO2_2T;
                    y[off + 1] = (z - y[off]) - PIO2_2T;
                }
                return 1;
            }
            double z = x + PIO2_1;
            if (ix != 0x3ff921fb) {
                y[off] = z + PIO2_1T;
                y[off + 1] = (z - y[off]) + PIO2_1T;
            } else {
                z += PIO2_2;
                y[off] = z + PIO2_2T;
                y[off + 1] = (z - y[off]) + PIO2_2T;
            }
            return -1;
        }
        double t = Math.abs(x);
        int n = (int) (t * INV_PIO2 + 0.5);
        double fn = n;
        double r = t - fn * PIO2_1;
        double w = fn * PIO2_1T; // first round good to 85 bits
        if (n < 32 && ix != NPIO2_HW[n - 1]) {
            y[off] = r - w; // no cancellation
        } else {
            int j = ix >> 20;
            y[off] = r - w;
            int i = j - ((highWord(y[off]) >> 20) & 0x7ff);
            if (i > 16) { // second round, good to 118 bits
                t = r;
                w = fn * PIO2_2;
                r = t - w;
                w = fn * PIO2_2T - ((t - r) - w);
                y[off] = r - w;
                i = j - ((highWord(y[off]) >> 20) & 0x7ff);
                if (i > 49) { // third round, 151 bits
                    t = r;
                    w = fn * PIO2_3;
                    r = t - w;
                    w = fn * PIO2_3T - ((t - r) - w);
                    y[off] = r - w;
                }
            }
        }
        y[off + 1] = (r - y[off]) - w;
        if (hx < 0) {
            y[off] = -y[off];
            y[off + 1] = -y[off + 1];
            return -n;
        }
        return n;
    }
}
