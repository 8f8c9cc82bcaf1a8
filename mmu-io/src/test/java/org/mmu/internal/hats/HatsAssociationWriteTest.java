package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.CrossMatchedDatasets;
import org.mmu.HatsAssociations;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.internal.storage.Storages;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.JoinType;
import org.mmu.matching.MatchMode;

/**
 * Our pairs written as a HATS association catalog: laid out like hats' own
 * ({@code small_sky_to_o1source}, from {@code lsdb.io.to_association}), and read back to the same
 * pairs. LSDB's association holds each small_sky object's nearest source within 1 degree, which
 * is our best1 match: the two catalogs must list the same pairs.
 */
class HatsAssociationWriteTest {
    static final String JOIN = "small_sky_order1_source_collection";

    @TempDir
    Path tmp;

    @BeforeEach
    void catalogsSideBySide() {
        HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        HatsFixtures.copy(JOIN, tmp);
    }

    private CrossMatchedDatasets nearestSources(JoinType join) {
        CrossMatch spec = CrossMatch.of("small_sky", JOIN).radiusArcsec(3600).mode(MatchMode.BEST1).join(join).build();
        return MmuDatasets.load(tmp.toString(), spec, LoadOptions.builder().fetchData(false).build());
    }

    private static Set<String> pairsOf(HatsAssociation a) {
        HatsAssociation.Pairs p = a.readPairs();
        Set<String> out = new HashSet<>();
        for (int i = 0; i < p.size(); i++) {
            out.add(p.primaryIds().getString(i) + "/" + p.joinIds().getString(i));
        }
        return out;
    }

    @Test
    void itIsLaidOutAsHatsWritesAssociationsAndListsLsdbsPairs() throws IOException {
        Path out = tmp.resolve("small_sky_to_o1source");
        try (CrossMatchedDatasets m = nearestSources(JoinType.ONE_AND_TWO)) {
            assertEquals(131, HatsAssociations.write(m, out, false));
        }
        Path theirs = HatsFixtures.lsdb("small_sky_to_o1source");

        // properties: every key hats writes, with the same values where they do not depend on names or layout
        Map<String, String> ours = HatsFixtures.properties(out.resolve("hats.properties"));
        Map<String, String> hats = HatsFixtures.properties(theirs.resolve("hats.properties"));
        assertEquals(ours, HatsFixtures.properties(out.resolve("properties")));
        Set<String> extra = new TreeSet<>(ours.keySet());
        extra.removeAll(hats.keySet());
        assertEquals(Set.of("hats_builder", "hats_creation_date", "hats_version"), extra);
        assertTrue(ours.keySet().containsAll(hats.keySet()), "missing " + hats.keySet());
        for (String k : List.of("dataproduct_type", "hats_nrows", "hats_primary_table_url", "hats_col_assn_primary",
                "hats_col_assn_primary_assn", "hats_col_assn_join", "hats_assn_max_separation", "hats_assn_leaf_files",
                "hats_npix_suffix")) {
            assertEquals(hats.get(k), ours.get(k), k);
        }
        assertEquals(JOIN, ours.get("hats_assn_join_table_url"));
        assertEquals("source_id_" + JOIN, ours.get("hats_col_assn_join_assn")); // hats: the join table's own name

        // files: the same tree (one order-0 pixel here, where hats-import used the source catalog's four at order 1)
        assertEquals(List.of("dataset/Norder=0/Dir=0/Npix=11.parquet", "dataset/_common_metadata", "dataset/_metadata",
                "hats.properties", "partition_info.csv", "properties"), HatsFixtures.files(out));
        assertTrue(HatsFixtures.files(theirs).containsAll(List.of("dataset/_common_metadata", "dataset/_metadata", "hats.properties",
                "partition_info.csv", "properties")));
        assertEquals("Norder,Npix", Files.readAllLines(out.resolve("partition_info.csv")).get(0));
        assertEquals(Files.readAllLines(theirs.resolve("partition_info.csv")).get(0),
                Files.readAllLines(out.resolve("partition_info.csv")).get(0));

        // schema: the same columns in the same order and types, names aside
        ParquetFooters.Footer ourSchema = ParquetFooters.read(Storages.local(out), HatsPaths.COMMON_METADATA);
        ParquetFooters.Footer theirSchema = ParquetFooters.read(Storages.local(theirs), HatsPaths.COMMON_METADATA);
        assertEquals(theirSchema.schema().columns().stream().map(ColumnSpec::type).toList(),
                ourSchema.schema().columns().stream().map(ColumnSpec::type).toList());
        assertEquals(List.of("id_small_sky", "source_id_" + JOIN, "_dist_arcsec", "_healpix_29"), ourSchema.schema().names());
        assertEquals(List.of("id_small_sky", "source_id_small_sky_order1_source", "_dist_arcsec", "_healpix_29"),
                theirSchema.schema().names());
        // _metadata: one row group per leaf, named relative to dataset/, as hats writes them
        ParquetFooters.Footer meta = ParquetFooters.read(Storages.local(out), HatsPaths.METADATA);
        assertEquals(List.of("Norder=0/Dir=0/Npix=11.parquet"), meta.rowGroups().stream().map(ParquetFooters.RowGroup::path).toList());
        assertEquals(131, meta.rows());

        // the pairs: LSDB's
        try (var ourStorage = Storages.local(out); var theirStorage = Storages.local(theirs)) {
            assertEquals(pairsOf(HatsAssociation.open(theirStorage, 2)), pairsOf(HatsAssociation.open(ourStorage, 2)));
        }
    }

