package org.mmu.io.dataset;

import java.nio.file.Path;
import java.util.Optional;

import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.io.storage.Storage;

/**
 * A dataset layout {@code MmuDatasets.load} can detect and open, found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.mmu.io.dataset.LayoutProvider}).
 * Detection asks the providers in {@link #priority()} order; the first that recognizes a
 * location opens it. Implementations are stateless and thread-safe, with a public no-argument
 * constructor.
 */
public interface LayoutProvider {

    /** Where a dataset is: its location as given, the local path (for {@code file:} locations) and its storage. */
    record Where(String location, Optional<Path> localPath, Optional<Storage> storage) {
        /** The storage; an error if the location is a single local file (only catalogs are). */
        public Storage requireStorage() {
            return storage.orElseThrow(() -> new IllegalStateException(location + " is a file, not a dataset directory"));
        }
    }

    /** The layout opened datasets report. */
    DatasetLayout layout();

    /** Detection order, lowest first: more specific markers before looser rules. */
    int priority();

    /** Whether the dataset at {@code where} is in this layout, reading metadata only. */
    boolean recognizes(Where where);

    /**
     * Opens the dataset (metadata only). {@code idColumn} is the id column the caller asked for,
     * if any: a layout whose id column is fixed refuses a different one.
     */
    MmuDataset open(Where where, OpenContext context, Optional<String> idColumn);
}
