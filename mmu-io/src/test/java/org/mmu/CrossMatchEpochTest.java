package org.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.EpochBatch;
import org.mmu.core.EpochIterator;
import org.mmu.core.MmuInputException;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.testing.SyntheticSurvey;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.JoinType;

/**
 * An epoch over a crossmatch delivers every match row once, with each survey's data of exactly
 * its own object, shuffled, sharded and resumable like a dataset epoch.
 */
class CrossMatchEpochTest {
    @TempDir
    static Path dir;

    /** "img": 1000 objects with images; "spec": 400 of them re-observed 0.1" away, with spectra, plus 100 loners. */
    @BeforeAll
    static void build() {
        double[][] pos = SyntheticSurvey.box(1000, 100, 115, 20, 35, 3);
        write("img", SyntheticSurvey.catalog(pos[0], pos[1], 1, 1, 4, false), 50);
        java.util.Random r = new java.util.Random(4);
        double[] ra = new double[500];
        double[] dec = new double[500];
        for (int i = 0; i < 500; i++) {
            if (i < 400) {
                ra[i] = pos[0][i * 2] + 0.1 / 3600;
                dec[i] = pos[1][i * 2];
            } else {
                ra[i] = 130 + r.nextDouble();
                dec[i] = 20 + r.nextDouble();
            }
        }
        write("spec", SyntheticSurvey.catalog(ra, dec, 1_000_001, 0, 0, true), 75);
    }

