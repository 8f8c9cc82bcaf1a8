package org.mmu.cli.sky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MocFileTest {
    @TempDir
    Path dir;

    /** NUNIQ of cell {@code hash} at {@code order}: 4 * 4^order + hash (IVOA MOC 2.0, section 4.3). */
    static long nuniq(int order, long hash) {
        return 4L * (1L << (2 * order)) + hash;
    }

    @Test
    void fourFullSiblingsBecomeTheirParentAndALoneCellStays() {
        // order 3: children 4..7 of order-2 cell 1, and the lone cell 40
        SkyCounts counts = SkyCounts.ofHashes(3, new long[] {40, 4, 5, 6, 7, 7});
        assertArrayEquals(new long[] {nuniq(2, 1), nuniq(3, 40)}, MocFile.uniq(counts));
    }

    @Test
    void theFitsFileCarriesTheMocKeywordsAndTheCells() throws Exception {
        SkyCounts counts = SkyCounts.ofHashes(5, new long[] {100, 101, 102, 103, 7, 3000});
        Path out = dir.resolve("moc.fits");
        MocFile.write(counts, out, false, "test");
        try (Fits fits = new Fits(out.toFile())) {
            BinaryTableHDU hdu = (BinaryTableHDU) fits.getHDU(1);
            assertEquals("NUNIQ", hdu.getHeader().getStringValue("ORDERING"));
            assertEquals("2.0", hdu.getHeader().getStringValue("MOCVERS"));
            assertEquals("SPACE", hdu.getHeader().getStringValue("MOCDIM"));
            assertEquals(5, hdu.getHeader().getIntValue("MOCORD_S"));
            assertEquals("UNIQ", hdu.getColumnName(0));
            long[] uniq = (long[]) hdu.getColumn(0);
            assertArrayEquals(new long[] {nuniq(4, 25), nuniq(5, 7), nuniq(5, 3000)}, sortedCopy(uniq));
        }
    }

    private static long[] sortedCopy(long[] a) {
        long[] c = a.clone();
        java.util.Arrays.sort(c);
        return c;
    }
}
