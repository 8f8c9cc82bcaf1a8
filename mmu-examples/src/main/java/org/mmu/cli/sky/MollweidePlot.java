package org.mmu.cli.sky;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;
import org.mmu.io.output.AtomicFiles;

/**
 * Sky maps in the Mollweide projection (equatorial, RA 180° at the centre, increasing to the
 * left as on the sky), drawn pixel by pixel: each pixel of the ellipse is projected back to
 * (RA, Dec) and coloured by the HEALPix cell it falls in, so cells of any order come out exact.
 * Headless (java.awt images only), written as PNG.
 */
public final class MollweidePlot {
    /** What colour a sky position gets; null leaves the background. */
    @FunctionalInterface
    public interface Shading {
        Color colour(double raRad, double decRad);
    }

    private static final Color BACKGROUND = new Color(236, 236, 236);
    private static final int MARGIN = 30;

    private MollweidePlot() {
    }

    /** A coverage map: cells shaded by object count (log scale), with a colour bar. */
    public static void coverage(SkyCounts counts, String title, Path out, boolean overwrite) {
        HashComputer hasher = Healpix.getNested(counts.order()).newHashComputer();
        double logMax = Math.log10(Math.max(2, counts.maxCount()));
        Shading shade = (ra, dec) -> {
            long n = counts.count(hasher.hash(ra, dec));
            return n == 0 ? null : viridis(Math.log10(n) / logMax);
        };
        String legend = String.format(Locale.ROOT, "objects per HEALPix order-%d cell: 1 .. %,d (log)", counts.order(),
                counts.maxCount());
        draw(title, legend, List.of(), shade, out, overwrite);
    }

    /** Layers, one colour each, drawn in order (a later layer over an earlier one), with a legend. */
    public static void layers(List<Layer> layers, String title, Path out, boolean overwrite) {
        Shading shade = (ra, dec) -> {
            Color c = null;
            for (Layer l : layers) {
                if (l.cells().contains(ra, dec)) {
                    c = l.colour();
                }
            }
            return c;
        };
        draw(title, null, layers, shade, out, overwrite);
    }

    /** One layer of cells: a label, a colour, the cells. */
    public record Layer(String label, Color colour, CellSet cells) {
    }

    /** Whether a position falls in a set of cells. */
    @FunctionalInterface
    public interface CellSet {
        boolean contains(double raRad, double decRad);
    }

    /** Draws the map, then either a colour bar with {@code legend} or, without one, a key of the layers. */
    private static void draw(String title, String legend, List<Layer> layers, Shading shade, Path out,
            boolean overwrite) {
        int w = 960;
        int h = w / 2;
        int width = w + 2 * MARGIN;
        int height = h + 2 * MARGIN + 24;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double sqrt2 = Math.sqrt(2);
        for (int py = 0; py < h; py++) {
            double y = sqrt2 * (1 - 2 * (py + 0.5) / h);
            double theta = Math.asin(y / sqrt2);
            double dec = Math.asin((2 * theta + Math.sin(2 * theta)) / Math.PI);
            for (int px = 0; px < w; px++) {
                double x = 2 * sqrt2 * (2 * (px + 0.5) / w - 1);
                double lon = Math.PI * x / (2 * sqrt2 * Math.cos(theta));
                if (Math.abs(lon) > Math.PI) {
                    continue;   // outside the ellipse
                }
                double ra = Math.PI - lon;   // RA 180° at the centre, increasing to the left
                Color c = shade.colour(ra, dec);
                img.setRGB(MARGIN + px, MARGIN + py, (c == null ? BACKGROUND : c).getRGB());
            }
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graticule(g, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, MARGIN, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("RA 360\u00b0", MARGIN - 10, MARGIN + h / 2 + 4 - 14);
        g.drawString("RA 0\u00b0", MARGIN + w - 28, MARGIN + h / 2 + 4 - 14);
        int by = MARGIN + h + 16;
        if (legend != null) {
            for (int i = 0; i < 300; i++) {
                g.setColor(viridis(i / 299.0));
                g.fillRect(MARGIN + i, by, 1, 12);
            }
            g.setColor(Color.BLACK);
            g.drawString(legend, MARGIN + 310, by + 11);
        }
        int x = MARGIN;
        for (Layer l : layers) {
            g.setColor(l.colour());
            g.fillRect(x, by, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(l.label(), x + 16, by + 11);
            x += 16 + g.getFontMetrics().stringWidth(l.label()) + 24;
        }
        g.dispose();
        AtomicFiles.write(out, overwrite, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer in this JVM");
            }
        });
    }

    /** Lines every 30° of Dec and 60° of RA, and the outline. */
    private static void graticule(Graphics2D g, int w, int h) {
        g.setColor(new Color(120, 120, 120, 140));
        g.setStroke(new BasicStroke(0.8f));
        for (int decDeg = -60; decDeg <= 60; decDeg += 30) {
            Path2D.Double p = new Path2D.Double();
            for (int lonDeg = -180; lonDeg <= 180; lonDeg += 2) {
                double[] xy = project(Math.toRadians(lonDeg), Math.toRadians(decDeg), w, h);
                if (lonDeg == -180) {
                    p.moveTo(xy[0], xy[1]);
                } else {
                    p.lineTo(xy[0], xy[1]);
                }
            }
            g.draw(p);
        }
        for (int lonDeg = -180; lonDeg <= 180; lonDeg += 60) {
            Path2D.Double p = new Path2D.Double();
            for (int decDeg = -90; decDeg <= 90; decDeg += 2) {
                double[] xy = project(Math.toRadians(lonDeg), Math.toRadians(decDeg), w, h);
                if (decDeg == -90) {
                    p.moveTo(xy[0], xy[1]);
                } else {
                    p.lineTo(xy[0], xy[1]);
                }
            }
            g.draw(p);
        }
    }

    private static double[] project(double lon, double lat, int w, int h) {
        double theta = lat;
        for (int i = 0; i < 50 && Math.abs(Math.abs(lat) - Math.PI / 2) > 1e-9; i++) {   // Newton on 2θ+sin2θ = π sinφ
            double f = 2 * theta + Math.sin(2 * theta) - Math.PI * Math.sin(lat);
            theta -= f / (2 + 2 * Math.cos(2 * theta));
        }
        double sqrt2 = Math.sqrt(2);
        double x = 2 * sqrt2 / Math.PI * lon * Math.cos(theta);
        double y = sqrt2 * Math.sin(theta);
        return new double[] {MARGIN + (x / (2 * sqrt2) + 1) / 2 * w, MARGIN + (1 - y / sqrt2) / 2 * h};
    }

    /** A perceptually even colour ramp (viridis, interpolated from five of its stops), t in [0, 1]. */
    static Color viridis(double t) {
        double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double s = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) s);
        double f = s - i;
        return new Color((int) Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0])),
                (int) Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1])),
                (int) Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
    }
}
