package org.mmu.internal.hats;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.mmu.core.MmuFormatException;
import org.mmu.internal.storage.Storage;

/**
 * One HATS properties file ({@code hats.properties}, the legacy {@code properties}, or a
 * {@code collection.properties}): Java-properties text, parsed once, with typed accessors for
 * the keys this reader uses. Immutable.
 */
final class HatsProperties {
    static final String NAME = "obs_collection";
    static final String TYPE = "dataproduct_type";
    static final String NROWS = "hats_nrows";
    static final String RA = "hats_col_ra";
    static final String DEC = "hats_col_dec";
    static final String HEALPIX = "hats_col_healpix";
    static final String HEALPIX_ORDER = "hats_col_healpix_order";
    static final String NPIX_SUFFIX = "hats_npix_suffix";
    static final String VERSION = "hats_version";
    static final String BUILDER = "hats_builder";
    static final String CREATED = "hats_creation_date";
    static final String PRIMARY = "hats_primary_table_url";
    static final String MARGIN_THRESHOLD = "hats_margin_threshold";
    static final String INDEX_COLUMN = "hats_index_column";
    static final String ALL_MARGINS = "all_margins";
    static final String DEFAULT_MARGIN = "default_margin";
    static final String ALL_INDEXES = "all_indexes";
    static final String ORDER = "hats_order";
    static final String SKY_FRACTION = "moc_sky_fraction";
    static final String MAX_ROWS = "hats_max_rows";
    static final String SKYMAP_ORDER = "hats_skymap_order";
    static final String ESTSIZE = "hats_estsize";
    static final String RELEASE_DATE = "hats_release_date";

    /** Highest {@code hats_version} major this reader understands. */
    static final int SUPPORTED_MAJOR = 1;

    private final String location;
    private final Map<String, String> values;

    private HatsProperties(String location, Map<String, String> values) {
        this.location = location;
        this.values = values;
    }

    /**
     * Reads {@code hats.properties}, falling back to the legacy {@code properties} (hats writes both;
     * older catalogs only the latter), under {@code prefix}. Null when neither exists.
     */
    static HatsProperties readTable(Storage storage, String prefix) {
        for (String name : List.of(HatsPaths.PROPERTIES, HatsPaths.LEGACY_PROPERTIES)) {
            String path = HatsPaths.join(prefix, name);
            if (storage.exists(path)) {
                return read(storage, path);
            }
        }
        return null;
    }

    /** Reads one properties file (which must exist). */
    static HatsProperties read(Storage storage, String path) {
        String location = storage.location() + "/" + path;
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(new java.io.ByteArrayInputStream(storage.readAll(path)),
                StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new MmuFormatException(location, "not a readable properties file", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> values.put(k, p.getProperty(k).trim()));
        return new HatsProperties(location, values);
    }

    /** The file, for messages. */
    String location() {
        return location;
    }

    /** A value, or null when the key is absent or empty. */
    String get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    String getOrDefault(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    /** Whether any key is a HATS key: tells a HATS {@code properties} file from a HiPS one. */
    boolean hasHatsKeys() {
        return values.keySet().stream().anyMatch(k -> k.startsWith("hats_"));
    }

    /** An integer value, or {@code fallback} when absent; a malformed number is an error naming the key. */
    long getLong(String key, long fallback) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MmuFormatException(location, key + "=" + v + " is not an integer");
        }
    }

    /** A decimal value, or NaN when absent. */
    double getDouble(String key) {
        String v = get(key);
        if (v == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new MmuFormatException(location, key + "=" + v + " is not a number");
        }
    }

    /** A list value: hats separates items by spaces, commas, semicolons or newlines. */
    List<String> getList(String key) {
        String v = get(key);
        if (v == null) {
            return List.of();
        }
        return Arrays.stream(v.split("[;,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    /** A map value written as alternating keys and values ({@code all_indexes=id id_index band band_index}). */
    Map<String, String> getPairs(String key) {
        List<String> items = getList(key);
        if (items.size() % 2 != 0) {
            throw new MmuFormatException(location, key + " must list pairs of column and index catalog, got " + items);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            out.put(items.get(i), items.get(i + 1));
        }
        return out;
    }

    /** Fails naming every missing key (and what it is for) at once. */
    void require(String what, String... keys) {
        List<String> missing = new ArrayList<>();
        for (String k : keys) {
            if (get(k) == null) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            throw new MmuFormatException(location, what + " requires " + String.join(", ", missing)
                    + (missing.size() == 1 ? ", which is" : ", which are") + " missing; keys present: " + values.keySet());
        }
    }

    /**
     * Checks {@code hats_version}: majors 0 ({@code v0.1}, written by hats 0.4–0.5 before the IVOA
     * Note; same layout) and 1 are read; anything else is refused rather than misread. A missing
     * version is read as v1 (hand-made catalogs often omit it).
     */
    String checkVersion() {
        String v = get(VERSION);
        if (v == null) {
            return "(hats_version not stated; read as v1)";
        }
        String digits = v.startsWith("v") || v.startsWith("V") ? v.substring(1) : v;
        int major;
        try {
            major = Integer.parseInt(digits.split("\\.", 2)[0].trim());
        } catch (NumberFormatException e) {
            throw new MmuFormatException(location, "hats_version=" + v + " is not a version like v1.0");
        }
        if (major < 0 || major > SUPPORTED_MAJOR) {
            throw new MmuFormatException(location, "hats_version=" + v + " is not supported: this reader understands "
                    + "HATS v0.x and v1.x (IVOA Note 1.0); upgrade mmu-java or re-import the catalog with a matching hats");
        }
        return v;
    }
}
