package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;

/**
 * Agreement with STILTS {@code tmatch2} ({@code find=all, best, best1, best2}) on crowded,
 * clustered catalogues with exact duplicates (ties), where the modes differ most: the same pair
 * sets. Ids ascend with the row, so STILTS' row-order tie rule and our id-order rule coincide.
 * Both sides of STILTS' choice of scanned table are exercised (left larger, right larger), and
 * N-way {@code best1} against {@code tmatchn multimode=pairs}.
 * Skipped when {@code stilts} is not installed (or {@code -Dmmu.stilts=...} points elsewhere).
 * STILTS' blind spot (pairs straddling RA 0/360 within 0.01° of a pole) is kept out of the data.
 */
class StiltsAgreementTest {
    private static final String STILTS = System.getProperty("mmu.stilts", "stilts");
    private static final double RADIUS = 1.0;

    @TempDir
    static Path dir;
    private static ObjectIndex big;
    private static ObjectIndex small;
    private static ObjectIndex second;
    private static ObjectIndex third;
    private static Path bigCsv;
    private static Path smallCsv;
    private static Path secondCsv;
    private static Path thirdCsv;

    @BeforeAll
    static void catalogues() throws IOException {
        assumeTrue(Peers.runs(STILTS, "-version"), "stilts is not installed (apt-get install stilts, or -Dmmu.stilts=PATH); skipping");
        Sky a = new Sky(71);
        for (int c = 0; c < 60; c++) {
            a.cluster(25, 4.0 / 3600);   // 25 objects within 4": many candidates per object
        }
        a.uniform(300).duplicates(80);
        Sky b = new Sky(72).near(a, 0.8, 0.6 / 3600).duplicates(40);
        for (int c = 0; c < 10; c++) {
            b.cluster(20, 3.0 / 3600);
        }
        // N-way: no exact duplicates among the partners (tmatchn breaks exact ties differently, see docs)
        Sky b2 = new Sky(74).near(a, 0.8, 0.6 / 3600);
        Sky c = new Sky(73).near(a, 0.7, 0.8 / 3600).uniform(200);
        big = ascending(a, "a");
        small = ascending(b, "b");
        second = ascending(b2, "b");
        third = ascending(c, "c");
        secondCsv = Peers.writeCsv(second, dir.resolve("b2.csv"));
        thirdCsv = Peers.writeCsv(third, dir.resolve("c.csv"));
        assertTrue(big.size() > small.size(), big.size() + " vs " + small.size());
        bigCsv = Peers.writeCsv(big, dir.resolve("a.csv"));
        smallCsv = Peers.writeCsv(small, dir.resolve("b.csv"));
    }

    @Test
    void everyModeEqualsTmatch2WhenTheLeftIsLarger() throws Exception {
        for (MatchMode mode : List.of(MatchMode.ALL, MatchMode.BEST, MatchMode.BEST1, MatchMode.BEST2)) {
            assertSamePairs(mode, big, small, bigCsv, smallCsv);
        }
    }

    @Test
    void bestAndBest1EqualTmatch2WhenTheRightIsLarger() throws Exception {
        for (MatchMode mode : List.of(MatchMode.BEST, MatchMode.BEST1)) {
            assertSamePairs(mode, small, big, smallCsv, bigCsv);
        }
    }

    @Test
    void nWayBest1EqualsTmatchnPairsKeepingEveryReferenceRow() throws Exception {
        Path out = dir.resolve("stilts-tmatchn.csv");
        run(STILTS, "tmatchn", "nin=3", "in1=" + bigCsv, "ifmt1=csv", "in2=" + secondCsv, "ifmt2=csv", "in3=" + thirdCsv,
                "ifmt3=csv", "matcher=sky", "params=" + RADIUS, "values1=ra dec", "values2=ra dec", "values3=ra dec",
                "multimode=pairs", "iref=1", "join1=always", "progress=none",
                "ocmd=keepcols \"object_id_1 object_id_2 object_id_3\"", "out=" + out, "ofmt=csv-noheader");
        TreeSet<String> stilts = new TreeSet<>(Files.readAllLines(out));
        CrossMatch spec = CrossMatch.of("a", "b", "c").radiusArcsec(RADIUS).mode(MatchMode.BEST1)
                .join(JoinType.ALL_ONE).build();
        NWayMatchResult r = NWayMatcher.match(List.of(big, second, third), spec, java.util.Map.of());
        TreeSet<String> ours = new TreeSet<>();
        for (int i = 0; i < r.size(); i++) {
            StringBuilder line = new StringBuilder();
            for (int s = 0; s < 3; s++) {
                int row = r.row(s, i);
                line.append(s == 0 ? "" : ",").append(row < 0 ? "" : String.valueOf(r.indices().get(s).ids().getLong(row)));
            }
            ours.add(line.toString());
        }
        assertEquals(big.size(), stilts.size(), "one row per reference row");
        TreeSet<String> missing = new TreeSet<>(stilts);
        missing.removeAll(ours);
        TreeSet<String> extra = new TreeSet<>(ours);
        extra.removeAll(stilts);
        assertTrue(missing.isEmpty() && extra.isEmpty(), "tuples (a, b, c): missing " + first(missing) + ", extra "
                + first(extra));
    }

    private static void assertSamePairs(MatchMode mode, ObjectIndex left, ObjectIndex right, Path leftCsv,
            Path rightCsv) throws Exception {
        TreeSet<String> stilts = tmatch2(mode, leftCsv, rightCsv);
        MatchResult r = Crossmatcher.match(left, right, MatchCriteria.builder().radiusArcsec(RADIUS).mode(mode).build());
        TreeSet<String> ours = new TreeSet<>();
        for (int i = 0; i < r.size(); i++) {
            ours.add(left.ids().getLong(r.leftRow(i)) + "," + right.ids().getLong(r.rightRow(i)));
        }
        assertTrue(stilts.size() > 500, mode + ": enough pairs to mean something, " + stilts.size());
        TreeSet<String> missing = new TreeSet<>(stilts);
        missing.removeAll(ours);
        TreeSet<String> extra = new TreeSet<>(ours);
        extra.removeAll(stilts);
        assertEquals(stilts.size(), ours.size(), mode + ": pair count (missing " + first(missing) + ", extra "
                + first(extra) + ")");
        assertEquals(stilts, ours, mode + ": pair sets");
    }

    private static TreeSet<String> tmatch2(MatchMode mode, Path left, Path right) throws Exception {
        Path out = dir.resolve("stilts-" + mode.label() + "-" + left.getFileName() + ".csv");
        run(STILTS, "tmatch2", "in1=" + left, "ifmt1=csv", "in2=" + right, "ifmt2=csv", "matcher=sky",
                "values1=ra dec", "values2=ra dec", "params=" + RADIUS, "find=" + mode.label(), "join=1and2",
                "progress=none", "ocmd=keepcols \"object_id_1 object_id_2\"", "out=" + out, "ofmt=csv-noheader");
        return new TreeSet<>(Files.readAllLines(out));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "stilts finished");
        assertEquals(0, p.exitValue(), "stilts failed:\n" + log);
    }

    private static String first(TreeSet<String> s) {
        return s.isEmpty() ? "none" : s.size() + ", e.g. " + new ArrayList<>(s).subList(0, Math.min(3, s.size()));
    }

    private static ObjectIndex ascending(Sky sky, String name) {
        long[] ids = new long[sky.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1000 + i;
        }
        return sky.index(name, ObjectIds.ofLongs(ids));
    }
}
