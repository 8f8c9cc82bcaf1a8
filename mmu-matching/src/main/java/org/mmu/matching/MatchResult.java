package org.mmu.matching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.matching.internal.PairBuffer;

/**
 * The rows of a crossmatch as immutable parallel primitive arrays. Row numbers are positions in
 * the {@link ObjectIndex}es; {@code -1} marks the missing side of an outer-join row, whose
 * separation is NaN.
 *
 * <h2>Order (deterministic, independent of input order and thread count)</h2>
 * Rows with a left side come first, in ascending left object id; the pairs of one left row in
 * ascending separation, then ascending right id. Rows without a left side (unmatched right rows
 * of {@code 1or2}, {@code all2}, {@code 2not1}, {@code 1xor2}) follow in ascending right id.
 * Ids compare as {@link org.mmu.core.ObjectIds#compare} does (numeric or UTF-8 code points).
 *
 * <h2>Ties</h2>
 * Every mode picks by separation first; equal separations (bit for bit) are decided by the
 * smaller object id of the other side (BEST1/KNN: right id; BEST2: left id; BEST: left id, then
 * right id). Input position is never used, so shuffling the inputs gives the same pairs.
 *
 * <h2>Groups</h2>
 * {@link #groupId} numbers the connected components of the graph whose edges are this result's
 * pairs (in mode ALL: all pairs within the criteria, STILTS' match groups), from 0 in order of
 * first appearance. A row without partner is a group of its own. {@link #groupSize} is the number
 * of result rows in the row's group (1 for an isolated pair or a lone row).
 */
public final class MatchResult {
    private final ObjectIndex left;
    private final ObjectIndex right;
    private final MatchCriteria criteria;
    private final int[] leftRows;
    private final int[] rightRows;
    private final double[] separations;
    // {group ids, group sizes}, computed on first use (a union-find over all rows): most callers
    // never ask for groups. Volatile so that the per-row accessors read it without a lock.
    private volatile int[][] groups;

    MatchResult(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, int[] leftRows, int[] rightRows,
            double[] separations, int[] groupIds, int[] groupSizes) {
        this.left = left;
        this.right = right;
        this.criteria = criteria;
        this.leftRows = leftRows;
        this.rightRows = rightRows;
        this.separations = separations;
        this.groups = groupIds == null ? null : new int[][] {groupIds, groupSizes};
    }

