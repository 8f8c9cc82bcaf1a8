package org.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.core.NdArray;
import org.mmu.core.RowBatch;
import org.mmu.internal.mmuv1.MmuV1Fixtures;
import org.mmu.matching.BruteForceMatcher;
import org.mmu.matching.CrossMatch;

/**
 * An MMU v1 survey written by h5py crossmatched with a HATS catalog written by hats-import,
 * neither converted: every matched object's values are the ones in its own files.
 */
class CrossLayoutLoadTest {

    private static Path smallSky() {
        String shared = System.getProperty("mmu.shared.dir");
        assumeTrue(shared != null, "mmu.shared.dir is not set (surefire sets it to <repo>/../shared)");
        Path p = Path.of(shared, "fixtures", "hats", "small_sky_order1_collection");
        assumeTrue(Files.isDirectory(p), "HATS fixtures not found at " + p + ": skipping");
        return p;
    }

    @Test
    void mmuV1SpectraMatchedWithAHatsCatalogCarryTheirOwnValues() {
        Path hats = smallSky();
        Path mmu = MmuV1Fixtures.root().resolve("overlap_like/dr16_south");
        CrossMatch spec = CrossMatch.of("spectra", "small_sky").radiusArcsec(1).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(List.of(mmu.toString(), hats.toString()), spec,
                LoadOptions.defaults())) {
            assertEquals(DatasetLayout.MMU_V1_HDF5, m.dataset("spectra").layout());
            assertEquals(DatasetLayout.HATS, m.dataset("small_sky").layout());
            var expected = BruteForceMatcher.INSTANCE.match(m.index("spectra"), m.index("small_sky"), spec.criteria());
            assertEquals(expected.size(), m.size());
            assertTrue(m.size() > 10, "small_sky objects inside the grid box pair with the grid spectra: " + m.size());

            RowBatch hatsAll;
            try (MmuDataset whole = MmuDatasets.load(hats.toString())) {
                int[] all = java.util.stream.IntStream.range(0, whole.index().size()).toArray();
                hatsAll = whole.read(all);
            }
            for (MatchedExample e : m) {
                // MMU v1 side: object s has id '900000 + s' (b'...' stripped), spectrum[i] = 100 s + i, z = s / 1000
                var spectrum = e.get("spectra");
                int s = Integer.parseInt(spectrum.getString("object_id")) - 900000;
                NdArray flux = spectrum.getArray("spectrum");
                assertEquals(16, flux.size());
                for (int i = 0; i < 16; i++) {
                    assertEquals(100.0 * s + i, flux.getDouble(i));
                }
                assertEquals(s / 1000.0, spectrum.getDouble("z"));
                // HATS side: the same values as a whole-file read of that object
                var obj = e.get("small_sky");
                long id = obj.getLong("id");
                boolean found = false;
                for (int r = 0; r < hatsAll.rowCount(); r++) {
                    if (hatsAll.column("id").getLong(r) == id) {
                        found = true;
                        assertEquals(hatsAll.row(r).toMap(), obj.toMap());
                    }
                }
                assertTrue(found);
                assertEquals(0.5, e.separationArcsec(), 1e-6, "grid spectra sit 0.5\" north of their object");
            }
            LoadReport.Survey spectra = m.report().surveys().get("spectra");
            assertTrue(spectra.partitionsRead() < spectra.partitionsTotal(),
                    "only MMU v1 files holding matched objects are opened: " + spectra.partitionsRead() + " of "
                            + spectra.partitionsTotal());
        }
    }
}
