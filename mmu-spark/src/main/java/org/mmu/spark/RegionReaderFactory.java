package org.mmu.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.mmu.CrossMatchedDatasets;
import org.mmu.MatchRows;
import org.mmu.MatchedBatch;
import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.matching.RegionMatch;

/**
 * Runs on executors: one sky region per task. It matches the region with the library
 * ({@link RegionTasks}: {@code RegionalMatcher.matchRegion} on the region's index rows plus its
 * margin), takes the region's result as the library's {@link CrossMatchedDatasets#ofRegion} —
 * its match table for pairs, its fetched rows for a load (only the matched rows, through the
 * SDK's fetch plan) — and hands Spark the columns as they are ({@link ColumnVectors}).
 */
final class RegionReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;
    /** Rows per fetched batch: about this many bytes. */
    private static final long BATCH_BYTES = 8L << 20;

    private final TableSpec spec;

    RegionReaderFactory(TableSpec spec) {
        this.spec = spec;
    }

    /** One Spark partition: a region of the plan. */
    record Region(int ordinal) implements InputPartition {
    }

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        throw new UnsupportedOperationException("a crossmatch is read as columnar batches");
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        int ordinal = ((Region) partition).ordinal();
        RegionTasks tasks = RegionTasks.get(spec.match());
        long t0 = System.nanoTime();
        RegionMatch m = tasks.match(ordinal, spec.groups());
        long matchNanos = System.nanoTime() - t0;
        CrossMatchedDatasets view = CrossMatchedDatasets.ofRegion(tasks.surveys, m, tasks.spec, spec.options());
        if (!spec.load()) {
            RowBatch table = pairs(view, m, ordinal);
            if (spec.metrics() != null) {
                spec.metrics().record(spec.match().locations(), ordinal, m, matchNanos, 0);
            }
            return new Batches(Stream.of(table), null, m, ordinal, 0);
        }
        long perRow = Math.max(1, view.estimatedRowBytes());
        int rows = (int) Math.max(1, Math.min(1 << 16, BATCH_BYTES / perRow));
        Stream<RowBatch> batches = view.batches(rows).map(b -> loaded(view, b));
        return new Batches(batches, view, m, ordinal, matchNanos);
    }

    /** The library's match table of the region, with each survey's partition and row, the region, and group details. */
    private RowBatch pairs(CrossMatchedDatasets view, RegionMatch m, int ordinal) {
        RowBatch table;
        try (Stream<RowBatch> t = view.matchTables(spec.groups())) {
            table = t.findFirst().orElseThrow();
        }
        List<Column> cols = new ArrayList<>(table.columns());
        int n = table.rowCount();
        if (spec.groups()) {
            ColumnBuilder key = new ColumnBuilder(ColumnSpec.scalar(TableSpec.HIDDEN + "group_key", DType.STRING), n);
            boolean[] starts = new boolean[n];
            boolean[] continues = new boolean[n];
            for (int i = 0; i < n; i++) {
                String k = m.groupKey(i);
                if (k == null) {
                    key.appendNull();
                } else {
                    key.appendString(k);
                }
                starts[i] = m.groupStartsHere(i);
                continues[i] = m.groupContinuesLater(i);
            }
            cols.add(key.build());
            cols.add(Column.ofScalars(ColumnSpec.scalar(TableSpec.HIDDEN + "group_starts", DType.BOOL), starts, n));
            cols.add(Column.ofScalars(ColumnSpec.scalar(TableSpec.HIDDEN + "group_continues", DType.BOOL), continues, n));
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int s = 0; s < m.surveys().size(); s++) {
            String p = CrossMatchTable.prefix(spec.match(), s);
            cols.addAll(locations(view, s, all, p + "partition", p + "row"));
        }
        int[] region = new int[n];
        java.util.Arrays.fill(region, ordinal);
        cols.add(Column.of("region", region));
        return RowBatch.of(cols);
    }

    /** A fetched batch as {@code mmu load} writes it, plus each survey's partition and row for the report. */
    private RowBatch loaded(CrossMatchedDatasets view, MatchedBatch b) {
        RowBatch rows = b.toRowBatch();
        if (spec.metrics() == null) {
            return rows;
        }
        int[] matchRows = new int[b.size()];
        for (int i = 0; i < matchRows.length; i++) {
            matchRows[i] = b.matchRow(i);
        }
        List<Column> extra = new ArrayList<>();
        for (int s = 0; s < spec.match().surveys().size(); s++) {
            extra.addAll(locations(view, s, matchRows, CrossMatchTable.locationName(s, "partition"),
                    CrossMatchTable.locationName(s, "row")));
        }
        return rows.withColumns(extra);
    }

    /** Survey {@code s}'s partition and row in its file, for some match rows of a region (null when absent). */
    private static List<Column> locations(CrossMatchedDatasets view, int s, int[] matchRows, String partitionName,
            String rowName) {
        MatchRows r = view.matchRows();
        ObjectIndex slice = view.index(view.surveys().get(s));
        ColumnBuilder part = new ColumnBuilder(ColumnSpec.scalar(partitionName, DType.INT32), matchRows.length);
        ColumnBuilder row = new ColumnBuilder(ColumnSpec.scalar(rowName, DType.INT32), matchRows.length);
        for (int i : matchRows) {
            int p = r.indexRow(s, i);
            if (p < 0) {
                part.appendNull();
                row.appendNull();
            } else {
                part.appendLong(slice.partitionOrdinal(p));
                row.appendLong(slice.row(p));
            }
        }
        return List.of(part.build(), row.build());
    }

    /** The region's batches, one at a time; the task's metrics when the last is read. */
    private final class Batches implements PartitionReader<ColumnarBatch> {
        private final Stream<RowBatch> stream;
        private final Iterator<RowBatch> it;
        private final CrossMatchedDatasets view; // a load's (fetching), else null
        private final RegionMatch match;
        private final int ordinal;
        private final long matchNanos;
        private final long t0 = System.nanoTime();
        private ColumnarBatch current;
        private boolean recorded;

        Batches(Stream<RowBatch> stream, CrossMatchedDatasets view, RegionMatch match, int ordinal, long matchNanos) {
            this.stream = stream;
            this.it = stream.iterator();
            this.view = view;
            this.match = match;
            this.ordinal = ordinal;
            this.matchNanos = matchNanos;
        }

        @Override
        public boolean next() {
            if (it.hasNext()) {
                current = ColumnVectors.batch(spec.schema(), it.next());
                return true;
            }
            if (view != null && spec.metrics() != null && !recorded) {
                recorded = true;
                spec.metrics().record(spec.match().locations(), ordinal, match, matchNanos, System.nanoTime() - t0);
            }
            return false;
        }

        @Override
        public ColumnarBatch get() {
            return current;
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
