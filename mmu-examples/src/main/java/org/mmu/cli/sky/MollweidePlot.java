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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;
import org.mmu.internal.output.AtomicFiles;

/**
 * Sky maps in the Mollweide projection (equatorial, RA 180° at the centre, increasing to the
 * left as on the sky), drawn pixel by pixel: each pixel of the ellipse is projected back to
 * (RA, Dec) and coloured by the HEALPix cell it falls in, so cells of any order come out exact.
 * RA and Dec are labelled on the graticule. When the footprint is small (at most
 * {@value #ZOOM_RA_DEG}° of RA and {@value #ZOOM_DEC_DEG}° of Dec, across RA 0 too), a zoomed
 * panel beside the map shows it with RA/Dec axes. Colours are readable with any colour vision:
 * viridis for counts, Okabe–Ito for categories; the key lists exactly the colours on the map.
 * Headless (java.awt images only), written as PNG.
 */
public final class MollweidePlot {
    /** Okabe–Ito colours (Okabe &amp; Ito 2008), distinguishable with any colour vision: for categories. */
    public static final Color SKY_BLUE = new Color(86, 180, 233);
    public static final Color ORANGE = new Color(230, 159, 0);
    public static final Color VERMILLION = new Color(213, 94, 0);
    public static final Color BLUE = new Color(0, 114, 178);
    public static final Color BLUISH_GREEN = new Color(0, 158, 115);
    public static final Color YELLOW = new Color(240, 228, 66);
    public static final Color REDDISH_PURPLE = new Color(204, 121, 167);
    static final List<Color> OKABE_ITO = List.of(ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE);

    /** A footprint at most this wide in RA and tall in Dec (degrees) gets a zoomed panel. */
    static final int ZOOM_RA_DEG = 90;
    static final int ZOOM_DEC_DEG = 60;

    private static final Color BACKGROUND = new Color(236, 236, 236);
    private static final int MARGIN = 30;
    private static final int W = 960;
    private static final int H = W / 2;
    static final int PANEL = 420;
    static final int PANEL_LEFT = 2 * MARGIN + W + 50;

    /** What colour a sky position gets; null leaves the background. Not called concurrently. */
    @FunctionalInterface
    interface Shading {
        Color colour(double raRad, double decRad);
    }

    /** One layer of cells: a label, a colour, the cells. */
    public record Layer(String label, Color colour, Cells cells) {
    }

    /**
     * A drawn picture: the image, the layers in its key (those whose colour is on the map), and
     * the zoomed panel's box (null when the footprint is too large for one).
     */
    record Picture(BufferedImage image, List<Layer> key, Box zoom) {
    }

    /**
     * An RA/Dec box in degrees; RA runs from {@code raFrom} eastwards over {@code raSpan} degrees
     * (across RA 0 when {@code raFrom + raSpan > 360}).
     */
    record Box(double raFrom, double raSpan, double decMin, double decMax) {
        boolean contains(double raDeg, double decDeg) {
            double d = ((raDeg - raFrom) % 360 + 360) % 360;
            return d <= raSpan && decDeg >= decMin && decDeg <= decMax;
        }
    }

    private MollweidePlot() {
    }

    /** HEALPix cells of any orders (NESTED): membership of a position, and where they lie. Not thread-safe. */
    public static final class Cells {
        private final Map<Integer, Set<Long>> byOrder = new HashMap<>();
        private final Map<Integer, HashComputer> hashers = new HashMap<>();

        /** @param byOrder per order, the cells */
        public static Cells of(Map<Integer, ? extends Collection<Long>> byOrder) {
            Cells c = new Cells();
            byOrder.forEach((o, cells) -> {
                c.byOrder.put(o, new HashSet<>(cells));
                c.hashers.put(o, Healpix.getNested(o).newHashComputer());
            });
            return c;
        }

        public boolean contains(double raRad, double decRad) {
            for (Map.Entry<Integer, Set<Long>> e : byOrder.entrySet()) {
                if (e.getValue().contains(hashers.get(e.getKey()).hash(raRad, decRad))) {
                    return true;
                }
            }
            return false;
        }

