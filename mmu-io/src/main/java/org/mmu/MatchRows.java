package org.mmu;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchResult;
import org.mmu.matching.RegionMatch;
import org.mmu.matching.RegionalMatcher;
import org.mmu.matching.NWayMatchResult;

/**
 * What the match stage hands to the plan stage, the same for two surveys and for N: for every
 * match row, each survey's index position (-1 where the survey has no object, outer joins), the
 * separation from the reference survey's object, and the connected group. Parallel primitive
 * arrays; immutable.
 */
public final class MatchRows {
    private final List<String> surveys;
    private final int reference;
    private final int[][] indexRow;     // [survey][match row]
    private final double[][] sepToRef;  // [survey][match row], NaN for the reference and for absent objects
    private final int[] groupId;
    private final int[] groupSize;
    private final MatchResult pairs;    // the two-survey matcher result, else null

    private MatchRows(List<String> surveys, int reference, int[][] indexRow, double[][] sepToRef, int[] groupId,
            int[] groupSize, MatchResult pairs) {
        this.surveys = List.copyOf(surveys);
        this.reference = reference;
        this.indexRow = indexRow;
        this.sepToRef = sepToRef;
        this.groupId = groupId;
        this.groupSize = groupSize;
        this.pairs = pairs;
    }

    /** A two-survey match: the left survey is the reference. */
    public static MatchRows of(List<String> surveys, MatchResult r) {
        if (surveys.size() != 2) {
            throw new IllegalArgumentException("a pair match labels two surveys, got " + surveys);
        }
        int m = r.size();
        double[] refSep = new double[m];
        Arrays.fill(refSep, Double.NaN);
        int[] groupId = new int[m];
        int[] groupSize = new int[m];
        for (int i = 0; i < m; i++) {
            groupId[i] = r.groupId(i);
            groupSize[i] = r.groupSize(i);
        }
        return new MatchRows(surveys, 0, new int[][] {r.leftRows(), r.rightRows()},
                new double[][] {refSep, r.separationsArcsec()}, groupId, groupSize, r);
    }

