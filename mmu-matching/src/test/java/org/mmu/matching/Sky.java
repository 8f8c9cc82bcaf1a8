package org.mmu.matching;

import cds.healpix.CompassPoint;
import cds.healpix.Healpix;
import cds.healpix.HealpixNested;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mmu.core.DataFormat;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;

/** Seeded test catalogues, including the hard places of the sphere. Positions in degrees. */
final class Sky {
    final List<double[]> points = new ArrayList<>();
    private final Random rnd;

    Sky(long seed) {
        rnd = new Random(seed);
    }

    Random random() {
        return rnd;
    }

    Sky add(double ra, double dec) {
        double r = ra % 360;
        if (r < 0) {
            r += 360;
        }
        points.add(new double[] {r, Math.max(-90, Math.min(90, dec))});
        return this;
    }

    /** Uniform over the whole sphere. */
    Sky uniform(int n) {
        for (int i = 0; i < n; i++) {
            add(rnd.nextDouble() * 360, Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1)));
        }
        return this;
    }

    /** Uniform in a small cap of the given radius (degrees) around (ra, dec). */
    Sky cap(int n, double ra, double dec, double radiusDeg) {
        for (int i = 0; i < n; i++) {
            double rho = radiusDeg * Math.sqrt(rnd.nextDouble());
            double[] p = offset(ra, dec, rnd.nextDouble() * 360, rho);
            add(p[0], p[1]);
        }
        return this;
    }

    /** Within {@code radiusDeg} of both poles, at every RA (so pairs straddle RA 0/360). */
    Sky poles(int nEach, double radiusDeg) {
        cap(nEach, 0, 90, radiusDeg);
        cap(nEach, 0, -90, radiusDeg);
        for (int i = 0; i < 4; i++) { // exactly on the poles and on RA 0 / 360
            add(rnd.nextDouble() * 360, 90).add(rnd.nextDouble() * 360, -90);
            add(0, 90 - radiusDeg * rnd.nextDouble()).add(360 - 1e-12, -90 + radiusDeg * rnd.nextDouble());
        }
        return this;
    }

    /** Around RA 0/360, including RA exactly 0 and 360. */
    Sky raWrap(int n, double halfWidthDeg) {
        for (int i = 0; i < n; i++) {
            double ra = (rnd.nextDouble() * 2 - 1) * halfWidthDeg;
            add(ra < 0 ? ra + 360 : ra, (rnd.nextDouble() * 2 - 1) * 80);
        }
        add(0, 10).add(360, 10).add(360, 10.0001).add(0.0, -45).add(360.0, -45.00001);
        return this;
    }

    /**
     * Near the vertices and along the edges of HEALPix cells of the given depth, jittered by up to
     * {@code jitterDeg}: base-cell corners and edges at depth 0, cell borders deeper.
     */
    Sky cellBorders(int depth, int n, double jitterDeg) {
        HealpixNested hn = Healpix.getNested(depth);
        long nCells = Healpix.nHash(depth);
        CompassPoint.Cardinal[] corners = CompassPoint.Cardinal.values();
        for (int i = 0; i < n; i++) {
            long cell = depth == 0 ? rnd.nextInt(12) : (long) (rnd.nextDouble() * nCells);
            double lon;
            double lat;
            if (rnd.nextBoolean()) {
                double[] v = hn.vertex(cell, corners[rnd.nextInt(4)]);
                lon = v[0];
                lat = v[1];
            } else {
                double[][] path = hn.pathAlongCellEdge(cell, corners[rnd.nextInt(4)], rnd.nextBoolean(), 8);
                double[] v = path[rnd.nextInt(path.length)];
                lon = v[0];
                lat = v[1];
            }
            double[] p = offset(Math.toDegrees(lon), Math.toDegrees(lat), rnd.nextDouble() * 360,
                    jitterDeg * rnd.nextDouble());
            add(p[0], p[1]);
        }
        return this;
    }

    /** A tight cluster: {@code n} points within {@code radiusDeg} of a random position. */
    Sky cluster(int n, double radiusDeg) {
        double ra = rnd.nextDouble() * 360;
        double dec = Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1));
        return cap(n, ra, dec, radiusDeg);
    }

    /** Copies of existing points (exact duplicates), to create ties. */
    Sky duplicates(int n) {
        int size = points.size();
        for (int i = 0; i < n; i++) {
            double[] p = points.get(rnd.nextInt(size));
            points.add(p.clone());
        }
        return this;
    }

    /** Each point of {@code other}, moved by up to {@code jitterDeg} (or copied exactly when 0). */
    Sky near(Sky other, double fraction, double jitterDeg) {
        for (double[] p : other.points) {
            if (rnd.nextDouble() < fraction) {
                double[] q = jitterDeg == 0 ? p.clone()
                        : offset(p[0], p[1], rnd.nextDouble() * 360, jitterDeg * rnd.nextDouble());
                add(q[0], q[1]);
            }
        }
        return this;
    }

    int size() {
        return points.size();
    }

    /** An index with shuffled, non-ascending int64 ids and three partitions. */
    ObjectIndex index(String name) {
        int n = points.size();
        long[] ids = new long[n];
        long base = rnd.nextInt(1000) * 1_000_003L;
        for (int i = 0; i < n; i++) {
            ids[i] = base + 7L * i;
        }
        shuffle(ids);
        return index(name, ObjectIds.ofLongs(ids));
    }

    /** An index with string ids ("obj-…", not in row order). */
    ObjectIndex stringIndex(String name) {
        int n = points.size();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "obj-" + Integer.toString(i * 7919 % 100_003 + 100_000, 36);
        }
        return index(name, ObjectIds.ofStrings(ids));
    }

    ObjectIndex index(String name, ObjectIds ids) {
        int n = points.size();
        double[] ra = new double[n];
        double[] dec = new double[n];
        int[] part = new int[n];
        int[] row = new int[n];
        for (int i = 0; i < n; i++) {
            ra[i] = points.get(i)[0];
            dec[i] = points.get(i)[1];
            part[i] = i % 3;
            row[i] = i / 3;
        }
        List<PartitionRef> parts = List.of(
                new PartitionRef(0, 0, -1, name + "/a.parquet", DataFormat.PARQUET, (n + 2) / 3, -1),
                new PartitionRef(0, 1, -1, name + "/b.parquet", DataFormat.PARQUET, (n + 1) / 3, -1),
                new PartitionRef(0, 2, -1, name + "/c.parquet", DataFormat.PARQUET, n / 3, -1));
        return ObjectIndex.of(name, ids, ra, dec, part, row, parts);
    }

    private void shuffle(long[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The point at angular distance {@code distDeg} from (ra, dec) towards position angle {@code paDeg}. */
    static double[] offset(double raDeg, double decDeg, double paDeg, double distDeg) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double pa = Math.toRadians(paDeg);
        double d = Math.toRadians(distDeg);
        double sinDec2 = Math.sin(dec) * Math.cos(d) + Math.cos(dec) * Math.sin(d) * Math.cos(pa);
        double dec2 = Math.asin(Math.max(-1, Math.min(1, sinDec2)));
        double ra2 = ra + Math.atan2(Math.sin(pa) * Math.sin(d) * Math.cos(dec),
                Math.cos(d) - Math.sin(dec) * sinDec2);
        double raDeg2 = Math.toDegrees(ra2) % 360;
        if (raDeg2 < 0) {
            raDeg2 += 360;
        }
        return new double[] {raDeg2, Math.toDegrees(dec2)};
    }
}
