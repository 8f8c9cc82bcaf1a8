package org.mmu.internal.hats;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A catalog's {@code skymap.fits}: the number of rows in every HEALPix pixel of one order, laid
 * out as hats writes it (through cds-healpix): an empty primary HDU, then a binary table of one
 * int64 column {@code T} with {@code 12 * 4^order} rows in NESTED order, and the HEALPix keywords
 * ({@code PIXTYPE}, {@code ORDERING=NESTED}, {@code COORDSYS=CEL}, {@code NSIDE},
 * {@code FIRSTPIX}/{@code LASTPIX}, {@code INDXSCHM=IMPLICIT}). The counts are given sparse (the
 * occupied pixels, ascending) and the dense map is streamed out, so memory does not grow with
 * the order.
 */
final class HatsSkymap {
    static final String FILE = "skymap.fits";
    private static final int BLOCK = 2880;
    private static final int CARD = 80;

    private HatsSkymap() {
    }

    /**
     * Writes the map.
     *
     * @param pixels the occupied pixels at {@code order}, strictly ascending
     * @param counts their row counts
     */
    static void write(Path file, int order, long[] pixels, long[] counts) throws IOException {
        long npix = 12L << (2 * order);
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
            List<String> primary = new ArrayList<>();
            primary.add(logical("SIMPLE", true));
            primary.add(integer("BITPIX", 8));
            primary.add(integer("NAXIS", 0));
            primary.add(logical("EXTEND", true));
            header(out, primary);
            List<String> table = new ArrayList<>();
            table.add(string("XTENSION", "BINTABLE"));
            table.add(integer("BITPIX", 8));
            table.add(integer("NAXIS", 2));
            table.add(integer("NAXIS1", 8));
            table.add(integer("NAXIS2", npix));
            table.add(integer("PCOUNT", 0));
            table.add(integer("GCOUNT", 1));
            table.add(integer("TFIELDS", 1));
            table.add(string("TTYPE1", "T"));
            table.add(string("TFORM1", "K"));
            table.add(string("PIXTYPE", "HEALPIX"));
            table.add(string("ORDERING", "NESTED"));
            table.add(string("COORDSYS", "CEL"));
            table.add(string("EXTNAME", "xtension"));
            table.add(integer("NSIDE", 1L << order));
            table.add(integer("FIRSTPIX", 0));
            table.add(integer("LASTPIX", npix - 1));
            table.add(string("INDXSCHM", "IMPLICIT"));
            table.add(string("OBJECT", "FULLSKY"));
            table.add(string("CREATOR", "mmu-java"));
            header(out, table);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16); // big-endian, as FITS
            int k = 0;
            for (long p = 0; p < npix; p++) {
                buf.putLong(k < pixels.length && pixels[k] == p ? counts[k++] : 0);
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
            }
            out.write(buf.array(), 0, buf.position());
            long pad = (BLOCK - (npix * 8) % BLOCK) % BLOCK;
            for (long i = 0; i < pad; i++) {
                out.write(0);
            }
        }
    }

    private static void header(OutputStream out, List<String> cards) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String c : cards) {
            b.append(c);
        }
        b.append(pad("END"));
        while (b.length() % BLOCK != 0) {
            b.append(' ');
        }
        out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static String pad(String s) {
        return String.format(Locale.ROOT, "%-" + CARD + "s", s);
    }

    /** A fixed-format value: right-justified in columns 11-30. */
    private static String fixed(String key, String value) {
        return pad(String.format(Locale.ROOT, "%-8s= %20s", key, value));
    }

    private static String integer(String key, long value) {
        return fixed(key, Long.toString(value));
    }

    private static String logical(String key, boolean value) {
        return fixed(key, value ? "T" : "F");
    }

    /** A string value: quoted from column 11, at least 8 characters inside the quotes. */
    private static String string(String key, String value) {
        return pad(String.format(Locale.ROOT, "%-8s= '%-8s'", key, value.replace("'", "''")));
    }
}
