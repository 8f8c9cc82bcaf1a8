package org.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuFormatException;
import org.mmu.core.RowBatch;
import org.mmu.internal.hats.HatsAssociation;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;
import org.mmu.matching.internal.Sphere;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * LSDB's association catalog {@code small_sky_to_o1source} (small_sky to small_sky_order1_source
 * pairs, written by {@code lsdb.io.to_association}) loaded as a precomputed crossmatch: the pairs
 * it lists, with data from both catalogs, through the crossmatch-load's plan and fetch.
 */
class HatsAssociationLoadTest {
    static final String PRIMARY = "small_sky";
    static final String JOIN = "small_sky_order1_source_collection";

    @TempDir
    Path tmp;

    static Path shared(String name) {
        String dir = System.getProperty("mmu.shared.dir");
        assumeTrue(dir != null, "mmu.shared.dir is not set");
        Path p = Path.of(dir, "fixtures", "hats", name);
        assumeTrue(Files.isDirectory(p), "HATS fixtures not found at " + p + ": skipping");
        return p;
    }

    static Path association() {
        try {
            return Path.of(HatsAssociationLoadTest.class.getResource("/fixtures/hats_lsdb/small_sky_to_o1source/hats.properties")
                    .toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LoadOptions options(String... columns) {
        return LoadOptions.builder().columns(List.of(columns)).build();
    }

    /** The association's own rows: "primary id/join id" → the stated separation. */
    private static Map<String, Double> listed() {
        try (Storage s = Storages.local(association())) {
            HatsAssociation.Pairs p = HatsAssociation.open(s, 2).readPairs();
            Map<String, Double> out = new HashMap<>();
            for (int i = 0; i < p.size(); i++) {
                out.put(p.primaryIds().getLong(i) + "/" + p.joinIds().getLong(i), p.statedSeparationArcsec().getDouble(i));
            }
            return out;
        }
    }

    @Test
    void theListedPairsLoadWithColumnsFromBothCatalogs() {
        Map<String, Double> listed = listed();
        assertEquals(131, listed.size());
        long joinObjects = listed.keySet().stream().map(k -> k.substring(k.indexOf('/') + 1)).distinct().count();
        try (CrossMatchedDatasets m = HatsAssociations.load(association().toString(), shared(PRIMARY).toString(),
                shared(JOIN).toString(), options("id", "ra", "dec", "source_id", "source_ra", "source_dec", "mag"))) {
            assertEquals(List.of(PRIMARY, JOIN), m.surveys());
            assertEquals(131, m.size());
            RowBatch rows = m.toRowBatch();
            assertEquals(131, rows.rowCount());
            for (int i = 0; i < rows.rowCount(); i++) {
                String pair = rows.column("small_sky_id").getLong(i) + "/" + rows.column(JOIN + "_source_id").getLong(i);
                Double stated = listed.remove(pair);
                assertTrue(stated != null, "loaded a pair the association does not list, or twice: " + pair);
                double sep = Sphere.separationArcsec(rows.column("small_sky_ra").getDouble(i),
                        rows.column("small_sky_dec").getDouble(i), rows.column(JOIN + "_source_ra").getDouble(i),
                        rows.column(JOIN + "_source_dec").getDouble(i));
                assertEquals(sep, rows.column("separation_arcsec").getDouble(i), 1e-9);
                assertEquals(stated, sep, 1e-3, "LSDB's _dist_arcsec of " + pair);
                assertTrue(sep <= 436.93257 + 1e-3);
            }
            assertTrue(listed.isEmpty(), "pairs not loaded: " + listed.keySet());
            FetchPlan plan = m.plan();
            assertEquals(1, plan.survey(PRIMARY).partitionsRead());
            assertEquals(joinObjects, plan.survey(JOIN).rows()); // each object read once, however many pairs name it
            LoadReport report = m.report();
            assertEquals(131, report.pairs());
            assertEquals(joinObjects, report.surveys().get(JOIN).rowsRead());
            assertEquals(joinObjects, report.surveys().get(JOIN).matchedObjects());
        }
    }

    @Test
    void theCatalogsItNamesAreFoundBesideIt() throws IOException {
        // hats writes hats_primary_table_url=small_sky and hats_assn_join_table_url=small_sky_order1_source_collection
        Path dir = tmp.resolve("catalogs");
        copy(association(), dir.resolve("small_sky_to_o1source"));
        copy(shared(PRIMARY), dir.resolve(PRIMARY));
        copy(shared(JOIN), dir.resolve(JOIN));
        assertTrue(HatsAssociations.isAssociation(dir.resolve("small_sky_to_o1source").toString(), LoadOptions.defaults()));
        assertFalse(HatsAssociations.isAssociation(dir.resolve(PRIMARY).toString(), LoadOptions.defaults()));
        try (CrossMatchedDatasets m = HatsAssociations.load(dir.resolve("small_sky_to_o1source").toString(),
                options("id", "source_id"))) {
            assertEquals(131, m.toRowBatch().rowCount());
            assertEquals(dir.resolve(JOIN).toString(), m.dataset(JOIN).location());
        }
    }

    @Test
    void aPrimaryCatalogLackingAPairsObjectIsAnErrorNamingTheIdAndTheFile() {
        // small_sky_xmatch has an id column too, but other objects
        Path wrong = association().resolveSibling("small_sky_xmatch");
        Path join = shared(JOIN); // outside assertThrows: without ../shared the test is skipped, not failed
        MmuFormatException e = assertThrows(MmuFormatException.class, () -> HatsAssociations.load(association().toString(),
                wrong.toString(), join.toString(), options("id", "source_id")).close());
        assertTrue(e.getMessage().contains("small_sky_to_o1source/dataset/Norder=1/Dir=0/Npix=44.parquet row 3: the primary id 811 ")
                && e.getMessage().contains("is not an object of small_sky_xmatch (column 'id')"), e.getMessage());
    }

    @Test
    void aPairBeyondTheStatedMaximumSeparationIsAnError() throws IOException {
        Path copy = tmp.resolve("small_sky_to_o1source");
        copy(association(), copy);
        for (String f : List.of("hats.properties", "properties")) {
            Path p = copy.resolve(f);
            Files.writeString(p, Files.readString(p).replace("hats_assn_max_separation=436.93257", "hats_assn_max_separation=100"));
        }
        Path primary = shared(PRIMARY); // outside assertThrows: without ../shared the test is skipped, not failed
        Path join = shared(JOIN);
        MmuFormatException e = assertThrows(MmuFormatException.class, () -> HatsAssociations.load(copy.toString(),
                primary.toString(), join.toString(), options("id", "source_id")).close());
        assertTrue(e.getMessage().contains("more than hats_assn_max_separation=100.0"), e.getMessage());
    }

    @Test
    void openedAsADatasetItIsRefusedPointingToTheAssociationLoad() {
        MmuFormatException e = assertThrows(MmuFormatException.class, () -> MmuDatasets.load(association().toString()).close());
        assertTrue(e.getMessage().contains("association catalog") && e.getMessage().contains("HatsAssociations.load"),
                e.getMessage());
    }

    static void copy(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = new ArrayList<>(s.toList());
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
    }
}
