package org.mmu.core;

import java.util.Objects;

/**
 * Which data columns of a survey hold the object id and the position (ICRS degrees).
 *
 * @param id  the object id column (integers or strings)
 * @param ra  right ascension, degrees
 * @param dec declination, degrees
 */
public record CoordinateColumns(String id, String ra, String dec) {
    /** {@code object_id}, {@code ra}, {@code dec}: the Multimodal Universe's names. */
    public static final CoordinateColumns DEFAULT = new CoordinateColumns("object_id", "ra", "dec");

    public CoordinateColumns {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ra, "ra");
        Objects.requireNonNull(dec, "dec");
    }
}
