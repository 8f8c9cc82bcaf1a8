package org.mmu.spark;

import java.util.Locale;
import java.util.Map;

import org.mmu.core.MmuInputException;

/**
 * The options of {@code spark.read.format("mmu")}:
 * <ul>
 *   <li>{@code path} (or {@code load(path)}): the dataset, in any layout and storage the SDK reads;</li>
 *   <li>{@code index_only} ({@code true}/{@code false}, default false): read only the index —
 *       columns {@code object_id, ra, dec, healpix, partition, row} — and no data file;</li>
 *   <li>{@code cone} ({@code "RA,DEC,RADIUS_DEG"}, degrees): only objects within the cone; only
 *       the partitions whose HEALPix cell touches it are read.</li>
 * </ul>
 */
record ScanOptions(String location, boolean indexOnly, Cone cone) {
    static final String PATH = "path";
    static final String INDEX_ONLY = "index_only";
    static final String CONE = "cone";

    /** A cone on the sky, degrees. */
    record Cone(double raDeg, double decDeg, double radiusDeg) {
        Cone {
            if (!(decDeg >= -90 && decDeg <= 90) || !(raDeg >= 0 && raDeg <= 360) || !(radiusDeg > 0 && radiusDeg <= 180)) {
                throw new MmuInputException("option cone: expected RA in [0, 360], DEC in [-90, 90] and a radius in (0, 180] "
                        + "degrees, got ra=" + raDeg + ", dec=" + decDeg + ", radius=" + radiusDeg);
            }
        }
    }

    static ScanOptions of(Map<String, String> options) {
        String location = get(options, PATH);
        if (location == null || location.isBlank()) {
            throw new MmuInputException("format(\"mmu\") needs a dataset location: spark.read.format(\"mmu\").load(PATH)");
        }
        String indexOnly = get(options, INDEX_ONLY);
        boolean idx = false;
        if (indexOnly != null) {
            switch (indexOnly.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> idx = true;
                case "false" -> idx = false;
                default -> throw new MmuInputException("option index_only: expected true or false, got '" + indexOnly + "'");
            }
        }
        return new ScanOptions(location, idx, cone(get(options, CONE)));
    }

    private static Cone cone(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split(",");
        if (parts.length != 3) {
            throw new MmuInputException("option cone: expected \"RA,DEC,RADIUS_DEG\" in degrees, got '" + text + "'");
        }
        try {
            return new Cone(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()),
                    Double.parseDouble(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new MmuInputException("option cone: expected three numbers \"RA,DEC,RADIUS_DEG\", got '" + text + "'");
        }
    }

    /** Spark hands options case-insensitively; a plain map from tests is read the same way. */
    private static String get(Map<String, String> options, String key) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }
}
