package org.mmu.internal.dataset;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

import cds.healpix.FlatHashIterator;
import cds.healpix.HashComputer;
import cds.healpix.Healpix;

import org.mmu.core.Column;
import org.mmu.core.MmuFormatException;

/**
 * Whether objects lie in the HEALPix cell (NESTED) their file or partition claims: MMU v1
 * {@code healpix=N} (order 4), HATS {@code Norder=K/Npix=N}. For inputs read in place this is
 * the check that catches a damaged coordinate: the index is built from the same bytes as the
 * rows, so the row-against-index check agrees with a wrong value, but a flipped high bit of
 * {@code ra} or {@code dec} moves an object out of its cell.
 *
 * <p>Positions are hashed with cds-healpix, as the index builder does. Writers that use other
 * HEALPix code (healpy) or store float32 coordinates may round an object on a cell border into
 * the neighbouring cell, so an object within {@link #BORDER_RAD} of its claimed cell counts as
 * inside (the slow border test runs only for the rare objects hashed elsewhere).
 *
 * <p>Strict (the default): the first object outside is an {@link MmuFormatException} naming the
 * file, row, object, position and both cells. Lenient: such objects are counted in
 * {@link #tolerated()} and kept. Thread-safe: each {@link #check} call hashes with its own computer.
 */
public final class CellPlacement {
    /** 1e-6 rad, about 0.2 arcsec: more than the rounding of a float32 right ascension (0.06 arcsec). */
    public static final double BORDER_RAD = 1e-6;
    private static final double TWO_PI = 2 * Math.PI;

    private final boolean lenient;
    private final LongAdder tolerated = new LongAdder();

    private CellPlacement(boolean lenient) {
        this.lenient = lenient;
    }

    /** Misplaced objects are errors ({@code lenient} false) or counted and kept ({@code lenient} true). */
    public static CellPlacement of(boolean lenient) {
        return new CellPlacement(lenient);
    }

    public boolean lenient() {
        return lenient;
    }

    /** Objects found outside their claimed cell and kept (lenient mode; always 0 when strict). */
    public long tolerated() {
        return tolerated.sum();
    }

    /**
     * Checks the rows of one file whose objects all claim cell {@code cell} at {@code order}.
     * Coordinates are degrees; values that are no position (NaN, out of range) are skipped here,
     * as the index assembly reports them.
     *
     * @param location the file, for the message
     * @param object   the id of the object at a row, for the message
     * @return how many rows lie outside (and were tolerated)
     * @throws MmuFormatException in strict mode, at the first row outside
     */
    public int check(String location, int order, long cell, double[] ra, double[] dec, IntFunction<String> object) {
        HashComputer hc = Healpix.getNested(order).newHashComputer();
        int outside = 0;
        for (int r = 0; r < ra.length; r++) {
            double lon = Math.toRadians(ra[r]);
            if (lon >= TWO_PI) {
                lon -= TWO_PI;
            }
            double lat = Math.toRadians(dec[r]);
            if (!(lon >= 0 && lon < TWO_PI && lat >= -Math.PI / 2 && lat <= Math.PI / 2)) {
                continue; // not a position at all: the index assembly reports it, naming the column
            }
            if (hc.hash(lon, lat) != cell && !nearCell(order, cell, lon, lat)) {
                if (!lenient) {
                    throw new MmuFormatException(location, "row " + r + " (object " + object.apply(r) + ") is at ra "
                            + ra[r] + ", dec " + dec[r] + ", in HEALPix cell " + hc.hash(lon, lat) + " (order " + order
                            + "), not in the cell " + cell + " this file claims: the coordinate is damaged or the file"
                            + " misplaced (for data known to be sloppy, --lenient-positions / "
                            + "LoadOptions.lenientPositions(true) keeps such objects and counts them)");
                }
                outside++;
            }
        }
        tolerated.add(outside);
        return outside;
    }

    /** As {@link #check(String, int, long, double[], double[], IntFunction)}, for coordinate columns of any numeric type (nulls skipped). */
    public int check(String location, int order, long cell, Column ra, Column dec, IntFunction<String> object) {
        return check(location, order, cell, degrees(ra), degrees(dec), object);
    }

    private static double[] degrees(Column c) {
        if (c.unsafeData() instanceof double[] d && d.length == c.rows() && !c.hasNulls()) {
            return d;
        }
        double[] out = new double[c.rows()];
        boolean numbers = c.type().isNumeric() && c.spec().isScalar();
        for (int r = 0; r < out.length; r++) {
            out[r] = !numbers || c.isNull(r) ? Double.NaN : c.getDouble(r);
        }
        return out;
    }

    /** Whether a position hashed outside {@code cell} is within {@link #BORDER_RAD} of it. */
    public static boolean nearCell(int order, long cell, double lon, double lat) {
        FlatHashIterator it = Healpix.getNested(order).newConeComputerApprox(BORDER_RAD).overlappingCells(lon, lat)
                .flatHashIterator();
        while (it.hasNext()) {
            if (it.next() == cell) {
                return true;
            }
        }
        return false;
    }
}
