package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.matching.BruteForceMatcher;
import org.mmu.matching.MatchCriteria;
import org.mmu.matching.MatchResult;

/** The mmu command as a user runs it: commands, flags, outputs, exit codes and messages. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run mmu(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Mmu.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Points where matchers go wrong: both poles across RA 0/360, the RA wrap, HEALPix base-cell edges and corners, a dense cluster, repeated positions. */
    static List<double[]> hardGeometry(long seed, int scatterArcsec) {
        Random r = new Random(seed);
        List<double[]> p = new ArrayList<>();
        double s = scatterArcsec / 3600.0;
        for (int i = 0; i < 150; i++) {
            p.add(new double[] {r.nextDouble() * 360, 90 - r.nextDouble() * 0.01});       // north pole cap
            p.add(new double[] {r.nextDouble() * 360, -90 + r.nextDouble() * 0.01});      // south pole cap
            p.add(new double[] {(360 + (r.nextDouble() - 0.5) * 4 * s) % 360, (r.nextDouble() - 0.5) * 40});  // RA 0/360
            double edge = 41.81031489577861;                                             // polar/equatorial transition
            p.add(new double[] {(360 + r.nextInt(8) * 45 + (r.nextDouble() - 0.5) * 2 * s) % 360,
                    (r.nextBoolean() ? 1 : -1) * edge + (r.nextDouble() - 0.5) * 2 * s});  // base-cell corners
            p.add(new double[] {r.nextInt(4) * 90 + 45 + (r.nextDouble() - 0.5) * 2 * s, (r.nextDouble() - 0.5) * 2 * s});
            p.add(new double[] {120 + (r.nextDouble() - 0.5) * 3 * s, 30 + (r.nextDouble() - 0.5) * 3 * s}); // cluster
        }
        for (int i = 0; i < 20; i++) {
            p.add(new double[] {200.123456, -10.654321});                                  // the same position 20 times
        }
        return p;
    }

    static Path writeCsv(Path file, List<double[]> points, long firstId) throws IOException {
        StringBuilder b = new StringBuilder("object_id,ra,dec,mag\n");
        for (int i = 0; i < points.size(); i++) {
            b.append(String.format(Locale.ROOT, "%d,%.12f,%.12f,%.2f%n", firstId + i, points.get(i)[0], points.get(i)[1], 18.0 + i % 7));
        }
        Files.writeString(file, b);
        return file;
    }

    @Test
    void helpListsEveryCommand() {
        Run r = mmu("--help");
        assertEquals(0, r.status());
        for (String c : List.of("index", "xmatch", "load", "inspect", "validate", "estimate-memory", "demo")) {
            assertTrue(r.out().contains("  " + c + " "), "help lists " + c + ":\n" + r.out());
        }
        assertTrue(mmu("load", "--help").out().contains("--report"));
    }

    @Test
    void xmatchAllEqualsBruteForceOnHardGeometry() throws IOException {
        List<double[]> left = hardGeometry(1, 3);
        List<double[]> right = hardGeometry(2, 3);
        mmuOk("index", writeCsv(dir.resolve("l.csv"), left, 1).toString(), dir.resolve("left").toString(),
                "--objects-per-group", "50");
        mmuOk("index", writeCsv(dir.resolve("r.csv"), right, 100_000).toString(), dir.resolve("right").toString(),
                "--order", "3");
        Path pairs = dir.resolve("pairs.csv");
        mmuOk("xmatch", dir.resolve("left").toString(), dir.resolve("right").toString(), "--radius-arcsec", "2.5",
                "--mode", "all", "--out", pairs.toString());
        List<String> lines = Files.readAllLines(pairs);
        assertEquals("left_object_id,right_object_id,separation_arcsec", lines.get(0));
        Set<String> cli = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(f[2].matches("\\d+\\.\\d{9}"), "separation with 9 decimals: " + f[2]);
            cli.add(f[0] + "," + f[1]);
        }
        try (MmuDataset l = MmuDatasets.load(dir.resolve("left")); MmuDataset r = MmuDatasets.load(dir.resolve("right"))) {
            MatchResult truth = BruteForceMatcher.INSTANCE.match(l.index(), r.index(),
                    MatchCriteria.builder().radiusArcsec(2.5).build());
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < truth.size(); i++) {
                expected.add(l.index().ids().getString(truth.leftRow(i)) + "," + r.index().ids().getString(truth.rightRow(i)));
            }
            assertTrue(expected.size() > 500, "hard geometry gives many pairs: " + expected.size());
            assertEquals(expected, cli);
        }
    }

    @Test
    void xmatchOfThreeDatasetsMatchesEachAgainstTheReference() throws IOException {
        List<double[]> pts = hardGeometry(7, 1);
        mmuOk("index", writeCsv(dir.resolve("a.csv"), pts, 1).toString(), dir.resolve("a").toString());
        mmuOk("index", writeCsv(dir.resolve("b.csv"), pts.subList(0, 600), 10_000).toString(), dir.resolve("b").toString());
        mmuOk("index", writeCsv(dir.resolve("c.csv"), pts.subList(300, 900), 20_000).toString(), dir.resolve("c").toString());
        Path out = dir.resolve("n.csv");
        mmuOk("xmatch", dir.resolve("a").toString(), dir.resolve("b").toString(), dir.resolve("c").toString(),
                "--radius-arcsec", "0.001", "--reference", "b", "--mode", "best1", "--out", out.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals("a_object_id,b_object_id,c_object_id,a_separation_arcsec,c_separation_arcsec", lines.get(0));
        int rows = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            long b = Long.parseLong(f[1]);
            long a = Long.parseLong(f[0]);
            assertEquals(b - 10_000 + 1, a, "identical positions: the a object of b's point " + b);
            if (!f[2].isEmpty()) {
                assertEquals(b - 10_000 + 20_000 - 300, Long.parseLong(f[2]), "c holds points 300.. of the list");
            }
            rows++;
        }
        assertTrue(rows >= 300, "b points 300..599 are in all three: " + rows);
        Run badRef = mmu("xmatch", dir.resolve("a").toString(), dir.resolve("b").toString(), "--radius-arcsec", "1",
                "--reference", "zzz", "--out", dir.resolve("x.csv").toString());
        assertTrue(badRef.status() == 2 && badRef.err().contains("--reference zzz is not one of the surveys [a, b]"),
                badRef.err());
    }

    @Test
    void loadWritesSideBySideRowsAndAReport() throws IOException {
        List<double[]> pts = hardGeometry(3, 1);
        mmuOk("index", writeCsv(dir.resolve("a.csv"), pts, 1).toString(), dir.resolve("a").toString());
        mmuOk("index", writeCsv(dir.resolve("b.csv"), pts.subList(0, 300), 5000).toString(), dir.resolve("b").toString());
        Path out = dir.resolve("m.jsonl");
        Path report = dir.resolve("report.json");
        mmuOk("load", dir.resolve("a").toString(), dir.resolve("b").toString(), "--radius-arcsec", "0.001",
                "--mode", "best1", "--columns", "object_id,mag", "--out", out.toString(), "--report", report.toString());
        List<String> rows = Files.readAllLines(out);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(rows.get(0));
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("a_object_id", "a_mag", "b_object_id", "b_mag", "separation_arcsec"), keys);
        for (String row : rows) {
            JsonNode n = json.readTree(row);
            assertEquals(n.get("a_mag").asDouble(), n.get("b_mag").asDouble(), "identical positions pair the same rows");
        }
        JsonNode r = json.readTree(report.toFile());
        for (String k : List.of("index_bytes_read", "bytes_read", "read_requests", "partitions_total", "partitions_read",
                "rows_read", "pairs", "seconds")) {
            assertTrue(r.has(k), "report has " + k);
        }
        assertEquals(rows.size(), r.get("pairs").asInt());
        assertTrue(r.get("partitions_read").asLong() <= r.get("partitions_total").asLong());

        Path parquet = dir.resolve("m.parquet");
        mmuOk("load", dir.resolve("a").toString(), dir.resolve("b").toString(), "--radius-arcsec", "0.001",
                "--mode", "best1", "--out", parquet.toString(), "--report", dir.resolve("r2.json").toString());
        try (MmuDataset table = MmuDatasets.load(parquet)) {
            assertEquals(rows.size(), table.size());
        } catch (org.mmu.core.MmuInputException e) {
            // a table of pairs has no object_id/ra/dec columns of its own: read it as Parquet instead
            assertTrue(Files.size(parquet) > 0);
        }
    }

    @Test
    void loadPlanOnlyPrintsThePlanAndItsPartitionsReadAreWhatTheLoadThenReads() throws IOException {
        List<double[]> pts = hardGeometry(4, 1);
        mmuOk("index", writeCsv(dir.resolve("p.csv"), pts, 1).toString(), dir.resolve("p").toString(),
                "--objects-per-group", "40");
        mmuOk("index", writeCsv(dir.resolve("q.csv"), pts.subList(0, 120), 7000).toString(), dir.resolve("q").toString());
        List<String> match = List.of("load", dir.resolve("q").toString(), dir.resolve("p").toString(), "--radius-arcsec",
                "0.01", "--mode", "best1", "--prefetch-mib", "1");
        List<String> planArgs = new ArrayList<>(match);
        planArgs.add("--plan-only");
        Run plan = mmuOk(planArgs.toArray(String[]::new));
        ObjectMapper json = new ObjectMapper();
        JsonNode p = json.readTree(plan.out());
        for (String k : List.of("partitions_read", "partitions_total", "rows", "bytes", "requests")) {
            assertTrue(p.get("total").has(k) && p.get("per_survey").get("p").has(k), "plan has " + k + ": " + plan.out());
        }
        assertEquals(120, p.get("per_survey").get("p").get("rows").asInt());
        assertTrue(Files.list(dir).noneMatch(f -> f.getFileName().toString().startsWith("plan")), "no output written");

        List<String> loadArgs = new ArrayList<>(match);
        loadArgs.addAll(List.of("--out", dir.resolve("plan-check.parquet").toString(), "--report",
                dir.resolve("plan-check.json").toString()));
        mmuOk(loadArgs.toArray(String[]::new));
        JsonNode r = json.readTree(dir.resolve("plan-check.json").toFile());
        assertEquals(p.get("total").get("partitions_read").asLong(), r.get("partitions_read").asLong());
        for (String s : List.of("p", "q")) {
            assertEquals(p.get("per_survey").get(s).get("partitions_read").asLong(),
                    r.get("per_survey").get(s).get("partitions_read").asLong(), s);
            assertEquals(p.get("per_survey").get(s).get("rows").asLong(), r.get("per_survey").get(s).get("rows_read").asLong(), s);
        }
        assertTrue(mmu(planArgs.toArray(new String[0])).status() == 0);
        List<String> both = new ArrayList<>(planArgs);
        both.addAll(List.of("--out", dir.resolve("x.parquet").toString()));
        assertEquals(2, mmu(both.toArray(String[]::new)).status(), "--plan-only with --out is a usage error");
    }

    @Test
    void loadWorksAgainstAPlainStaticHttpServerAndReadsAboutTheMatchedRows() throws IOException {
        List<double[]> pts = hardGeometry(6, 1);
        mmuOk("index", writeCsv(dir.resolve("a.csv"), pts, 1).toString(), dir.resolve("www/a").toString());
        mmuOk("index", writeCsv(dir.resolve("b.csv"), pts.subList(0, 40), 9000).toString(), dir.resolve("www/b").toString());
        try (org.mmu.internal.storage.RangeHttpServer http = org.mmu.internal.storage.RangeHttpServer.serve(dir.resolve("www"))) {
            Path report = dir.resolve("http.json");
            mmuOk("load", http.url("a"), http.url("b"), "--radius-arcsec", "0.01", "--mode", "best1",
                    "--out", dir.resolve("http.parquet").toString(), "--report", report.toString());
            JsonNode r = new ObjectMapper().readTree(report.toFile());
            assertEquals(40, r.get("pairs").asInt());
            assertEquals("http", r.get("per_survey").get("a").get("storage").asText());
            assertTrue(r.get("partitions_read").asLong() < r.get("partitions_total").asLong());
            assertEquals(http.bytesSent(), r.get("bytes_read").asLong(), "the report counts what the server sent");
        }
    }

    @Test
    void badInputGetsAClearErrorAndTheRightExitStatus() throws IOException {
        Path csv = writeCsv(dir.resolve("a.csv"), hardGeometry(4, 1), 1);
        mmuOk("index", csv.toString(), dir.resolve("a").toString());

        Run noRadius = mmu("xmatch", dir.resolve("a").toString(), dir.resolve("a").toString(), "--out", "x.csv");
        assertEquals(2, noRadius.status());
        assertTrue(noRadius.err().contains("--radius-arcsec is required"), noRadius.err());

        Run negative = mmu("xmatch", dir.resolve("a").toString(), dir.resolve("a").toString(), "--radius-arcsec", "-1",
                "--out", dir.resolve("x.csv").toString());
        assertTrue(negative.status() != 0 && negative.err().contains("-1"), negative.err());

        Run exists = mmu("index", csv.toString(), dir.resolve("a").toString());
        assertEquals(1, exists.status());
        assertTrue(exists.err().contains("already exists"), exists.err());

        Run typo = mmu("xmatch", dir.resolve("a").toString(), dir.resolve("a").toString(), "--radius", "1");
        assertEquals(2, typo.status());
        assertTrue(typo.err().contains("unknown option --radius (did you mean --radius-arcsec?)"), typo.err());

        Files.writeString(dir.resolve("nan.csv"), "object_id,ra,dec\n1,10,5\n2,nan,5\n");
        Run nan = mmu("index", dir.resolve("nan.csv").toString(), dir.resolve("nan").toString());
        assertEquals(1, nan.status());
        assertTrue(nan.err().contains("nan.csv line 3") && nan.err().contains("object 2") && nan.err().contains("NaN"),
                nan.err());
        assertFalse(Files.exists(dir.resolve("nan")), "nothing half-written");

        Files.writeString(dir.resolve("noid.csv"), "id,ra,dec\n1,10,5\n");
        Run missing = mmu("index", dir.resolve("noid.csv").toString(), dir.resolve("noid").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("required column 'object_id' is missing"), missing.err());

        Run noManifest = mmu("inspect", dir.toString());
        assertEquals(1, noManifest.status());
        assertTrue(noManifest.err().contains("no dataset here, but it holds the datasets [a]"), noManifest.err());
        Run empty = mmu("inspect", Files.createDirectory(dir.resolve("empty")).toString());
        assertTrue(empty.status() == 1 && empty.err().contains("no dataset found"), empty.err());
    }

    @Test
    void indexConvertsAHatsCollectionInPlaceOfTreatingItAsParquetFiles() {
        String shared = System.getProperty("mmu.shared.dir");
        org.junit.jupiter.api.Assumptions.assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "fixtures", "hats")),
                "HATS fixtures not found: skipping");
        Path hats = Path.of(shared, "fixtures", "hats", "small_sky_order1_source_collection");
        mmuOk("index", hats.toString(), dir.resolve("src").toString(), "--id-column", "source_id");
        assertTrue(mmuOk("inspect", dir.resolve("src").toString()).out().contains("objects:    17,161"));
        assertTrue(mmuOk("validate", dir.resolve("src").toString()).out().contains("OK"));
        Run wrongId = mmu("index", dir.resolve("src").toString(), dir.resolve("again").toString(), "--id-column", "x");
        assertTrue(wrongId.status() == 1 && wrongId.err().contains("id column is 'source_id'"), wrongId.err());
    }

    @Test
    void inspectValidateAndEstimateMemoryDescribeADataset() throws IOException {
        mmuOk("index", writeCsv(dir.resolve("a.csv"), hardGeometry(5, 1), 1).toString(), dir.resolve("a").toString(),
                "--format", "hdf5");
        Run inspect = mmuOk("inspect", dir.resolve("a").toString());
        assertTrue(inspect.out().contains("layout:     index-first") && inspect.out().contains("data_format          hdf5"),
                inspect.out());
        assertTrue(mmuOk("validate", dir.resolve("a").toString()).out().contains("OK"));
        Run mem = mmuOk("estimate-memory", "1e7", "1e7");
        assertTrue(mem.out().contains("indices in memory") && mem.out().contains("-Xmx"), mem.out());
    }

    @Test
    void theDemoRunsThePipelineAndReadsFewerPartitionsThanExist() {
        Run r = mmuOk("demo", "--objects", "20000");
        assertTrue(r.out().contains("the load report (JSON, keys in docs/cli.md): "), r.out());
        var m = java.util.regex.Pattern.compile("partitions read (\\d+) of (\\d+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Long.parseLong(m.group(1)) < Long.parseLong(m.group(2)), m.group());
        assertTrue(r.out().contains("purity 100.00%"), r.out());
    }

    static Run mmuOk(String... args) {
        Run r = mmu(args);
        assertEquals(0, r.status(), String.join(" ", args) + " failed:\n" + r.err());
        return r;
    }

}
