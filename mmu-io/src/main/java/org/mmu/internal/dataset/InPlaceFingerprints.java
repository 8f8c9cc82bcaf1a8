package org.mmu.internal.dataset;

import java.nio.file.Path;
import java.util.Optional;

import org.mmu.core.DatasetLayout;
import org.mmu.internal.storage.Fingerprint;
import org.mmu.internal.storage.ChecksummedStorage;
import org.mmu.internal.storage.Storage;

/**
 * Reads local inputs read in place (MMU v1, HATS) through their {@link Fingerprint} when one was
 * taken, and takes one first when asked ({@code mmu load --fingerprint}). Index-first datasets
 * carry their own checksums; flat catalogs and remote inputs are left as they are. Stateless.
 */
public final class InPlaceFingerprints {
    private InPlaceFingerprints() {
    }

    /** Whether a layout is read in place from files carrying no checksums of ours. */
    public static boolean readInPlace(DatasetLayout layout) {
        return layout == DatasetLayout.MMU_V1_HDF5 || layout == DatasetLayout.HATS;
    }

    /**
     * {@code where} with its storage verified by the input's fingerprint, if it has one (or
     * {@code take}: one is taken now, reading every file once).
     */
    public static LayoutProvider.Where protect(LayoutProvider.Where where, DatasetLayout layout, boolean take,
            Optional<Path> cacheDir, int threads) {
        if (!readInPlace(layout) || where.localPath().isEmpty() || where.storage().isEmpty()) {
            return where;
        }
        Path root = where.localPath().get();
        Optional<Fingerprint> fp = Fingerprint.find(root, cacheDir);
        if (fp.isEmpty() && take) {
            fp = Optional.of(Fingerprint.take(root, cacheDir, false, threads));
        }
        if (fp.isEmpty()) {
            return where;
        }
        Storage verified = ChecksummedStorage.of(where.storage().get(), fp.get());
        return new LayoutProvider.Where(where.location(), where.localPath(), Optional.of(verified));
    }
}
