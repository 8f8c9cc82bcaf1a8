package org.mmu.matching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;

/**
 * The rows of an N-way crossmatch ({@link NWayMatcher}): each row is a tuple with at most one row
 * of each survey ({@code -1} when absent), its separations to the reference row, and a group.
 * Immutable parallel primitive arrays.
 *
 * <p>Order: rows with a reference row first, in ascending reference id; one reference row's
 * tuples in lexicographic order over the surveys (each survey's partners by separation, then
 * id). Then rows of other surveys without reference partner: survey by survey, ascending id.
 *
 * <p>Groups: connected components of the graph whose nodes are the rows of all surveys and whose
 * edges join rows in the same tuple; ids from 0 in order of first appearance; a group's size is
 * its number of result rows.
 */
public final class NWayMatchResult {
    private final List<String> surveys;
    private final List<ObjectIndex> indices;
    private final int reference;
    private final int[][] rows;
    private final double[][] separations;
    private final int[] groupIds;
    private final int[] groupSizes;

    NWayMatchResult(List<String> surveys, List<ObjectIndex> indices, int reference, int[][] rows,
            double[][] separations, int[] groupIds, int[] groupSizes) {
        this.surveys = surveys;
        this.indices = indices;
        this.reference = reference;
        this.rows = rows;
        this.separations = separations;
        this.groupIds = groupIds;
        this.groupSizes = groupSizes;
    }

    /** The survey names; survey numbers below are positions in this list. */
    public List<String> surveys() {
        return surveys;
    }

    /** The indices matched, in survey order. */
    public List<ObjectIndex> indices() {
        return indices;
    }

    /** The number of the reference survey. */
    public int referenceSurvey() {
        return reference;
    }

    /** The name of the reference survey. */
    public String reference() {
        return surveys.get(reference);
    }

    /** The number of a survey by name. */
    public int survey(String name) {
        int s = surveys.indexOf(name);
        if (s < 0) {
            throw new MmuInputException("unknown survey '" + name + "'; this result has " + surveys);
        }
        return s;
    }

    /** Number of result rows. */
    public int size() {
        return groupIds.length;
    }

    /** The row of survey {@code survey} in result row {@code i}, or -1 when absent. */
    public int row(int survey, int i) {
        return rows[survey][i];
    }

    /**
     * The separation in arcsec between survey {@code survey}'s row and the reference row of result
     * row {@code i}; NaN for the reference survey itself or when either is absent.
     */
    public double separationArcsec(int survey, int i) {
        return separations[survey][i];
    }

    /** The group of result row {@code i} (see the class comment). */
    public int groupId(int i) {
        return groupIds[i];
    }

    /** The number of result rows in the group of row {@code i}. */
    public int groupSize(int i) {
        return groupSizes[i];
    }

    /** The rows of one survey present in the result, ascending, each once: what to load. */
    public int[] distinctRows(int survey) {
        boolean[] seen = new boolean[indices.get(survey).size()];
        int count = 0;
        for (int r : rows[survey]) {
            if (r >= 0 && !seen[r]) {
                seen[r] = true;
                count++;
            }
        }
        int[] out = new int[count];
        int o = 0;
        for (int r = 0; r < seen.length; r++) {
            if (seen[r]) {
                out[o++] = r;
            }
        }
        return out;
    }

    /** The partitions of one survey holding {@link #distinctRows(int)}, in {@code partitions()} order. */
    public List<PartitionRef> partitions(int survey) {
        ObjectIndex index = indices.get(survey);
        boolean[] used = new boolean[index.partitions().size()];
        for (int r : rows[survey]) {
            if (r >= 0) {
                used[index.partitionOrdinal(r)] = true;
            }
        }
        List<PartitionRef> out = new ArrayList<>();
        for (int p = 0; p < used.length; p++) {
            if (used[p]) {
                out.add(index.partitions().get(p));
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return "NWayMatchResult" + surveys + "[reference=" + surveys.get(reference) + ", " + size() + " rows]";
    }
}
