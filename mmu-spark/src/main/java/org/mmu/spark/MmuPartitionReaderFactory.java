package org.mmu.spark;

import java.util.List;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.mmu.core.Column;
import org.mmu.core.MmuDataset;
import org.mmu.core.RowBatch;

/** Runs on executors: reads one partition's rows through the SDK (only the asked-for columns). */
final class MmuPartitionReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition input) {
        MmuInputPartition p = (MmuInputPartition) input;
        RowBatch batch = null;
        List<String> data = p.columns().dataColumns();
        if (!data.isEmpty() && p.positions().length > 0) {
            MmuDataset ds = OpenDatasets.get(p.location());
            batch = ds.select(data).read(p.positions());
        }
        return new Rows(p, batch);
    }

    /** The rows of one partition, built one at a time from the decoded columns. */
    private static final class Rows implements PartitionReader<InternalRow> {
        private final MmuInputPartition p;
        private final Column[] columns;
        private int next = -1;

        Rows(MmuInputPartition p, RowBatch batch) {
            this.p = p;
            ReadColumns.Source[] sources = p.columns().sources();
            columns = new Column[sources.length];
            for (int i = 0; i < sources.length; i++) {
                if (sources[i] == ReadColumns.Source.DATA) {
                    columns[i] = batch.column(p.columns().names()[i]);
                }
            }
        }

        @Override
        public boolean next() {
            return ++next < p.positions().length;
        }

        @Override
        public InternalRow get() {
            ReadColumns.Source[] sources = p.columns().sources();
            Object[] values = new Object[sources.length];
            IndexSlice idx = p.index();
            for (int i = 0; i < sources.length; i++) {
                values[i] = switch (sources[i]) {
                    case DATA -> SparkTypes.value(columns[i], next);
                    case HEALPIX -> p.healpix();
                    case ID -> idx.id(next);
                    case RA -> idx.ra()[next];
                    case DEC -> idx.dec()[next];
                    case PARTITION -> p.partition();
                    case ROW -> idx.rows()[next];
                };
            }
            return SparkTypes.row(values);
        }

        @Override
        public void close() {
        }
    }
}
