package org.mmu.cli.sky;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import cds.healpix.HealpixNestedBMOC;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import org.mmu.io.output.AtomicFiles;

/**
 * An IVOA Multi-Order Coverage map (MOC 2.0, space only) of the cells holding objects, as the
 * FITS file Aladin, TOPCAT and astroquery/mocpy read: one binary-table column {@code UNIQ}
 * (NUNIQ-encoded cells, sorted), with the MOC header keywords. The cells are normalised by
 * cds-healpix's BMOC (four full siblings become their parent); nom-tam-fits writes the FITS.
 */
public final class MocFile {
    private MocFile() {
    }

    /** The NUNIQ values of the normalised MOC of {@code counts}' cells, sorted ascending. */
    public static long[] uniq(SkyCounts counts) {
        int order = counts.order();
        long[] raw = new long[counts.cellCount()];
        for (int i = 0; i < raw.length; i++) {   // BMOC's own cell encoding (depth and full flag in the low bits)
            raw[i] = HealpixNestedBMOC.buildValue(order, counts.cell(i), true, order);
        }
        HealpixNestedBMOC moc = HealpixNestedBMOC.createPacking(order, raw);
        List<Long> out = new ArrayList<>(moc.size());
        for (HealpixNestedBMOC.CurrentValueAccessor cell : moc) {
            out.add(nuniq(cell.getDepth(), cell.getHash()));
        }
        long[] u = out.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(u);
        return u;
    }

    /**
     * The IVOA NUNIQ code of a cell, {@code 4 * 4^order + hash} (MOC 2.0, section 4.3.1). Not
     * cds-healpix's {@code Healpix.uniq}, which uses a different sentinel bit.
     */
    static long nuniq(int order, long hash) {
        return (4L << (2 * order)) + hash;
    }

    /** Writes the MOC of {@code counts}' cells to {@code out} (atomically). */
    public static void write(SkyCounts counts, Path out, boolean overwrite, String origin) {
        long[] uniq = uniq(counts);
        AtomicFiles.write(out, overwrite, tmp -> {
            try (Fits fits = new Fits()) {
                BinaryTable table = new BinaryTable();
                table.addColumn(uniq);
                BinaryTableHDU hdu = table.toHDU();
                hdu.setColumnName(0, "UNIQ", "NUNIQ-encoded HEALPix cell");
                Header h = hdu.getHeader();
                h.addValue("PIXTYPE", "HEALPIX", "HEALPix magic code");
                h.addValue("ORDERING", "NUNIQ", "NUNIQ coding method");
                h.addValue("COORDSYS", "C", "ICRS reference frame");
                h.addValue("MOCVERS", "2.0", "MOC version");
                h.addValue("MOCDIM", "SPACE", "physical dimension");
                h.addValue("MOCORD_S", counts.order(), "MOC resolution (best order)");
                h.addValue("MOCORDER", counts.order(), "MOC resolution (MOC 1.x)");
                h.addValue("MOCTOOL", "mmu-java", "name of the MOC generator");
                h.addValue("MOCID", origin.length() > 60 ? origin.substring(origin.length() - 60) : origin,
                        "dataset");
                fits.addHDU(hdu);
                fits.write(tmp.toFile());
            } catch (FitsException e) {
                throw new IOException("cannot write the MOC FITS table", e);
            }
        });
    }
}
