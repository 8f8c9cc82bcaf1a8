package org.mmu.bench;

import cds.healpix.CompassPoint;
import cds.healpix.Healpix;
import cds.healpix.HealpixNested;
import java.util.SplittableRandom;
import org.mmu.core.ObjectIndex;

/**
 * Catalogues with the geometry that hurts a crossmatch, seeded and reproducible. Of the n left
 * objects:
 * <ul>
 *   <li>20 % in clusters of {@value #CLUSTER} objects within {@value #CLUSTER_ARCSEC}″ of a centre;</li>
 *   <li>20 % in two polar caps of radius {@value #POLAR_CAP_DEG}° (fixed area, so the crowding grows
 *       with n: at n = 10⁶ about 100 objects of the other side within 5″ of each cap object, at 10⁷
 *       ten times more), at every RA;</li>
 *   <li>5 % in a strip within 0.01° of RA 0/360;</li>
 *   <li>5 % within 2″ of HEALPix base-cell vertices and edges;</li>
 *   <li>2 % exact copies of other left objects;</li>
 *   <li>the rest uniform over the sphere.</li>
 * </ul>
 * The right catalogue has a counterpart of 80 % of the left objects, moved by a Gaussian jitter
 * (0.3″ per axis; one in 50 an exact copy, a zero separation), plus 0.2·n objects drawn from the
 * same mixture. Positions in degrees.
 */
final class HardSky {
    static final int CLUSTER = 25;
    static final double CLUSTER_ARCSEC = 4;
    static final double POLAR_CAP_DEG = 0.04;

    private final SplittableRandom rnd;
    private final HealpixNested base = Healpix.getNested(0);
    private double clusterRa;
    private double clusterDec;
    private int clusterLeft;

    private HardSky(long seed) {
        rnd = new SplittableRandom(seed);
    }

    /** {left, right} for n left objects. */
    static ObjectIndex[] catalogues(int n, long seed) {
        HardSky sky = new HardSky(seed);
        double[] lra = new double[n];
        double[] ldec = new double[n];
        for (int i = 0; i < n; i++) {
            double[] p = i > 0 && sky.rnd.nextDouble() < 0.02 ? copyOf(lra, ldec, sky.rnd.nextInt(i)) : sky.draw();
            lra[i] = p[0];
            ldec[i] = p[1];
        }
        int nExtra = (int) Math.round(n * 0.2);
        double[] rra = new double[n + nExtra];
        double[] rdec = new double[n + nExtra];
        double sigma = Math.toRadians(0.3 / 3600);
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (sky.rnd.nextDouble() < 0.8) {
                double[] p = sky.rnd.nextDouble() < 0.02 ? copyOf(lra, ldec, i)
                        : CrossmatchBench.jitter(lra[i], ldec[i], sky.rnd.nextGaussian() * sigma, sky.rnd.nextGaussian() * sigma);
                rra[k] = p[0];
                rdec[k++] = p[1];
            }
        }
        for (int i = 0; i < nExtra; i++) {
            double[] p = sky.draw();
            rra[k] = p[0];
            rdec[k++] = p[1];
        }
        return new ObjectIndex[] {ObjectIndex.ofPositions("left", lra, ldec),
                ObjectIndex.ofPositions("right", java.util.Arrays.copyOf(rra, k), java.util.Arrays.copyOf(rdec, k))};
    }

    private static double[] copyOf(double[] ra, double[] dec, int i) {
        return new double[] {ra[i], dec[i]};
    }

    /** One position from the mixture. */
    private double[] draw() {
        double u = rnd.nextDouble();
        if (u < 0.20 || clusterLeft > 0) {
            return clustered();
        }
        if (u < 0.40) {
            return nearPole();
        }
        if (u < 0.45) {
            double ra = (rnd.nextDouble() * 2 - 1) * 0.01;
            return new double[] {ra < 0 ? ra + 360 : ra, Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1)) * 0.9};
        }
        if (u < 0.50) {
            return nearBaseCellBorder();
        }
        return uniform();
    }

    private double[] clustered() {
        if (clusterLeft == 0) {
            double[] c = uniform();
            clusterRa = c[0];
            clusterDec = c[1];
            clusterLeft = CLUSTER;
        }
        clusterLeft--;
        double rho = Math.toRadians(CLUSTER_ARCSEC / 3600) * Math.sqrt(rnd.nextDouble());
        double phi = rnd.nextDouble() * 2 * Math.PI;
        return CrossmatchBench.jitter(clusterRa, clusterDec, rho * Math.cos(phi), rho * Math.sin(phi));
    }

    private double[] nearPole() {
        double z = 1 - rnd.nextDouble() * (1 - Math.cos(Math.toRadians(POLAR_CAP_DEG)));
        double dec = Math.toDegrees(Math.asin(z));
        return new double[] {rnd.nextDouble() * 360, rnd.nextBoolean() ? dec : -dec};
    }

    private double[] nearBaseCellBorder() {
        long cell = rnd.nextInt(12);
        CompassPoint.Cardinal corner = CompassPoint.Cardinal.values()[rnd.nextInt(4)];
        double[] v;
        if (rnd.nextBoolean()) {
            v = base.vertex(cell, corner);
        } else {
            double[][] path = base.pathAlongCellEdge(cell, corner, rnd.nextBoolean(), 64);
            v = path[rnd.nextInt(path.length)];
        }
        double rho = Math.toRadians(2.0 / 3600) * rnd.nextDouble();
        double phi = rnd.nextDouble() * 2 * Math.PI;
        return CrossmatchBench.jitter(Math.toDegrees(v[0]), Math.toDegrees(v[1]), rho * Math.cos(phi), rho * Math.sin(phi));
    }

    private double[] uniform() {
        return new double[] {rnd.nextDouble() * 360, Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1))};
    }
}
