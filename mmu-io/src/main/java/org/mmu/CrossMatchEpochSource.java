package org.mmu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.io.epoch.EpochSource;

/**
 * A crossmatch's match rows as epoch items. Units are the reference survey's partitions (a match
 * row belongs to the partition of its reference object), so an epoch reads each reference
 * partition once and, with it, only the matched rows of the partner surveys, which lie in the
 * neighbouring sky. Rows are every survey's columns as {@code <survey>_<column>}, then the
 * separation column(s) as in {@link CrossMatchedDatasets#toRowBatch()}.
 */
final class CrossMatchEpochSource implements EpochSource {
    private final CrossMatchedDatasets matches;
    private final List<String> surveys;
    private final int reference;
    private final List<MmuDataset> datasets = new ArrayList<>();
    private final List<ObjectIndex> indices = new ArrayList<>();
    private final Schema schema;
    private final Grouping grouping;

    CrossMatchEpochSource(CrossMatchedDatasets matches) {
        this.matches = matches;
        this.surveys = matches.surveys();
        this.reference = surveys.indexOf(matches.referenceSurvey());
        List<ColumnSpec> specs = new ArrayList<>();
        for (String s : surveys) {
            MmuDataset d = matches.dataset(s);
            datasets.add(d);
            indices.add(matches.index(s));
            for (ColumnSpec c : d.schema()) {
                specs.add(c.withName(s + "_" + c.name()));
            }
        }
        for (int k = 0; k < surveys.size(); k++) {
            if (k != reference) {
                specs.add(ColumnSpec.scalar(separationName(k), DType.FLOAT64));
            }
        }
        this.schema = Schema.of(specs);
        requirePaired();
        this.grouping = byReferencePartition();
    }

    /** Training pairs need every survey's object in every row: outer-join rows have none to read. */
    private void requirePaired() {
        for (int k = 0; k < surveys.size(); k++) {
            for (int i = 0; i < matches.size(); i++) {
                if (indexRow(k, i) < 0) {
                    throw new MmuInputException("an epoch needs every survey's object in every match row, but match row " + i
                            + " has no '" + surveys.get(k) + "' object (an outer join); use the inner join (1and2)");
                }
            }
        }
    }

    /** Match rows grouped by their reference object's partition, in file-row order within it. */
    private Grouping byReferencePartition() {
        ObjectIndex idx = indices.get(reference);
        int partitions = datasets.get(reference).partitions().size();
        int n = matches.size();
        int[] start = new int[partitions + 1];
        for (int i = 0; i < n; i++) {
            start[idx.partitionOrdinal(indexRow(reference, i)) + 1]++;
        }
        for (int u = 0; u < partitions; u++) {
            start[u + 1] += start[u];
        }
        long[] keys = new long[n]; // row << 32 | match row
        int[] fill = Arrays.copyOf(start, partitions);
        for (int i = 0; i < n; i++) {
            int p = indexRow(reference, i);
            keys[fill[idx.partitionOrdinal(p)]++] = ((long) idx.row(p) << 32) | i;
        }
        for (int u = 0; u < partitions; u++) {
            Arrays.sort(keys, start[u], start[u + 1]);
        }
        int[] items = new int[n];
        for (int i = 0; i < n; i++) {
            items[i] = (int) keys[i];
        }
        return new Grouping(start, items);
    }

    @Override
    public List<String> sources() {
        return surveys;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Grouping grouping() {
        return grouping;
    }

    @Override
    public RowBatch read(int unit, int[] items) {
        List<Column> cols = new ArrayList<>(schema.size());
        for (int k = 0; k < surveys.size(); k++) {
            RowBatch rows = datasets.get(k).read(positions(k, items));
            cols.addAll(rows.prefixed(surveys.get(k) + "_").columns());
        }
        for (int k = 0; k < surveys.size(); k++) {
            if (k != reference) {
                double[] sep = new double[items.length];
                for (int j = 0; j < items.length; j++) {
                    sep[j] = separation(k, items[j]);
                }
                cols.add(Column.of(separationName(k), sep));
            }
        }
        return RowBatch.of(cols);
    }

    @Override
    public List<ObjectIds> ids(int[] items) {
        List<ObjectIds> out = new ArrayList<>(surveys.size());
        for (int k = 0; k < surveys.size(); k++) {
            out.add(indices.get(k).ids().gather(positions(k, items)));
        }
        return out;
    }

    @Override
    public long datasetBytes(int[] items) {
        long bytes = 0;
        for (int k = 0; k < surveys.size(); k++) {
            long b = org.mmu.io.epoch.DatasetEpochSource.partitionBytes(datasets.get(k).partitions(), indices.get(k),
                    positions(k, items));
            if (b < 0) {
                return -1;
            }
            bytes += b;
        }
        return bytes;
    }

    @Override
    public ReadStats readStats() {
        ReadStats sum = ReadStats.ZERO;
        for (MmuDataset d : datasets) {
            sum = sum.plus(d.readStats());
        }
        return sum;
    }

    private int[] positions(int k, int[] items) {
        int[] p = new int[items.length];
        for (int j = 0; j < items.length; j++) {
            p[j] = indexRow(k, items[j]);
        }
        return p;
    }

    private String separationName(int k) {
        return surveys.size() == 2 ? "separation_arcsec" : surveys.get(k) + "_separation_arcsec";
    }

    // the match rows, as the crossmatch-load hands them over

    private int indexRow(int k, int i) {
        return matches.indexRow(k, i);
    }

    private double separation(int k, int i) {
        return matches.separationAt(surveys.get(k), i);
    }
}
