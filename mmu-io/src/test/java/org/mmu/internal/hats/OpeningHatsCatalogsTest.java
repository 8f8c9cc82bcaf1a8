package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmu.core.DataFormat;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuFormatException;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/** Detecting and opening HATS catalogs and collections: what opening learns, from metadata alone. */
class OpeningHatsCatalogsTest {

    @BeforeAll
    static void needsTheSharedFixtures() {
        HatsFixtures.root(); // skips the class, saying why, when ../shared is absent
    }

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {HatsFixtures.SMALL_SKY, HatsFixtures.COLLECTION, HatsFixtures.PRIMARY,
            HatsFixtures.MARGIN_1DEG, HatsFixtures.ID_INDEX, HatsFixtures.SOURCE_COLLECTION, HatsFixtures.SOURCE})
    void everyFixtureCatalogAndCollectionIsDetectedAsHats(String fixture) {
        assertTrue(HatsDatasets.isHats(HatsFixtures.storage(fixture)));
    }

    @Test
    void aLegacyPropertiesFileAloneIsEnough() {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        HatsFixtures.delete(copy.resolve("hats.properties"));
        assertTrue(HatsDatasets.isHats(Storages.local(copy)));
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            assertEquals(131, ds.size());
        }
    }

    @Test
    void hipsPropertiesAndPlainDirectoriesAreNotHats() {
        HatsFixtures.write(tmp.resolve("hips/properties"), "creator_did=ivo://x\ndataproduct_type=image\nhips_version=1.4\n");
        assertFalse(HatsDatasets.isHats(Storages.local(tmp.resolve("hips"))));
        assertFalse(HatsDatasets.isHats(Storages.local(tmp)));
    }

    /** small_sky's leaf rewritten with an extra struct column, which we cannot represent. */
    private Path smallSkyWithAStructColumn() throws Exception {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        Path leaf = HatsFixtures.leaf(copy, 0, 11);
        RowBatch all = HatsFixtures.readAll(leaf);
        HatsFixtures.delete(leaf);
        HatsFixtures.delete(copy.resolve("dataset/_metadata"));
        HatsFixtures.delete(copy.resolve("dataset/_common_metadata"));
        MessageType type = Types.buildMessage()
                .required(PrimitiveTypeName.INT64).named("_healpix_29")
                .required(PrimitiveTypeName.INT64).named("id")
                .required(PrimitiveTypeName.DOUBLE).named("ra")
                .required(PrimitiveTypeName.DOUBLE).named("dec")
                .requiredGroup().required(PrimitiveTypeName.INT32).named("quality").named("flags")
                .named("schema");
        SimpleGroupFactory rows = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(leaf)).withType(type)
                .withConf(new PlainParquetConfiguration()).build()) {
            for (int r = 0; r < all.rowCount(); r++) {
                Group g = rows.newGroup().append("_healpix_29", all.column("_healpix_29").getLong(r))
                        .append("id", all.column("id").getLong(r)).append("ra", all.column("ra").getDouble(r))
                        .append("dec", all.column("dec").getDouble(r));
                g.addGroup("flags").append("quality", r % 3);
                w.write(g);
            }
        }
        return copy;
    }

    @Test
    void columnsThatCannotBeReadAreListedWithTheReasonNeverSilentlyDropped() throws Exception {
        Path copy = smallSkyWithAStructColumn();
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            assertEquals(List.of("_healpix_29", "id", "ra", "dec"), ds.schema().names());
            assertEquals(Map.of("flags", "struct (group) columns are not supported"),
                    ds.descriptor().properties().get("unreadable_columns"));
            assertEquals(131, ds.index().size());
            assertEquals(ds.index().ids().getLong(9), ds.read(new int[] {9}).column("id").getLong(0));
        }
    }

    @Test
    void smallSkyOpensWithItsNameSchemaAndSinglePartition() {
        try (PartitionedDataset ds = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.SMALL_SKY), HatsFixtures.ctx())) {
            assertEquals("small_sky", ds.name());
            assertEquals(DatasetLayout.HATS, ds.layout());
            assertEquals(List.of("_healpix_29", "id", "ra", "dec", "ra_error", "dec_error"), ds.schema().names());
            assertEquals(List.of(new PartitionRef(0, 11, -1, "dataset/Norder=0/Dir=0/Npix=11.parquet", DataFormat.PARQUET,
                    131, -1)), ds.partitions());
            assertEquals(131, ds.size());
            Map<String, Object> p = ds.descriptor().properties();
            assertEquals("HATS v1.0", p.get("format"));
            assertEquals("object", p.get("catalog_type"));
            assertEquals("hats-import v0.6.6, hats v0.6.6", p.get("builder"));
            assertEquals(List.of(0), p.get("healpix_orders"));
            assertEquals("ra, dec (hats_col_ra, hats_col_dec; icrs, deg)", p.get("coordinates"));
            assertEquals("id (first present of [object_id, id, source_id])", p.get("object_id"));
            assertTrue(((String) p.get("healpix_column")).startsWith("_healpix_29 (order 29)"));
            assertEquals("dataset/_common_metadata", p.get("schema_from"));
            assertEquals("partition_info.csv", p.get("partitions_from"));
            assertEquals("dataset/_metadata row groups", p.get("rows_from"));
            assertFalse(p.containsKey("unreadable_columns"), "every fixture column is readable");
        }
    }

    @Test
    void aCollectionOpensItsPrimaryTableAndListsItsMarginsAndIndexes() {
        try (PartitionedDataset ds = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.COLLECTION), HatsFixtures.ctx())) {
            assertEquals("small_sky_order1_collection", ds.name());
            assertEquals(131, ds.size());
            assertEquals(List.of(44L, 45L, 46L, 47L), ds.partitions().stream().map(PartitionRef::healpix).toList());
            assertEquals("small_sky_order1/dataset/Norder=1/Dir=0/Npix=44.parquet", ds.partitions().get(0).path(),
                    "paths are relative to the collection the dataset reads through");
            Map<String, Object> p = ds.descriptor().properties();
            assertEquals("small_sky_order1", p.get("primary_table"));
            assertEquals(List.of("small_sky_order1_margin_1deg (3600.0 arcsec) [default]",
                    "small_sky_order1_margin_2deg (7200.0 arcsec)"), p.get("margins"));
            assertEquals(Map.of("id", "small_sky_order1_id_index"), p.get("indexes"));
            assertTrue(((String) p.get("margins_used")).startsWith("no"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {HatsFixtures.SMALL_SKY, HatsFixtures.PRIMARY, HatsFixtures.SOURCE, HatsFixtures.MARGIN_1DEG,
            HatsFixtures.MARGIN_2DEG, HatsFixtures.SOURCE_MARGIN})
    void partitionsAndRowCountsMatchPartitionInfoHatsNrowsAndTheFiles(String fixture) throws Exception {
        Path dir = HatsFixtures.path(fixture);
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("partition_info.csv")).subList(1, Files.readAllLines(
                dir.resolve("partition_info.csv")).size())) {
            expected.add(line.trim());
        }
        long nrows = Long.parseLong(HatsFixtures.read(dir.resolve("hats.properties")).lines()
                .filter(l -> l.startsWith("hats_nrows=")).findFirst().orElseThrow().substring("hats_nrows=".length()));
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(dir), HatsFixtures.ctx())) {
            assertEquals(Set.copyOf(expected), Set.copyOf(ds.partitions().stream()
                    .map(p -> p.order() + "," + p.healpix()).toList()));
            assertEquals(nrows, ds.size());
            for (PartitionRef p : ds.partitions()) {
                assertEquals(HatsFixtures.readAll(dir.resolve(p.path())).rowCount(), p.rows(), p.path());
            }
        }
    }

    @Test
    void partitionsAreInNestedSkyOrderAsHatsSortsThem() {
        try (PartitionedDataset ds = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.SOURCE_MARGIN), HatsFixtures.ctx())) {
            assertEquals(List.of("1/16", "0/7", "0/8", "1/44", "1/45", "1/46", "1/47"), ds.partitions().stream()
                    .map(p -> p.order() + "/" + p.healpix()).toList());
        }
    }

    @Test
    void aSourceCatalogTakesSourceIdAsItsIdBecauseObjectIdRepeats() {
        try (PartitionedDataset ds = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.SOURCE_COLLECTION),
                HatsFixtures.ctx())) {
            assertEquals(17161, ds.size());
            assertEquals("source", ds.descriptor().properties().get("catalog_type"));
            assertEquals("source_id (first present of [source_id, id])", ds.descriptor().properties().get("object_id"));
            assertEquals(List.of("source_ra", "source_dec"), List.of(((String) ds.descriptor().properties()
                    .get("coordinates")).split(", ")).subList(0, 2).stream().map(s -> s.split(" ")[0]).toList());
            assertEquals(17161, ds.index().size());
        }
    }

    @Test
    void aMarginCatalogOpensAsADatasetThatSaysWhatItsRowsAre() {
        try (PartitionedDataset ds = HatsDatasets.open(HatsFixtures.storage(HatsFixtures.MARGIN_2DEG), HatsFixtures.ctx())) {
            Map<String, Object> p = ds.descriptor().properties();
            assertEquals("margin", p.get("catalog_type"));
            assertEquals("small_sky_order1_collection/small_sky_order1", p.get("margin_of"));
            assertEquals(7200.0, p.get("margin_threshold_arcsec"));
            assertTrue(((String) p.get("margin_rows")).contains("index lists it once"));
            assertEquals(47, ds.size());
        }
    }

    @Test
    void aNestedCatalogOpensLikeAnObjectCatalog() {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        HatsFixtures.setProperty(copy, "dataproduct_type", "nested");
        try (PartitionedDataset ds = HatsDatasets.open(Storages.local(copy), HatsFixtures.ctx())) {
            assertEquals("nested", ds.descriptor().properties().get("catalog_type"));
            assertEquals(131, ds.index().size());
        }
    }

    @Test
    void anIndexCatalogIsNotSurveyDataAndTheErrorPointsToItsPrimaryTable() {
        MmuFormatException e = assertThrows(MmuFormatException.class,
                () -> HatsDatasets.open(HatsFixtures.storage(HatsFixtures.ID_INDEX), HatsFixtures.ctx()));
        assertTrue(e.getMessage().contains("index catalog (hats_index_column=id)"), e.getMessage());
        assertTrue(e.getMessage().contains("small_sky_order1_collection/small_sky_order1"), e.getMessage());
        assertTrue(e.getMessage().contains("openIdIndex"), e.getMessage());
    }

    @Test
    void openingReadsPropertiesPartitionInfoAndFootersButNoDataFile() {
        RecordingStorage storage = new RecordingStorage(HatsFixtures.storage(HatsFixtures.COLLECTION));
        try (PartitionedDataset ds = HatsDatasets.open(storage, HatsFixtures.ctx())) {
            assertEquals(Set.of("collection.properties", "small_sky_order1/hats.properties",
                    "small_sky_order1/partition_info.csv", "small_sky_order1/dataset/_metadata",
                    "small_sky_order1/dataset/_common_metadata", "small_sky_order1_margin_1deg/hats.properties",
                    "small_sky_order1_margin_2deg/hats.properties"), storage.opened());
            ds.index();
            assertTrue(storage.opened().containsAll(ds.partitions().stream().map(PartitionRef::path).toList()),
                    "the index reads every partition file");
        }
    }
}
