package org.mmu;

import org.mmu.core.MmuDataset;
import org.mmu.internal.epoch.DatasetEpochSource;

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

    /**
     * An epoch over the match rows of a crossmatch-load (inner joins: every row pairs an object of
     * each survey). A batch holds every survey's columns as {@code <survey>_<column>} plus the
     * separation, and each survey's ids. A crossmatch-load reads only indices; the epoch reads the
     * matched data in epoch order through the load's fetch: per reference partition when the load
     * holds its match rows, or, when it is {@linkplain CrossMatchedDatasets#isStreamed() streamed},
     * sky region by sky region (a shuffled epoch moves whole regions; each is matched when the
     * epoch reaches it, so memory holds the regions in flight, not the match). Sizing a streamed
     * epoch matches every region once, without reading data, here.
     */
    public static Epoch of(CrossMatchedDatasets matches) {
        return Epoch.over(new CrossMatchEpochSource(matches));
    }
}
