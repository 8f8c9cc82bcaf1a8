package org.mmu.internal.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.internal.mmuv1.MmuV1Fixtures;
import org.mmu.internal.storage.Fingerprint;

/**
 * A local MMU v1 survey with a fingerprint is read verified block by block: a same-size, same-mtime
 * change of a byte is an error naming the file and bytes; a changed size or modification time is
 * an error naming the file until the fingerprint is deliberately updated.
 */
class FingerprintedInputsTest {
    private static final String FILE = "healpix=1709/001-of-001.hdf5";

    private static Path copyOfSurvey(Path dir) throws IOException {
        Path from = MmuV1Fixtures.root().resolve(MmuV1Fixtures.expected("hsc_like").openDir());
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(from.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        return dir;
    }

    private static RowBatch everything(MmuDataset ds) {
        int[] all = new int[ds.index().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return ds.read(all);
    }

    /** Opens the survey and reads all its rows. */
    private static void openAndReadAll(Path survey) {
        try (MmuDataset ds = MmuDatasets.load(survey.toString())) {
            everything(ds);
        }
    }

    private static String verification(MmuDataset ds) {
        return ((PartitionedDataset) ds).verification();
    }

    /** Changes one byte in the middle of a file, keeping its size and modification time. */
    private static void corruptInPlace(Path f) throws IOException {
        FileTime t = Files.getLastModifiedTime(f);
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x10;
        Files.write(f, b);
        Files.setLastModifiedTime(f, t);
    }

    @Test
    void withoutAFingerprintReadsAreUnverifiedAndSaySo(@TempDir Path dir) throws IOException {
        Path survey = copyOfSurvey(dir);
        try (MmuDataset ds = MmuDatasets.load(survey.toString())) {
            assertEquals("unverified", verification(ds));
        }
    }

    @Test
    void aFingerprintedSurveyReadsTheSameValuesVerified(@TempDir Path dir) throws IOException {
        Path survey = copyOfSurvey(dir);
        RowBatch plain;
        try (MmuDataset ds = MmuDatasets.load(survey.toString())) {
            plain = everything(ds);
        }
        Fingerprint fp = Fingerprint.take(survey, Optional.empty(), false, 2);
        assertEquals(survey.toRealPath().resolve(Fingerprint.FILE_NAME), fp.storedAt());
        try (MmuDataset ds = MmuDatasets.load(survey.toString())) {
            assertTrue(verification(ds).startsWith("fingerprint"), verification(ds));
            RowBatch verified = everything(ds);
            assertEquals(plain.rowCount(), verified.rowCount());
            for (String c : List.of("object_id", "ra", "dec")) {
                for (int r = 0; r < plain.rowCount(); r++) {
                    assertEquals(plain.column(c).getString(r), verified.column(c).getString(r));
                }
            }
        }
    }

    @Test
    void aSameSizeSameTimeCorruptionIsCaughtNamingTheFile(@TempDir Path dir) throws IOException {
        Path survey = copyOfSurvey(dir);
        Fingerprint.take(survey, Optional.empty(), false, 2);
        corruptInPlace(survey.resolve(FILE));
        MmuFormatException x = assertThrows(MmuFormatException.class, () -> openAndReadAll(survey));
        assertTrue(x.getMessage().contains(FILE) && x.getMessage().contains("CRC-32C"), x.getMessage());
    }

    @Test
    void aChangedModificationTimeIsAnErrorUntilTheFingerprintIsUpdated(@TempDir Path dir) throws IOException {
        Path survey = copyOfSurvey(dir);
        Fingerprint.take(survey, Optional.empty(), false, 2);
        Path f = survey.resolve(FILE);
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 60_000));
        MmuFormatException x = assertThrows(MmuFormatException.class, () -> openAndReadAll(survey));
        assertTrue(x.getMessage().contains(FILE) && x.getMessage().contains("changed since its fingerprint")
                && x.getMessage().contains("mmu fingerprint --update"), x.getMessage());
        MmuInputException again = assertThrows(MmuInputException.class,
                () -> Fingerprint.take(survey, Optional.empty(), false, 2));
        assertTrue(again.getMessage().contains("--update"), again.getMessage());
        Fingerprint.take(survey, Optional.empty(), true, 2);
        try (MmuDataset ds = MmuDatasets.load(survey.toString())) {
            assertEquals(MmuV1Fixtures.expected("hsc_like").objects().size(), everything(ds).rowCount());
        }
    }

    @Test
    void loadWithFingerprintTakesOneOnFirstRead(@TempDir Path dir) throws IOException {
        Path survey = copyOfSurvey(dir);
        try (MmuDataset ds = MmuDatasets.load(survey.toString(), LoadOptions.builder().fingerprint(true).build())) {
            assertTrue(verification(ds).startsWith("fingerprint"), verification(ds));
        }
        assertTrue(Files.isRegularFile(survey.resolve(Fingerprint.FILE_NAME)));
        corruptInPlace(survey.resolve(FILE));
        assertThrows(MmuFormatException.class, () -> openAndReadAll(survey));
    }

    @Test
    void aReadOnlyInputIsFingerprintedInTheCacheDirectory(@TempDir Path dir) throws IOException {
        Path survey = copyOfSurvey(dir.resolve("survey"));
        Path cache = dir.resolve("cache");
        assertTrue(survey.toFile().setWritable(false));
        try {
            assumeFalse(Files.isWritable(survey), "running with permissions that ignore read-only directories");
            Fingerprint fp = Fingerprint.take(survey, Optional.of(cache), false, 2);
            assertTrue(fp.storedAt().startsWith(cache), fp.storedAt().toString());
            assertArrayEquals(new Object[] {fp.files().keySet()},
                    new Object[] {Fingerprint.find(survey, Optional.of(cache)).orElseThrow().files().keySet()});
        } finally {
            survey.toFile().setWritable(true);
        }
    }
}
