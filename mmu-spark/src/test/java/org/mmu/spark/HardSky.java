package org.mmu.spark;

import java.util.Random;

import cds.healpix.CompassPoint;
import cds.healpix.Healpix;
import cds.healpix.HealpixNested;

/**
 * Seeded positions (degrees) in the places where region borders and margins go wrong: both
 * poles, RA 0/360, HEALPix base-cell corners and edges, and tight clusters; plus a second
 * survey of near neighbours. (A small cousin of mmu-matching's test {@code Sky}, whose test
 * sources are not shared between modules.)
 */
final class HardSky {
    private final Random rnd;
    private double[] ra = new double[1024];
    private double[] dec = new double[1024];
    private int n;

    HardSky(long seed) {
        rnd = new Random(seed);
    }

    HardSky add(double r, double d) {
        if (n == ra.length) {
            ra = java.util.Arrays.copyOf(ra, 2 * n);
            dec = java.util.Arrays.copyOf(dec, 2 * n);
        }
        double a = r % 360;
        ra[n] = a < 0 ? a + 360 : a;
        dec[n] = Math.max(-90, Math.min(90, d));
        n++;
        return this;
    }

    /** Uniform in a cap of {@code radiusDeg} around (ra, dec). */
    HardSky cap(int count, double r, double d, double radiusDeg) {
        for (int i = 0; i < count; i++) {
            double[] p = offset(r, d, rnd.nextDouble() * 360, radiusDeg * Math.sqrt(rnd.nextDouble()));
            add(p[0], p[1]);
        }
        return this;
    }

    /** Caps on both poles, points exactly on them, and a strip across RA 0/360. */
    HardSky polesAndWrap(int count) {
        cap(count, 0, 90, 0.3).cap(count, 0, -90, 0.3).add(0, 90).add(180, 90).add(0, -90).add(360, 10).add(0, 10);
        for (int i = 0; i < count; i++) {
            add((rnd.nextDouble() - 0.5) * 0.4, (rnd.nextDouble() * 2 - 1) * 70);
        }
        return this;
    }

    /** Near base-cell vertices and edges (depth 0), jittered by up to {@code jitterDeg}. */
    HardSky baseCellEdges(int count, double jitterDeg) {
        HealpixNested hn = Healpix.getNested(0);
        CompassPoint.Cardinal[] corners = CompassPoint.Cardinal.values();
        for (int i = 0; i < count; i++) {
            long cell = rnd.nextInt(12);
            double[][] path = hn.pathAlongCellEdge(cell, corners[rnd.nextInt(4)], rnd.nextBoolean(), 8);
            double[] v = rnd.nextBoolean() ? hn.vertex(cell, corners[rnd.nextInt(4)]) : path[rnd.nextInt(path.length)];
            double[] p = offset(Math.toDegrees(v[0]), Math.toDegrees(v[1]), rnd.nextDouble() * 360, jitterDeg * rnd.nextDouble());
            add(p[0], p[1]);
        }
        return this;
    }

    /** A tight cluster at a random place: many candidates per object. */
    HardSky cluster(int count, double radiusDeg) {
        return cap(count, rnd.nextDouble() * 360, Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1)), radiusDeg);
    }

    /** A survey of neighbours of this one's points: each kept with {@code fraction}, moved by up to {@code jitterDeg}. */
    HardSky near(double fraction, double jitterDeg, long seed) {
        HardSky other = new HardSky(seed);
        for (int i = 0; i < n; i++) {
            if (other.rnd.nextDouble() < fraction) {
                double[] p = offset(ra[i], dec[i], other.rnd.nextDouble() * 360, jitterDeg * other.rnd.nextDouble());
                other.add(p[0], p[1]);
            }
        }
        return other;
    }

    double[] ra() {
        return java.util.Arrays.copyOf(ra, n);
    }

    double[] dec() {
        return java.util.Arrays.copyOf(dec, n);
    }

    /** The point {@code distDeg} from (ra, dec) towards position angle {@code paDeg}. */
    private static double[] offset(double raDeg, double decDeg, double paDeg, double distDeg) {
        double a = Math.toRadians(raDeg);
        double d = Math.toRadians(decDeg);
        double pa = Math.toRadians(paDeg);
        double r = Math.toRadians(distDeg);
        double sinD2 = Math.sin(d) * Math.cos(r) + Math.cos(d) * Math.sin(r) * Math.cos(pa);
        double d2 = Math.asin(Math.max(-1, Math.min(1, sinD2)));
        double a2 = a + Math.atan2(Math.sin(pa) * Math.sin(r) * Math.cos(d), Math.cos(r) - Math.sin(d) * sinD2);
        return new double[] {Math.toDegrees(a2), Math.toDegrees(d2)};
    }
}
