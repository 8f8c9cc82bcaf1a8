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
    private final String leafPathTemplate;

    private HatsOptions(Builder b) {
        this.idColumn = b.idColumn;
        this.leafPathTemplate = b.leafPathTemplate;
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

    /** Where each partition's file lives, when not in the Norder/Dir/Npix tree; see {@link Builder#leafPathTemplate}. */
    public Optional<String> leafPathTemplate() {
        return Optional.ofNullable(leafPathTemplate);
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.idColumn = idColumn;
        b.leafPathTemplate = leafPathTemplate;
        return b;
    }

    @Override
    public String toString() {
        return "HatsOptions[idColumn=" + (idColumn == null ? "(default rule)" : idColumn)
                + (leafPathTemplate == null ? "" : ", leafPathTemplate=" + leafPathTemplate) + "]";
    }

    /** Builds {@link HatsOptions}; {@link #build()} leaves the builder unchanged. Not thread-safe. */
    public static final class Builder {
        private String idColumn;
        private String leafPathTemplate;

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

        /**
         * Reads each partition from this path, relative to the catalog directory, instead of
         * {@code dataset/Norder=K/Dir=D/Npix=N.parquet}: {@code {order}}, {@code {dir}} and
         * {@code {npix}} are replaced by the pixel's numbers, e.g. {@code "parquet/{order}_{npix}.parquet"}
         * (what LSDB's {@code path_generator} does). Pixels still come from {@code partition_info.csv}
         * or {@code _metadata}.
         */
        public Builder leafPathTemplate(String template) {
            Objects.requireNonNull(template, "template");
            if (!template.contains("{order}") || !template.contains("{npix}") || template.startsWith("/")
                    || template.contains("://") || java.util.List.of(template.split("/")).contains("..")) {
                throw new MmuInputException("leafPathTemplate '" + template + "' must be a path inside the catalog "
                        + "naming {order} and {npix}, e.g. parquet/{order}_{npix}.parquet");
            }
            this.leafPathTemplate = template;
            return this;
        }

        public HatsOptions build() {
            return new HatsOptions(this);
        }
    }
}
