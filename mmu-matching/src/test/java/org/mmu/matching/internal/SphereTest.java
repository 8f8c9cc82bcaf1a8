package org.mmu.matching.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Separations are accurate to far better than 1 µas, at every separation up to 1 degree and everywhere. */
class SphereTest {
    private static final double MICROARCSEC = 1e-6;

    @Test
    void alongAMeridianTheSeparationIsTheDeclinationDifference() {
        for (double dec : new double[] {-89.9, -45, 0, 30, 89.99}) {
            for (double d : new double[] {1e-9, 1e-6, 2.5e-4, 1.0 / 3600, 0.01, 1.0}) {
                double sep = Sphere.separationArcsec(123.4, dec, 123.4, dec + d);
                double exact = (dec + d - dec) * 3600; // the difference of the two doubles is exact
                assertEquals(exact, sep, 1e-3 * MICROARCSEC, "dec " + dec + " + " + d);
            }
        }
    }

    @Test
    void acrossThePoleAndAcrossRaZero() {
        // two points 1e-4 deg from the north pole on opposite meridians: 2e-4 deg apart
        assertEquals(2e-4 * 3600, Sphere.separationArcsec(0, 90 - 1e-4, 180, 90 - 1e-4), 1e-3 * MICROARCSEC);
        assertEquals(2e-4 * 3600, Sphere.separationArcsec(359.5, -90 + 1e-4, 179.5, -90 + 1e-4), 1e-3 * MICROARCSEC);
        // on the equator across RA 0/360
        assertEquals(2e-4 * 3600, Sphere.separationArcsec(359.9999, 0, 0.0001, 0), 1e-2 * MICROARCSEC);
        assertEquals(0, Sphere.separationArcsec(0, 10, 360, 10), 1e-3 * MICROARCSEC);
        assertEquals(0, Sphere.separationArcsec(17, 90, 200, 90), 1e-3 * MICROARCSEC);
    }

