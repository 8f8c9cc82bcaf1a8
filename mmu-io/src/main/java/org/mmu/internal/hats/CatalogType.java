package org.mmu.internal.hats;

import java.util.Locale;

/** The {@code dataproduct_type} of a HATS table, and what this reader does with it. */
enum CatalogType {
    /** One row per object: a survey catalog. */
    OBJECT,
    /** One row per object, with its detections in nested (list-of-struct) columns, which are listed as unreadable. */
    NESTED,
    /** One row per detection; {@code object_id} (if any) names the parent object and repeats. */
    SOURCE,
    /** Copies of a primary table's rows lying just outside each partition's pixel. */
    MARGIN,
    /** Maps values of one column to the partitions of a primary table; not sky-partitioned. */
    INDEX,
    /** Anything else (map, association, extension, ...): not read as survey data. */
    OTHER;

    static CatalogType of(String dataproductType) {
        return switch (dataproductType.toLowerCase(Locale.ROOT)) {
            case "object" -> OBJECT;
            case "nested" -> NESTED;
            case "source" -> SOURCE;
            case "margin" -> MARGIN;
            case "index" -> INDEX;
            default -> OTHER;
        };
    }

    /** Whether the table is partitioned on the sky and holds rows with positions. */
    boolean isSkyTable() {
        return this == OBJECT || this == NESTED || this == SOURCE || this == MARGIN;
    }
}
