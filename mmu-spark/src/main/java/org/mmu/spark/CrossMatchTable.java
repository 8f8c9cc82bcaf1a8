package org.mmu.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mmu.core.ColumnSpec;
import org.mmu.core.IdType;

/**
 * A distributed crossmatch as a Spark table ({@link TableSpec}): one input partition per sky
 * region of the driver's plan, in region order; the executors match and fetch
 * ({@link RegionReaderFactory}). The schema is known before any task runs.
 */
final class CrossMatchTable implements SupportsRead, Scan, Batch, ScanBuilder {
    private final TableSpec spec;

    CrossMatchTable(TableSpec spec) {
        this.spec = spec;
    }

    /** The pairs' columns: ids, separations, (groups), each survey's partition and row, and the region. */
    static StructType pairSchema(MatchSpec m, List<IdType> idTypes, boolean groups) {
        List<StructField> f = new ArrayList<>();
        for (int s = 0; s < m.surveys().size(); s++) {
            DataType id = idTypes.get(s) == IdType.INT64 ? DataTypes.LongType : DataTypes.StringType;
            f.add(field(prefix(m, s) + "object_id", id));
        }
        for (String sep : separationNames(m)) {
            f.add(field(sep, DataTypes.DoubleType));
        }
        if (groups) {
            f.add(field("group_id", DataTypes.IntegerType));
            f.add(field("group_size", DataTypes.IntegerType));
            f.add(field(TableSpec.HIDDEN + "group_key", DataTypes.StringType));
            f.add(field(TableSpec.HIDDEN + "group_starts", DataTypes.BooleanType));
            f.add(field(TableSpec.HIDDEN + "group_continues", DataTypes.BooleanType));
        }
        for (int s = 0; s < m.surveys().size(); s++) {
            f.add(field(prefix(m, s) + "partition", DataTypes.IntegerType));
            f.add(field(prefix(m, s) + "row", DataTypes.IntegerType));
        }
        f.add(new StructField("region", DataTypes.IntegerType, false, Metadata.empty()));
        return new StructType(f.toArray(StructField[]::new));
    }

    /** A load's columns: {@code columns} (as {@code mmu load} writes them) and with {@code locations} each survey's partition and row (hidden). */
    static StructType loadSchema(List<ColumnSpec> columns, int surveys, boolean locations) {
        List<StructField> f = new ArrayList<>();
        for (ColumnSpec c : columns) {
            f.add(SparkTypes.field(c));
        }
        if (locations) {
            for (int s = 0; s < surveys; s++) {
                f.add(field(locationName(s, "partition"), DataTypes.IntegerType));
                f.add(field(locationName(s, "row"), DataTypes.IntegerType));
            }
        }
        return new StructType(f.toArray(StructField[]::new));
    }

    /** The hidden location column of survey {@code s} in a load. */
    static String locationName(int s, String what) {
        return TableSpec.HIDDEN + s + "_" + what;
    }

    /** {@code left_}/{@code right_} for two surveys, {@code <survey>_} for more (as the library's match table). */
    static String prefix(MatchSpec m, int s) {
        return m.surveys().size() == 2 ? (s == 0 ? "left_" : "right_") : m.surveys().get(s) + "_";
    }

    /** The library's separation columns: one for two surveys, one per non-reference survey for more. */
    static List<String> separationNames(MatchSpec m) {
        if (m.surveys().size() == 2) {
            return List.of("separation_arcsec");
        }
        return m.surveys().stream().filter(s -> !s.equals(m.reference())).map(s -> s + "_separation_arcsec").toList();
    }

    private static StructField field(String name, DataType type) {
        return new StructField(name, type, true, Metadata.empty());
    }

    @Override
    public String name() {
        return "mmu crossmatch " + spec.match().surveys();
    }

    @Override
    public StructType schema() {
        return spec.schema();
    }

    @Override
    public Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return this;
    }

    @Override
    public Scan build() {
        return this;
    }

    @Override
    public StructType readSchema() {
        return spec.schema();
    }

    @Override
    public String description() {
        return (spec.load() ? "mmu crossmatch-load " : "mmu crossmatch ") + spec.match().locations() + ", "
                + spec.match().regions() + " sky regions";
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        InputPartition[] out = new InputPartition[spec.match().regions()];
        for (int r = 0; r < out.length; r++) {
            out[r] = new RegionReaderFactory.Region(r);
        }
        return out;
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new RegionReaderFactory(spec);
    }
}
