package org.mmu.internal.hdf5;

import java.util.List;
import java.util.Objects;

import org.mmu.core.ColumnSpec;

/**
 * What the metadata of one top-level HDF5 dataset says about it as a column, without reading its
 * data: the column it reads as (element type after widening, per-row shape = the dataset's
 * dimensions after the first), how it is stored, and why it cannot be read if it cannot.
 * Immutable.
 *
 * @param name        the dataset name
 * @param spec        the column it reads as, or {@code null} when {@link #unsupported()} is set
 * @param rows        the first dimension; -1 for a rank-0 (scalar) dataset
 * @param kind        how the elements are encoded
 * @param storedType  the type in the file, e.g. {@code "uint16"}, {@code ">f4"},
 *                    {@code "fixed bytes[24] ascii"}, {@code "vlen utf-8"}, {@code "enum bool"}
 * @param bigEndian   whether numbers are stored big-endian (FITS-derived columns)
 * @param layout      {@code "contiguous"}, {@code "chunked"} or {@code "compact"}
 * @param chunkRows   rows per chunk for chunked datasets, else 0
 * @param filters     filter names in pipeline order ({@code deflate}, {@code shuffle}, {@code lzf}),
 *                    or {@code unavailable: ...} when jhdf lacks one of them
 * @param unsupported why the dataset cannot be read as a column, or {@code null}
 */
public record Hdf5ColumnInfo(String name, ColumnSpec spec, long rows, Kind kind, String storedType,
        boolean bigEndian, String layout, int chunkRows, List<String> filters, String unsupported) {

    /** How a dataset's elements are encoded. */
    public enum Kind {
        /** Integers or floating point (any width, either byte order). */
        NUMBER,
        /** h5py's bool: an enum {@code FALSE=0, TRUE=1}. */
        BOOL,
        /** Another enum: read as the member names. */
        ENUM,
        /** Fixed-length byte strings (numpy {@code S}), decoded as US-ASCII. */
        FIXED_BYTES,
        /** Fixed-length UTF-8 strings. */
        FIXED_UTF8,
        /** Variable-length strings (ASCII or UTF-8). */
        VLEN_STRING,
        /** Anything else: compound, array, reference, opaque, bitfield, ragged numbers. */
        OTHER
    }

    public Hdf5ColumnInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        filters = List.copyOf(filters);
        if ((spec == null) == (unsupported == null)) {
            throw new IllegalArgumentException("dataset '" + name + "': give a spec or a reason it is unsupported");
        }
    }

    /** Whether the dataset can be read as a column. */
    public boolean readable() {
        return unsupported == null;
    }

    /** Whether the values are text. */
    public boolean isString() {
        return kind == Kind.FIXED_BYTES || kind == Kind.FIXED_UTF8 || kind == Kind.VLEN_STRING || kind == Kind.ENUM;
    }

    /** Whether a filter in the pipeline is not available in jhdf (reading the data will fail). */
    public boolean hasUnavailableFilter() {
        return filters.stream().anyMatch(f -> f.startsWith("unavailable"));
    }
}
