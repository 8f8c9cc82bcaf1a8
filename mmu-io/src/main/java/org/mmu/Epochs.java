package org.mmu;

import org.mmu.core.MmuDataset;
import org.mmu.io.epoch.DatasetEpochSource;

/**
 * Where training epochs start: {@code Epochs.of(dataset)} or {@code Epochs.of(crossmatch)},
 * then shape the {@link Epoch} (shuffle, shard, batch size, resume) and open it.
 */
public final class Epochs {
    private Epochs() {
    }

    /** An unshuffled, unsharded epoch over every object of a dataset (its selected columns), batches of 256. */
    public static Epoch of(MmuDataset dataset) {
        return Epoch.over(new DatasetEpochSource(dataset));
    }
}
