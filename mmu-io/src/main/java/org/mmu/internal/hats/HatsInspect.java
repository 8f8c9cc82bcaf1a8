package org.mmu.internal.hats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mmu.internal.storage.Storage;

/** The human-readable facts about an opened HATS table that {@code mmu inspect} shows. */
final class HatsInspect {
    private HatsInspect() {
    }

    /**
     * @param collection the collection the table was opened through, or null
     * @param prefix     the table's directory inside the storage ({@code ""} or {@code "name/"})
     */
    static Map<String, Object> describe(HatsTable table, IdRule id, HatsProperties collection, String prefix) {
        Map<String, Object> info = new LinkedHashMap<>();
        HatsProperties props = table.properties();
        CatalogType type = table.type();
        info.put("format", "HATS " + table.version());
        info.put("catalog_type", type.name().toLowerCase(Locale.ROOT));
        putIfPresent(info, "builder", props.get(HatsProperties.BUILDER));
        putIfPresent(info, "created", props.get(HatsProperties.CREATED));
        if (collection != null) {
            info.put("collection", collection.get(HatsProperties.NAME));
            info.put("primary_table", prefix.substring(0, prefix.length() - 1));
            describeCollection(table.storage(), collection, info);
        }
        if (type == CatalogType.MARGIN) {
            info.put("margin_of", props.getOrDefault(HatsProperties.PRIMARY, "(hats_primary_table_url not stated)"));
            info.put("margin_threshold_arcsec", table.properties().getDouble(HatsProperties.MARGIN_THRESHOLD));
            info.put("margin_rows", "copies of the primary table's rows lying outside each partition's pixel; an object "
                    + "near a corner is in several partitions, the index lists it once (first copy in partition order)");
        }
        info.put("healpix_orders", table.orders());
        info.put("partitions_from", table.pixelSource());
        info.put("rows_from", table.rowSource());
        info.put("schema_from", table.schemaSource());
        info.put("npix_suffix", table.npixSuffix());
        info.put("coordinates", table.raColumn() + ", " + table.decColumn() + " (hats_col_ra, hats_col_dec; icrs, deg)");
        info.put("object_id", id.description());
        info.put("healpix_column", table.healpixColumn() == null
                ? "none: rows are not checked against their partition's pixel"
                : table.healpixColumn() + " (order " + table.healpixOrder() + ")" + (type == CatalogType.MARGIN
                        ? "" : ": every row is checked against its partition's pixel when the index loads"));
        if (!table.unsupportedColumns().isEmpty()) {
            info.put("unreadable_columns", table.unsupportedColumns());
        }
        return info;
    }

    /** Margins (with thresholds) and indexes a collection lists, for {@code mmu inspect}. */
    private static void describeCollection(Storage storage, HatsProperties collection, Map<String, Object> info) {
        List<String> margins = new ArrayList<>();
        String def = collection.get(HatsProperties.DEFAULT_MARGIN);
        for (String m : collection.getList(HatsProperties.ALL_MARGINS)) {
            String label = m;
            HatsProperties mp = null;
            try {
                mp = HatsProperties.readTable(storage, HatsDatasets.relativeDir(collection, m, "margin"));
            } catch (RuntimeException e) {
                label += " (unreadable: " + e.getMessage() + ")";
            }
            if (mp != null) {
                double t = mp.getDouble(HatsProperties.MARGIN_THRESHOLD);
                label += Double.isNaN(t) ? "" : " (" + t + " arcsec)";
            } else if (!label.contains("unreadable")) {
                label += " (missing)";
            }
            margins.add(label + (m.equals(def) ? " [default]" : ""));
        }
        info.put("margins", margins);
        info.put("margins_used", "no: the primary table holds each object once; HatsDatasets.openMargin reads a "
                + "partition's margin");
        info.put("indexes", collection.getPairs(HatsProperties.ALL_INDEXES));
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
