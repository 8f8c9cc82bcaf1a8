package org.mmu.internal.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import cds.healpix.Healpix;
import cds.healpix.HashComputer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.ValidationReport;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuFormatException;
import org.mmu.internal.mmuv1.MmuV1Fixtures;

/**
 * An object outside the HEALPix cell its MMU v1 file claims ({@code healpix=N}) fails the index
 * load and {@code validate}, naming the file, row, object, position and both cells; lenient
 * positions keep it and count it; objects on a cell border are inside either neighbour.
 */
class ObjectsOutsideTheirCellTest {
    private static final String SURVEY = "hsc_like";
    private static final String FILE = "healpix=1709/001-of-001.hdf5";
    private static final String MOVED = "healpix=1710/001-of-001.hdf5";

    /** The hsc-like survey with one file moved to a pixel directory its objects are not in. */
    private static Path surveyWithAMisplacedFile(Path dir) throws IOException {
        Path from = MmuV1Fixtures.root().resolve(MmuV1Fixtures.expected(SURVEY).openDir());
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(from.relativize(f).toString().replace(FILE, MOVED));
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        return dir;
    }

    private static List<MmuV1Fixtures.ExpectedObject> objectsOfTheMovedFile() {
        MmuV1Fixtures.Expected e = MmuV1Fixtures.expected(SURVEY);
        return e.objects().stream().filter(o -> o.file().endsWith(FILE)).sorted(
                java.util.Comparator.comparingInt(MmuV1Fixtures.ExpectedObject::row)).toList();
    }

    @Test
    void aMisplacedObjectFailsTheIndexNamingFileRowObjectPositionAndCells(@TempDir Path dir) throws IOException {
        Path survey = surveyWithAMisplacedFile(dir);
        MmuV1Fixtures.ExpectedObject first = objectsOfTheMovedFile().get(0);
        try (MmuDataset ds = MmuDatasets.load(survey.toString())) {
            MmuFormatException x = assertThrows(MmuFormatException.class, ds::index);
            String m = x.getMessage();
            for (String s : List.of(MOVED, "row 0", "object " + first.id(), "ra " + first.ra(), "dec " + first.dec(),
                    "cell " + first.pixel() + " (order 4)", "not in the cell 1710", "--lenient-positions")) {
                assertTrue(m.contains(s), "'" + s + "' in: " + m);
            }
            ValidationReport report = MmuDatasets.validate(ds, false);
            assertFalse(report.ok());
            assertTrue(report.problems().stream().anyMatch(p -> p.severity() == ValidationReport.Severity.ERROR
                    && p.message().contains(MOVED) && p.message().contains("not in the cell 1710")), report.toString());
        }
    }

    @Test
    void lenientPositionsKeepAndCountMisplacedObjects(@TempDir Path dir) throws IOException {
        Path survey = surveyWithAMisplacedFile(dir);
        int moved = objectsOfTheMovedFile().size();
        LoadOptions lenient = LoadOptions.builder().lenientPositions(true).build();
        try (MmuDataset ds = MmuDatasets.load(survey.toString(), lenient)) {
            assertEquals(MmuV1Fixtures.expected(SURVEY).objects().size(), ds.index().size());
            assertEquals(moved, ((PartitionedDataset) ds).positionsTolerated());
            ValidationReport report = MmuDatasets.validate(ds, false);
            assertEquals(0, report.errors(), report.toString());
            assertTrue(report.problems().stream().anyMatch(p -> p.message().contains(moved + " objects in all lie outside")
                    && p.message().contains("tolerated")), report.toString());
        }
    }

    @Test
    void anIntactSurveyToleratesNothing() {
        Path survey = MmuV1Fixtures.root().resolve(MmuV1Fixtures.expected(SURVEY).openDir());
        try (MmuDataset ds = MmuDatasets.load(survey.toString(), LoadOptions.builder().lenientPositions(true).build())) {
            ds.index();
            assertEquals(0, ((PartitionedDataset) ds).positionsTolerated());
            assertTrue(MmuDatasets.validate(ds, false).ok());
        }
    }

    @Test
    void anObjectRoundedOverABorderCountsAsInsideButOneFurtherOutDoesNot() {
        int order = 4;
        HashComputer hc = Healpix.getNested(order).newHashComputer();
        // walk from the centre of cell a towards the centre of its neighbour b until the hash changes
        long a = 1709;
        double[] ca = Healpix.getNested(order).newVerticesAndPathComputer().center(a);
        long b = hc.hash(ca[0] + Math.toRadians(4), ca[1]);
        double[] cb = Healpix.getNested(order).newVerticesAndPathComputer().center(b);
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 80; i++) {
            double mid = (lo + hi) / 2;
            if (hc.hash(ca[0] + mid * (cb[0] - ca[0]), ca[1] + mid * (cb[1] - ca[1])) == a) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double[] justOutside = {Math.toDegrees(ca[0] + hi * (cb[0] - ca[0])), Math.toDegrees(ca[1] + hi * (cb[1] - ca[1]))};
        double[] farOutside = {justOutside[0] + 1e-3, justOutside[1]};
        CellPlacement strict = CellPlacement.of(false);
        assertEquals(0, strict.check("f", order, a, new double[] {justOutside[0]}, new double[] {justOutside[1]}, r -> "x"));
        assertThrows(MmuFormatException.class, () -> strict.check("f", order, a, new double[] {farOutside[0]},
                new double[] {farOutside[1]}, r -> "x"));
        CellPlacement lenient = CellPlacement.of(true);
        assertEquals(1, lenient.check("f", order, a, new double[] {justOutside[0], farOutside[0]},
                new double[] {justOutside[1], farOutside[1]}, r -> "x"));
        assertEquals(1, lenient.tolerated());
    }
}
