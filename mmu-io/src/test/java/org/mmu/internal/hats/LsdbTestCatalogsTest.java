package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmu.HatsOptions;
import org.mmu.core.MmuException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storages;

/**
 * Every catalog of LSDB's test data (written by hats-import and LSDB) opens and loads its index,
 * or is refused by a message that says why. Three live in the shared fixtures, the others in
 * {@code fixtures/hats_lsdb}.
 */
class LsdbTestCatalogsTest {

    /** All 19 top-level catalogs of LSDB's tests/data at commit 836fb5da. */
    static final List<String> ALL = List.of("small_sky", "small_sky_healpix13", "small_sky_left_xmatch",
            "small_sky_npix_alt_suffix", "small_sky_npix_as_dir", "small_sky_order1_collection",
            "small_sky_order1_custom_tree", "small_sky_order1_default_columns", "small_sky_order1_nested_sources",
            "small_sky_order1_no_pandas_meta", "small_sky_order1_source_collection", "small_sky_order3_source",
            "small_sky_order3_source_margin", "small_sky_source", "small_sky_source_margin", "small_sky_to_o1source",
            "small_sky_xmatch", "small_sky_xmatch_margin", "square_map");

    @Test
    void theFixturesHoldEveryCatalogOfLsdbsTestData() {
        TreeSet<String> here = new TreeSet<>();
        for (Path dir : List.of(HatsFixtures.root(), HatsFixtures.lsdb())) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isDirectory).forEach(p -> here.add(p.getFileName().toString()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertEquals(new TreeSet<>(ALL), here);
    }

    @ParameterizedTest
    @ValueSource(strings = {"small_sky", "small_sky_healpix13", "small_sky_left_xmatch", "small_sky_npix_alt_suffix",
            "small_sky_npix_as_dir", "small_sky_order1_collection", "small_sky_order1_default_columns",
            "small_sky_order1_nested_sources", "small_sky_order1_no_pandas_meta", "small_sky_order1_source_collection",
            "small_sky_order3_source", "small_sky_source", "small_sky_xmatch", "small_sky_xmatch_margin"})
    void opensAndLoadsItsIndex(String name) {
        assertOpens(name, HatsOptions.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"small_sky_order3_source_margin", "small_sky_source_margin"})
    void aSourceMarginAsksForItsRowIdAndOpensWithIt(String name) {
        MmuException e = assertThrows(MmuException.class, () -> assertOpens(name, HatsOptions.defaults()));
        assertTrue(e.getMessage().contains("idColumn(\"source_id\")"), e.getMessage());
        assertOpens(name, HatsOptions.builder().idColumn("source_id").build());
    }

    @Test
    void aCustomTreeNamesTheMissingLeafAndOpensWithItsPathTemplate() {
        // the tree LSDB's own test reads with a path_generator; its _metadata names the usual tree
        String name = "small_sky_order1_custom_tree";
        MmuException e = assertThrows(MmuException.class, () -> assertOpens(name, HatsOptions.defaults()));
        assertTrue(e.getMessage().contains("dataset/Norder=1/Dir=0/Npix=44.parquet"), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());

        HatsOptions custom = HatsOptions.builder().leafPathTemplate("parquet/{order}_{npix}.parquet").build();
        try (PartitionedDataset tree = HatsDatasets.open(Storages.local(HatsFixtures.lsdb(name)), HatsFixtures.ctx(), custom);
                PartitionedDataset usual = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.PRIMARY), HatsFixtures.ctx())) {
            assertEquals("parquet/1_44.parquet", tree.partitions().get(0).path());
            assertEquals(usual.partitions().size(), tree.partitions().size());
            ObjectIndex a = tree.index();
            ObjectIndex b = usual.index();
            assertEquals(b.size(), a.size());
            int[] all = java.util.stream.IntStream.range(0, a.size()).toArray();
            RowBatch rowsA = tree.read(all);
            RowBatch rowsB = usual.read(all);
            for (String c : List.of("id", "ra", "dec")) {
                for (int r = 0; r < rowsA.rowCount(); r++) {
                    assertEquals(rowsB.column(c).getString(r), rowsA.column(c).getString(r), c + " row " + r);
                }
            }
        }
    }

    @Test
    void anAssociationIsRefusedAsADatasetAndLoadsAsItsPairs() {
        MmuException e = assertThrows(MmuException.class, () -> assertOpens("small_sky_to_o1source", HatsOptions.defaults()));
        assertTrue(e.getMessage().contains("this is an association catalog"), e.getMessage());
        try (org.mmu.CrossMatchedDatasets pairs = org.mmu.HatsAssociations.load(
                HatsFixtures.lsdb("small_sky_to_o1source").toString(), HatsFixtures.path("small_sky").toString(),
                HatsFixtures.path("small_sky_order1_source_collection").toString(), org.mmu.LoadOptions.defaults())) {
            assertEquals(131, pairs.size()); // HatsAssociationLoadTest checks them pair by pair
        }
    }

    @Test
    void aMapIsRefusedAsNotATableOfObjects() {
        MmuException e = assertThrows(MmuException.class, () -> assertOpens("square_map", HatsOptions.defaults()));
        assertTrue(e.getMessage().contains("dataproduct_type=map is not a table of objects"), e.getMessage());
    }

    private static void assertOpens(String name, HatsOptions options) {
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(HatsFixtures.lsdb(name)), HatsFixtures.ctx(), options)) {
            ObjectIndex idx = ds.index();
            assertTrue(idx.size() > 0, name);
            if (ds.descriptor().properties().containsKey("margin_of")) {
                assertTrue(idx.size() <= ds.size(), name); // an object is copied into several partitions' margins
            } else {
                assertEquals(ds.size(), idx.size(), name);
            }
        }
    }
}
