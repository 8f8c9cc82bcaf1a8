package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmu.cli.CliTest.mmu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every misuse and damaged input found by trying the tool as a new user: each gets the
 * documented exit status (2 for a bad command line, 1 for bad data), one clear line naming the
 * flag, file, line or value and the cause, no stack trace, no secret, and no flood of input.
 */
class CliMessagesTest {
    @TempDir
    Path dir;
    String left;
    String right;

    @BeforeEach
    void datasets() throws IOException {
        List<double[]> pts = CliTest.hardGeometry(3, 1).subList(0, 300);
        left = dir.resolve("left").toString();
        right = dir.resolve("right").toString();
        ok("index", CliTest.writeCsv(dir.resolve("l.csv"), pts, 1).toString(), left, "--objects-per-group", "40");
        ok("index", CliTest.writeCsv(dir.resolve("r.csv"), pts, 5000).toString(), right);
    }

    private static void ok(String... args) {
        CliTest.Run r = mmu(args);
        assertEquals(0, r.status(), r.err());
    }

    /** Runs a command that must fail; checks the status and that the error is a clean message. */
    private static String fails(int status, String... args) {
        CliTest.Run r = mmu(args);
        assertEquals(status, r.status(), "exit status; stderr: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace or exception name:\n"
                + r.err());
        assertTrue(r.err().length() < 6000, "message of " + r.err().length() + " characters");
        return r.err();
    }

    @Test
    void aNonNumericFlagValueIsAUsageError() {
        String err = fails(2, "xmatch", left, right, "--radius-arcsec", "1", "--mode", "knn",
                "--min-radius-arcsec", "abc", "--out", dir.resolve("x.csv").toString());
        assertTrue(err.contains("--min-radius-arcsec must be a number, got 'abc'"), err);
    }

    @Test
    void aNanRadiusIsAUsageErrorNamingTheFlag() {
        String err = fails(2, "xmatch", left, right, "--radius-arcsec", "NaN", "--out", dir.resolve("x.csv").toString());
        assertTrue(err.contains("--radius-arcsec must be a finite number, got 'NaN'"), err);
    }

    @Test
    void anOutOfRangeRadiusExitsTwoAndNamesTheFlagNotTheField() {
        String err = fails(2, "xmatch", left, right, "--radius-arcsec", "0", "--out", dir.resolve("x.csv").toString());
        assertTrue(err.contains("--radius-arcsec must be between 0.001 and 3600, got '0'"), err);
        assertFalse(err.contains("radiusArcsec"), err);
    }

    @Test
    void aLongGarbageLineIsNotEchoedWhole() throws IOException {
        Path garbage = dir.resolve("garbage.csv");
        Files.writeString(garbage, "x".repeat(8 << 20) + "\n");
        String err = fails(1, "index", garbage.toString(), dir.resolve("g").toString());
        assertTrue(err.contains("garbage.csv") && err.contains("characters"), err);
    }

    @Test
    void aDeletedManifestIsNamed() throws IOException {
        Files.delete(Path.of(left, "mmu_dataset.json"));
        String err = fails(1, "xmatch", left, right, "--radius-arcsec", "1", "--out", dir.resolve("x.csv").toString());
        assertTrue(err.contains("mmu_dataset.json") && err.contains("manifest was deleted"), err);
    }

    @Test
    void aHeaderOnlyCsvSaysItHasNoRows() throws IOException {
        Path csv = Files.writeString(dir.resolve("h.csv"), "object_id,ra,dec\n");
        String err = fails(1, "index", csv.toString(), dir.resolve("h").toString());
        assertTrue(err.contains("no data rows after the header"), err);
    }

