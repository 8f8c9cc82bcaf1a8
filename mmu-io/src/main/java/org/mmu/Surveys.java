package org.mmu;

import java.util.ArrayList;
import java.util.List;

import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.Parallel;
import org.mmu.internal.dataset.PartitionedDataset;

/**
 * Stage 1 of a crossmatch-load, <em>open</em>: the datasets, one per survey, each with the label
 * its output columns carry. Opening reads metadata only. Datasets opened here are closed with
 * this object; datasets handed in by the caller are not. Immutable apart from closing.
 */
public final class Surveys implements AutoCloseable {
    private final List<String> labels;
    private final List<MmuDataset> datasets;
    private final boolean owned;
    private final double openSeconds;

    private Surveys(List<String> labels, List<MmuDataset> datasets, boolean owned, double openSeconds) {
        this.labels = List.copyOf(labels);
        this.datasets = List.copyOf(datasets);
        this.owned = owned;
        this.openSeconds = openSeconds;
    }

    /** Opens every location (any layout, see {@link MmuDatasets#load(String, LoadOptions)}), labelled by dataset name. */
    public static Surveys open(List<String> locations, LoadOptions options) {
        return open(locations, locations.stream().map(l -> options).toList());
    }

    /**
     * Opens each location with its own options (e.g. its own id column), labelled by dataset name.
     * The locations open side by side: most of an open is parsing metadata with code that has not
     * been compiled yet, which keeps one core busy. The first failure in location order is thrown,
     * after every dataset that did open is closed again.
     */
    static Surveys open(List<String> locations, List<LoadOptions> options) {
        long t0 = System.nanoTime();
        int n = locations.size();
        MmuDataset[] opened = new MmuDataset[n];
        boolean[] failed = {false};  // guarded by opened: an open finishing after a failure closes its own dataset
        int threads = Math.min(n, options.isEmpty() ? 1 : options.get(0).threads());
        try {
            Parallel.map(n, threads, "opening the surveys", i -> {
                MmuDataset d = MmuDatasets.load(locations.get(i), options.get(i));
                synchronized (opened) {
                    if (failed[0]) {
                        d.close();
                    } else {
                        opened[i] = d;
                    }
                }
                return d;
            });
        } catch (RuntimeException | Error e) {
            synchronized (opened) {
                failed[0] = true;
                for (MmuDataset d : opened) {
                    if (d != null) {
                        d.close();
                    }
                }
            }
            throw e;
        }
        return new Surveys(java.util.Arrays.stream(opened).map(MmuDataset::name).toList(), List.of(opened), true,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Datasets the caller opened (and closes), labelled by dataset name. */
    public static Surveys of(List<MmuDataset> datasets) {
        return new Surveys(datasets.stream().map(MmuDataset::name).toList(), datasets, false, 0);
    }

    /** The same datasets under other labels (one per dataset, e.g. the crossmatch's survey names). */
    public Surveys labelled(List<String> newLabels) {
        if (newLabels.size() != datasets.size()) {
            throw new MmuInputException(datasets.size() + " datasets given for the " + newLabels.size() + " surveys "
                    + newLabels);
        }
        return new Surveys(newLabels, datasets, owned, openSeconds);
    }

    /** The labels, in dataset order (dataset names unless relabelled). */
    public List<String> labels() {
        return labels;
    }

    public List<MmuDataset> datasets() {
        return datasets;
    }

    public int size() {
        return datasets.size();
    }

    /** Wall time spent opening (0 for datasets the caller opened). */
    public double openSeconds() {
        return openSeconds;
    }

    /**
     * Each dataset restricted to the columns the options ask for: a survey's own list, else the
     * shared list (each survey keeps those it has), else all columns.
     */
    public List<MmuDataset> selectColumns(LoadOptions options) {
        List<MmuDataset> out = new ArrayList<>();
        for (int k = 0; k < datasets.size(); k++) {
            MmuDataset ds = datasets.get(k);
            String survey = labels.get(k);
            List<String> cols = options.columnsFor(survey).orElse(null);
            if (cols == null) {
                out.add(ds);
                continue;
            }
            if (options.columnsAreShared(survey)) {
                cols = sharedColumns(ds, survey, cols);
            }
            out.add(ds.select(cols));
        }
        return out;
    }

    /**
     * A list given for all surveys, as one survey reads it: the columns it has, where
     * {@link #OBJECT_ID} stands for its own id column whatever the data calls it, and its id
     * column first when the list leaves it out (every row says which object it is).
     */
    private static List<String> sharedColumns(MmuDataset ds, String survey, List<String> cols) {
        String id = idColumn(ds);
        List<String> present = new ArrayList<>();
        for (String c : cols) {
            String name = c.equals(OBJECT_ID) ? id : c;
            if (ds.schema().contains(name) && !present.contains(name)) {
                present.add(name);
            }
        }
        if (present.isEmpty()) {
            throw new MmuInputException("survey '" + survey + "' has none of the columns " + cols
                    + "; its columns are " + ds.schema().names());
        }
        if (!present.contains(id) && ds.schema().contains(id)) {
            present.add(0, id);
        }
        return present;
    }

    /** The name every survey's id column answers to in a column list given for all surveys. */
    private static final String OBJECT_ID = CoordinateColumns.DEFAULT.id();

    /** The dataset's id column: the one its index was built from. */
    static String idColumn(MmuDataset ds) {
        return ds instanceof PartitionedDataset p ? p.descriptor().coordinates().id() : OBJECT_ID;
    }

    /** Closes the datasets opened by {@link #open}; datasets the caller handed in stay open. */
    @Override
    public void close() {
        if (owned) {
            datasets.forEach(MmuDataset::close);
        }
    }
}
