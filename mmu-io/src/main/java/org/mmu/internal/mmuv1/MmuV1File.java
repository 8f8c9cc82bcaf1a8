package org.mmu.internal.mmuv1;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mmu.core.MmuFormatException;

/**
 * One data file of an MMU v1 survey, as its path says: {@code [subset/]healpix=N/name.hdf5}.
 * Immutable.
 *
 * @param path    relative to the dataset root, '/'-separated
 * @param healpix the pixel N (NSIDE 16, NESTED)
 * @param subset  the directories above {@code healpix=N} ({@code "pdr3_dud_22.5"},
 *                {@code "spoc/s0001"}), or {@code ""} when the root is the subset directory
 * @param pixelDir the pixel directory as written ({@code "healpix=0123"})
 * @param shard   {@code n} of a {@code NNN-of-MMM} file name, else -1
 * @param shards  {@code MMM} of a {@code NNN-of-MMM} file name, else -1
 */
record MmuV1File(String path, int healpix, String subset, String pixelDir, int shard, int shards) {
    /** NSIDE 16: pixels 0..3071. */
    static final int PIXELS = 12 * 16 * 16;

    private static final Pattern PIXEL_DIR = Pattern.compile("healpix=(\\d+)");
    private static final Pattern SHARD = Pattern.compile("(\\d+)-of-(\\d+)\\.(?:hdf5|h5)", Pattern.CASE_INSENSITIVE);

    /**
     * The file at a relative path, or {@code null} when the path is not an MMU v1 data file (no
     * {@code healpix=N} directory above it, not {@code .hdf5}/{@code .h5}, hidden, or inside an
     * index-first {@code object_group_id=} partition).
     *
     * @throws MmuFormatException when the pixel number does not exist at NSIDE 16
     */
    static MmuV1File parse(String path, String rootLocation) {
        String[] seg = path.split("/");
        String name = seg[seg.length - 1].toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".hdf5") || name.endsWith(".h5"))) {
            return null;
        }
        int pixelSeg = -1;
        for (int i = 0; i < seg.length; i++) {
            if (seg[i].startsWith(".") || seg[i].startsWith("object_group_id=")) {
                return null; // hidden (download caches) or our own index-first layout
            }
            if (i < seg.length - 1 && PIXEL_DIR.matcher(seg[i]).matches()) {
                pixelSeg = i;
            }
        }
        if (pixelSeg < 0) {
            return null;
        }
        Matcher m = PIXEL_DIR.matcher(seg[pixelSeg]);
        m.matches();
        String digits = m.group(1);
        long pixel = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (pixel >= PIXELS) {
            throw new MmuFormatException(rootLocation + "/" + path, "directory '" + seg[pixelSeg] + "' names pixel "
                    + digits + ", which does not exist at NSIDE 16 (HEALPix order 4: pixels 0 to " + (PIXELS - 1) + ")");
        }
        String subset = String.join("/", java.util.Arrays.copyOfRange(seg, 0, pixelSeg));
        Matcher s = SHARD.matcher(seg[seg.length - 1]);
        boolean sharded = pixelSeg == seg.length - 2 && s.matches();
        return new MmuV1File(path, (int) pixel, subset, seg[pixelSeg],
                sharded ? Integer.parseInt(s.group(1)) : -1, sharded ? Integer.parseInt(s.group(2)) : -1);
    }

    /** Whether the pixel directory is zero-padded ({@code healpix=0123}). */
    boolean zeroPadded() {
        return pixelDir.length() > "healpix=".length() + 1 && pixelDir.charAt("healpix=".length()) == '0';
    }

    /** The pixel directory's path relative to the root. */
    String pixelDirPath() {
        return subset.isEmpty() ? pixelDir : subset + "/" + pixelDir;
    }
}
