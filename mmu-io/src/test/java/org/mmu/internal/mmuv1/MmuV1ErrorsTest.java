package org.mmu.internal.mmuv1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuException;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.ProgressListener;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storages;

/**
 * Broken surveys ({@code mmu_v1_broken/*}): each failure is an {@link MmuFormatException} (the
 * file cannot be read as MMU v1) or {@link MmuInputException} (its data is invalid) whose
 * message names the file and the dataset, row or value concerned.
 */
class MmuV1ErrorsTest {
    private static final String FILE = "healpix=1134/001-of-001.hdf5";
    private static final String OTHER_FILE = "healpix=2277/001-of-001.hdf5";

    private static PartitionedDataset open(String brokenCase) {
        return MmuV1Datasets.open(MmuV1Fixtures.storage("mmu_v1_broken/" + brokenCase), ProgressListener.NONE, 2);
    }

    private static <T extends MmuException> String fails(Class<T> type, Executable action, String... mentions) {
        T x = assertThrows(type, action);
        String m = x.getMessage();
        for (String s : mentions) {
            assertTrue(m.contains(s), "'" + s + "' in: " + m);
        }
        return m;
    }

    @Test
    void aMissingCoordinateOrIdDatasetIsNamed() {
        fails(MmuFormatException.class, () -> open("missing_ra"), FILE, "no 'ra' dataset", "[dec, object_id]");
        fails(MmuFormatException.class, () -> open("missing_object_id"), FILE, "no 'object_id' dataset");
    }

    @Test
    void datasetsOfUnequalFirstDimension() {
        fails(MmuFormatException.class, () -> open("unequal_rows"), FILE, "'object_id' has 4 rows", "'mag' has 3");
    }

    @Test
    void aTruncatedFile() {
        fails(MmuFormatException.class, () -> open("truncated"), FILE, "truncated", "20480 bytes");
    }

    @Test
    void aLayoutJhdfCannotReadNamesJhdfsReason() {
        fails(MmuFormatException.class, () -> open("virtual_dataset"), FILE, "Virtual storage is not supported");
    }

    @Test
    void anUnsupportedFilterLeavesTheIndexUsableAndFailsOnlyThatColumn() {
        try (PartitionedDataset ds = open("szip_filter")) {
            assertTrue(ds.descriptor().properties().get("unreadable (filter not in jhdf)").toString().contains("szip"));
            assertEquals(4, ds.index().size());
            assertEquals(101L, ds.select("object_id").read(new int[] {1}).row(0).getLong("object_id"));
            fails(MmuFormatException.class, () -> ds.select("image").read(new int[] {1}), FILE, "'image'", "szip");
        }
    }

    @Test
    void aUint64ValueAboveLongMax() {
        try (PartitionedDataset ds = open("uint64_overflow")) {
            assertEquals(1L, ds.select("count").read(new int[] {1}).row(0).getLong("count"));
            fails(MmuInputException.class, () -> ds.select("count").read(new int[] {2}), FILE, "'count' row 2",
                    "9223372036854775815");
        }
    }

    @Test
    void nonFiniteCoordinatesNameFileRowAndId() {
        try (PartitionedDataset ds = open("nan_coords")) {
            fails(MmuInputException.class, ds::index, FILE, "object 101", "row 1", "ra=NaN");
        }
    }

    @Test
    void duplicateIdsNameBothFilesAndRows() {
        try (PartitionedDataset ds = open("duplicate_ids")) {
            fails(MmuInputException.class, ds::index, "duplicate object_id 102", FILE + " row 2", OTHER_FILE + " row 0");
        }
    }

    @Test
    void duplicateIdsAcrossSubsetsSuggestOpeningOneSubset(@TempDir Path dir) throws IOException {
        Path broken = MmuV1Fixtures.root().resolve("mmu_v1_broken/duplicate_ids");
        copy(broken.resolve(FILE), dir.resolve("pdr3_dud/" + FILE));
        copy(broken.resolve(OTHER_FILE), dir.resolve("pdr3_wide/" + OTHER_FILE));
        try (PartitionedDataset ds = MmuV1Datasets.open(Storages.local(dir), ProgressListener.NONE, 2)) {
            fails(MmuInputException.class, ds::index, "different subsets ('pdr3_dud' and 'pdr3_wide')",
                    "open one subset directory");
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    @Test
    void filesThatDisagreeOnAColumnsTypeOrRank() {
        fails(MmuFormatException.class, () -> open("dtype_conflict"), "column 'mag' is int64 here but float32 in",
                FILE, OTHER_FILE);
        fails(MmuFormatException.class, () -> open("rank_conflict"), "column 'flux' is float32 here but float32[3]",
                FILE, OTHER_FILE);
    }

    @Test
    void aPixelOutOfRange() {
        fails(MmuFormatException.class, () -> open("bad_pixel"), "healpix=3072", "0 to 3071");
    }
}