    /** Against the haversine evaluated with 50-digit decimals. */
    @Test
    void randomPairsUpToOneDegreeAgreeWithAHighPrecisionReferenceTo1MicroArcsec() {
        Random rnd = new Random(7);
        double worst = 0;
        for (int i = 0; i < 1000; i++) {
            double ra1 = rnd.nextDouble() * 360;
            double dec1 = Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1));
            double ra2 = ra1 + (rnd.nextDouble() - 0.5) * Math.pow(10, -rnd.nextInt(7));
            double dec2 = Math.max(-90, Math.min(90, dec1 + (rnd.nextDouble() - 0.5) * Math.pow(10, -rnd.nextInt(7))));
            if (ra2 < 0 || ra2 > 360) {
                continue;
            }
            double got = Sphere.separationArcsec(ra1, dec1, ra2, dec2);
            double ref = HighPrecision.separationArcsec(ra1, dec1, ra2, dec2);
            if (ref > 3600) {
                continue;
            }
            worst = Math.max(worst, Math.abs(got - ref));
        }
        assertTrue(worst < 1e-3 * MICROARCSEC, "worst error " + worst + " arcsec");
    }

    @Test
    void smallAnglesBySeriesAreWithinAnUlpOfStrictMathAndExactBelowTwoToTheMinus27() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < 2_000_000; i++) {
            double t = Math.scalb(1 + r.nextDouble(), -11 - r.nextInt(30)); // 2^-40 .. 2^-10
            double series = Sphere.smallAtan(t);
            double strict = StrictMath.atan(t);
            assertTrue(Math.abs(series - strict) <= Math.ulp(strict), t + ": " + series + " vs " + strict);
            if (t < 0x1p-27) {
                assertEquals(strict, series, 0.0, "below 2^-27 atan(t) rounds to t");
            }
        }
        assertTrue(Math.abs(Sphere.smallAtan(Sphere.SERIES_BELOW) - StrictMath.atan(Sphere.SERIES_BELOW))
                <= Math.ulp(Sphere.SERIES_BELOW), "at the switch to StrictMath.atan2");
        assertEquals(0.0, Sphere.angleRad(0.6, 0.8, 0, 0.6, 0.8, 0), 0.0, "identical vectors");
    }

    @Test
    void chordBoundNeverRejectsAPairTheAngleAccepts() {
        Random rnd = new Random(8);
        for (int i = 0; i < 20000; i++) {
            double r = Math.pow(10, -3 + rnd.nextDouble() * 6.5); // 1 mas .. 1 deg
            double ra = rnd.nextDouble() * 360;
            double dec = Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1));
            double[] q = org.mmu.matching.internal.SphereTest.offset(ra, dec, rnd.nextDouble() * 360, r / 3600);
            double sep = Sphere.separationArcsec(ra, dec, q[0], q[1]);
            if (sep <= r) {
                double[] u = new double[6];
                Sphere.unitVector(ra, dec, u, 0);
                Sphere.unitVector(q[0], q[1], u, 3);
                double dx = u[0] - u[3];
                double dy = u[1] - u[4];
                double dz = u[2] - u[5];
                assertTrue(dx * dx + dy * dy + dz * dz <= Sphere.chord2Bound(r), "r=" + r);
            }
        }
    }

    static double[] offset(double raDeg, double decDeg, double paDeg, double distDeg) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double pa = Math.toRadians(paDeg);
        double d = Math.toRadians(distDeg);
        double sinDec2 = Math.sin(dec) * Math.cos(d) + Math.cos(dec) * Math.sin(d) * Math.cos(pa);
        double dec2 = Math.asin(Math.max(-1, Math.min(1, sinDec2)));
        double ra2 = ra + Math.atan2(Math.sin(pa) * Math.sin(d) * Math.cos(dec), Math.cos(d) - Math.sin(dec) * sinDec2);
        double r = Math.toDegrees(ra2) % 360;
        return new double[] {r < 0 ? r + 360 : r, Math.toDegrees(dec2)};
    }

    /** Haversine in BigDecimal (Taylor series), 40 significant digits: a slow, independent reference. */
    static final class HighPrecision {
        private static final MathContext MC = new MathContext(40);
        private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510");

        static double separationArcsec(double ra1, double dec1, double ra2, double dec2) {
            BigDecimal toRad = PI.divide(BigDecimal.valueOf(180), MC);
            BigDecimal a1 = new BigDecimal(ra1).multiply(toRad, MC);
            BigDecimal d1 = new BigDecimal(dec1).multiply(toRad, MC);
            BigDecimal a2 = new BigDecimal(ra2).multiply(toRad, MC);
            BigDecimal d2 = new BigDecimal(dec2).multiply(toRad, MC);
            BigDecimal half = BigDecimal.valueOf(0.5);
            BigDecimal sdd = sin(d2.subtract(d1).multiply(half, MC));
            BigDecimal sda = sin(a2.subtract(a1).multiply(half, MC));
            BigDecimal h = sdd.multiply(sdd, MC).add(cos(d1).multiply(cos(d2), MC).multiply(sda.multiply(sda, MC), MC), MC);
            BigDecimal theta = BigDecimal.valueOf(2).multiply(asin(h.sqrt(MC)), MC);
            return theta.multiply(BigDecimal.valueOf(180 * 3600L), MC).divide(PI, MC).doubleValue();
        }

        static BigDecimal sin(BigDecimal x) {
            BigDecimal term = x;
            BigDecimal sum = x;
            BigDecimal x2 = x.multiply(x, MC);
            for (int n = 1; n < 60; n++) {
                term = term.multiply(x2, MC).divide(BigDecimal.valueOf((2L * n) * (2L * n + 1)), MC).negate();
                sum = sum.add(term, MC);
            }
            return sum;
        }

        static BigDecimal cos(BigDecimal x) {
            BigDecimal term = BigDecimal.ONE;
            BigDecimal sum = BigDecimal.ONE;
            BigDecimal x2 = x.multiply(x, MC);
            for (int n = 1; n < 60; n++) {
                term = term.multiply(x2, MC).divide(BigDecimal.valueOf((2L * n - 1) * (2L * n)), MC).negate();
                sum = sum.add(term, MC);
            }
            return sum;
        }

        /** asin for small arguments (≤ sin 0.5°) by its series. */
        static BigDecimal asin(BigDecimal x) {
            BigDecimal sum = x;
            BigDecimal term = x;
            BigDecimal x2 = x.multiply(x, MC);
            for (int n = 1; n < 40; n++) {
                // term_n = term_{n-1} * x^2 * (2n-1)^2 / ((2n)(2n+1))
                term = term.multiply(x2, MC).multiply(BigDecimal.valueOf((2L * n - 1) * (2L * n - 1)), MC)
                        .divide(BigDecimal.valueOf((2L * n) * (2L * n + 1)), MC);
                sum = sum.add(term, MC);
            }
            return sum;
        }
    }
}
