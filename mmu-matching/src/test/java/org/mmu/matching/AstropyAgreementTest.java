package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.ObjectIndex;

/**
 * Agreement with astropy's {@code search_around_sky} (mode all) and {@code match_coordinates_sky}
 * (mode best1) on a few thousand objects including both poles and the RA seam: the same pairs
 * and separations within 1e-6 arcsec. Runs {@code /usr/bin/python3} (or {@code -Dmmu.python=...});
 * skipped when astropy cannot be imported there.
 */
class AstropyAgreementTest {
    private static final String PYTHON = System.getProperty("mmu.python", "/usr/bin/python3");
    private static final double RADIUS = 2.0;

    @TempDir
    static Path dir;
    private static ObjectIndex left;
    private static ObjectIndex right;
    private static Map<String, Double> astropyAll;
    private static Map<String, Double> astropyBest1;

    @BeforeAll
    static void runAstropy() throws Exception {
        assumeTrue(Peers.runs(PYTHON, "-c", "import astropy, numpy"), "astropy is not importable by " + PYTHON
                + " (install python3-astropy, or point -Dmmu.python at a Python with astropy); skipping the comparison");
        Sky l = new Sky(31).cap(2500, 0, 0, 0.05).poles(300, 0.01).raWrap(400, 0.01);
        Sky r = new Sky(32).near(l, 0.8, 1.5 / 3600).cap(500, 0, 0, 0.05).poles(100, 0.01);
        left = l.index("left");
        right = r.index("right");
        Path lcsv = Peers.writeCsv(left, dir.resolve("left.csv"));
        Path rcsv = Peers.writeCsv(right, dir.resolve("right.csv"));
        Path script = dir.resolve("xmatch.py");
        try (InputStream in = AstropyAgreementTest.class.getResourceAsStream("/astropy/xmatch.py")) {
            assertNotNull(in, "test resource astropy/xmatch.py");
            Files.copy(in, script);
        }
        Path all = dir.resolve("all.csv");
        Path best1 = dir.resolve("best1.csv");
        Process p = new ProcessBuilder(PYTHON, script.toString(), lcsv.toString(), rcsv.toString(),
                String.valueOf(RADIUS), all.toString(), best1.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "astropy finished");
        assertEquals(0, p.exitValue(), "astropy failed:\n" + log);
        astropyAll = read(all);
        astropyBest1 = read(best1);
    }

    @Test
    void allPairsAreAstropysSearchAroundSky() {
        MatchResult ours = Crossmatcher.match(left, right, MatchCriteria.builder().radiusArcsec(RADIUS).build());
        assertTrue(astropyAll.size() > 1000, "enough pairs: " + astropyAll.size());
        assertSamePairs(astropyAll, ours);
    }

    @Test
    void best1IsAstropysNearestNeighbourWithinTheRadius() {
        MatchResult ours = Crossmatcher.match(left, right,
                MatchCriteria.builder().radiusArcsec(RADIUS).mode(MatchMode.BEST1).build());
        assertSamePairs(astropyBest1, ours);
    }

    private static void assertSamePairs(Map<String, Double> expected, MatchResult ours) {
        Map<String, Double> got = new TreeMap<>();
        for (int i = 0; i < ours.size(); i++) {
            got.put(left.ids().getString(ours.leftRow(i)) + "," + right.ids().getString(ours.rightRow(i)),
                    ours.separationArcsec(i));
        }
        assertEquals(expected.keySet(), got.keySet(), "pair sets (left_id,right_id)");
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            assertEquals(e.getValue(), got.get(e.getKey()), 1e-6, "separation of " + e.getKey());
        }
    }

    private static Map<String, Double> read(Path path) throws IOException {
        Map<String, Double> out = new TreeMap<>();
        List<String> lines = Files.readAllLines(path);
        for (String line : lines) {
            int c = line.lastIndexOf(',');
            out.put(line.substring(0, c), Double.parseDouble(line.substring(c + 1)));
        }
        return out;
    }
}
