package org.mmu.io.hats;

import java.util.Optional;

import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.io.dataset.LayoutProvider;
import org.mmu.io.dataset.OpenContext;

/** HATS catalogs: a {@code hats.properties} file. The id column is a choice ({@link HatsOptions}). */
public final class HatsLayout implements LayoutProvider {
    @Override
    public DatasetLayout layout() {
        return DatasetLayout.HATS;
    }

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public boolean recognizes(Where where) {
        return where.storage().map(HatsDatasets::isHats).orElse(false);
    }

    @Override
    public MmuDataset open(Where where, OpenContext context, Optional<String> idColumn) {
        HatsOptions hats = idColumn.map(id -> HatsOptions.builder().idColumn(id).build()).orElse(HatsOptions.defaults());
        return HatsDatasets.open(where.requireStorage(), context, hats);
    }
}
