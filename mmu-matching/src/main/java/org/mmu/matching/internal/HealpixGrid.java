package org.mmu.matching.internal;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;

/**
 * The HEALPix (NESTED) grid of regions and margins: the deepest depth whose cells and their
 * neighbours cover any disc of a radius, and one position's cell.
 *
 * <h2>Why a cell and its neighbours hold every disc</h2>
 * At depth {@code d}, a disc of radius {@code r} around any point of a cell lies inside that cell
 * and its (7 or 8) neighbours when {@code r} is below the smallest distance from a cell to a
 * non-adjacent cell, which cds-healpix tabulates as {@code Healpix.SMALLER_EDGE2OPEDGE_DIST[d]}
 * and uses in {@code Healpix.getBestStartingDepth}. That table is a few % too optimistic: near
 * cell vertices on base-cell boundaries in the polar caps (e.g. lon 0°, 90°, 180°, 270° at
 * |lat| 45–80°), discs of radius 0.999 × the tabulated value reach cells that are not neighbours
 * at every depth tried (3 to 22), and of 0.98 × still at depths 5, 8 and 12 (a counterexample is
 * pinned in {@code HealpixCoverageTest}). We therefore only use depths where
 * {@code r ≤ 0.75 × SMALLER_EDGE2OPEDGE_DIST[d]}, a margin the test checks with adversarial
 * points (poles, RA 0/360, base-cell corners, cell vertices) at every depth.
 */
public final class HealpixGrid {
    /** Fraction of the tabulated cell-to-non-neighbour distance we rely on (see class comment). */
    public static final double COVER_SAFETY = 0.75;

    private static final double TWO_PI = 2 * Math.PI;

    private HealpixGrid() {
    }

    /** The deepest depth whose cells plus neighbours cover any disc of this radius (radians). */
    public static int coverDepth(double radiusRad) {
        double[] dist = Healpix.SMALLER_EDGE2OPEDGE_DIST;
        int d = 0;
        while (d + 1 < dist.length && d + 1 <= Healpix.DEPTH_MAX && radiusRad <= COVER_SAFETY * dist[d + 1]) {
            d++;
        }
        return d;
    }

    /** One position's cell at the computer's depth; RA 360 is RA 0, dec is clamped to ±90. */
    static long hash(HashComputer hc, double raDeg, double decDeg) {
        double lon = Math.toRadians(raDeg);
        if (lon >= TWO_PI) {
            lon -= TWO_PI;
        }
        double lat = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, Math.toRadians(decDeg)));
        return hc.hash(lon, lat);
    }
}
