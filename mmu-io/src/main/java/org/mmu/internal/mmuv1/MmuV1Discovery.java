package org.mmu.internal.mmuv1;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.mmu.core.MmuFormatException;
import org.mmu.internal.storage.Storage;

/**
 * Finds the data files of an MMU v1 survey under a storage root: every {@code .hdf5}/{@code .h5}
 * file below a {@code healpix=N} directory, at any depth ({@code healpix=N/001-of-001.hdf5},
 * {@code pdr3_dud_22.5/healpix=N/...}, {@code spoc/s0001/healpix=N/tic_123.hdf5}). Files are
 * ordered by pixel, then path; that order is the partition order.
 */
final class MmuV1Discovery {
    /** Files that mark another layout at the root. */
    private static final List<String> OTHER_LAYOUT_MARKERS = List.of("mmu_dataset.json", "hats.properties");

    private MmuV1Discovery() {
    }

    /**
     * Whether the root looks like an MMU v1 survey: no index-first manifest or HATS properties,
     * and at least one HDF5 file below a {@code healpix=N} directory. Lists the root; a storage
     * that cannot list (plain HTTP) is not recognised.
     */
    static boolean isMmuV1(Storage storage) {
        for (String marker : OTHER_LAYOUT_MARKERS) {
            if (storage.exists(marker)) {
                return false;
            }
        }
        List<String> paths;
        try {
            paths = storage.list("");
        } catch (UnsupportedOperationException | MmuFormatException e) {
            return false;
        }
        for (String p : paths) {
            try {
                if (MmuV1File.parse(p, storage.location()) != null) {
                    return true;
                }
            } catch (MmuFormatException e) {
                return true; // it is MMU v1, with a bad pixel directory that open() will report
            }
        }
        return false;
    }

    /** The survey's data files in partition order; none is an error naming the root. */
    static List<MmuV1File> discover(Storage storage) {
        List<MmuV1File> files = new ArrayList<>();
        for (String p : storage.list("")) {
            MmuV1File f = MmuV1File.parse(p, storage.location());
            if (f != null) {
                files.add(f);
            }
        }
        if (files.isEmpty()) {
            throw new MmuFormatException(storage.location(), "no MMU v1 data files: expected .hdf5 or .h5 files"
                    + " below healpix=N directories, e.g. healpix=1104/001-of-001.hdf5");
        }
        files.sort(Comparator.comparingInt(MmuV1File::healpix).thenComparing(MmuV1File::path));
        return files;
    }

    /**
     * {@code NNN-of-MMM} files that should exist next to the ones found but do not, e.g.
     * {@code "healpix=12/002-of-002.hdf5"}: a partial download or upload.
     */
    static List<String> missingShards(List<MmuV1File> files) {
        Map<String, TreeSet<Integer>> seen = new TreeMap<>();
        Map<String, Integer> expected = new TreeMap<>();
        Map<String, String> extension = new TreeMap<>();
        for (MmuV1File f : files) {
            if (f.shard() > 0) {
                String dir = f.pixelDirPath();
                seen.computeIfAbsent(dir, k -> new TreeSet<>()).add(f.shard());
                expected.merge(dir, f.shards(), Math::max);
                extension.put(dir, f.path().substring(f.path().lastIndexOf('.')));
            }
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            int of = e.getValue();
            for (int i = 1; i <= of; i++) {
                if (!seen.get(e.getKey()).contains(i)) {
                    missing.add(e.getKey() + "/" + String.format("%03d-of-%03d", i, of) + extension.get(e.getKey()));
                }
            }
        }
        return missing;
    }
}
