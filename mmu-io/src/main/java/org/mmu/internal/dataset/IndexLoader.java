package org.mmu.internal.dataset;

import org.mmu.core.ObjectIndex;
import org.mmu.core.ProgressListener;

/** Builds a dataset's {@link ObjectIndex}: from {@code _index} files, or by scanning data files' coordinates. */
@FunctionalInterface
public interface IndexLoader {
    ObjectIndex load(ProgressListener progress);
}
