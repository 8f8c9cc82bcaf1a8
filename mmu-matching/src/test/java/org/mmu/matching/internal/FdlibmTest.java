package org.mmu.matching.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Fdlibm's sin and cos are StrictMath's, bit for bit, wherever the engine calls them. */
class FdlibmTest {
    private static final double[] SCRATCH = new double[2];

    private static void assertStrict(double x) {
        long sin = Double.doubleToRawLongBits(StrictMath.sin(x));
        long cos = Double.doubleToRawLongBits(StrictMath.cos(x));
        if (Double.doubleToRawLongBits(Fdlibm.sin(x)) != sin || Double.doubleToRawLongBits(Fdlibm.cos(x)) != cos) {
            assertEquals(StrictMath.sin(x), Fdlibm.sin(x), 0.0, "sin(" + x + ")");
            assertEquals(StrictMath.cos(x), Fdlibm.cos(x), 0.0, "cos(" + x + ")");
        }
        Fdlibm.sinCos(x, SCRATCH, 0);
        if (Double.doubleToRawLongBits(SCRATCH[0]) != sin || Double.doubleToRawLongBits(SCRATCH[1]) != cos) {
            assertEquals(StrictMath.sin(x) + ", " + StrictMath.cos(x), SCRATCH[0] + ", " + SCRATCH[1], "sinCos(" + x + ")");
        }
    }

    @Test
    @DisplayName("random arguments: angles of unit vectors, and everything below the direct bound")
    void randomArguments() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 3_000_000; i++) {
            assertStrict(Math.toRadians(rnd.nextDouble(0, 360)));
            assertStrict(Math.toRadians(rnd.nextDouble(-90, 90)));
            assertStrict(rnd.nextDouble(-Fdlibm.DIRECT_BELOW, Fdlibm.DIRECT_BELOW));
        }
    }

    @Test
    @DisplayName("next to every multiple of pi/4, where the reduction cancels most")
    void nearMultiplesOfQuarterPi() {
        for (int k = 0; k <= 82; k++) {
            for (double sign : new double[] {1, -1}) {
                double x = sign * k * (Math.PI / 4);
                double up = x;
                double down = x;
                for (int u = 0; u < 20_000; u++) {
                    assertStrict(up);
                    assertStrict(down);
                    up = Math.nextUp(up);
                    down = Math.nextDown(down);
                }
            }
        }
    }

    @Test
    @DisplayName("exact degrees, tiny and special values")
    void degreesTinyAndSpecialValues() {
        for (int d = -3600; d <= 3600 * 4; d++) {
            assertStrict(Math.toRadians(d / 10.0));
        }
        for (double x : new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 0x1p-27,
            Math.nextDown(0x1p-27), 0x1p-26, 1e-300, 0.3, Math.nextDown(0.3), 0.78125, Math.nextUp(0.78125),
            Fdlibm.DIRECT_BELOW, Math.nextDown(Fdlibm.DIRECT_BELOW), 1e6, 1e300, Double.MAX_VALUE,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertStrict(x);
            assertStrict(-x);
        }
    }
}
