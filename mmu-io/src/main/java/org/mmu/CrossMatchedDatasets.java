package org.mmu;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.Example;
import org.mmu.core.IdType;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.matching.MatchResult;

/**
 * The result of a crossmatch-load: for every match row, each survey's example (only matched
 * objects were read), the separation and the connected group, plus the match table and a load
 * report. Iterate it, look at one survey's aligned examples, filter or map it. Immutable; the
 * datasets it came from stay open until {@link #close()}.
 *
 * <pre>{@code
 * try (CrossMatchedDatasets m = MmuDatasets.load("/data", CrossMatch.of("hsc", "desi").radiusArcsec(1).build())) {
 *     for (MatchedExample e : m) {
 *         NdArray image = e.get("hsc").getArray("image");
 *         NdArray spectrum = e.get("desi").getArray("spectrum");
 *     }
 *     System.out.println(m.report().summary());
 * }
 * }</pre>
 */
public final class CrossMatchedDatasets implements Iterable<MatchedExample>, AutoCloseable {
    private final List<String> surveys;
    private final int reference;      // the survey separations are measured from
    private final Map<String, MmuDataset> datasets;
    private final Map<String, ObjectIndex> indices;
    private final int[][] indexRow;   // [survey][match row] -> index position, -1 absent
    private final int[][] batchRow;   // [survey][match row] -> row in fetched[survey], -1 absent
    private final RowBatch[] fetched; // [survey], null when data was not fetched
    private final double[][] sepToRef; // [survey][match row], NaN for the reference / absent
    private final int[] groupId;
    private final int[] groupSize;
    private final LoadReport report;
    private final MatchResult matchResult;
    private final boolean ownsDatasets;

    CrossMatchedDatasets(List<String> surveys, int reference, Map<String, MmuDataset> datasets,
            Map<String, ObjectIndex> indices,
            int[][] indexRow, int[][] batchRow, RowBatch[] fetched, double[][] sepToRef, int[] groupId, int[] groupSize,
            LoadReport report, MatchResult matchResult, boolean ownsDatasets) {
        this.surveys = List.copyOf(surveys);
        this.reference = reference;
        this.datasets = datasets;
        this.indices = indices;
        this.indexRow = indexRow;
        this.batchRow = batchRow;
        this.fetched = fetched;
        this.sepToRef = sepToRef;
        this.groupId = groupId;
        this.groupSize = groupSize;
        this.report = report;
        this.matchResult = matchResult;
        this.ownsDatasets = ownsDatasets;
    }

    public List<String> surveys() {
        return surveys;
    }

    /** Number of match rows (pairs for a two-survey inner match). */
    public int size() {
        return groupId.length;
    }

    public MatchedExample get(int i) {
        java.util.Objects.checkIndex(i, size());
        return new MatchedExample(this, i);
    }

    /** The dataset a survey was read from. */
    public MmuDataset dataset(String survey) {
        s(survey);
        return datasets.get(survey);
    }

    /** A survey's index (all its objects, not only the matched ones). */
    public ObjectIndex index(String survey) {
        s(survey);
        return indices.get(survey);
    }

    /** For a two-survey match, the matcher's result (index positions, separations, groups); else empty. */
    public Optional<MatchResult> matchResult() {
        return Optional.ofNullable(matchResult);
    }

    public LoadReport report() {
        return report;
    }

    /** Whether the matched objects' data was fetched (false for match-only runs). */
    public boolean hasData() {
        return fetched[0] != null;
    }

    /**
     * One survey's examples aligned with the match rows: row {@code i} belongs to match row
     * {@code i} (a row of nulls where the survey has no object).
     */
    public RowBatch survey(String survey) {
        int k = s(survey);
        requireData();
        return fetched[k].gatherOrNull(batchRow[k]);
    }

    /** The survey that separations are measured from (the first of two; the spec's reference for more). */
    public String referenceSurvey() {
        return surveys.get(reference);
    }

    /**
     * The match table: {@code left_object_id, right_object_id, separation_arcsec, group_id,
     * group_size} for two surveys; for more, {@code <survey>_object_id} per survey,
     * {@code <survey>_separation_arcsec} per non-reference survey, and the group columns.
     */
    public RowBatch matchTable() {
        List<Column> cols = new ArrayList<>();
        boolean two = surveys.size() == 2;
        for (int k = 0; k < surveys.size(); k++) {
            String name = two ? (k == 0 ? "left" : "right") + "_object_id" : surveys.get(k) + "_object_id";
            cols.add(idColumn(k, name));
        }
        if (two) {
            cols.add(Column.of("separation_arcsec", sepToRef[1].clone()));
        } else {
            for (int k = 0; k < surveys.size(); k++) {
                if (k != reference) {
                    cols.add(Column.of(surveys.get(k) + "_separation_arcsec", sepToRef[k].clone()));
                }
            }
        }
        cols.add(Column.of("group_id", groupId.clone()));
        cols.add(Column.of("group_size", groupSize.clone()));
        return RowBatch.of(cols);
    }

