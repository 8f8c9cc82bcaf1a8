package org.mmu;

import java.util.ArrayList;
import java.util.List;

import org.mmu.core.Column;
import org.mmu.core.RowBatch;

/**
 * Consecutive examples of a streamed crossmatch-load (in fetch order) with their data: per
 * survey one row per example (nulls where a survey has no object), and the match row of each.
 * What {@link CrossMatchedDatasets#batches(int)} streams. Immutable.
 */
public final class MatchedBatch {
    private final CrossMatchedDatasets owner;
    private final int[] matchRows;
    private final RowBatch[] surveys;

    MatchedBatch(CrossMatchedDatasets owner, int[] matchRows, RowBatch[] surveys) {
        this.owner = owner;
        this.matchRows = matchRows;
        this.surveys = surveys;
    }

    /** The match row (position in {@link CrossMatchedDatasets#matchTable()}) of this batch's row {@code i}. */
    public int matchRow(int i) {
        return owner.rowBase() + matchRows[i];
    }

    public int size() {
        return surveys[0].rowCount();
    }

    public List<String> surveys() {
        return owner.surveys();
    }

    /** One survey's rows, aligned with this batch's match rows (a row of nulls where it has no object). */
    public RowBatch survey(String survey) {
        return surveys[owner.surveyIndex(survey)];
    }

    /** Row {@code i} of this batch as an example. */
    public MatchedExample get(int i) {
        java.util.Objects.checkIndex(i, size());
        return owner.example(matchRows[i], surveys, i);
    }

    /**
     * Every survey's columns side by side, prefixed {@code <survey>_}, then
     * {@code separation_arcsec} (two surveys) or {@code <survey>_separation_arcsec} (more): the
     * rows {@code mmu load} writes.
     */
    public RowBatch toRowBatch() {
        List<Column> cols = new ArrayList<>();
        for (int k = 0; k < surveys.length; k++) {
            cols.addAll(surveys[k].prefixed(owner.surveys().get(k) + "_").columns());
        }
        cols.addAll(owner.separationColumns(matchRows));
        return RowBatch.of(cols);
    }
}
