package org.mmu.matching.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cds.healpix.CompassPoint;
import cds.healpix.Healpix;
import cds.healpix.HealpixNested;
import cds.healpix.NeighbourList;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The guarantee the engine relies on: at the depth {@link HealpixGrid#coverDepth} picks, a disc
 * of the radius around any point lies in the point's cell and its neighbours. And the reason it
 * keeps a margin: cds-healpix's own table is a few percent too optimistic.
 */
class HealpixCoverageTest {

    /** Whether the circle of radius r (rad) around (lon, lat) stays in the cell and its neighbours. */
    private static boolean circleCovered(HealpixNested hn, double lon, double lat, double r, int directions) {
        long cell = GridAccess.hash(hn, lon, lat);
        NeighbourList nl = new NeighbourList(hn.depth());
        hn.neighbours(cell, nl);
        for (int k = 0; k < directions; k++) {
            double pa = 2 * Math.PI * k / directions;
            for (double f : new double[] {1.0, 0.5}) {
                double[] q = offset(lon, lat, pa, r * f);
                long qc = GridAccess.hash(hn, q[0], q[1]);
                boolean ok = qc == cell;
                for (int m = 0; m < nl.size() && !ok; m++) {
                    ok = nl.get(m) == qc;
                }
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void atTheChosenDepthEveryDiscIsInsideTheCellAndItsNeighbours() {
        Random rnd = new Random(2024);
        for (int depth = 1; depth <= 24; depth++) {
            HealpixNested hn = Healpix.getNested(depth);
            double r = HealpixGrid.COVER_SAFETY * Healpix.SMALLER_EDGE2OPEDGE_DIST[depth];
            assertTrue(HealpixGrid.coverDepth(r) >= depth, "coverDepth admits depth " + depth);
            for (int t = 0; t < 1500; t++) {
                double lon;
                double lat;
                switch (t % 3) {
                    case 0 -> { // cell vertices, concentrated in the polar caps where cells are most distorted
                        long cell = (long) (rnd.nextDouble() * Healpix.nHash(depth));
                        double[] v = hn.vertex(cell, CompassPoint.Cardinal.values()[rnd.nextInt(4)]);
                        lon = v[0] + (rnd.nextDouble() - 0.5) * 1e-3 * r;
                        lat = v[1] + (rnd.nextDouble() - 0.5) * 1e-3 * r;
                    }
                    case 1 -> { // on base-cell boundaries (lon k*45 deg) at any latitude
                        lon = rnd.nextInt(8) * Math.PI / 4 + (rnd.nextDouble() - 0.5) * 4 * r;
                        lat = Math.asin(2 * rnd.nextDouble() - 1);
                    }
                    default -> { // near the poles, at every RA
                        lon = rnd.nextDouble() * 2 * Math.PI;
                        lat = (rnd.nextBoolean() ? 1 : -1) * (Math.PI / 2 - rnd.nextDouble() * 3 * r);
                    }
                }
                lon = (lon % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI);
                lat = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, lat));
                final double flon = lon;
                final double flat = lat;
                final int d = depth;
                assertTrue(circleCovered(hn, lon, lat, r, 48), () -> "depth " + d + ": disc around lon="
                        + Math.toDegrees(flon) + " lat=" + Math.toDegrees(flat) + " leaves the neighbours");
            }
        }
    }

    /**
     * Found while checking {@code Healpix.getBestStartingDepth}: at depth 5, near a cell vertex on
     * the base-cell boundary lon=90° in the north polar cap, a circle of 0.98 × the tabulated
     * {@code SMALLER_EDGE2OPEDGE_DIST[5]} reaches a cell that is not a neighbour. So the library's
     * "disc within the cell and its neighbours" guarantee does not hold at its own limit, and the
     * engine uses only 75% of it.
     */
    @Test
    void cdsHealpixTableIsTooOptimisticNearPolarCapVertices() {
        HealpixNested hn = Healpix.getNested(5);
        double lon = Math.toRadians(90.000249819584610);
        double lat = Math.toRadians(73.865157659449680);
        double r = 0.98 * Healpix.SMALLER_EDGE2OPEDGE_DIST[5];
        assertEquals(5, Healpix.getBestStartingDepth(r), "the library would bin this radius at depth 5");
        assertFalse(circleCovered(hn, lon, lat, r, 72), "expected the library's guarantee to fail here");
        assertTrue(circleCovered(hn, lon, lat, HealpixGrid.COVER_SAFETY * Healpix.SMALLER_EDGE2OPEDGE_DIST[5], 72));
    }

    @Test
    void raOf360IsRaZeroAndThePolesHash() {
        HealpixNested hn = Healpix.getNested(10);
        var hc = hn.newHashComputer();
        assertEquals(HealpixGrid.hash(hc, 0, 12.5), HealpixGrid.hash(hc, 360, 12.5));
        assertEquals(HealpixGrid.hash(hc, 0, 90), HealpixGrid.hash(hc, 360, 90));
        assertTrue(HealpixGrid.hash(hc, 123, -90) >= 0);
    }

    private static double[] offset(double lon, double lat, double pa, double d) {
        double sinLat2 = Math.sin(lat) * Math.cos(d) + Math.cos(lat) * Math.sin(d) * Math.cos(pa);
        double lat2 = Math.asin(Math.max(-1, Math.min(1, sinLat2)));
        double lon2 = lon + Math.atan2(Math.sin(pa) * Math.sin(d) * Math.cos(lat), Math.cos(d) - Math.sin(lat) * sinLat2);
        lon2 = (lon2 % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI);
        return new double[] {lon2, lat2};
    }

    /** Hashing radians the way the engine does (RA 2π is RA 0). */
    private static final class GridAccess {
        static long hash(HealpixNested hn, double lon, double lat) {
            return HealpixGrid.hash(hn.newHashComputer(), Math.toDegrees(lon), Math.toDegrees(lat));
        }
    }
}
