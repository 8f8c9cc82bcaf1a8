package org.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuException;

/** Building and checking a dataset needs only the public packages. */
class FrontDoorBuildTest {
    private static final CoordinateColumns VIZIER = new CoordinateColumns("objid", "RAJ2000", "DEJ2000");

    @TempDir
    Path dir;

    private Path vizierCatalog() throws Exception {
        Path csv = dir.resolve("stars.csv");
        Files.writeString(csv, "objid,RAJ2000,DEJ2000,mag\n1,10.0,-5.0,17.5\n2,10.001,-5.0,18.25\n3,200.0,45.0,19.0\n");
        return csv;
    }

    @Test
    void aCatalogWithItsOwnColumnNamesIsBuiltAndValidatesDeeply() throws Exception {
        Path out = dir.resolve("stars");
        try (MmuDataset source = MmuDatasets.loadCatalog(vizierCatalog(), VIZIER, LoadOptions.defaults())) {
            assertEquals("stars", source.name());
            assertEquals(3, source.size());
            BuildSummary summary = DatasetBuilder.builder().order(4).build().build(source, out);
            assertEquals(3, summary.objects());
        }
        try (MmuDataset built = MmuDatasets.load(out)) {
            assertEquals(3, built.size());
            ValidationReport report = MmuDatasets.validate(built, true);
            assertTrue(report.ok(), report.problems().toString());
        }
    }

    @Test
    void aMissingCoordinateColumnIsNamed() throws Exception {
        CoordinateColumns wrong = new CoordinateColumns("objid", "RA_ICRS", "DEJ2000");
        MmuException e = assertThrows(MmuException.class,
                () -> MmuDatasets.loadCatalog(vizierCatalog(), wrong, LoadOptions.defaults()).close());
        assertTrue(e.getMessage().contains("RA_ICRS"), e.getMessage());
    }
}
