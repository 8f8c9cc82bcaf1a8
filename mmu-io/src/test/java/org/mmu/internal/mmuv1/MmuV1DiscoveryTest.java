package org.mmu.internal.mmuv1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuFormatException;
import org.mmu.internal.storage.Storages;

/** Which paths are MMU v1 data files, and what their paths say. */
class MmuV1DiscoveryTest {

    private static MmuV1File parse(String path) {
        return MmuV1File.parse(path, "/root");
    }

    @Test
    void aPixelFileDirectlyBelowTheRoot() {
        MmuV1File f = parse("healpix=1104/001-of-001.hdf5");
        assertEquals(1104, f.healpix());
        assertEquals("", f.subset());
        assertEquals(1, f.shard());
        assertEquals(1, f.shards());
        assertFalse(f.zeroPadded());
    }

    @Test
    void zeroPaddedPixelsH5FilesAndSeveralFilesPerPixel() {
        MmuV1File f = parse("dr16/healpix=0123/002-of-002.h5");
        assertEquals(123, f.healpix());
        assertEquals("dr16", f.subset());
        assertTrue(f.zeroPadded());
        assertEquals(2, f.shard());
        assertEquals(2, f.shards());
        assertEquals(0, parse("healpix=0000/001-of-001.hdf5").healpix());
    }

    @Test
    void extraDirectoryLevelsAndOneFilePerObject() {
        MmuV1File f = parse("spoc/s0001/healpix=2112/tic_25155310.hdf5");
        assertEquals("spoc/s0001", f.subset());
        assertEquals(2112, f.healpix());
        assertEquals(-1, f.shard());
    }

    @Test
    void otherFilesAreNotDataFiles() {
        assertNull(parse("README.md"));
        assertNull(parse("hsc.py"));
        assertNull(parse("healpix=12/notes.txt"));
        assertNull(parse("loose.hdf5"), "no pixel directory");
        assertNull(parse("healpix=12"), "a file named like a directory");
        assertNull(parse(".cache/huggingface/healpix=12/001-of-001.hdf5"), "hidden download cache");
        assertNull(parse("healpix=12/object_group_id=0/part-0.hdf5"), "our index-first layout");
    }

    @Test
    void aPixelThatDoesNotExistAtNside16IsAnError() {
        MmuFormatException x = assertThrows(MmuFormatException.class, () -> parse("sub/healpix=3072/001-of-001.hdf5"));
        assertTrue(x.getMessage().contains("healpix=3072") && x.getMessage().contains("0 to 3071"), x.getMessage());
        assertEquals(3071, parse("healpix=3071/001-of-001.hdf5").healpix());
        assertThrows(MmuFormatException.class, () -> parse("healpix=99999999999999/001-of-001.hdf5"));
    }

    @Test
    void missingShardsAreListed() {
        List<MmuV1File> files = List.of(parse("healpix=5/001-of-003.hdf5"), parse("healpix=5/003-of-003.hdf5"),
                parse("healpix=6/001-of-001.hdf5"));
        assertEquals(List.of("healpix=5/002-of-003.hdf5"), MmuV1Discovery.missingShards(files));
    }

    @Test
    void discoveryOrdersFilesByPixelThenPath() {
        List<MmuV1File> files = MmuV1Discovery.discover(MmuV1Fixtures.storage("sdss_like/dr16"));
        assertEquals(9, files.size());
        for (int i = 1; i < files.size(); i++) {
            MmuV1File a = files.get(i - 1);
            MmuV1File b = files.get(i);
            assertTrue(a.healpix() < b.healpix() || a.healpix() == b.healpix() && a.path().compareTo(b.path()) < 0);
        }
        assertEquals("healpix=0589/001-of-002.h5", files.get(0).path());
    }

    @Test
    void detectionRecognisesSurveySubsetAndDeeperRoots() {
        assertTrue(MmuV1Datasets.isMmuV1(MmuV1Fixtures.storage("hsc_like")));
        assertTrue(MmuV1Datasets.isMmuV1(MmuV1Fixtures.storage("hsc_like/pdr3_dud_22.5")));
        assertTrue(MmuV1Datasets.isMmuV1(MmuV1Fixtures.storage("tess_like")));
        assertTrue(MmuV1Datasets.isMmuV1(MmuV1Fixtures.storage("mmu_v1_broken/bad_pixel")),
                "recognised, so that opening reports the bad pixel");
    }

    @Test
    void detectionRejectsOtherLayouts(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("healpix=12/001-of-001.hdf5");
        Files.createDirectories(data.getParent());
        Files.write(data, new byte[] {1});
        assertTrue(MmuV1Datasets.isMmuV1(Storages.local(dir)));
        Files.writeString(dir.resolve("mmu_dataset.json"), "{}");
        assertFalse(MmuV1Datasets.isMmuV1(Storages.local(dir)), "an index-first dataset with HDF5 partitions");
        Path plain = dir.resolve("plain");
        Files.createDirectories(plain.resolve("Norder=4/Dir=0"));
        Files.write(plain.resolve("Norder=4/Dir=0/Npix=12.parquet"), new byte[] {1});
        assertFalse(MmuV1Datasets.isMmuV1(Storages.local(plain)));
    }

    @Test
    void aRootWithoutDataFilesCannotBeOpened(@TempDir Path dir) {
        MmuFormatException x = assertThrows(MmuFormatException.class,
                () -> MmuV1Datasets.open(Storages.local(dir), org.mmu.core.ProgressListener.NONE, 2));
        assertTrue(x.getMessage().contains("no MMU v1 data files"), x.getMessage());
    }
}
