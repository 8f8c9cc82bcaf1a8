package org.mmu.cli.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;
import org.junit.jupiter.api.Test;

/**
 * Sky pictures as astronomers read them: the key lists exactly the colours on the map, the
 * colours come from palettes readable with any colour vision, and a small footprint — even one
 * across RA 0 — gets a zoomed panel whose box holds all of it.
 */
class SkyPicturesTest {
    private static final int ORDER = 6;

    /** The order-6 cells of a field of RA [raFrom, raFrom + width) (across 0 when it passes 360) and Dec [decMin, decMax]. */
    private static Set<Long> field(double raFrom, double width, double decMin, double decMax) {
        HashComputer h = Healpix.getNested(ORDER).newHashComputer();
        Set<Long> cells = new HashSet<>();
        for (double ra = raFrom; ra <= raFrom + width; ra += 0.1) {
            for (double dec = decMin; dec <= decMax; dec += 0.1) {
                cells.add(h.hash(Math.toRadians(ra % 360), Math.toRadians(dec)));
            }
        }
        return cells;
    }

    private static MollweidePlot.Layer layer(String label, Color c, Set<Long> cells) {
        return new MollweidePlot.Layer(label, c, MollweidePlot.Cells.of(Map.of(ORDER, cells)));
    }

    private static Set<Integer> colours(BufferedImage img) {
        Set<Integer> out = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                out.add(img.getRGB(x, y));
            }
        }
        return out;
    }

    @Test
    void theKeyListsExactlyTheLayersWhoseColourIsOnTheMap() {
        Set<Long> wide = field(350, 20, -4, 4);
        Set<Long> hidden = field(355, 5, -1, 1); // wholly under the read layer
        MollweidePlot.Picture p = MollweidePlot.renderLayers(List.of(
                layer("wide", MollweidePlot.SKY_BLUE, wide),
                layer("hidden", MollweidePlot.ORANGE, hidden),
                layer("read", MollweidePlot.BLUE, field(354, 7, -2, 2))), "t");
        assertEquals(List.of("wide", "read"), p.key().stream().map(MollweidePlot.Layer::label).toList(),
                "a layer covered everywhere is not in the key");
        Set<Integer> onImage = colours(p.image());
        for (MollweidePlot.Layer l : p.key()) {
            assertTrue(onImage.contains(l.colour().getRGB()), l.label() + "'s colour is on the map");
            assertTrue(MollweidePlot.OKABE_ITO.contains(l.colour()), l.label() + " uses an Okabe-Ito colour");
        }
        assertTrue(!onImage.contains(MollweidePlot.ORANGE.getRGB()), "the hidden layer's colour is nowhere");
    }

    @Test
    void aSmallFieldAcrossRaZeroGetsOneZoomBoxHoldingAllOfIt() {
        Set<Long> cells = field(357, 6, -3, 2);
        MollweidePlot.Picture p = MollweidePlot.renderLayers(List.of(layer("field", MollweidePlot.SKY_BLUE, cells)), "t");
        MollweidePlot.Box z = p.zoom();
        assertNotNull(z, "a 6 deg field is zoomed");
        assertTrue(z.raFrom() + z.raSpan() > 360 && z.raSpan() < 20, "one box across RA 0, not the whole circle: " + z);
        for (long c : cells) {
            double[] centre = Healpix.getNested(ORDER).center(c);
            double ra = Math.toDegrees(centre[0]);
            double dec = Math.toDegrees(centre[1]);
            assertTrue(z.contains(ra, dec), "cell " + c + " at (" + ra + ", " + dec + ") is in the box " + z);
        }
        // the zoomed panel (right of the map) shows the field in its colour, over much of its area
        BufferedImage img = p.image();
        int inPanel = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = MollweidePlot.PANEL_LEFT; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) == MollweidePlot.SKY_BLUE.getRGB()) {
                    inPanel++;
                }
            }
        }
        assertTrue(inPanel > 420 * 420 / 10, "the field fills a good part of the zoomed panel: " + inPanel + " pixels");
    }

    @Test
    void aFootprintAllRoundTheSkyIsNotZoomed() {
        MollweidePlot.Picture p = MollweidePlot.renderLayers(
                List.of(layer("band", MollweidePlot.SKY_BLUE, field(0, 359.9, -5, 5))), "t");
        assertNull(p.zoom());
        assertEquals(960 + 60, p.image().getWidth(), "no panel beside the map");
    }

    @Test
    void coverageColoursComeFromViridis() {
        HashComputer h = Healpix.getNested(ORDER).newHashComputer();
        long[] hashes = new long[300];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = h.hash(Math.toRadians(40 + (i % 30) * 0.4), Math.toRadians(10 + (i % 7) * 0.3));
        }
        SkyCounts counts = SkyCounts.ofHashes(ORDER, hashes);
        MollweidePlot.Picture p = MollweidePlot.renderCoverage(counts, "t");
        assertNotNull(p.zoom(), "a 12 deg patch is zoomed");
        Set<Integer> allowed = new HashSet<>();
        for (long n = 1; n <= counts.maxCount(); n++) {
            allowed.add(MollweidePlot.viridis(Math.log10(n) / Math.log10(Math.max(2, counts.maxCount()))).getRGB());
        }
        int cellPixels = 0;
        BufferedImage img = p.image();
        for (int y = 31; y < 30 + MollweidePlot.PANEL; y++) {
            for (int x = MollweidePlot.PANEL_LEFT + 1; x < MollweidePlot.PANEL_LEFT + MollweidePlot.PANEL; x++) {
                // inside the zoomed panel's frame: cells or background only
                int rgb = img.getRGB(x, y);
                if (rgb != new Color(236, 236, 236).getRGB()) {
                    assertTrue(allowed.contains(rgb), "pixel " + x + "," + y + " has a viridis colour of a count");
                    cellPixels++;
                }
            }
        }
        assertTrue(cellPixels > 1000, "the cells are drawn in the panel: " + cellPixels);
    }
}