        /** Per cell: centre RA, Dec and a radius enclosing it, in degrees. */
        List<double[]> discs() {
            List<double[]> out = new ArrayList<>();
            byOrder.forEach((o, cells) -> {
                double radius = Math.toDegrees(Math.sqrt(4 * Math.PI / Healpix.nHash(o))); // about the cell's diagonal
                for (long h : cells) {
                    double[] c = Healpix.getNested(o).center(h);
                    out.add(new double[] {Math.toDegrees(c[0]), Math.toDegrees(c[1]), radius});
                }
            });
            return out;
        }
    }

    /** A coverage map: cells shaded by object count (log scale, viridis), with a colour bar. */
    public static void coverage(SkyCounts counts, String title, Path out, boolean overwrite) {
        write(renderCoverage(counts, title), out, overwrite);
    }

    static Picture renderCoverage(SkyCounts counts, String title) {
        HashComputer hasher = Healpix.getNested(counts.order()).newHashComputer();
        double logMax = Math.log10(Math.max(2, counts.maxCount()));
        Shading shade = (ra, dec) -> {
            long n = counts.count(hasher.hash(ra, dec));
            return n == 0 ? null : viridis(Math.log10(n) / logMax);
        };
        String legend = String.format(Locale.ROOT, "objects per HEALPix order-%d cell: 1 .. %,d (log)", counts.order(),
                counts.maxCount());
        List<Long> cells = new ArrayList<>();
        for (long c : counts.cells()) {
            cells.add(c);
        }
        Box zoom = zoomBox(Cells.of(Map.of(counts.order(), cells)).discs());
        return draw(title, legend, List.of(), shade, zoom);
    }

    /** Layers, one colour each, drawn in order (a later layer over an earlier one), with a key. */
    public static void layers(List<Layer> layers, String title, Path out, boolean overwrite) {
        write(renderLayers(layers, title), out, overwrite);
    }

    static Picture renderLayers(List<Layer> layers, String title) {
        Shading shade = (ra, dec) -> {
            Color c = null;
            for (Layer l : layers) {
                if (l.cells().contains(ra, dec)) {
                    c = l.colour();
                }
            }
            return c;
        };
        List<double[]> discs = new ArrayList<>();
        layers.forEach(l -> discs.addAll(l.cells().discs()));
        return draw(title, null, layers, shade, zoomBox(discs));
    }

    private static void write(Picture p, Path out, boolean overwrite) {
        AtomicFiles.write(out, overwrite, tmp -> {
            if (!ImageIO.write(p.image(), "png", tmp.toFile())) {
                throw new IOException("no PNG writer in this JVM");
            }
        });
    }

    /**
     * The box to zoom into: the cells' extent (RA across the largest empty stretch of the circle,
     * so a field at RA 0 is one box), with a margin, or null when it is too large to need a zoom.
     */
    static Box zoomBox(List<double[]> discs) {
        if (discs.isEmpty()) {
            return null;
        }
        int bins = 1440; // quarter degrees of RA
        boolean[] used = new boolean[bins];
        double decMin = 90;
        double decMax = -90;
        for (double[] d : discs) {
            decMin = Math.min(decMin, d[1] - d[2]);
            decMax = Math.max(decMax, d[1] + d[2]);
            double cos = Math.cos(Math.toRadians(Math.min(89, Math.abs(d[1]) + d[2])));
            double half = Math.min(180, d[2] / cos);
            int from = (int) Math.floor((d[0] - half) * 4);
            int to = (int) Math.floor((d[0] + half) * 4);
            for (int b = from; b <= to; b++) {
                used[Math.floorMod(b, bins)] = true;
            }
        }
        // the largest run of unused bins, going round the circle
        int bestStart = -1;
        int bestLength = 0;
        for (int s = 0; s < bins; s++) {
            if (used[s] || !used[Math.floorMod(s - 1, bins)]) {
                continue; // not the start of an empty run
            }
            int n = 0;
            while (n < bins && !used[(s + n) % bins]) {
                n++;
            }
            if (n > bestLength) {
                bestLength = n;
                bestStart = s;
            }
        }
        if (bestStart < 0) {
            return null; // all round the sky
        }
        double raFrom = ((bestStart + bestLength) % bins) / 4.0;
        double raSpan = (bins - bestLength) / 4.0;
        double decSpan = Math.min(180, decMax - decMin);
        if (raSpan > ZOOM_RA_DEG || decSpan > ZOOM_DEC_DEG) {
            return null;
        }
        double pad = Math.max(0.05 * Math.max(raSpan, decSpan), 0.02);
        // square on the sky: the shorter side grows to the longer, around the centre
        double decMid = Math.max(-89, Math.min(89, (decMin + decMax) / 2));
        double cos = Math.cos(Math.toRadians(decMid));
        double side = Math.max(raSpan * cos, decSpan) + 2 * pad;
        double raWide = Math.min(360, side / cos);
        double raCentre = raFrom + raSpan / 2;
        double lo = Math.max(-90, decMid - side / 2);
        double hi = Math.min(90, decMid + side / 2);
        return new Box(((raCentre - raWide / 2) % 360 + 360) % 360, raWide, lo, hi);
    }

