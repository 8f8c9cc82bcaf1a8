package org.mmu;

import java.nio.file.Path;

/**
 * What building a dataset produced.
 *
 * @param output       the dataset directory
 * @param objects      objects indexed
 * @param healpixCells distinct HEALPix cells holding objects
 * @param partitions   data files ({@code healpix=H/object_group_id=G/})
 * @param indexBytes   bytes of the {@code _index} files
 * @param dataBytes    bytes of the data partitions
 * @param seconds      wall time
 */
public record BuildSummary(Path output, long objects, long healpixCells, long partitions, long indexBytes,
        long dataBytes, double seconds) {
}
