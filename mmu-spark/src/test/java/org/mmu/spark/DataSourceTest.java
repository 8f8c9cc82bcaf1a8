package org.mmu.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.MmuDatasets;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.testing.SyntheticSurvey;

/** {@code spark.read.format("mmu")} on every layout: schema, values, pruning (counted), the index alone. */
class DataSourceTest {
    @TempDir
    static Path dir;
    static String survey;
    static SparkSession spark;

    /** 3000 objects over a 12° box at RA 0/360 (many order-4 cells), with images and variable spectra. */
    @BeforeAll
    static void build() {
        spark = TestSpark.session();
        double[][] p = SyntheticSurvey.box(3000, 354, 6, -6, 6, 42);
        RowBatch cat = SyntheticSurvey.catalog(p[0], p[1], 1, 2, 3, true);
        try (PartitionedDataset src = CatalogDatasets.fromBatch("wide", cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(200).build().build(src, dir.resolve("wide"));
        }
        survey = dir.resolve("wide").toString();
    }

    /** Partitions opened since the last {@link #freshCounters}. */
    private static long partitionsRead(String location) {
        return OpenDatasets.get(location).readStats().partitionsRead();
    }

    private static void freshCounters(String location) {
        OpenDatasets.close(location);
    }

    @Test
    void everyRowCarriesItsOwnObjectsValuesAndArraysKeepTheirShape() {
        Dataset<Row> df = spark.read().format("mmu").load(survey);
        MmuDataset ds = OpenDatasets.get(survey);
        assertEquals(ds.partitions().size(), df.rdd().getNumPartitions(), "one Spark partition per dataset partition");
        StructField image = df.schema().apply("image");
        assertEquals("[2,3,3]", image.metadata().getString(SparkTypes.SHAPE_KEY));
        assertEquals("[-1]", df.schema().apply("spectrum").metadata().getString(SparkTypes.SHAPE_KEY));

        List<Row> rows = df.select("object_id", "flux", "image", "spectrum", "healpix").collectAsList();
        assertEquals(3000, rows.size());
        Set<Long> ids = new HashSet<>();
        for (Row r : rows) {
            long id = r.getLong(0);
            ids.add(id);
            assertEquals(id * 0.5, r.getDouble(1));
            List<Float> img = r.getList(2);
            assertEquals(18, img.size());
            assertEquals(SyntheticSurvey.imageValue(id, 1, 2, 0), img.get(9 + 6), "row-major [b][y][x]");
            List<Double> spectrum = r.getList(3);
            assertEquals(SyntheticSurvey.spectrumLength(id), spectrum.size());
            assertEquals(SyntheticSurvey.spectrumValue(id, 4), spectrum.get(4));
        }
        assertEquals(3000, ids.size());
    }

    @Test
    void addedColumnsReadLikeAnyOther() {
        Path grown = dir.resolve("grown");
        double[][] p = SyntheticSurvey.box(600, 354, 6, -6, 6, 43);
        try (PartitionedDataset src = CatalogDatasets.fromBatch("grown", SyntheticSurvey.catalog(p[0], p[1], 1, 0, 0, false),
                CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(100).build().build(src, grown);
        }
        long[] id = new long[300]; // objects 1..300 get a redshift, the others null
        double[] z = new double[300];
        for (int i = 0; i < 300; i++) {
            id[i] = 300 - i;
            z[i] = id[i] / 100.0;
        }
        org.mmu.DatasetUpdater.builder().build().addColumns(grown, RowBatch.of(org.mmu.core.Column.of("object_id", id),
                org.mmu.core.Column.of("photo_z", z)), "z.csv", "object_id", false);
        List<Row> rows = spark.read().format("mmu").load(grown.toString()).select("object_id", "photo_z").collectAsList();
        assertEquals(600, rows.size());
        for (Row r : rows) {
            long oid = r.getLong(0);
            if (oid <= 300) {
                assertEquals(oid / 100.0, r.getDouble(1));
            } else {
                assertTrue(r.isNullAt(1), "object " + oid);
            }
        }
    }

    @Test
    void aHealpixFilterOpensOnlyThePartitionsOfThatCell() {
        MmuDataset ds = OpenDatasets.get(survey);
        PartitionRef first = ds.partitions().get(0);
        long expected = ds.partitions().stream().filter(r -> r.healpix() == first.healpix()).mapToLong(PartitionRef::rows).sum();
        long partitionsOfCell = ds.partitions().stream().filter(r -> r.healpix() == first.healpix()).count();

        freshCounters(survey);
        long before = partitionsRead(survey);
        Dataset<Row> df = spark.read().format("mmu").load(survey).filter("healpix = " + first.healpix());
        List<Row> rows = df.select("object_id", "flux").collectAsList();
        assertEquals(expected, rows.size());
        assertEquals(partitionsOfCell, partitionsRead(survey) - before, "only that cell's partitions were opened");
        assertTrue(partitionsOfCell < ds.partitions().size());
    }

    @Test
    void aConeReturnsExactlyTheObjectsInsideItAndOpensOnlyPartitionsItTouches() {
        MmuDataset ds = OpenDatasets.get(survey);
        ObjectIndex index = ds.index();
        ScanOptions.Cone cone = new ScanOptions.Cone(359.5, 1.0, 2.5);
        Set<Long> inside = new TreeSet<>();
        Set<Integer> touched = new HashSet<>();
        for (int i = 0; i < index.size(); i++) {
            if (HealpixPruning.inCone(cone, index.ra(i), index.dec(i))) {
                inside.add(index.ids().getLong(i));
                touched.add(index.partitionOrdinal(i));
            }
        }
        freshCounters(survey);
        long before = partitionsRead(survey);
        List<Row> rows = spark.read().format("mmu").option("cone", "359.5,1.0,2.5").load(survey)
                .select("object_id", "flux").collectAsList();
        Set<Long> got = new TreeSet<>();
        rows.forEach(r -> got.add(r.getLong(0)));
        assertEquals(inside, got);
        assertEquals(touched.size(), partitionsRead(survey) - before, "partitions holding objects in the cone");
        assertTrue(touched.size() < ds.partitions().size());
    }

    @Test
    void indexOnlyReadsNoDataPartition() {
        freshCounters(survey);
        long before = partitionsRead(survey);
        Dataset<Row> df = spark.read().format("mmu").option("index_only", "true").load(survey);
        assertEquals(List.of("object_id", "ra", "dec", "healpix", "partition", "row"), List.of(df.schema().fieldNames()));
        ObjectIndex index = OpenDatasets.get(survey).index();
        List<Row> rows = df.collectAsList();
        assertEquals(index.size(), rows.size());
        for (Row r : rows.subList(0, 50)) {
            int p = -1;
            for (int i = 0; i < index.size() && p < 0; i++) {
                if (index.ids().getLong(i) == r.getLong(0)) {
                    p = i;
                }
            }
            assertEquals(index.ra(p), r.getDouble(1));
            assertEquals(index.row(p), r.getInt(5));
            assertEquals(index.partition(p).healpix(), r.getLong(3));
        }
        assertEquals(before, partitionsRead(survey), "no data file opened");
    }

    @Test
    void mmuV1AndHatsReadAsTheSdkReadsThem() {
        Path mmuV1 = TestSpark.mmuV1Fixtures().resolve("overlap_like/dr16_south");
        Path hats = TestSpark.hatsFixture("small_sky_order1_collection");
        for (Path p : hats == null ? List.of(mmuV1) : List.of(mmuV1, hats)) {
            try (MmuDataset ds = MmuDatasets.load(p.toString())) {
                RowBatch all = ds.read(java.util.stream.IntStream.range(0, ds.index().size()).toArray());
                String id = ds.schema().contains("object_id") ? "object_id" : "id";
                Dataset<Row> df = spark.read().format("mmu").load(p.toString());
                assertEquals(ds.partitions().size(), df.rdd().getNumPartitions(), p.toString());
                Set<String> expected = new TreeSet<>();
                for (int r = 0; r < all.rowCount(); r++) {
                    expected.add(all.column(id).getString(r) + "@" + all.column("ra").getDouble(r));
                }
                Set<String> got = new TreeSet<>();
                for (Row r : df.select(id, "ra").collectAsList()) {
                    got.add(r.get(0) + "@" + r.getDouble(1));
                }
                assertEquals(expected, got, p.toString());
            }
        }
        assumeTrue(hats != null, "HATS fixtures absent: only MMU v1 checked");
    }
}
