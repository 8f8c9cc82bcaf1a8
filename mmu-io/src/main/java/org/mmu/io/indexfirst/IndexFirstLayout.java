package org.mmu.io.indexfirst;

import java.util.Optional;

import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.io.dataset.FixedIdColumn;
import org.mmu.io.dataset.FixedIdColumn;
import org.mmu.io.dataset.LayoutProvider;
import org.mmu.io.dataset.OpenContext;

/** Our layout: a {@code mmu_dataset.json} manifest. Its id column is the manifest's. */
public final class IndexFirstLayout implements LayoutProvider {
    @Override
    public DatasetLayout layout() {
        return DatasetLayout.INDEX_FIRST;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean recognizes(Where where) {
        return where.storage().map(IndexFirstDatasets::isIndexFirst).orElse(false);
    }

    @Override
    public MmuDataset open(Where where, OpenContext context, Optional<String> idColumn) {
        return FixedIdColumn.require(IndexFirstDatasets.open(where.requireStorage(), context), idColumn);
    }
}
