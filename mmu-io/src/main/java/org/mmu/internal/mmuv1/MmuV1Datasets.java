package org.mmu.internal.mmuv1;

import org.mmu.core.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.mmu.core.DataFormat;
import org.mmu.core.DatasetLayout;
import org.mmu.core.PartitionRef;
import org.mmu.core.ProgressListener;
import org.mmu.internal.dataset.CellPlacement;
import org.mmu.internal.dataset.DatasetDescriptor;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storage;

/**
 * Reads Multimodal Universe v1 surveys in place: HDF5 files written by h5py, one per HEALPix
 * pixel (NSIDE 16, NESTED: order 4) or several ({@code NNN-of-MMM}), under {@code healpix=N}
 * directories, one top-level dataset per column with the object as first dimension.
 *
 * <pre>{@code
 * Storage root = Storages.local(Path.of("/data/mmu/hsc/pdr3_dud_22.5"));
 * if (MmuV1Datasets.isMmuV1(root)) {
 *     try (PartitionedDataset hsc = MmuV1Datasets.open(root, ProgressListener.NONE, 8)) {
 *         ObjectIndex index = hsc.index();                 // object_id, ra, dec of every file
 *         RowBatch two = hsc.select("object_id", "image_array").read(new int[] {5, 17});
 *     }
 * }
 * }</pre>
 *
 * <p>The root may be a subset directory ({@code hsc/pdr3_dud_22.5}), a survey directory holding
 * subsets, or any directory above {@code healpix=N} directories ({@code tess/spoc/<sector>/}):
 * all files found below it form one dataset, as long as they agree on each column's type and
 * rank (a conflict is an error naming both files). See {@code docs/mmu-v1.md}.
 *
 * <p>Stateless and thread-safe; the datasets it opens are safe for concurrent reads.
 */
public final class MmuV1Datasets {
    /** HEALPix order of MMU v1 pixel directories (NSIDE 16). */
    public static final int ORDER = 4;

    private MmuV1Datasets() {
    }

    /**
     * Whether the storage root holds an MMU v1 survey: HDF5 files below {@code healpix=N}
     * directories and no index-first manifest ({@code mmu_dataset.json}) or HATS properties.
     * Lists the root (recursively); storages that cannot list are not recognised.
     */
    public static boolean isMmuV1(Storage storage) {
        return MmuV1Discovery.isMmuV1(storage);
    }

    /**
     * Opens an MMU v1 survey: finds its files and reads their metadata (in parallel), so the
     * schema, partitions and row counts are known; the index is read on first use, data rows
     * only when asked for. The dataset owns the storage from then on (closing it closes the
     * storage).
     *
     * @param threads files probed, indexed and read concurrently (I/O bound; more than the core
     *                count helps on remote storage)
     * @throws org.mmu.core.MmuFormatException when no files are found, a pixel number is out of
     *         range, a file is unreadable or lacks object_id/ra/dec, or files disagree on a column
     */
    public static PartitionedDataset open(Storage storage, ProgressListener progress, int threads) {
        return open(storage, progress, threads, CellPlacement.of(false));
    }

    /**
     * As {@link #open(Storage, ProgressListener, int)}, with a policy for objects outside their
     * file's {@code healpix=N} cell (checked when the index is built).
     */
    public static PartitionedDataset open(Storage storage, ProgressListener progress, int threads, CellPlacement cells) {
        List<MmuV1File> files = MmuV1Discovery.discover(storage);
        String stage = "open " + storage.location();
        AtomicLong done = new AtomicLong();
        List<MmuV1Probe> probes = Parallel.map(files.size(), threads, stage, i -> {
            MmuV1Probe p = MmuV1Probe.probe(storage, files.get(i));
            progress.onProgress(stage, done.incrementAndGet(), files.size());
            return p;
        });
        MmuV1Survey survey = MmuV1Survey.of(storage.location(), probes);
        List<PartitionRef> partitions = new ArrayList<>(probes.size());
        long size = 0;
        for (MmuV1Probe p : probes) {
            partitions.add(new PartitionRef(ORDER, p.file().healpix(), -1, p.file().path(), DataFormat.HDF5, p.rows(),
                    p.bytes()));
            size += p.rows();
        }
        DatasetDescriptor descriptor = new DatasetDescriptor(survey.name(), storage.location(),
                DatasetLayout.MMU_V1_HDF5, survey.schema(), partitions, size, survey.properties());
        return new PartitionedDataset(descriptor, storage, new MmuV1PartitionReader(storage),
                new MmuV1IndexLoader(survey.name(), storage, partitions, survey.idType(), threads, cells), progress, threads);
    }
}
