package org.mmu.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mmu.core.MmuDataset;

/**
 * One dataset as a Spark table. Its columns are the dataset's, plus {@code healpix} (the NESTED
 * cell of the object's partition, at the partition's order) unless the dataset has a column of
 * that name; with {@code index_only} they are {@link #INDEX_COLUMNS}.
 */
final class MmuTable implements SupportsRead {
    /** The columns of an {@code index_only} read. */
    static final List<String> INDEX_COLUMNS = List.of("object_id", "ra", "dec", HealpixPruning.HEALPIX, "partition", "row");

    private final ScanOptions options;
    private final MmuDataset dataset;
    private final StructType schema;

    private MmuTable(ScanOptions options, MmuDataset dataset, StructType schema) {
        this.options = options;
        this.dataset = dataset;
        this.schema = schema;
    }

    static MmuTable open(ScanOptions options) {
        MmuDataset ds = OpenDatasets.get(options.location());
        return new MmuTable(options, ds, options.indexOnly() ? indexSchema(ds) : dataSchema(ds));
    }

    private static StructType dataSchema(MmuDataset ds) {
        StructType s = SparkTypes.structOf(ds.schema());
        if (!ds.schema().contains(HealpixPruning.HEALPIX)) {
            s = s.add(new StructField(HealpixPruning.HEALPIX, DataTypes.LongType, false, Metadata.empty()));
        }
        return s;
    }

    private static StructType indexSchema(MmuDataset ds) {
        List<StructField> f = new ArrayList<>();
        f.add(new StructField("object_id", SparkTypes.idType(ds.index().ids()), false, Metadata.empty()));
        f.add(new StructField("ra", DataTypes.DoubleType, false, Metadata.empty()));
        f.add(new StructField("dec", DataTypes.DoubleType, false, Metadata.empty()));
        f.add(new StructField(HealpixPruning.HEALPIX, DataTypes.LongType, false, Metadata.empty()));
        f.add(new StructField("partition", DataTypes.IntegerType, false, Metadata.empty()));
        f.add(new StructField("row", DataTypes.IntegerType, false, Metadata.empty()));
        return new StructType(f.toArray(StructField[]::new));
    }

    @Override
    public String name() {
        return "mmu:" + dataset.name();
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
        return new MmuScanBuilder(options, dataset, schema);
    }
}
