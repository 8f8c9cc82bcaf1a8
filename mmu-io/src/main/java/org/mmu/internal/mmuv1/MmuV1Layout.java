package org.mmu.internal.mmuv1;

import java.util.Optional;

import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.internal.dataset.FixedIdColumn;
import org.mmu.internal.dataset.LayoutProvider;
import org.mmu.internal.dataset.CellPlacement;
import org.mmu.internal.dataset.OpenContext;

/** Multimodal Universe v1: {@code healpix=N/*.hdf5} files written by h5py. Its id column is fixed. */
public final class MmuV1Layout implements LayoutProvider {
    @Override
    public DatasetLayout layout() {
        return DatasetLayout.MMU_V1_HDF5;
    }

    @Override
    public int priority() {
        return 300;
    }

    @Override
    public boolean recognizes(Where where) {
        return where.storage().map(MmuV1Datasets::isMmuV1).orElse(false);
    }

    @Override
    public MmuDataset open(Where where, OpenContext context, Optional<String> idColumn) {
        return FixedIdColumn.require(MmuV1Datasets.open(where.requireStorage(), context.progress(), context.readThreads(),
                CellPlacement.of(context.lenientPositions())),
                idColumn);
    }
}
