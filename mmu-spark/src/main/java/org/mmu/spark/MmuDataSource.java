package org.mmu.spark;

import java.util.Map;

import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The Spark data source {@code mmu}: {@code spark.read.format("mmu").load(path)} reads a dataset in
 * any layout (index-first, MMU v1 HDF5, HATS, CSV/Parquet catalogs) from any storage the SDK
 * reads. Options: {@link ScanOptions}. Registered through
 * {@code META-INF/services/org.apache.spark.sql.sources.DataSourceRegister}.
 */
public final class MmuDataSource implements TableProvider, DataSourceRegister {
    @Override
    public String shortName() {
        return "mmu";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        if (options.containsKey(TableSpec.OPTION)) { // a crossmatch made by MmuSpark
            return TableSpec.decode(options.get(TableSpec.OPTION)).schema();
        }
        return MmuTable.open(ScanOptions.of(options)).schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        if (properties.containsKey(TableSpec.OPTION)) {
            return new CrossMatchTable(TableSpec.decode(properties.get(TableSpec.OPTION)));
        }
        return MmuTable.open(ScanOptions.of(properties));
    }

    @Override
    public boolean supportsExternalMetadata() {
        return false;
    }
}
