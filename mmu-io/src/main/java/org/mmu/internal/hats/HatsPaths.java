package org.mmu.internal.hats;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HATS directory conventions: a catalog holds {@code dataset/Norder=K/Dir=D/Npix=N<suffix>},
 * where {@code D = 10000 * (N / 10000)} keeps directories small, and {@code <suffix>} is the
 * catalog's {@code hats_npix_suffix}: a file suffix ({@code .parquet}, {@code .parq}, ...) or
 * {@code /} when {@code Npix=N/} is a directory holding one or more Parquet files.
 */
final class HatsPaths {
    static final String DATASET_DIR = "dataset";
    static final String METADATA = DATASET_DIR + "/_metadata";
    static final String COMMON_METADATA = DATASET_DIR + "/_common_metadata";
    static final String PARTITION_INFO = "partition_info.csv";
    static final String PROPERTIES = "hats.properties";
    static final String LEGACY_PROPERTIES = "properties";
    static final String COLLECTION_PROPERTIES = "collection.properties";
    /** The suffix that makes {@code Npix=N} a directory of files. */
    static final String DIRECTORY_SUFFIX = "/";
    static final String DEFAULT_SUFFIX = ".parquet";

    /** {@code Norder=K/Dir=D/Npix=N} followed by the rest of the path (the suffix, or {@code /file}). */
    private static final Pattern LEAF = Pattern.compile("(?:^|/)Norder=(\\d+)/Dir=(\\d+)/Npix=(\\d+)(.*)$");

    private HatsPaths() {
    }

    /** The {@code Dir} directory number of a pixel: pixels are grouped by ten thousands. */
    static long dir(long npix) {
        return 10_000L * (npix / 10_000L);
    }

    /** {@code Norder=K/Dir=D/Npix=N} (no suffix), relative to {@code dataset/}. */
    static String pixelStem(int order, long npix) {
        return "Norder=" + order + "/Dir=" + dir(npix) + "/Npix=" + npix;
    }

    /** The leaf path relative to the catalog root: {@code dataset/Norder=K/Dir=D/Npix=N<suffix>}. */
    static String leafPath(int order, long npix, String suffix) {
        return DATASET_DIR + "/" + pixelStem(order, npix) + suffix;
    }

    /**
     * A leaf path template with its placeholders filled: {@code {order}}, {@code {dir}} and
     * {@code {npix}} (as in {@code parquet/{order}_{npix}.parquet}).
     */
    static String expand(String template, int order, long npix) {
        return template.replace("{order}", Integer.toString(order)).replace("{dir}", Long.toString(dir(npix)))
                .replace("{npix}", Long.toString(npix));
    }

    /** A pixel and what follows {@code Npix=N} in a path, or null when the path is not a HATS leaf. */
    record Leaf(int order, long npix, String rest) {
    }

    static Leaf parse(String path) {
        Matcher m = LEAF.matcher(path);
        if (!m.find()) {
            return null;
        }
        try {
            return new Leaf(Integer.parseInt(m.group(1)), Long.parseLong(m.group(3)), m.group(4));
        } catch (NumberFormatException e) {
            return null; // digits beyond int/long: not a pixel we can address
        }
    }

    /**
     * A {@code _metadata} row-group path made relative to {@code dataset/}: hats writes it so, but
     * other writers may prefix {@code dataset/} or an absolute path; the leaf starts at {@code Norder=}.
     */
    static String datasetRelative(String path) {
        if (path.startsWith("Norder=")) {
            return path;
        }
        int at = path.indexOf("/Norder=");
        return at >= 0 ? path.substring(at + 1) : path;
    }

    /** Whether a file under an {@code Npix=N/} directory is data (not hidden, not {@code _metadata}-like). */
    static boolean isDataFileName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return !name.isEmpty() && !name.startsWith(".") && !name.startsWith("_");
    }

    /** Joins a catalog prefix ({@code ""} or {@code "name/"}) and a relative path. */
    static String join(String prefix, String path) {
        return prefix.isEmpty() ? path : prefix + path;
    }
}
