package org.mmu.core;

import java.util.Objects;

/**
 * One data file of a dataset: where it lies on the sky (HEALPix {@code order}/{@code healpix},
 * NESTED, plus an object group inside that pixel, or -1), where it is (a path relative to the
 * dataset root, '/'-separated), its format, and its row count and size in bytes (-1 when
 * unknown). Files of a flat catalog, not partitioned on the sky, have order and healpix -1.
 * Immutable.
 */
public record PartitionRef(int order, long healpix, int objectGroupId, String path, DataFormat format,
        long rows, long bytes) {

    public PartitionRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        boolean flatCatalogFile = order == -1 && healpix == -1; // no sky position
        if (!flatCatalogFile && (order < 0 || order > 29)) {
            throw new MmuInputException("partition " + path + ": HEALPix order " + order + " is outside [0, 29]");
        }
        if (!flatCatalogFile && (healpix < 0 || healpix >= 12L << (2 * order))) {
            throw new MmuInputException("partition " + path + ": HEALPix pixel " + healpix
                    + " does not exist at order " + order);
        }
    }

    /** Whether the file covers one HEALPix cell (false for flat catalogs). */
    public boolean isSkyPartitioned() {
        return order >= 0;
    }

    /** A flat-catalog file with no sky position. */
    public static PartitionRef unpartitioned(String path, DataFormat format, long rows, long bytes) {
        return new PartitionRef(-1, -1, -1, path, format, rows, bytes);
    }

    /** {@code "order=4/healpix=1234/object_group_id=2"} style label for messages and reports. */
    public String label() {
        if (!isSkyPartitioned()) {
            return path;
        }
        return "order=" + order + "/healpix=" + healpix + (objectGroupId >= 0 ? "/object_group_id=" + objectGroupId : "");
    }
}
