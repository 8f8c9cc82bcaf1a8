package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The HATS path conventions, without any files. */
class HatsPathsTest {

    @Test
    void dirGroupsPixelsByTenThousands() {
        assertEquals(0, HatsPaths.dir(0));
        assertEquals(0, HatsPaths.dir(9_999));
        assertEquals(10_000, HatsPaths.dir(10_000));
        assertEquals(10_000, HatsPaths.dir(12_287));
        assertEquals(120_000, HatsPaths.dir(123_456));
        assertEquals("dataset/Norder=5/Dir=10000/Npix=11264.parquet", HatsPaths.leafPath(5, 11_264, ".parquet"));
        assertEquals("dataset/Norder=1/Dir=0/Npix=44/", HatsPaths.leafPath(1, 44, "/"));
    }

    @Test
    void leafPathsAreParsedWhateverTheirSuffix() {
        assertEquals(new HatsPaths.Leaf(5, 11_264, ".parq"), HatsPaths.parse("Norder=5/Dir=10000/Npix=11264.parq"));
        assertEquals(new HatsPaths.Leaf(1, 44, "/part0.parquet"), HatsPaths.parse("x/dataset/Norder=1/Dir=0/Npix=44/part0.parquet"));
        assertNull(HatsPaths.parse("index/part.0.parquet"));
    }


    @Test
    void metadataPathsAreTakenRelativeToTheDatasetDirectoryWhateverTheirPrefix() {
        assertEquals("Norder=1/Dir=0/Npix=44.parquet", HatsPaths.datasetRelative("Norder=1/Dir=0/Npix=44.parquet"));
        assertEquals("Norder=1/Dir=0/Npix=44.parquet", HatsPaths.datasetRelative("dataset/Norder=1/Dir=0/Npix=44.parquet"));
        assertEquals("Norder=1/Dir=0/Npix=44/a.parquet", HatsPaths.datasetRelative("/data/cat/dataset/Norder=1/Dir=0/Npix=44/a.parquet"));
        assertEquals("index/part.0.parquet", HatsPaths.datasetRelative("index/part.0.parquet"));
    }
}
