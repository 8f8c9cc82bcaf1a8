package org.mmu.internal.dataset;

import org.mmu.core.ObjectIndex;
import org.mmu.core.ProgressListener;

/** Builds a dataset's {@link ObjectIndex}: from {@code _index} files, or by scanning data files' coordinates. */
@FunctionalInterface
public interface IndexLoader {
    ObjectIndex load(ProgressListener progress);

    /** Objects found outside their file's HEALPix cell and kept (lenient positions); 0 before {@link #load}. */
    default long positionsTolerated() {
        return 0;
    }
}
