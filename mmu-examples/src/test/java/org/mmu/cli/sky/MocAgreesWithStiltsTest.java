package org.mmu.cli.sky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.ObjectIndex;

/** Our MOC of a set of positions equals the one STILTS (pixfoot, CDS's MOC library) makes of them. */
class MocAgreesWithStiltsTest {
    @TempDir
    Path dir;

    @Test
    void sameCellsAsStiltsPixfoot() throws Exception {
        Path stilts = Path.of("/usr/bin/stilts");
        assumeTrue(Files.isExecutable(stilts), "stilts is not installed (Debian package stilts)");
        Random rnd = new Random(7);
        int n = 3000;
        double[] ra = new double[n];
        double[] dec = new double[n];
        StringBuilder csv = new StringBuilder("ra,dec\n");
        for (int i = 0; i < n; i++) {
            ra[i] = i % 3 == 0 ? rnd.nextDouble() * 360 : 150 + rnd.nextDouble() * 20;   // a patch plus scatter
            dec[i] = i % 3 == 0 ? Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1)) : -10 + rnd.nextDouble() * 35;
            csv.append(ra[i]).append(',').append(dec[i]).append('\n');
        }
        Files.writeString(dir.resolve("pos.csv"), csv);
        MocFile.write(SkyCounts.of(ObjectIndex.ofPositions("pos", ra, dec), 6), dir.resolve("ours.fits"), false, "pos");

        Process p = new ProcessBuilder(stilts.toString(), "pixfoot", "in=" + dir.resolve("pos.csv"), "ifmt=csv",
                "ra=ra", "dec=dec", "order=6", "mocfmt=fits", "out=" + dir.resolve("stilts.fits"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stilts.log").toFile()).start();
        assumeTrue(p.waitFor(2, TimeUnit.MINUTES), "stilts did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stilts.log")));

        long[] ours = uniq(dir.resolve("ours.fits"));
        long[] theirs = uniq(dir.resolve("stilts.fits"));
        assertEquals(theirs.length, ours.length);
        assertArrayEquals(theirs, ours);
    }

    private static long[] uniq(Path file) throws Exception {
        try (Fits fits = new Fits(file.toFile())) {
            BinaryTableHDU hdu = (BinaryTableHDU) fits.getHDU(1);
            Object col = hdu.getColumn(0);
            long[] u = col instanceof long[] l ? l.clone()
                    : Arrays.stream((int[]) col).asLongStream().toArray();   // STILTS may store small MOCs as int32
            Arrays.sort(u);
            return u;
        }
    }
}
