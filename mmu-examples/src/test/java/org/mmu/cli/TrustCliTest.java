package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmu.cli.CliTest.mmu;
import static org.mmu.cli.CliTest.mmuOk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI says and does about trusting inputs read in place: inspect and the load report
 * say what reads are verified by, {@code mmu fingerprint} makes an MMU v1 survey verified, and an
 * object outside its file's HEALPix cell fails validate unless {@code --lenient-positions}.
 */
class TrustCliTest {
    @TempDir
    Path dir;

    private Path copyOfSurvey(String name, String renameFrom, String renameTo) throws IOException {
        // the fixture written by scripts/fixtures/make_mmu_v1.py, from the source tree (the test jar is a zip here)
        Path from = Path.of(System.getProperty("mmu.repo.dir", ".."),
                "mmu-io/src/test/resources/fixtures/mmu_v1/hsc_like/pdr3_dud_22.5");
        Path root = dir.resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = from.relativize(f).toString();
                Path to = root.resolve(renameFrom == null ? rel : rel.replace(renameFrom, renameTo));
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        return root;
    }

    @Test
    void fingerprintMakesAnMmuV1SurveyVerifiedAndTheReportSaysSo() throws IOException {
        Path survey = copyOfSurvey("hsc", null, null);
        assertTrue(mmu("--help").out().contains("  fingerprint "));
        CliTest.Run before = mmuOk("inspect", survey.toString());
        assertTrue(before.out().contains("reads:      unverified (no checksums") && before.out().contains("mmu fingerprint"),
                before.out());

        CliTest.Run fp = mmuOk("fingerprint", survey.toString());
        assertTrue(fp.out().contains("fingerprinted ") && fp.out().contains(".mmu_fingerprint.json"), fp.out());
        assertTrue(mmuOk("inspect", survey.toString()).out().contains("reads:      fingerprint (CRC-32C per block"));
        CliTest.Run again = mmu("fingerprint", survey.toString());
        assertTrue(again.status() == 1 && again.err().contains("already fingerprinted") && again.err().contains("--update"),
                again.err());
        mmuOk("fingerprint", "--update", survey.toString());
        assertTrue(mmuOk("validate", "--deep", survey.toString()).out().contains(
                "check: deep: every byte of every file matches its fingerprint"));

        mmuOk("index", survey.toString(), dir.resolve("copy").toString());
        Path report = dir.resolve("report.json");
        mmuOk("load", survey.toString(), dir.resolve("copy").toString(), "--radius-arcsec", "1", "--out",
                dir.resolve("out.parquet").toString(), "--report", report.toString());
        JsonNode per = new ObjectMapper().readTree(report.toFile()).get("per_survey");
        assertEquals(2, per.size());
        var it = per.elements();
        JsonNode first = it.next();
        JsonNode second = it.next();
        assertTrue(first.get("verified_by").asText().startsWith("fingerprint"), first.toString());
        assertTrue(second.get("verified_by").asText().startsWith("block checksums"), second.toString());
        assertEquals(0, first.get("positions_tolerated").asLong());
    }

    @Test
    void fingerprintRefusesDatasetsThatCarryTheirOwnChecksums() throws IOException {
        Path survey = copyOfSurvey("hsc", null, null);
        mmuOk("index", survey.toString(), dir.resolve("ixf").toString());
        CliTest.Run r = mmu("fingerprint", dir.resolve("ixf").toString());
        assertTrue(r.status() == 1 && r.err().contains("records its own block checksums"), r.err());
    }

    @Test
    void anObjectOutsideItsCellFailsValidateUnlessLenient() throws IOException {
        Path survey = copyOfSurvey("moved", "healpix=1709", "healpix=1710");
        CliTest.Run strict = mmu("validate", survey.toString());
        assertEquals(1, strict.status(), strict.out() + strict.err());
        assertTrue(strict.out().contains("healpix=1710/001-of-001.hdf5") && strict.out().contains("not in the cell 1710"),
                strict.out());
        CliTest.Run lenient = mmuOk("validate", "--lenient-positions", survey.toString());
        assertTrue(lenient.out().contains("tolerated") && lenient.out().contains("OK ("), lenient.out());
        CliTest.Run xmatch = mmu("xmatch", survey.toString(), survey.toString(), "--radius-arcsec", "1", "--out",
                dir.resolve("pairs.csv").toString());
        assertEquals(1, xmatch.status(), xmatch.err());
        assertTrue(xmatch.err().contains("not in the cell 1710"), xmatch.err());
    }
}
