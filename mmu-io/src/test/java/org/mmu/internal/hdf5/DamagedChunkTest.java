package org.mmu.internal.hdf5;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuFormatException;
import org.mmu.internal.mmuv1.MmuV1Fixtures;
import org.mmu.internal.testing.DatasetContents;

/**
 * A gzip chunk whose bytes were damaged is reported as damaged data naming the file, not as a
 * filter jhdf lacks (deflate is one it has): the advice must be to fetch the file again, not to
 * rewrite it with another filter.
 */
class DamagedChunkTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedGzipChunkIsReportedAsDamagedData() throws IOException {
        Path survey = DatasetContents.copy(MmuV1Fixtures.root().resolve("hsc_like/pdr3_dud_22.5"), dir.resolve("hsc"));
        Path file;
        try (Stream<Path> files = Files.walk(survey)) {
            file = files.filter(p -> p.toString().endsWith(".hdf5")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        int damaged = 0;
        // zlib streams of h5py's gzip level 4 start 0x78 0x5E; garble the deflate data of each
        for (int i = 0; i + 40 < bytes.length; i++) {
            if ((bytes[i] & 0xff) == 0x78 && (bytes[i + 1] & 0xff) == 0x5E) {
                for (int k = i + 4; k < i + 24; k++) {
                    bytes[k] ^= (byte) 0xA5;
                }
                damaged++;
                i += 24;
            }
        }
        assertTrue(damaged > 0, "the fixture has gzip chunks to damage");
        Files.write(file, bytes);

        MmuFormatException e = assertThrows(MmuFormatException.class, () -> {
            try (MmuDataset ds = MmuDatasets.load(survey.toString())) {
                ds.read(IntStream.range(0, (int) ds.size()).toArray());
            }
        });
        String m = e.getMessage();
        assertTrue(m.contains(file.getFileName().toString()), m);
        assertTrue(m.contains("is damaged") && m.contains("copy or download it again"), m);
        assertFalse(m.contains("does not implement"), m);
    }
}
