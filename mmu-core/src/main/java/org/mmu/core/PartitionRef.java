package org.mmu.core;

import java.util.Objects;

/**
 * One data file of a dataset: where it lies on the sky (HEALPix {@code order}/{@code healpix},
 * NESTED, plus an object group inside that pixel, or -1), where it is (a path relative to the
 * dataset root, '/'-separated), its format, and its row count and size in bytes (-1 when
 * unknown). Immutable.
 */
public record PartitionRef(int order, long healpix, int objectGroupId, String path, DataFormat format,
        long rows, long bytes) {

    public PartitionRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        if (order < 0 || order > 29) {
            throw new MmuInputException("partition " + path + ": HEALPix order " + order + " is outside [0, 29]");
        }
        if (healpix < 0 || healpix >= 12L << (2 * order)) {
            throw new MmuInputException("partition " + path + ": HEALPix pixel " + healpix
                    + " does not exist at order " + order);
        }
    }

    /** {@code "healpix=1234/object_group_id=2"} style label for messages and reports. */
    public String label() {
        return "order=" + order + "/healpix=" + healpix + (objectGroupId >= 0 ? "/object_group_id=" + objectGroupId : "");
    }
}
