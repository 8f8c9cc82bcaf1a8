package org.mmu.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;
import org.mmu.core.MmuDataset;

/**
 * Takes what Spark pushes down: the columns the query needs (only those are decoded) and the
 * filters on {@code healpix} (decided per partition, so pruned partitions are never opened).
 */
final class MmuScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters {
    private final ScanOptions options;
    private final MmuDataset dataset;
    private final boolean healpixIsOurs;
    private StructType required;
    private Filter[] pushed = new Filter[0];

    MmuScanBuilder(ScanOptions options, MmuDataset dataset, StructType schema) {
        this.options = options;
        this.dataset = dataset;
        this.required = schema;
        // a dataset's own 'healpix' column may vary inside a partition: then Spark filters it
        this.healpixIsOurs = options.indexOnly() || !dataset.schema().contains(HealpixPruning.HEALPIX);
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        this.required = requiredSchema;
    }

    @Override
    public Filter[] pushFilters(Filter[] filters) {
        List<Filter> ours = new ArrayList<>();
        List<Filter> rest = new ArrayList<>();
        for (Filter f : filters) {
            (healpixIsOurs && HealpixPruning.canEvaluate(f) ? ours : rest).add(f);
        }
        pushed = ours.toArray(Filter[]::new);
        return rest.toArray(Filter[]::new);
    }

    @Override
    public Filter[] pushedFilters() {
        return pushed.clone();
    }

    @Override
    public Scan build() {
        return new MmuScan(options, dataset, required, List.of(pushed));
    }
}