    /**
     * The shared end of every matching function (LSDB's template): from candidate pairs (each
     * left/right row pair a match, with its separation in arcsec, in any order, no duplicates),
     * applies the criteria's {@link MatchMode} and {@link JoinType}, the documented order and the
     * groups. The pairs are not re-checked against the radius: a custom function decides what a
     * match is. The arrays are read, not kept.
     */
    public static MatchResult fromPairs(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, int[] leftRows,
            int[] rightRows, double[] separationsArcsec) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(criteria, "criteria");
        int m = leftRows.length;
        if (rightRows.length != m || separationsArcsec.length != m) {
            throw new MmuInputException("pair arrays differ in length: left " + m + ", right " + rightRows.length
                    + ", separations " + separationsArcsec.length);
        }
        PairBuffer p = new PairBuffer(Math.max(1, m));
        for (int i = 0; i < m; i++) {
            int l = leftRows[i];
            int r = rightRows[i];
            double s = separationsArcsec[i];
            if (l < 0 || l >= left.size() || r < 0 || r >= right.size()) {
                throw new MmuInputException("pair " + i + " (" + l + ", " + r + ") has a row outside the indices ("
                        + left.size() + " left, " + right.size() + " right rows)");
            }
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new MmuInputException("pair " + i + " has separation " + s + " arcsec; expected finite and >= 0");
            }
            p.add(l, r, s);
        }
        return fromCandidates(left, right, criteria, p);
    }

    /** Applies mode, join, order and groups to candidate pairs (taken). */
    static MatchResult fromCandidates(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, PairBuffer pairs) {
        return fromCandidates(left, right, criteria, pairs, false);
    }

    /** {@link #fromCandidates}, rows in row order when {@code rowOrder} (see {@link ResultAssembler}). */
    static MatchResult fromCandidates(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, PairBuffer pairs,
            boolean rowOrder) {
        MatchMode mode = criteria.mode();
        PairBuffer kept = PairSelector.select(pairs, criteria, left, right);
        int limit = mode == MatchMode.BEST1 ? 1 : mode == MatchMode.KNN ? criteria.k() : 0;
        return ResultAssembler.assemble(left, right, criteria, kept, limit, rowOrder);
    }

    public ObjectIndex left() {
        return left;
    }

    public ObjectIndex right() {
        return right;
    }

    public MatchCriteria criteria() {
        return criteria;
    }

    /** Number of result rows. */
    public int size() {
        return leftRows.length;
    }

    /** The left index row of result row {@code i}, or -1 when the row has no left side. */
    public int leftRow(int i) {
        return leftRows[i];
    }

    /** The right index row of result row {@code i}, or -1 when the row has no right side. */
    public int rightRow(int i) {
        return rightRows[i];
    }

    /** The separation in arcsec of result row {@code i}; NaN when a side is absent. */
    public double separationArcsec(int i) {
        return separations[i];
    }

    private int[][] groups() {
        int[][] g = groups;
        if (g == null) {
            synchronized (this) {
                g = groups;
                if (g == null) {
                    g = ResultAssembler.groups(leftRows, rightRows, left.size(), right.size());
                    groups = g;
                }
            }
        }
        return g;
    }

    /** The group of result row {@code i} (see the class comment); always ≥ 0. */
    public int groupId(int i) {
        return groups()[0][i];
    }

    /** The number of result rows in the group of row {@code i}; always ≥ 1. */
    public int groupSize(int i) {
        return groups()[1][i];
    }

    /** Number of distinct groups. */
    public int groupCount() {
        int max = -1;
        for (int g : groups()[0]) {
            max = Math.max(max, g);
        }
        return max + 1;
    }

    /** Number of rows that have both sides. */
    public int pairCount() {
        int n = 0;
        for (int i = 0; i < leftRows.length; i++) {
            n += leftRows[i] >= 0 && rightRows[i] >= 0 ? 1 : 0;
        }
        return n;
    }

    /** A copy of the left rows column. */
    public int[] leftRows() {
        return leftRows.clone();
    }

    /** A copy of the right rows column. */
    public int[] rightRows() {
        return rightRows.clone();
    }

    /** A copy of the separations column (arcsec). */
    public double[] separationsArcsec() {
        return separations.clone();
    }

    /** The left rows column itself, not a copy: for this package's read-only use (the region path). */
    int[] leftRowsShared() {
        return leftRows;
    }

    /** The right rows column itself, not a copy (see {@link #leftRowsShared}). */
    int[] rightRowsShared() {
        return rightRows;
    }

    /** The separations column itself, not a copy (see {@link #leftRowsShared}). */
    double[] separationsShared() {
        return separations;
    }

    /** The left rows present in the result (so excluding -1), ascending, each once: what to load. */
    public int[] distinctLeftRows() {
        return distinct(leftRows, left.size());
    }

    /** The right rows present in the result (so excluding -1), ascending, each once: what to load. */
    public int[] distinctRightRows() {
        return distinct(rightRows, right.size());
    }

    /** The left partitions holding the rows of {@link #distinctLeftRows()}, in {@code partitions()} order. */
    public List<PartitionRef> leftPartitions() {
        return partitions(left, leftRows);
    }

    /** The right partitions holding the rows of {@link #distinctRightRows()}, in {@code partitions()} order. */
    public List<PartitionRef> rightPartitions() {
        return partitions(right, rightRows);
    }

    private static int[] distinct(int[] rows, int n) {
        boolean[] seen = new boolean[n];
        int count = 0;
        for (int r : rows) {
            if (r >= 0 && !seen[r]) {
                seen[r] = true;
                count++;
            }
        }
        int[] out = new int[count];
        int o = 0;
        for (int r = 0; r < n; r++) {
            if (seen[r]) {
                out[o++] = r;
            }
        }
        return out;
    }

    private static List<PartitionRef> partitions(ObjectIndex index, int[] rows) {
        List<PartitionRef> all = index.partitions();
        boolean[] used = new boolean[all.size()];
        for (int r : rows) {
            if (r >= 0) {
                used[index.partitionOrdinal(r)] = true;
            }
        }
        List<PartitionRef> out = new ArrayList<>();
        for (int p = 0; p < used.length; p++) {
            if (used[p]) {
                out.add(all.get(p));
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return "MatchResult[" + left.name() + " x " + right.name() + ", " + size() + " rows, " + pairCount()
                + " pairs, " + criteria + "]";
    }
}
