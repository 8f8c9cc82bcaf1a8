package org.mmu;

import java.util.Objects;
import java.util.Optional;

import org.mmu.core.MmuInputException;

/**
 * How to read a HATS catalog. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * HatsOptions o = HatsOptions.builder().idColumn("source_id").build();
 * }</pre>
 *
 * <p>The object id column: the one given here, else the first present of a type-dependent list
 * ({@code object_id, id, source_id} for object, nested and margin catalogs; {@code source_id, id} for
 * source catalogs, whose {@code object_id} names the parent object and repeats), else ids
 * synthesized from the HEALPix column. See {@code docs/hats.md}.
 */
public final class HatsOptions {
    private static final HatsOptions DEFAULTS = new Builder().build();

    private final String idColumn;

    private HatsOptions(Builder b) {
        this.idColumn = b.idColumn;
    }

    public static HatsOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The id column chosen by the caller, if any. */
    public Optional<String> idColumn() {
        return Optional.ofNullable(idColumn);
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.idColumn = idColumn;
        return b;
    }

    @Override
    public String toString() {
        return "HatsOptions[idColumn=" + (idColumn == null ? "(default rule)" : idColumn) + "]";
    }

    /** Builds {@link HatsOptions}; {@link #build()} leaves the builder unchanged. Not thread-safe. */
    public static final class Builder {
        private String idColumn;

        private Builder() {
        }

        /** Uses this column as the object id (integers or strings, unique across the catalog). */
        public Builder idColumn(String column) {
            Objects.requireNonNull(column, "column");
            if (column.isBlank()) {
                throw new MmuInputException("idColumn must be a column name, got an empty string");
            }
            this.idColumn = column;
            return this;
        }

        public HatsOptions build() {
            return new HatsOptions(this);
        }
    }
}
