package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's pictures, MOC and Arrow output, end to end on small generated datasets. */
class PicturesAndArrowCliTest {
    @TempDir
    Path dir;

    @Test
    void inspectDrawsCoverageAndWritesAMoc() throws Exception {
        List<double[]> pts = CliTest.hardGeometry(4, 1);
        CliTest.mmu("index", CliTest.writeCsv(dir.resolve("a.csv"), pts, 1).toString(), dir.resolve("a").toString());
        Path png = dir.resolve("cov.png");
        Path moc = dir.resolve("cov.fits");
        CliTest.Run r = CliTest.mmu("inspect", dir.resolve("a").toString(), "--plot", png.toString(), "--moc",
                moc.toString(), "--order", "5");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("order-5 cells"), r.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1020, img.getWidth());
        try (Fits fits = new Fits(moc.toFile())) {
            BinaryTableHDU hdu = (BinaryTableHDU) fits.getHDU(1);
            assertEquals("NUNIQ", hdu.getHeader().getStringValue("ORDERING"));
            assertTrue(((long[]) hdu.getColumn(0)).length > 0);
        }
        CliTest.Run again = CliTest.mmu("inspect", dir.resolve("a").toString(), "--plot", png.toString());
        assertEquals(1, again.status(), "an existing output is refused without --overwrite");
        assertTrue(again.err().contains("already exists"), again.err());
        CliTest.Run badOrder = CliTest.mmu("inspect", dir.resolve("a").toString(), "--moc", moc.toString(), "--order", "30");
        assertTrue(badOrder.status() != 0 && badOrder.err().contains("--order must be between 0 and 13"), badOrder.err());
    }

    @Test
    void loadWritesArrowAndDrawsThePlan() throws IOException {
        List<double[]> pts = CliTest.hardGeometry(3, 1);
        CliTest.mmu("index", CliTest.writeCsv(dir.resolve("a.csv"), pts, 1).toString(), dir.resolve("a").toString());
        CliTest.mmu("index", CliTest.writeCsv(dir.resolve("b.csv"), pts.subList(0, 300), 5000).toString(),
                dir.resolve("b").toString());
        Path arrow = dir.resolve("m.arrow");
        Path plan = dir.resolve("plan.png");
        CliTest.Run r = CliTest.mmu("load", dir.resolve("a").toString(), dir.resolve("b").toString(), "--radius-arcsec",
                "0.001", "--mode", "best1", "--columns", "object_id,mag", "--out", arrow.toString(), "--report",
                dir.resolve("r.json").toString(), "--plot", plan.toString());
        assertEquals(0, r.status(), r.err());
        try (RootAllocator alloc = new RootAllocator();
                FileChannel ch = FileChannel.open(arrow);
                ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
            assertEquals(List.of("a_object_id", "a_mag", "b_object_id", "b_mag", "separation_arcsec"),
                    reader.getVectorSchemaRoot().getSchema().getFields().stream().map(f -> f.getName()).toList());
            long rows = 0;
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
            assertTrue(rows >= 300, "every b object has an identical a position: " + rows);
        }
        assertTrue(Files.size(plan) > 0 && ImageIO.read(plan.toFile()) != null);
    }
}
