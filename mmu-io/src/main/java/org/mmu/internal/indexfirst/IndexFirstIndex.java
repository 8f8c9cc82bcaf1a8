package org.mmu.internal.indexfirst;

import org.mmu.core.ObjectIndex;
import org.mmu.core.ProgressListener;
import org.mmu.internal.dataset.IndexLoader;
import org.mmu.internal.storage.Storage;

/**
 * The index of one version of an index-first dataset, with its filter (null: none): what
 * loaders in memory and region by region read, so both see the same version and rows.
 */
public record IndexFirstIndex(Storage storage, Manifest manifest, IndexFilter filter, int threads) implements IndexLoader {
    @Override
    public ObjectIndex load(ProgressListener progress) {
        return IndexFiles.load(storage, manifest, filter, threads, progress);
    }
}
