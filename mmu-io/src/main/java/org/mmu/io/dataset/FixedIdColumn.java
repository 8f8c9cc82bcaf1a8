package org.mmu.io.dataset;

import java.util.Optional;

import org.mmu.core.MmuInputException;

/** For layouts that name their own id column (index-first, MMU v1): a different one asked for is an error, not ignored. */
public final class FixedIdColumn {
    private FixedIdColumn() {
    }

    /** Returns {@code ds}, or closes it and explains when {@code asked} differs from its own id column. */
    public static PartitionedDataset require(PartitionedDataset ds, Optional<String> asked) {
        String own = ds.descriptor().coordinates().id();
        if (asked.isPresent() && !asked.get().equals(own)) {
            String layout = ds.layout().label();
            ds.close();
            throw new MmuInputException(ds.location() + ": this " + layout + " dataset's id column is '" + own
                    + "'; idColumn applies to HATS and CSV/Parquet catalogs");
        }
        return ds;
    }
}