    /**
     * All surveys' data side by side, columns prefixed {@code <survey>_}, followed by
     * {@code separation_arcsec} (two surveys) or {@code <survey>_separation_arcsec} (more).
     */
    public RowBatch toRowBatch() {
        requireData();
        List<Column> cols = new ArrayList<>();
        for (String survey : surveys) {
            cols.addAll(survey(survey).prefixed(survey + "_").columns());
        }
        RowBatch table = matchTable();
        if (surveys.size() == 2) {
            cols.add(table.column("separation_arcsec"));
        } else {
            for (int k = 0; k < surveys.size(); k++) {
                if (k != reference) {
                    cols.add(table.column(surveys.get(k) + "_separation_arcsec"));
                }
            }
        }
        return RowBatch.of(cols);
    }

    /** The match rows satisfying a predicate (data is shared, not re-read). */
    public CrossMatchedDatasets filter(Predicate<MatchedExample> keep) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            if (keep.test(get(i))) {
                rows.add(i);
            }
        }
        int[] sel = rows.stream().mapToInt(Integer::intValue).toArray();
        int n = surveys.size();
        int[][] ir = new int[n][];
        int[][] br = new int[n][];
        double[][] sep = new double[n][];
        for (int k = 0; k < n; k++) {
            ir[k] = pick(indexRow[k], sel);
            br[k] = batchRow[k] == null ? null : pick(batchRow[k], sel);
            sep[k] = new double[sel.length];
            for (int j = 0; j < sel.length; j++) {
                sep[k][j] = sepToRef[k][sel[j]];
            }
        }
        return new CrossMatchedDatasets(surveys, reference, datasets, indices, ir, br, fetched, sep, pick(groupId, sel),
                pick(groupSize, sel), report, null, false);
    }

    /** Applies a function to every match row, in order. */
    public <T> List<T> map(Function<MatchedExample, T> f) {
        List<T> out = new ArrayList<>(size());
        for (MatchedExample e : this) {
            out.add(f.apply(e));
        }
        return out;
    }

    public Stream<MatchedExample> stream() {
        return StreamSupport.stream(spliterator(), false);
    }

    @Override
    public Iterator<MatchedExample> iterator() {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public MatchedExample next() {
                if (next >= size()) {
                    throw new NoSuchElementException();
                }
                return new MatchedExample(CrossMatchedDatasets.this, next++);
            }
        };
    }

    /** Closes the datasets this result opened (not those the caller passed in). */
    @Override
    public void close() {
        if (ownsDatasets) {
            datasets.values().forEach(MmuDataset::close);
        }
    }

    // --- accessors for MatchedExample ---

    Example exampleAt(String survey, int i) {
        int k = s(survey);
        requireData();
        int r = batchRow[k][i];
        return r < 0 ? null : fetched[k].row(r);
    }

    String objectIdAt(String survey, int i) {
        int k = s(survey);
        int p = indexRow[k][i];
        return p < 0 ? null : indices.get(survey).ids().getString(p);
    }

    double separationAt(int i) {
        if (surveys.size() != 2) {
            throw new MmuInputException("separationArcsec() is for two-survey matches; use separationArcsec(survey)");
        }
        return sepToRef[1][i];
    }

    double separationAt(String survey, int i) {
        return sepToRef[s(survey)][i];
    }

    int groupIdAt(int i) {
        return groupId[i];
    }

    int groupSizeAt(int i) {
        return groupSize[i];
    }

    int indexRow(int survey, int i) {
        return indexRow[survey][i];
    }

    private Column idColumn(int k, String name) {
        ObjectIndex idx = indices.get(surveys.get(k));
        int n = size();
        org.mmu.core.ColumnBuilder b = new org.mmu.core.ColumnBuilder(
                ColumnSpec.scalar(name, idx.ids().type() == IdType.INT64 ? DType.INT64 : DType.STRING), n);
        for (int i = 0; i < n; i++) {
            int p = indexRow[k][i];
            if (p < 0) {
                b.appendNull();
            } else if (idx.ids().type() == IdType.INT64) {
                b.appendLong(idx.ids().getLong(p));
            } else {
                b.appendString(idx.ids().getString(p));
            }
        }
        return b.build();
    }

    private int s(String survey) {
        int k = surveys.indexOf(survey);
        if (k < 0) {
            throw new MmuInputException("no survey '" + survey + "' in this crossmatch; surveys are " + surveys);
        }
        return k;
    }

    private void requireData() {
        if (fetched[0] == null) {
            throw new MmuInputException("this crossmatch was run without fetching data (match only)");
        }
    }

    private static int[] pick(int[] a, int[] sel) {
        int[] out = new int[sel.length];
        for (int j = 0; j < sel.length; j++) {
            out[j] = a[sel[j]];
        }
        return out;
    }

    static Map<String, MmuDataset> mapOf(List<String> names, List<MmuDataset> ds) {
        Map<String, MmuDataset> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), ds.get(i));
        }
        return m;
    }
}
