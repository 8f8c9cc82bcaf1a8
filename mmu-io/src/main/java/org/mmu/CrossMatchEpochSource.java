package org.mmu;

import java.util.ArrayList;
import java.util.List;

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
 * neighbouring sky. A unit's rows are fetched by the crossmatch-load's own streamed fetch
 * ({@link CrossMatchedDatasets#subset} of those match rows, read through its bounded window), so
 * they have the columns {@code mmu load} writes: {@code <survey>_<column>}, then the separation(s).
 */
final class CrossMatchEpochSource implements EpochSource {
    private final CrossMatchedDatasets matches;
    private final MatchRows rows;
    private final List<String> surveys;
    private final int reference;
    private final List<MmuDataset> datasets = new ArrayList<>();
    private final List<ObjectIndex> indices = new ArrayList<>();
    private final Schema schema;
    private final Grouping grouping;

    CrossMatchEpochSource(CrossMatchedDatasets matches) {
        if (!matches.hasData()) {
            throw new MmuInputException("an epoch reads the matched objects' data, but this crossmatch was loaded with "
                    + "fetchData(false); load it with the default (nothing is read before the epoch runs)");
        }
        this.matches = matches;
        this.rows = matches.matchRows();
        this.surveys = matches.surveys();
        this.reference = rows.reference();
        for (String s : surveys) {
            datasets.add(matches.dataset(s));
            indices.add(matches.index(s));
        }
        requirePaired();
        this.schema = matches.subset(new int[0]).toRowBatch().schema();
        this.grouping = Grouping.byPartition(indices.get(reference), datasets.get(reference).partitions().size(),
                matches.size(), i -> rows.indexRow(reference, i)); // a match row lives with its reference object
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
        return matches.subset(items).toRowBatch();
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
            long b = org.mmu.io.epoch.DatasetEpochSource.partitionBytes(datasets.get(k), indices.get(k), positions(k, items));
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

    private int indexRow(int k, int i) {
        return rows.indexRow(k, i);
    }
}