    @Test
    void nonUtf8InputSaysSo() throws IOException {
        Path csv = dir.resolve("latin1.csv");
        Files.write(csv, "object_id,ra,dec,name\n1,10.0,20.0,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        String err = fails(1, "index", csv.toString(), dir.resolve("u").toString());
        assertTrue(err.contains("latin1.csv: not valid UTF-8 text"), err);
    }

    @Test
    void oneNonNumericValueInANumericColumnIsAnErrorNotAStringColumn() throws IOException {
        StringBuilder b = new StringBuilder("object_id,ra,dec,mag\n");
        for (int i = 0; i < 50; i++) {
            b.append(i).append(',').append(10 + i * 0.01).append(",20.0,").append(i == 17 ? "18.x" : "18.5").append('\n');
        }
        Path csv = Files.writeString(dir.resolve("typo.csv"), b);
        String err = fails(1, "index", csv.toString(), dir.resolve("t").toString());
        assertTrue(err.contains("column 'mag' holds numbers except '18.x' on line 19"), err);
    }

    @Test
    void anUnwritableOutputSaysWhy() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "a file, not a directory");
        String err = fails(1, "xmatch", left, right, "--radius-arcsec", "1", "--out", file.resolve("x.csv").toString());
        assertTrue(err.contains("already exists") || err.contains("Not a directory"), err);
    }

    @Test
    void aColumnNoDatasetHasIsAUsageError() {
        String err = fails(2, "load", left, right, "--radius-arcsec", "1", "--columns", "ra,typo_col",
                "--out", dir.resolve("o.parquet").toString(), "--report", dir.resolve("r.json").toString());
        assertTrue(err.contains("typo_col"), err);
    }

    @Test
    void outEqualToReportIsRefusedEvenWithOverwrite() throws IOException {
        Path x = dir.resolve("x.jsonl");
        String err = fails(2, "load", left, right, "--radius-arcsec", "1", "--out", x.toString(), "--report", x.toString(),
                "--overwrite");
        assertTrue(err.contains("--out and --report are the same file"), err);
        assertFalse(Files.exists(x));
    }

    @Test
    void anOutputInsideAnInputDatasetIsRefused() throws IOException {
        Path inside = Path.of(left, "pairs.csv");
        String err = fails(2, "xmatch", left, right, "--radius-arcsec", "1", "--out", inside.toString(), "--overwrite");
        assertTrue(err.contains("lies inside the input"), err);
        String err2 = fails(2, "index", dir.resolve("l.csv").toString(), dir.resolve("l.csv").toString());
        assertTrue(err2.contains("is the input"), err2);
    }

    @Test
    void tokensInLocationsAreNeverPrinted() {
        String err = fails(1, "inspect", "http://someone:hf_abcdefghijklmnop@127.0.0.1:9/x?token=hf_qrstuvwxyzabcdef&v=1");
        assertFalse(err.contains("abcdefghijklmnop") || err.contains("qrstuvwxyzabcdef"), err);
        String err2 = fails(1, "inspect", "https://127.0.0.1:9/x?token=supersecretvalue");
        assertFalse(err2.contains("supersecretvalue"), err2);
    }

    @Test
    void anUnknownPartitionFormatIsAUsageError() {
        String err = fails(2, "index", dir.resolve("l.csv").toString(), dir.resolve("z").toString(), "--format", "fits");
        assertTrue(err.contains("--format"), err);
    }

    @Test
    void oneBitFlippedInAFloatColumnIsFoundByValidateDeep() throws IOException {
        Path partition;
        try (Stream<Path> s = Files.walk(Path.of(left))) {
            partition = s.filter(p -> p.getFileName().toString().equals("data.parquet")).sorted().findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(partition);
        b[b.length / 3] ^= 0x01;
        Files.write(partition, b);
        CliTest.Run deep = mmu("validate", left, "--deep");
        assertEquals(1, deep.status(), deep.out());
        assertTrue(deep.out().contains("CRC-32C") && deep.out().contains(partition.getFileName().toString()), deep.out());
        assertTrue(deep.out().contains("FAILED: 1 errors"), "one flipped bit, one error (not also a decode error): "
                + deep.out());
    }

    @Test
    void aLinkLeavingTheDatasetIsRefusedUnlessFollowLinksIsGiven() throws IOException {
        Path partition;
        try (Stream<Path> s = Files.walk(Path.of(left))) {
            partition = s.filter(p -> p.getFileName().toString().equals("data.parquet")).sorted().findFirst().orElseThrow();
        }
        Path elsewhere = Files.move(partition, dir.resolve("elsewhere.parquet"));
        Files.createSymbolicLink(partition, elsewhere);
        String err = fails(1, "load", left, right, "--radius-arcsec", "1", "--out", dir.resolve("o.parquet").toString(),
                "--report", dir.resolve("r.json").toString());
        assertTrue(err.contains("outside the dataset root") && err.contains("--follow-links"), err);
        ok("load", left, right, "--radius-arcsec", "1", "--out", dir.resolve("o.parquet").toString(),
                "--report", dir.resolve("r.json").toString(), "--follow-links");
        assertEquals(0, mmu("validate", left, "--deep", "--follow-links").status());
    }

    @Test
    void corruptedDataIsAnErrorNeverAWrongResult() throws IOException {
        Path partition;
        try (Stream<Path> s = Files.walk(Path.of(left))) {
            partition = s.filter(p -> p.getFileName().toString().equals("data.parquet")).sorted().findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(partition);
        for (int i = b.length / 2; i < b.length / 2 + 100; i++) {
            b[i] ^= 0x5a; // 100 bytes changed in the middle, size unchanged
        }
        Files.write(partition, b);
        String err = fails(1, "load", left, right, "--radius-arcsec", "1", "--out", dir.resolve("o.parquet").toString(),
                "--report", dir.resolve("r.json").toString());
        assertTrue(err.contains(partition.getFileName().toString()) && err.contains("CRC-32C"), err);
        assertFalse(Files.exists(dir.resolve("o.parquet")));
        CliTest.Run v = mmu("validate", left);
        assertEquals(1, v.status(), v.out());
    }
}
