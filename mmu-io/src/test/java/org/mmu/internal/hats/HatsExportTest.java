package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.DatasetBuilder;
import org.mmu.HatsExport;
import org.mmu.MmuDatasets;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.mmuv1.MmuV1Fixtures;
import org.mmu.internal.storage.Storages;
import org.mmu.internal.testing.SyntheticSurvey;

/**
 * A dataset exported as a HATS object catalog: our HATS reader loads it back to the same objects
 * with the same values, partitions respect the row cap and hold their rows sorted by
 * {@code _healpix_29}, and the files are laid out as hats-import lays out its own object catalogs
 * ({@code small_sky_order1}: properties, {@code partition_info.csv}, {@code _metadata},
 * {@code skymap.fits}), key for key.
 */
class HatsExportTest {
    @TempDir
    Path tmp;

    /** Every object's values by id, over the given columns. */
    private static Map<String, List<Object>> contents(MmuDataset ds, List<String> columns) {
        int n = ds.index().size();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        RowBatch b = ds.read(all);
        String id = ((PartitionedDataset) ds).descriptor().coordinates().id();
        Map<String, List<Object>> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>();
            for (String c : columns) {
                row.add(b.column(c).get(i));
            }
            out.put(b.column(id).getString(i), row);
        }
        return out;
    }

    /** Each partition file holds at most {@code cap} rows, sorted by {@code _healpix_29}, all inside its pixel. */
    private static void checkPartitions(Path catalog, long cap) {
        try (MmuDataset back = MmuDatasets.load(catalog)) {
            assertEquals(DatasetLayout.HATS, back.layout());
            int n = back.index().size();
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            RowBatch rows = back.read(all);
            Column h = rows.column("_healpix_29");
            for (int i = 1; i < n; i++) {
                if (back.index().partitionOrdinal(i) == back.index().partitionOrdinal(i - 1)) {
                    assertTrue(h.getLong(i - 1) <= h.getLong(i), "row " + i + " out of _healpix_29 order");
                }
            }
            back.partitions().forEach(p -> assertTrue(p.rows() <= cap, p.path() + " holds " + p.rows()));
        }
    }

    /** 1500 objects (2x4x4 images, spectra of varying length) as an index-first dataset, a crowded corner among them. */
    private Path indexFirstSky() {
        double[][] pos = SyntheticSurvey.box(900, 10, 40, -15, 15, 3);
        double[][] dense = SyntheticSurvey.box(600, 20, 20.5, 0, 0.5, 4); // a crowded corner splits deeper
        double[] ra = new double[1500];
        double[] dec = new double[1500];
        System.arraycopy(pos[0], 0, ra, 0, 900);
        System.arraycopy(dense[0], 0, ra, 900, 600);
        System.arraycopy(pos[1], 0, dec, 0, 900);
        System.arraycopy(dense[1], 0, dec, 900, 600);
        RowBatch cat = SyntheticSurvey.catalog(ra, dec, 1, 2, 4, true);
        Path indexFirst = tmp.resolve("sky");
        try (PartitionedDataset src = CatalogDatasets.fromBatch("sky", cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().order(5).objectsPerGroup(250).build().build(src, indexFirst);
        }
        return indexFirst;
    }

    /** Unit vectors along a HEALPix pixel's edge, at most {@code spacingArcsec} apart (cds-healpix's path, subdivided). */
    private static double[][] edge(HatsPixel p, double spacingArcsec) {
        double[][] path = cds.healpix.Healpix.getNested(p.order()).pathAlongCellEdge(p.pixel(),
                cds.healpix.CompassPoint.Cardinal.S, false, 64);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < path.length; i++) {
            double[] a = path[i];
            double[] b = path[(i + 1) % path.length];
            double[] va = unit(a[0], a[1]);
            double[] vb = unit(b[0], b[1]);
            double chord = Math.toDegrees(Math.acos(Math.min(1, va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]))) * 3600;
            int steps = Math.max(1, (int) Math.ceil(chord / spacingArcsec));
            for (int k = 0; k < steps; k++) { // the side between two path points is nearly straight: interpolate
                double t = (double) k / steps;
                double[] v = {va[0] + t * (vb[0] - va[0]), va[1] + t * (vb[1] - va[1]), va[2] + t * (vb[2] - va[2])};
                double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
                out.add(new double[] {v[0] / norm, v[1] / norm, v[2] / norm});
            }
        }
        return out.toArray(double[][]::new);
    }

    private static double[] unit(double lonRad, double latRad) {
        return new double[] {Math.cos(latRad) * Math.cos(lonRad), Math.cos(latRad) * Math.sin(lonRad), Math.sin(latRad)};
    }

    /** The angular distance from a position to the nearest of the edge points (arcsec). */
    private static double distanceToEdge(double[][] edge, double ra, double dec) {
        double[] v = unit(Math.toRadians(ra), Math.toRadians(dec));
        double best = -1;
        for (double[] e : edge) {
            best = Math.max(best, v[0] * e[0] + v[1] * e[1] + v[2] * e[2]);
        }
        return Math.toDegrees(Math.acos(Math.min(1, best))) * 3600;
    }

    @Test
    void withAMarginItIsACollectionWhoseMarginHoldsTheRowsNearEachPartition() throws IOException {
        Path indexFirst = indexFirstSky();
        Path out = tmp.resolve("sky_collection");
        double r = 900;
        HatsExport.Summary s;
        try (MmuDataset ds = MmuDatasets.load(indexFirst)) {
            s = HatsExport.builder().name("sky").maxRowsPerPartition(300).highestOrder(9).marginArcsec(r).build()
                    .export(ds, out);
        }
        assertEquals(List.of("collection.properties", "sky", "sky_900arcs"),
                Files.list(out).map(p -> p.getFileName().toString()).sorted().toList());
        Map<String, String> collection = HatsFixtures.properties(out.resolve("collection.properties"));
        assertEquals("sky", collection.get("hats_primary_table_url"));
        assertEquals("sky_900arcs", collection.get("default_margin"));
        Map<String, String> margin = HatsFixtures.properties(out.resolve("sky_900arcs/hats.properties"));
        assertEquals("margin", margin.get("dataproduct_type"));
        assertEquals("900.0", margin.get("hats_margin_threshold"));
        assertEquals(Long.toString(s.marginRows()), margin.get("hats_nrows"));

        // every row within r of a partition's pixel, outside it, is in that pixel's margin; none farther is
        final double sampleArcsec = 15;
        try (MmuDataset primary = MmuDatasets.load(out); var storage = Storages.local(out)) {
            HatsMargin m = HatsDatasets.openMargin(storage, null);
            assertEquals(r, m.thresholdArcsec());
            org.mmu.core.ObjectIndex idx = primary.index();
            long total = 0;
            for (org.mmu.core.PartitionRef part : primary.partitions()) {
                HatsPixel px = new HatsPixel(part.order(), part.healpix());
                Set<Long> listed = new TreeSet<>();
                RowBatch rows = m.read(part, List.of("object_id"));
                for (int i = 0; i < rows.rowCount(); i++) {
                    listed.add(rows.column("object_id").getLong(i));
                }
                total += rows.rowCount();
                double side = 3600 * 58.6 / (1 << part.order());
                double[][] edge = edge(px, sampleArcsec);
                for (int i = 0; i < idx.size(); i++) {
                    if (primary.partitions().get(idx.partitionOrdinal(i)).equals(part)) {
                        assertFalse(listed.contains(idx.ids().getLong(i)), "a row is in its own partition's margin");
                        continue;
                    }
                    double near = org.mmu.matching.internal.Sphere.separationArcsec(idx.ra(i), idx.dec(i),
                            Math.toDegrees(cds.healpix.Healpix.getNested(px.order()).center(px.pixel())[0]),
                            Math.toDegrees(cds.healpix.Healpix.getNested(px.order()).center(px.pixel())[1]));
                    if (near > side * 0.75 + r + 60) { // beyond the pixel's corners (58.6 deg / 2^order a side) and r
                        assertFalse(listed.contains(idx.ids().getLong(i)));
                        continue;
                    }
                    double d = distanceToEdge(edge, idx.ra(i), idx.dec(i));
                    if (d < r - sampleArcsec) {
                        assertTrue(listed.contains(idx.ids().getLong(i)), "object " + idx.ids().getLong(i) + " is " + d
                                + " arcsec from " + px + " but not in its margin");
                    } else if (d > r + sampleArcsec) {
                        assertFalse(listed.contains(idx.ids().getLong(i)), "object " + idx.ids().getLong(i) + " is " + d
                                + " arcsec from " + px + " but in its margin");
                    }
                }
            }
            assertEquals(s.marginRows(), total);
            assertTrue(total > 0);
        }
        // the keys of hats-import's margin catalogs (last: skips without the shared fixtures)
        Set<String> missing = new TreeSet<>(HatsFixtures.properties(HatsFixtures.path(HatsFixtures.MARGIN_1DEG)
                .resolve("hats.properties")).keySet());
        missing.removeAll(margin.keySet());
        assertEquals(Set.of("obs_regime"), missing);
    }

    @Test
    void anIndexFirstDatasetReadsBackEqualWithAdaptivePartitionsUnderTheCap() {
        Path indexFirst = indexFirstSky();
        Path out = tmp.resolve("sky_hats");
        HatsExport.Summary s;
        List<String> columns;
        Map<String, List<Object>> before;
        try (MmuDataset ds = MmuDatasets.load(indexFirst)) {
            columns = ds.schema().names();
            before = contents(ds, columns);
            s = HatsExport.builder().maxRowsPerPartition(200).highestOrder(9).build().export(ds, out);
        }
        assertEquals(1500, s.rows());
        try (MmuDataset back = MmuDatasets.load(out)) {
            assertEquals(before, contents(back, columns));
            assertEquals("_healpix_29", back.schema().get(0).name());
            assertEquals(ColumnSpec.array("image", org.mmu.core.DType.FLOAT32, 2, 4, 4), back.schema().column("image"));
            Set<Integer> orders = new TreeSet<>();
            back.partitions().forEach(p -> orders.add(p.order()));
            assertTrue(orders.size() > 1, "adaptive partitions span orders, got " + orders);
            assertEquals(s.partitions(), back.partitions().size());
        }
        checkPartitions(out, 200);
    }

    @Test
    void anMmuV1SurveyReadsBackEqual() {
        MmuV1Fixtures.Expected sdss = MmuV1Fixtures.expected("sdss_like");
        Path survey = MmuV1Fixtures.root().resolve(sdss.openDir());
        Path out = tmp.resolve("sdss_hats");
        List<String> columns;
        Map<String, List<Object>> before;
        try (MmuDataset ds = MmuDatasets.load(survey)) {
            assertEquals(DatasetLayout.MMU_V1_HDF5, ds.layout());
            columns = ds.schema().names();
            before = contents(ds, columns);
            HatsExport.builder().maxRowsPerPartition(5).highestOrder(12).build().export(ds, out);
        }
        try (MmuDataset back = MmuDatasets.load(out)) {
            assertEquals(before, contents(back, columns));
            assertEquals(sdss.objects().size(), back.index().size());
        }
        checkPartitions(out, 5);
    }

    /** A FITS file as its header cards (keyword to raw value, per HDU) and its data blocks. */
    private record Fits(List<Map<String, String>> headers, byte[] data) {
        static Fits read(Path file) throws IOException {
            byte[] b = Files.readAllBytes(file);
            List<Map<String, String>> headers = new ArrayList<>();
            int at = 0;
            for (int hdu = 0; hdu < 2; hdu++) {
                Map<String, String> h = new LinkedHashMap<>();
                while (true) {
                    String card = new String(b, at, 80, StandardCharsets.US_ASCII);
                    at += 80;
                    String key = card.substring(0, 8).trim();
                    if (key.equals("END")) {
                        break;
                    }
                    h.put(key, card.substring(10).trim());
                }
                at = (at + 2879) / 2880 * 2880;
                headers.add(h);
            }
            return new Fits(headers, java.util.Arrays.copyOfRange(b, at, b.length));
        }
    }

    private static Map<String, String> keyValues(Path parquet) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(parquet))) {
            return r.getFooter().getFileMetaData().getKeyValueMetaData();
        }
    }

    @Test
    void itIsLaidOutAsHatsImportWritesObjectCatalogs() throws IOException {
        Path theirs = HatsFixtures.path(HatsFixtures.PRIMARY); // small_sky_order1: small_sky at order 1
        Path out = tmp.resolve("small_sky_order1");
        try (MmuDataset ds = MmuDatasets.load(HatsFixtures.path(HatsFixtures.SMALL_SKY))) {
            HatsExport.builder().lowestOrder(1).highestOrder(1).build().export(ds, out);
        }

        // properties: every key hats-import writes but the optional obs_regime, equal where not about the build
        Map<String, String> ours = HatsFixtures.properties(out.resolve("hats.properties"));
        Map<String, String> hats = HatsFixtures.properties(theirs.resolve("hats.properties"));
        assertEquals(ours, HatsFixtures.properties(out.resolve("properties")));
        Set<String> missing = new TreeSet<>(hats.keySet());
        missing.removeAll(ours.keySet());
        assertEquals(Set.of("obs_regime"), missing);
        assertEquals(Set.of(), new TreeSet<>(ours.keySet()) {{ removeAll(hats.keySet()); }});
        for (String k : List.of("obs_collection", "dataproduct_type", "hats_nrows", "hats_col_ra", "hats_col_dec",
                "hats_col_healpix", "hats_col_healpix_order", "hats_npix_suffix", "hats_skymap_order",
                "hats_release_date", "hats_version", "hats_max_rows", "hats_order", "moc_sky_fraction")) {
            assertEquals(hats.get(k), ours.get(k), k);
        }
        assertTrue(ours.get("hats_builder").startsWith("mmu-java "), ours.get("hats_builder"));
        assertTrue(ours.get("hats_creation_date").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dUTC"));
        assertTrue(Long.parseLong(ours.get("hats_estsize")) > 0);

        // files and partition_info.csv: the same tree, line for line
        List<String> theirFiles = new ArrayList<>(HatsFixtures.files(theirs));
        theirFiles.remove("point_map.fits"); // written by hats-import's optional point map step
        assertEquals(theirFiles, HatsFixtures.files(out));
        assertEquals(Files.readAllLines(theirs.resolve("partition_info.csv")), Files.readAllLines(out.resolve("partition_info.csv")));

        // _metadata / _common_metadata: the same columns, types and row groups per leaf
        ParquetFooters.Footer ourMeta = ParquetFooters.read(Storages.local(out), HatsPaths.METADATA);
        ParquetFooters.Footer theirMeta = ParquetFooters.read(Storages.local(theirs), HatsPaths.METADATA);
        assertEquals(theirMeta.schema(), ourMeta.schema());
        assertEquals(theirMeta.rowGroups().stream().map(g -> g.path() + ":" + g.rows()).toList(),
                ourMeta.rowGroups().stream().map(g -> g.path() + ":" + g.rows()).toList());
        assertEquals(theirMeta.schema(), ParquetFooters.read(Storages.local(out), HatsPaths.COMMON_METADATA).schema());
        assertEquals(List.of(), ParquetFooters.read(Storages.local(out), HatsPaths.COMMON_METADATA).rowGroups());
        // key-value metadata: hats-import's is pyarrow's ARROW:schema alone; we write none (no arrays here)
        assertEquals(Set.of("ARROW:schema"), keyValues(theirs.resolve("dataset/_common_metadata")).keySet());
        assertEquals(Set.of(), keyValues(out.resolve("dataset/_common_metadata")).keySet());

        // the rows: the same objects in the same order with the same _healpix_29, file by file
        try (MmuDataset a = MmuDatasets.load(out); MmuDataset b = MmuDatasets.load(theirs)) {
            int[] all = java.util.stream.IntStream.range(0, a.index().size()).toArray();
            RowBatch ra = a.read(all);
            RowBatch rb = b.read(all);
            for (String c : List.of("_healpix_29", "id", "ra", "dec", "ra_error", "dec_error")) {
                for (int i = 0; i < all.length; i++) {
                    assertEquals(rb.column(c).get(i), ra.column(c).get(i), c + " row " + i);
                }
            }
        }

        // skymap.fits: the same header (but who wrote it) and the same counts
        Fits ourMap = Fits.read(out.resolve("skymap.fits"));
        Fits theirMap = Fits.read(theirs.resolve("skymap.fits"));
        assertEquals(theirMap.headers().get(0), ourMap.headers().get(0));
        Map<String, String> ourTable = new LinkedHashMap<>(ourMap.headers().get(1));
        Map<String, String> theirTable = new LinkedHashMap<>(theirMap.headers().get(1));
        assertEquals("'mmu-java'", ourTable.remove("CREATOR"));
        theirTable.remove("CREATOR");
        assertEquals(theirTable, ourTable);
        assertArrayEquals(theirMap.data(), ourMap.data());
        long counted = 0;
        ByteBuffer counts = ByteBuffer.wrap(ourMap.data());
        for (int p = 0; p < 48; p++) {
            counted += counts.getLong();
        }
        assertEquals(131, counted);
    }

    @Test
    void badInputIsRefusedAndNothingIsLeftBehind() throws IOException {
        MmuV1Fixtures.Expected sdss = MmuV1Fixtures.expected("sdss_like");
        Path out = tmp.resolve("out");
        try (MmuDataset ds = MmuDatasets.load(MmuV1Fixtures.root().resolve(sdss.openDir()))) {
            MmuInputException cap = assertThrows(MmuInputException.class, () -> HatsExport.builder().maxRowsPerPartition(0));
            assertTrue(cap.getMessage().contains("rows per partition must be >= 1, got 0"), cap.getMessage());
            MmuInputException orders = assertThrows(MmuInputException.class,
                    () -> HatsExport.builder().lowestOrder(5).highestOrder(3).build());
            assertTrue(orders.getMessage().contains("lowest order 5 is above the highest 3"), orders.getMessage());
            MmuInputException crowded = assertThrows(MmuInputException.class,
                    () -> HatsExport.builder().maxRowsPerPartition(1).highestOrder(0).build().export(ds, out));
            assertTrue(crowded.getMessage().contains("more than the 1 rows per partition allowed, at the highest order 0"),
                    crowded.getMessage());
            assertFalse(Files.exists(out));
            Files.createDirectories(out);
            MmuInputException exists = assertThrows(MmuInputException.class, () -> HatsExport.builder().build().export(ds, out));
            assertTrue(exists.getMessage().contains("output already exists"), exists.getMessage());
            HatsExport.builder().highestOrder(3).overwrite(true).build().export(ds, out);
        }
        assertTrue(Files.exists(out.resolve("hats.properties")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("out"), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
