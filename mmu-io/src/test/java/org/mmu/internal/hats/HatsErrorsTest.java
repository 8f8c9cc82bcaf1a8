package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuException;
import org.mmu.core.MmuFormatException;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/**
 * Broken or unsupported catalogs fail when opened, once, with a message naming the file and what
 * is wrong. Each case is a fixture copy with one deliberate change.
 */
class HatsErrorsTest {

    @BeforeAll
    static void needsTheSharedFixtures() {
        HatsFixtures.root(); // skips the class, saying why, when ../shared is absent
    }

    @TempDir
    Path tmp;

    private static MmuFormatException openFails(Path root) {
        return assertThrows(MmuFormatException.class, () -> HatsDatasets.open(Storages.local(root), HatsFixtures.ctx()));
    }

    private static void assertMentions(MmuException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void propertiesWithoutCoordinateColumnsAreAnErrorNamingTheMissingKeys() {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        HatsFixtures.setProperty(copy, "hats_col_ra", null);
        HatsFixtures.setProperty(copy, "hats_col_dec", null);
        MmuFormatException e = openFails(copy);
        assertEquals(copy.resolve("hats.properties").toString(), e.location());
        assertMentions(e, "requires hats_col_ra, hats_col_dec, which are missing");
    }

    @Test
    void coordinateColumnsAbsentFromTheFilesAreAnErrorNamingTheSchemaFile() {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        HatsFixtures.setProperty(copy, "hats_col_ra", "RAJ2000");
        MmuFormatException e = openFails(copy);
        assertEquals(copy.resolve("dataset/_common_metadata").toString(), e.location());
        assertMentions(e, "'RAJ2000' (hats_col_ra)", "named in hats.properties is not in the files", "[_healpix_29, id, ra, dec");
    }

    @Test
    void aPartitionListedButWithoutAFileIsAnErrorNamingTheFile() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        HatsFixtures.write(copy.resolve("partition_info.csv"), "Norder,Npix\n1,43\n1,44\n1,45\n1,46\n1,47\n");
        MmuFormatException e = openFails(copy);
        assertEquals(copy.resolve("dataset/Norder=1/Dir=0/Npix=43.parquet").toString(), e.location());
        assertMentions(e, "listed by partition_info.csv", "dataset/_metadata has no row group for it");

        HatsFixtures.delete(copy.resolve("dataset/_metadata"));
        e = openFails(copy);
        assertEquals(copy.resolve("dataset/Norder=1/Dir=0/Npix=43.parquet").toString(), e.location());
        assertMentions(e, "partition file is missing", "listed by partition_info.csv");
    }

    @Test
    void aFileInMetadataThatPartitionInfoOmitsIsAnErrorNamingTheFile() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        HatsFixtures.write(copy.resolve("partition_info.csv"), "Norder,Npix\n1,44\n1,45\n1,46\n");
        MmuFormatException e = openFails(copy);
        assertEquals(copy.resolve("dataset/Norder=1/Dir=0/Npix=47.parquet").toString(), e.location());
        assertMentions(e, "dataset/_metadata has row groups for this file but partition_info.csv", "does not list it");
    }

    @Test
    void overlappingOrRepeatedPartitionsAreAnError() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        HatsFixtures.write(copy.resolve("partition_info.csv"), "Norder,Npix\n0,11\n1,44\n");
        assertMentions(openFails(copy), "overlapping partitions Norder=0/Npix=11 and Norder=1/Npix=44");
        HatsFixtures.write(copy.resolve("partition_info.csv"), "Norder,Npix\n1,44\n1,44\n");
        assertMentions(openFails(copy), "lists Norder=1/Npix=44 twice");
    }

    @Test
    void aMalformedPartitionInfoIsAnErrorNamingTheLine() {
        Path copy = HatsFixtures.copy(HatsFixtures.PRIMARY, tmp);
        HatsFixtures.write(copy.resolve("partition_info.csv"), "Norder,Npix\n1,44\n1,x45\n");
        MmuFormatException e = openFails(copy);
        assertEquals(copy.resolve("partition_info.csv").toString(), e.location());
        assertMentions(e, "line 3 '1,x45'");
        HatsFixtures.write(copy.resolve("partition_info.csv"), "order,pixel\n1,44\n");
        assertMentions(openFails(copy), "lacks Norder and Npix columns");
        HatsFixtures.write(copy.resolve("partition_info.csv"), "Norder,Npix\n1,48\n");
        assertMentions(openFails(copy), "line 2: Norder=1, Npix=48 is not a HEALPix pixel");
    }

    @Test
    void hatsNrowsThatDisagreesWithThePartitionsIsAnError() {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        HatsFixtures.setProperty(copy, "hats_nrows", "130");
        MmuFormatException e = openFails(copy);
        assertMentions(e, "hats_nrows=130 but the partitions hold 131 rows");
    }

    @Test
    void anUnsupportedHatsVersionIsRefusedWithAClearMessage() {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        HatsFixtures.setProperty(copy, "hats_version", "v2.0");
        MmuFormatException e = openFails(copy);
        assertEquals(copy.resolve("hats.properties").toString(), e.location());
        assertMentions(e, "hats_version=v2.0 is not supported", "v0.x and v1.x");
        HatsFixtures.setProperty(copy, "hats_version", "latest");
        assertMentions(openFails(copy), "hats_version=latest is not a version like v1.0");
    }

    @Test
    void missingRequiredKeysAreNamedTogether() {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        HatsFixtures.setProperty(copy, "obs_collection", null);
        HatsFixtures.setProperty(copy, "dataproduct_type", null);
        assertMentions(openFails(copy), "requires obs_collection, dataproduct_type, which are missing");
    }

    @Test
    void aCollectionWhosePrimaryTableIsMissingSaysSo() {
        Path copy = HatsFixtures.copy(HatsFixtures.COLLECTION, tmp);
        HatsFixtures.setProperty(copy, "hats_primary_table_url", "small_sky_order2");
        MmuFormatException e = openFails(copy);
        assertMentions(e, "small_sky_order2: no hats.properties", "collection.properties names this table");
        HatsFixtures.setProperty(copy, "hats_primary_table_url", "../elsewhere");
        assertMentions(openFails(copy), "'../elsewhere' is not a directory inside the collection");
    }

    @Test
    void tablesThatAreNotObjectsAreRefused() {
        Path copy = HatsFixtures.copy(HatsFixtures.SMALL_SKY, tmp);
        HatsFixtures.setProperty(copy, "dataproduct_type", "map");
        assertMentions(openFails(copy), "dataproduct_type=map is not a table of objects");
    }

    @Test
    void aHipscatCatalogIsRecognisedAndTheMessageSaysHowToConvertIt() {
        HatsFixtures.write(tmp.resolve("old/catalog_info.json"), "{\"catalog_name\": \"old\", \"catalog_type\": \"object\"}");
        assertMentions(openFails(tmp.resolve("old")), "HiPSCat catalog (catalog_info.json)", "convert");
    }

    @Test
    void aDirectoryWithoutPropertiesIsNotHats() {
        assertMentions(openFails(tmp), "no hats.properties (or legacy properties) file: not a HATS catalog");
    }
}
