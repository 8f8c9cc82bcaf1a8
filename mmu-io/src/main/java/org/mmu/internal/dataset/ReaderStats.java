package org.mmu.internal.dataset;

/**
 * How partitions were read.
 *
 * @param rowLevelReads     partition reads that fetched only the pages/chunks holding the rows asked for
 * @param wholeReads        partition reads that decoded whole row groups/datasets (most rows wanted,
 *                          or the file has no page index)
 * @param noPageIndexFiles  reads that wanted row-level access but fell back because the file has no
 *                          Parquet page index
 */
public record ReaderStats(long rowLevelReads, long wholeReads, long noPageIndexFiles) {
    public static final ReaderStats ZERO = new ReaderStats(0, 0, 0);

    public ReaderStats plus(ReaderStats o) {
        return new ReaderStats(rowLevelReads + o.rowLevelReads, wholeReads + o.wholeReads,
                noPageIndexFiles + o.noPageIndexFiles);
    }
}