    /** Draws the map (and the zoomed panel), then either a colour bar with {@code legend} or a key of the layers on the map. */
    private static Picture draw(String title, String legend, List<Layer> layers, Shading shade, Box zoom) {
        int width = zoom == null ? W + 2 * MARGIN : PANEL_LEFT + PANEL + MARGIN;
        int keyLines = legend != null ? 1 : Math.max(1, layers.size());
        int height = Math.max(H, zoom == null ? 0 : PANEL + 30) + 2 * MARGIN + 24 + 18 * keyLines;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Set<Integer> painted = new HashSet<>();
        double sqrt2 = Math.sqrt(2);
        for (int py = 0; py < H; py++) {
            double y = sqrt2 * (1 - 2 * (py + 0.5) / H);
            double theta = Math.asin(y / sqrt2);
            double dec = Math.asin((2 * theta + Math.sin(2 * theta)) / Math.PI);
            for (int px = 0; px < W; px++) {
                double x = 2 * sqrt2 * (2 * (px + 0.5) / W - 1);
                double lon = Math.PI * x / (2 * sqrt2 * Math.cos(theta));
                if (Math.abs(lon) > Math.PI) {
                    continue;   // outside the ellipse
                }
                double ra = Math.PI - lon;   // RA 180° at the centre, increasing to the left
                Color c = shade.colour(ra, dec);
                img.setRGB(MARGIN + px, MARGIN + py, (c == null ? BACKGROUND : c).getRGB());
                if (c != null) {
                    painted.add(c.getRGB());
                }
            }
        }
        if (zoom != null) {
            for (int py = 0; py < PANEL; py++) {
                double dec = Math.toRadians(zoom.decMax() - (py + 0.5) / PANEL * (zoom.decMax() - zoom.decMin()));
                for (int px = 0; px < PANEL; px++) {
                    double ra = Math.toRadians(zoom.raFrom() + zoom.raSpan() * (1 - (px + 0.5) / PANEL)); // east to the left
                    Color c = shade.colour(ra, dec);
                    img.setRGB(PANEL_LEFT + px, MARGIN + py, (c == null ? BACKGROUND : c).getRGB());
                    if (c != null) {
                        painted.add(c.getRGB());
                    }
                }
            }
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graticule(g);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, MARGIN, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        if (zoom != null) {
            zoomAxes(g, zoom);
        }
        int by = MARGIN + Math.max(H, zoom == null ? 0 : PANEL + 30) + 16;
        List<Layer> key = new ArrayList<>();
        if (legend != null) {
            for (int i = 0; i < 300; i++) {
                g.setColor(viridis(i / 299.0));
                g.fillRect(MARGIN + i, by, 1, 12);
            }
            g.setColor(Color.BLACK);
            g.drawString(legend, MARGIN + 310, by + 11);
        }
        for (Layer l : layers) {
            if (!painted.contains(l.colour().getRGB())) {
                continue; // covered by later layers everywhere: not on the map, so not in the key
            }
            key.add(l);
            g.setColor(l.colour());
            g.fillRect(MARGIN, by, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(l.label(), MARGIN + 16, by + 11);
            by += 18;
        }
        g.dispose();
        return new Picture(img, List.copyOf(key), zoom);
    }

    /** The zoomed panel's frame, RA and Dec ticks with labels, and axis titles. */
    private static void zoomAxes(Graphics2D g, Box z) {
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(PANEL_LEFT, MARGIN, PANEL, PANEL);
        double raStep = tick(z.raSpan());
        double first = Math.ceil(z.raFrom() / raStep) * raStep;
        for (double ra = first; ra <= z.raFrom() + z.raSpan() + 1e-9; ra += raStep) {
            int x = PANEL_LEFT + (int) Math.round(PANEL * (1 - (ra - z.raFrom()) / z.raSpan()));
            g.drawLine(x, MARGIN + PANEL, x, MARGIN + PANEL + 5);
            String s = degrees(((ra % 360) + 360) % 360, raStep);
            g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, MARGIN + PANEL + 18);
        }
        double decSpan = z.decMax() - z.decMin();
        double decStep = tick(decSpan);
        for (double dec = Math.ceil(z.decMin() / decStep) * decStep; dec <= z.decMax() + 1e-9; dec += decStep) {
            int y = MARGIN + (int) Math.round(PANEL * (z.decMax() - dec) / decSpan);
            g.drawLine(PANEL_LEFT - 5, y, PANEL_LEFT, y);
            String s = degrees(dec, decStep);
            g.drawString(s, PANEL_LEFT - 8 - g.getFontMetrics().stringWidth(s), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawString("RA (\u00b0, east to the left)", PANEL_LEFT + PANEL / 2 - 60, MARGIN + PANEL + 34);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString("Dec (\u00b0)", -(MARGIN + PANEL / 2 + 20), PANEL_LEFT - 36);
        r.dispose();
        g.drawString("zoom on the footprint", PANEL_LEFT, MARGIN - 6);
    }

    /** A round tick step giving 3 to 8 ticks over {@code span} degrees. */
    static double tick(double span) {
        double[] steps = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 45, 60, 90};
        for (double s : steps) {
            if (span / s <= 6) {
                return s;
            }
        }
        return 90;
    }

    private static String degrees(double v, double step) {
        int decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
        return String.format(Locale.ROOT, "%." + decimals + "f\u00b0", Math.abs(v) < 1e-9 ? 0 : v);
    }

    /** Lines every 30° of Dec and 60° of RA with their labels, and the outline. */
    private static void graticule(Graphics2D g) {
        g.setColor(new Color(120, 120, 120, 140));
        g.setStroke(new BasicStroke(0.8f));
        for (int decDeg = -60; decDeg <= 60; decDeg += 30) {
            Path2D.Double p = new Path2D.Double();
            for (int lonDeg = -180; lonDeg <= 180; lonDeg += 2) {
                double[] xy = project(Math.toRadians(lonDeg), Math.toRadians(decDeg));
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
                double[] xy = project(Math.toRadians(lonDeg), Math.toRadians(decDeg));
                if (decDeg == -90) {
                    p.moveTo(xy[0], xy[1]);
                } else {
                    p.lineTo(xy[0], xy[1]);
                }
            }
            g.draw(p);
        }
        g.setColor(new Color(60, 60, 60));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int decDeg = -60; decDeg <= 60; decDeg += 30) { // Dec at the left end of each parallel
            double[] xy = project(-Math.PI, Math.toRadians(decDeg));
            String s = (decDeg > 0 ? "+" : "") + decDeg + "\u00b0";
            g.drawString(s, (int) xy[0] - g.getFontMetrics().stringWidth(s) - 3, (int) xy[1] + 4);
        }
        for (int raDeg = 0; raDeg <= 360; raDeg += 60) { // RA along the equator: 180° at the centre, 0° right, 360° left
            double[] xy = project(Math.PI - Math.toRadians(raDeg), 0);
            String s = "RA " + raDeg + "\u00b0";
            int x = raDeg == 0 ? (int) xy[0] - g.getFontMetrics().stringWidth(s) - 3 : (int) xy[0] + 3;
            g.drawString(s, x, (int) xy[1] - 3);
        }
    }

    private static double[] project(double lon, double lat) {
        double theta = lat;
        for (int i = 0; i < 50 && Math.abs(Math.abs(lat) - Math.PI / 2) > 1e-9; i++) {   // Newton on 2θ+sin2θ = π sinφ
            double f = 2 * theta + Math.sin(2 * theta) - Math.PI * Math.sin(lat);
            theta -= f / (2 + 2 * Math.cos(2 * theta));
        }
        double sqrt2 = Math.sqrt(2);
        double x = 2 * sqrt2 / Math.PI * lon * Math.cos(theta);
        double y = sqrt2 * Math.sin(theta);
        return new double[] {MARGIN + (x / (2 * sqrt2) + 1) / 2 * W, MARGIN + (1 - y / sqrt2) / 2 * H};
    }

    /** A perceptually even colour ramp readable with any colour vision (viridis, interpolated from five of its stops), t in [0, 1]. */
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