    @Test
    void ourReaderLoadsItBackToTheSamePairs() {
        Path out = tmp.resolve("pairs");
        Set<String> matched = new HashSet<>();
        try (CrossMatchedDatasets m = nearestSources(JoinType.ONE_AND_TWO)) {
            HatsAssociations.write(m, out, false);
            RowBatch t = m.matchTable();
            for (int i = 0; i < t.rowCount(); i++) {
                matched.add(t.column("left_object_id").getString(i) + "/" + t.column("right_object_id").getString(i)
                        + "/" + t.column("separation_arcsec").getDouble(i));
            }
        }
        Set<String> loaded = new HashSet<>();
        try (CrossMatchedDatasets back = HatsAssociations.load(out.toString(), LoadOptions.builder().columns("id", "source_id")
                .build())) {
            RowBatch rows = back.toRowBatch();
            for (int i = 0; i < rows.rowCount(); i++) {
                loaded.add(rows.column("small_sky_id").getString(i) + "/" + rows.column(JOIN + "_source_id").getString(i)
                        + "/" + rows.column("separation_arcsec").getDouble(i));
            }
        }
        assertEquals(matched, loaded);
    }

    @Test
    void outerJoinRowsAndExistingOutputsAreRefusedAndNothingIsLeft() throws IOException {
        Path out = tmp.resolve("pairs");
        try (CrossMatchedDatasets m = nearestSources(JoinType.ONE_OR_TWO)) {
            MmuInputException e = assertThrows(MmuInputException.class, () -> HatsAssociations.write(m, out, false));
            assertTrue(e.getMessage().contains("outer join"), e.getMessage());
        }
        Files.createDirectories(out);
        try (CrossMatchedDatasets m = nearestSources(JoinType.ONE_AND_TWO)) {
            MmuInputException e = assertThrows(MmuInputException.class, () -> HatsAssociations.write(m, out, false));
            assertTrue(e.getMessage().contains("output already exists"), e.getMessage());
            HatsAssociations.write(m, out, true);
        }
        assertTrue(Files.exists(out.resolve("hats.properties")));
        List<String> left = new ArrayList<>();
        try (Stream<Path> s = Files.list(tmp)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).forEach(left::add);
        }
        assertEquals(List.of(), left);
    }
}
