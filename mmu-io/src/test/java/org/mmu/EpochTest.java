package org.mmu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.DataFormat;
import org.mmu.core.EpochBatch;
import org.mmu.core.EpochIterator;
import org.mmu.core.Example;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.core.Tensor;
import org.mmu.io.build.DatasetBuilder;
import org.mmu.io.catalog.CatalogDatasets;
import org.mmu.io.dataset.OpenContext;
import org.mmu.io.dataset.PartitionedDataset;
import org.mmu.io.testing.SyntheticSurvey;

/**
 * A training epoch delivers every object once, shuffled by partition order and a shuffle buffer,
 * split into disjoint shards, in fixed-size batches, resumable, reading each partition once.
 */
class EpochTest {
    static final int OBJECTS = 1500;
    @TempDir
    static Path dir;

    /** The same 1500 objects (2×8×8 images, variable-length spectra) as Parquet and as HDF5 partitions of ~75 rows. */
    @BeforeAll
    static void build() {
        double[][] pos = SyntheticSurvey.box(OBJECTS, 10, 30, -10, 10, 7);
        RowBatch cat = SyntheticSurvey.catalog(pos[0], pos[1], 1, 2, 8, true);
        for (DataFormat f : List.of(DataFormat.PARQUET, DataFormat.HDF5)) {
            try (PartitionedDataset src = CatalogDatasets.fromBatch("sky", cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
                DatasetBuilder.builder().order(6).objectsPerGroup(75).format(f).build().build(src, dir.resolve(f.label()));
            }
        }
    }

    static MmuDataset open(String format) {
        return MmuDatasets.load(dir.resolve(format));
    }

    static List<Long> ids(Epoch epoch) {
        List<Long> out = new ArrayList<>();
        try (EpochIterator it = epoch.open()) {
            while (it.hasNext()) {
                EpochBatch b = it.next();
                for (int i = 0; i < b.rowCount(); i++) {
                    out.add(b.ids().getLong(i));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "hdf5"})
    void shardsAreDisjointCoverEveryObjectAndAreBalanced(String format) {
        try (MmuDataset d = open(format)) {
            assertTrue(d.partitions().size() >= 10, "the fixture spreads over many partitions");
            Epoch epoch = Epochs.of(d).shuffle(11, 500).batchSize(64).epoch(2);
            Set<Long> seen = new HashSet<>();
            int total = 0;
            List<Integer> sizes = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                List<Long> shard = ids(epoch.shard(s, 3));
                sizes.add(shard.size());
                total += shard.size();
                seen.addAll(shard);
            }
            assertEquals(OBJECTS, total);
            assertEquals(OBJECTS, seen.size(), "no object in two shards");
            for (long id = 1; id <= OBJECTS; id++) {
                assertTrue(seen.contains(id), "object " + id + " delivered");
            }
            assertTrue(sizes.stream().mapToInt(i -> i).max().getAsInt() - sizes.stream().mapToInt(i -> i).min().getAsInt() <= 1,
                    "shards balanced by rows: " + sizes);
        }
    }

    @Test
    void theSameSeedGivesTheSameOrderAndEachEpochItsOwn() {
        try (MmuDataset d = open("parquet")) {
            Epoch e = Epochs.of(d.select("object_id")).shuffle(5, 400).batchSize(100);
            List<Long> first = ids(e.epoch(0));
            assertEquals(first, ids(e.epoch(0)));
            List<Long> next = ids(e.epoch(1));
            assertNotEquals(first, next);
            assertEquals(new HashSet<>(first), new HashSet<>(next), "every epoch delivers every object");
            assertNotEquals(first, ids(Epochs.of(d.select("object_id")).shuffle(6, 400).batchSize(100)));
            List<Long> sequential = ids(Epochs.of(d.select("object_id")).batchSize(100));
            assertNotEquals(sequential, first, "shuffled");
            assertTrue(displacedFraction(first) > 0.9, "rows are mixed, not in partition order");
        }
    }

    /** How many neighbours in delivery order are not neighbours in id order. */
    private static double displacedFraction(List<Long> order) {
        int far = 0;
        for (int i = 1; i < order.size(); i++) {
            if (Math.abs(order.get(i) - order.get(i - 1)) > 1) {
                far++;
            }
        }
        return far / (double) (order.size() - 1);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 256, 500, 749})
    void aResumedEpochIsTheTailOfTheFullEpoch(long start) {
        try (MmuDataset d = open("hdf5")) {
            Epoch e = Epochs.of(d).shuffle(3, 700).shard(1, 2).batchSize(64).epoch(4);
            List<Long> full = ids(e);
            List<Long> resumed = ids(e.startAt(Math.min(start, full.size())));
            assertEquals(full.subList((int) Math.min(start, full.size()), full.size()), resumed);
        }
    }

    @Test
    void batchesHaveTheChosenSizeAndTheLastIsPartialOrDropped() {
        try (MmuDataset d = open("parquet")) {
            Epoch e = Epochs.of(d.select("object_id", "flux")).shuffle(1, 1000).batchSize(128);
            List<Integer> sizes = new ArrayList<>();
            try (EpochIterator it = e.open()) {
                it.forEachRemaining(b -> sizes.add(b.rowCount()));
            }
            assertEquals(e.batchCount(), sizes.size());
            assertEquals(OBJECTS / 128 + 1, sizes.size());
            assertTrue(sizes.subList(0, sizes.size() - 1).stream().allMatch(s -> s == 128));
            assertEquals(OBJECTS % 128, sizes.get(sizes.size() - 1));
            assertEquals(OBJECTS / 128 * 128, ids(e.dropLast(true)).size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "hdf5"})
    void everyRowCarriesItsOwnObjectsDataAsTensorsAndArrow(String format) {
        try (MmuDataset d = open(format); RootAllocator arrow = new RootAllocator()) {
            try (EpochIterator it = Epochs.of(d).shuffle(9, 300).batchSize(50).open()) {
                EpochBatch b = it.next();
                for (Example ex : b.rows()) {
                    SyntheticSurvey.checkExample(ex);
                }
                for (int i = 0; i < b.rowCount(); i++) {
                    assertEquals(b.ids().getLong(i), b.rows().column("object_id").getLong(i), "ids align with rows");
                }
                Tensor image = b.tensor("image");
                assertArrayEquals(new int[] {50, 2, 8, 8}, image.shape());
                float[] px = image.floats();
                long id = b.ids().getLong(7);
                assertEquals(SyntheticSurvey.imageValue(id, 1, 2, 3), px[((7 * 2 + 1) * 8 + 2) * 8 + 3]);
                Tensor spectra = b.tensor("spectrum"); // lengths 5..11: padded with zeros to the longest
                int longest = spectra.shape()[1];
                assertEquals(2, spectra.shape().length);
                assertEquals(SyntheticSurvey.spectrumValue(id, 4), spectra.doubles()[7 * longest + 4]);
                if (SyntheticSurvey.spectrumLength(id) < longest) {
                    assertEquals(0.0, spectra.doubles()[7 * longest + longest - 1]);
                }
                assertArrayEquals(new int[] {50}, b.tensor("flux").shape());
                try (VectorSchemaRoot root = b.toArrow(arrow)) {
                    assertEquals(50, root.getRowCount());
                    assertEquals(b.rows().schema().names().size(), root.getFieldVectors().size());
                }
                assertThrows(MmuInputException.class, () -> b.tensor("image").doubles(), "float32 is not float64");
            }
        }
    }

    /** Counted bytes: a shuffled epoch reads each partition about once (the issue saw 59-158x for random 256-row reads). */
    @ParameterizedTest
    @ValueSource(strings = {"parquet", "hdf5"})
    void aShuffledEpochReadsTheDatasetAboutOnce(String format) {
        try (MmuDataset d = open(format)) {
            Epoch e = Epochs.of(d).shuffle(21, 256).batchSize(32);
            d.index();
            ReadStats read;
            try (EpochIterator it = e.open()) {
                it.forEachRemaining(b -> { });
                read = it.readStats();
            }
            long onDisk = e.datasetBytes();
            assertTrue(onDisk > 0);
            assertTrue(read.dataBytes() <= 1.2 * onDisk, format + ": read " + read.dataBytes() + " bytes of " + onDisk);
            assertEquals(OBJECTS, read.rowsRead(), "each row decoded once");
        }
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
        try (MmuDataset d = open("parquet")) {
            Epoch e = Epochs.of(d);
            assertTrue(assertThrows(MmuInputException.class, () -> e.shard(3, 3)).getMessage().contains("shard 3 of 3"));
            assertThrows(MmuInputException.class, () -> e.batchSize(0));
            assertThrows(MmuInputException.class, () -> e.shuffle(1, 0));
            assertTrue(assertThrows(MmuInputException.class, () -> e.startAt(OBJECTS + 1).open()).getMessage()
                    .contains("has " + OBJECTS + " rows"));
        }
    }

    @Test
    void anUnshuffledEpochIsTheDatasetInPartitionOrder() {
        try (MmuDataset d = open("hdf5")) {
            List<Long> sequential = new ArrayList<>();
            d.select("object_id").batches().forEachRemaining(b -> {
                for (int i = 0; i < b.rowCount(); i++) {
                    sequential.add(b.column("object_id").getLong(i));
                }
            });
            assertEquals(sequential, ids(Epochs.of(d.select("object_id")).batchSize(77)));
            long[] order = ids(Epochs.of(d).batchSize(77)).stream().mapToLong(Long::longValue).toArray();
            assertEquals(sequential.size(), Arrays.stream(order).distinct().count());
        }
    }
}