    private static void write(String name, RowBatch cat, int perGroup) {
        try (PartitionedDataset src = CatalogDatasets.fromBatch(name, cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().order(6).objectsPerGroup(perGroup).build().build(src, dir.resolve(name));
        }
    }

    /** A crossmatch-load: nothing but the indices is read until the epoch runs. */
    static CrossMatchedDatasets lazyLoad() {
        return MmuDatasets.load(dir.toString(), CrossMatch.of("img", "spec").radiusArcsec(1).build());
    }

    /**
     * The same load matched region by region (indices larger than the regions in flight) with a
     * prefetch window of a few dozen rows: the epoch's units are pieces of sky regions.
     */
    static CrossMatchedDatasets regionalLoad() {
        LoadOptions o = LoadOptions.builder().regionBudgetBytes(2_000).prefetchBytes(128 << 10).build();
        CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), CrossMatch.of("img", "spec").radiusArcsec(1).build(), o);
        assertTrue(m.isStreamed(), m.regionsSummary());
        return m;
    }

    /** Both ways a crossmatch-load holds its match: whole (one region), and streamed region by region. */
    static List<java.util.function.Supplier<CrossMatchedDatasets>> loads() {
        return List.of(CrossMatchEpochTest::lazyLoad, CrossMatchEpochTest::regionalLoad);
    }

    /** "imgId spec Id" per delivered row, checking each row's data belongs to its ids. */
    static List<String> pairs(Epoch epoch) {
        List<String> out = new ArrayList<>();
        try (EpochIterator it = epoch.open()) {
            while (it.hasNext()) {
                EpochBatch b = it.next();
                RowBatch rows = b.rows();
                for (int i = 0; i < b.rowCount(); i++) {
                    long img = b.ids("img").getLong(i);
                    long spec = b.ids("spec").getLong(i);
                    assertEquals(img, rows.column("img_object_id").getLong(i));
                    assertEquals(spec * 0.5, rows.column("spec_flux").getDouble(i));
                    assertEquals(SyntheticSurvey.spectrumLength(spec), rows.column("spec_spectrum").rowElements(i));
                    assertEquals(SyntheticSurvey.imageValue(img, 0, 1, 2), b.tensor("img_image").floats()[i * 16 + 6]);
                    assertTrue(rows.column("separation_arcsec").getDouble(i) < 1);
                    out.add(img + " " + spec);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("loads")
    void everyMatchRowComesOnceWithItsOwnObjectsData(java.util.function.Supplier<CrossMatchedDatasets> load) {
        try (CrossMatchedDatasets m = load.get()) {
            assertEquals(400, m.size());
            Set<String> expected = new HashSet<>();
            RowBatch table = m.matchTable();
            for (int i = 0; i < m.size(); i++) {
                expected.add(table.column("left_object_id").getLong(i) + " " + table.column("right_object_id").getLong(i));
            }
            Epoch e = Epochs.of(m).shuffle(8, 100).batchSize(64);
            List<String> all = pairs(e);
            assertEquals(400, all.size());
            assertEquals(expected, new HashSet<>(all));
            assertEquals(all, pairs(e), "same seed, same order");
            assertNotEquals(all, pairs(e.epoch(1)));

            Set<String> sharded = new HashSet<>();
            int total = 0;
            for (int s = 0; s < 3; s++) {
                List<String> part = pairs(e.shard(s, 3));
                total += part.size();
                sharded.addAll(part);
            }
            assertEquals(400, total);
            assertEquals(expected, sharded);
            assertEquals(all.subList(160, 400), pairs(e.startAt(160)));
        }
    }

    @ParameterizedTest
    @MethodSource("loads")
    void aCrossmatchEpochReadsTheMatchedDataAboutOnce(java.util.function.Supplier<CrossMatchedDatasets> load) {
        try (CrossMatchedDatasets m = load.get()) {
            assertEquals(0, m.report().rowsRead(), "loading read no data rows");
            assertEquals(0, m.report().partitionsRead(), "loading opened no data partition");
            Epoch e = Epochs.of(m).shuffle(2, 100).batchSize(32);
            ReadStats read;
            try (EpochIterator it = e.open()) {
                it.forEachRemaining(b -> { });
                read = it.readStats();
            }
            assertEquals(800, read.rowsRead(), "400 rows of each survey");
            assertTrue(read.dataBytes() <= 1.2 * e.datasetBytes(), read.dataBytes() + " of " + e.datasetBytes());
        }
    }

    @Test
    void outerJoinsAreRefusedBecauseTheirRowsLackAPartner() {
        CrossMatch outer = CrossMatch.of("img", "spec").radiusArcsec(1).join(JoinType.ALL_ONE).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), outer)) {
            MmuInputException x = assertThrows(MmuInputException.class, () -> Epochs.of(m));
            assertTrue(x.getMessage().contains("no 'spec' object"), x.getMessage());
        }
        CrossMatch inner = CrossMatch.of("img", "spec").radiusArcsec(1).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), inner, LoadOptions.builder().fetchData(false).build())) {
            MmuInputException x = assertThrows(MmuInputException.class, () -> Epochs.of(m));
            assertTrue(x.getMessage().contains("fetchData(false)"), x.getMessage());
        }
    }

    /** Every row of a batch as text: all its columns, so data and separations are compared too. */
    private static List<String> text(RowBatch b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < b.rowCount(); i++) {
            StringBuilder line = new StringBuilder();
            for (org.mmu.core.Column c : b.columns()) {
                line.append(c.spec().isScalar() ? c.getString(i) : java.util.Arrays.toString(c.getArray(i).toDoubleArray()))
                        .append(' ');
            }
            out.add(line.toString());
        }
        return out;
    }

    @Test
    void aRegionByRegionEpochDeliversExactlyTheLoadsRowsAcrossShardsAndResumes() {
        List<String> loaded;
        try (CrossMatchedDatasets m = lazyLoad()) {
            loaded = text(m.toRowBatch());
        }
        try (CrossMatchedDatasets m = regionalLoad()) {
            org.mmu.internal.epoch.EpochSource.Grouping units = new CrossMatchEpochSource(m).grouping();
            assertTrue(units.blockCount() >= 2 && units.units() > units.blockCount(),
                    units.blockCount() + " regions in " + units.units() + " pieces: several regions, some in pieces");
            Epoch e = Epochs.of(m).shuffle(5, 30).batchSize(16);
            List<String> delivered = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                List<String> shard = new ArrayList<>();
                try (EpochIterator it = e.shard(s, 4).open()) {
                    it.forEachRemaining(b -> shard.addAll(text(b.rows())));
                }
                assertEquals(e.shard(s, 4).rows(), shard.size());
                List<String> resumed = new ArrayList<>();
                try (EpochIterator it = e.shard(s, 4).startAt(37).open()) {
                    it.forEachRemaining(b -> resumed.addAll(text(b.rows())));
                }
                assertEquals(shard.subList(Math.min(37, shard.size()), shard.size()), resumed, "shard " + s + " resumed at 37");
                delivered.addAll(shard);
            }
            List<String> a = new ArrayList<>(loaded);
            List<String> b = new ArrayList<>(delivered);
            java.util.Collections.sort(a);
            java.util.Collections.sort(b);
            assertEquals(a, b, "the epoch's rows, as a multiset, are the crossmatch-load's rows");
            assertNotEquals(loaded, delivered, "shuffled");
        }
    }
}