    /**
     * The rows a region owns (see {@link RegionalMatcher}), in its streamed order: positions are
     * rows of the region's slices. A two-survey match keeps them as a {@link MatchResult} too.
     */
    static MatchRows of(RegionMatch m, CrossMatch spec) {
        int n = m.surveys().size();
        int size = m.size();
        int[][] rows = new int[n][size];
        double[][] sep = new double[n][size];
        int[] groupId = new int[size];
        int[] groupSize = new int[size];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < size; i++) {
                rows[k][i] = m.row(k, i);
                sep[k][i] = k == m.referenceSurvey() ? Double.NaN : m.separationArcsec(k, i);
            }
        }
        for (int i = 0; i < size; i++) {
            groupId[i] = m.groupId(i);
            groupSize[i] = m.groupSize(i);
        }
        MatchResult pairs = n == 2 ? m.asMatchResult(spec.criteria()) : null;
        return new MatchRows(m.surveys(), m.referenceSurvey(), rows, sep, groupId, groupSize, pairs);
    }

    /** No match rows. */
    static MatchRows empty(List<String> surveys, int reference) {
        int n = surveys.size();
        return new MatchRows(surveys, reference, new int[n][0], new double[n][0], new int[0], new int[0], null);
    }

    /**
     * Rows of several results, one after the other, as one result over <em>compact</em> indices:
     * each survey's present objects are numbered 0, 1, ... in row order (the order
     * {@link #compactPositions} lists them in). The two-survey matcher result is not kept.
     */
    static MatchRows compact(List<MatchRows> parts, List<int[]> rowsOfPart) {
        MatchRows first = parts.get(0);
        int n = first.surveys.size();
        int size = 0;
        for (int[] r : rowsOfPart) {
            size += r.length;
        }
        int[][] rows = new int[n][size];
        double[][] sep = new double[n][size];
        int[] groupId = new int[size];
        int[] groupSize = new int[size];
        int[] next = new int[n];
        int o = 0;
        for (int p = 0; p < parts.size(); p++) {
            MatchRows part = parts.get(p);
            for (int i : rowsOfPart.get(p)) {
                for (int k = 0; k < n; k++) {
                    rows[k][o] = part.indexRow[k][i] < 0 ? -1 : next[k]++;
                    sep[k][o] = part.sepToRef[k][i];
                }
                groupId[o] = part.groupId[i];
                groupSize[o] = part.groupSize[i];
                o++;
            }
        }
        return new MatchRows(first.surveys, first.reference, rows, sep, groupId, groupSize, null);
    }

    /** Survey k's index positions of the given rows, absent objects skipped: what {@link #compact} numbers 0, 1, .... */
    int[] compactPositions(int k, int[] matchRows) {
        int[] out = new int[matchRows.length];
        int c = 0;
        for (int i : matchRows) {
            if (indexRow[k][i] >= 0) {
                out[c++] = indexRow[k][i];
            }
        }
        return Arrays.copyOf(out, c);
    }

    /** An N-way match against its reference survey. */
    public static MatchRows of(NWayMatchResult r) {
        int n = r.surveys().size();
        int m = r.size();
        int[][] rows = new int[n][m];
        double[][] sep = new double[n][m];
        int[] groupId = new int[m];
        int[] groupSize = new int[m];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < m; i++) {
                rows[k][i] = r.row(k, i);
                sep[k][i] = r.separationArcsec(k, i);
            }
        }
        for (int i = 0; i < m; i++) {
            groupId[i] = r.groupId(i);
            groupSize[i] = r.groupSize(i);
        }
        return new MatchRows(r.surveys(), r.referenceSurvey(), rows, sep, groupId, groupSize, null);
    }

    /** The match rows at {@code rows}, in that order (a shard, a shuffle, a filtered selection). */
    MatchRows subset(int[] rows) {
        int n = surveys.size();
        int[][] ir = new int[n][];
        double[][] sep = new double[n][];
        for (int k = 0; k < n; k++) {
            ir[k] = pick(indexRow[k], rows);
            sep[k] = new double[rows.length];
            for (int j = 0; j < rows.length; j++) {
                sep[k][j] = sepToRef[k][rows[j]];
            }
        }
        return new MatchRows(surveys, reference, ir, sep, pick(groupId, rows), pick(groupSize, rows), null);
    }

    public List<String> surveys() {
        return surveys;
    }

    public int surveyCount() {
        return surveys.size();
    }

    /** Position of the survey separations are measured from. */
    public int reference() {
        return reference;
    }

    public int size() {
        return groupId.length;
    }

    /** Index position of survey {@code k}'s object in match row {@code i}, or -1. */
    public int indexRow(int k, int i) {
        return indexRow[k][i];
    }

    /** Separation (arcsec) of survey {@code k}'s object from the reference object; NaN for the reference or absent. */
    public double separationArcsec(int k, int i) {
        return sepToRef[k][i];
    }

    public int groupId(int i) {
        return groupId[i];
    }

    public int groupSize(int i) {
        return groupSize[i];
    }

    /** For a two-survey match, the matcher's own result. */
    public Optional<MatchResult> pairs() {
        return Optional.ofNullable(pairs);
    }

    /** Survey k's separations, one per match row (a copy). */
    double[] separations(int k) {
        return sepToRef[k].clone();
    }

    int[] groupIds() {
        return groupId.clone();
    }

    int[] groupSizes() {
        return groupSize.clone();
    }

    int survey(String name) {
        int k = surveys.indexOf(Objects.requireNonNull(name));
        if (k < 0) {
            throw new org.mmu.core.MmuInputException("no survey '" + name + "' in this crossmatch; surveys are "
                    + surveys);
        }
        return k;
    }

    private static int[] pick(int[] a, int[] sel) {
        int[] out = new int[sel.length];
        for (int j = 0; j < sel.length; j++) {
            out[j] = a[sel[j]];
        }
        return out;
    }
}
