package org.mmu.matching;

import java.util.List;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;

/**
 * The result rows one region owns (see {@link RegionalMatcher}), in the streamed order, over the
 * region's slices: {@code row(s, i)} is a row of {@code slice(s)} (whose index still names the
 * object's partition and row), -1 when survey {@code s} is absent from result row {@code i}.
 * Immutable.
 */
public final class RegionMatch {
    private final SkyRegion region;
    private final List<String> surveys;
    private final int reference;
    private final List<ObjectIndex> slices;
    private final int[][] rows;
    private final double[][] separations; // a survey's entry is null when all its separations are NaN
    private final int[] groupIds;
    private final int[] localGroupIds; // as matchRegion numbered them (index into groups)
    private final int[] groupSizes;
    private final RegionalMatcher.GroupInfo[] groups;
    private final long objectsRead;
    private final int passes;

    RegionMatch(SkyRegion region, List<String> surveys, int reference, List<ObjectIndex> slices, int[][] rows,
            double[][] separations, int[] groupIds, int[] groupSizes, RegionalMatcher.GroupInfo[] groups,
            long objectsRead, int passes) {
        this(region, surveys, reference, slices, rows, separations, groupIds, groupIds, groupSizes, groups, objectsRead,
                passes);
    }

    private RegionMatch(SkyRegion region, List<String> surveys, int reference, List<ObjectIndex> slices, int[][] rows,
            double[][] separations, int[] groupIds, int[] localGroupIds, int[] groupSizes,
            RegionalMatcher.GroupInfo[] groups, long objectsRead, int passes) {
        this.localGroupIds = localGroupIds;
        this.region = region;
        this.surveys = surveys;
        this.reference = reference;
        this.slices = slices;
        this.rows = rows;
        this.separations = separations;
        this.groupIds = groupIds;
        this.groupSizes = groupSizes;
        this.groups = groups;
        this.objectsRead = objectsRead;
        this.passes = passes;
    }

    public SkyRegion region() {
        return region;
    }

    public List<String> surveys() {
        return surveys;
    }

    /** The reference survey (the left one of two). */
    public int referenceSurvey() {
        return reference;
    }

    /** The objects of survey {@code s} this region's rows point into. */
    public ObjectIndex slice(int s) {
        return slices.get(s);
    }

    /** Number of result rows the region owns. */
    public int size() {
        return rows[0].length;
    }

    /** The slice row of survey {@code s} in result row {@code i}, or -1. */
    public int row(int s, int i) {
        return rows[s][i];
    }

    /** The separation in arcsec between survey {@code s}'s row and the reference row; NaN when absent. */
    public double separationArcsec(int s, int i) {
        return separations[s] == null ? Double.NaN : separations[s][i]; // null: a survey with no separations
    }

    /** Whether group columns are exact (the walk was asked for groups, or the mode is best). */
    public boolean hasGroups() {
        return groups != null;
    }

    /**
     * The group of row {@code i}: after {@link RegionalMatcher#walk}, numbered over the whole
     * walk from 0 in order of first appearance; from {@link RegionalMatcher#matchRegion}, numbered
     * inside this region only. -1 without groups.
     */
    public int groupId(int i) {
        return groupIds == null ? -1 : groupIds[i];
    }

    /** The number of result rows in row {@code i}'s group (over the whole sky); -1 without groups. */
    public int groupSize(int i) {
        return groupSizes == null ? -1 : groupSizes[i];
    }

    /**
     * The key of row {@code i}'s group when the group crosses the region's border, else null
     * (with groups; what {@link RegionalMatcher.GroupNumbering} takes).
     */
    public String groupKey(int i) {
        return groups[localGroupIds[i]].key();
    }

    /** Whether row {@code i}'s group has its first row in this region (with groups). */
    public boolean groupStartsHere(int i) {
        return groups[localGroupIds[i]].startsHere();
    }

    /** Whether row {@code i}'s group has rows in a later region (with groups). */
    public boolean groupContinuesLater(int i) {
        return groups[localGroupIds[i]].continuesLater();
    }

    /** Index rows read for this region, over all surveys and passes (margins and re-reads included). */
    public long objectsRead() {
        return objectsRead;
    }

    /** Read-and-match passes: 1, plus one per widening for groups that crossed the region's border. */
    public int passes() {
        return passes;
    }

    int localGroupCount() {
        return groups == null ? 0 : groups.length;
    }

    RegionalMatcher.GroupInfo group(int local) {
        return groups[local];
    }

    RegionMatch withGroupIds(int[] globalOfLocal) {
        int[] g = new int[groupIds.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = globalOfLocal[groupIds[i]];
        }
        return new RegionMatch(region, surveys, reference, slices, rows, separations, g, localGroupIds, groupSizes, groups,
                objectsRead, passes);
    }

    /**
     * A two-survey region's rows as a {@link MatchResult} over its slices, in the streamed order
     * (not the in-memory engine's left-id order); groups as this match has them (-1 without).
     */
    public MatchResult asMatchResult(MatchCriteria criteria) {
        if (surveys.size() != 2) {
            throw new MmuInputException("a match result is for two surveys, this match has " + surveys);
        }
        int n = size();
        double[] sep = new double[n];
        for (int i = 0; i < n; i++) {
            sep[i] = separationArcsec(1, i);
        }
        int[] gid = new int[n];
        int[] gsize = new int[n];
        for (int i = 0; i < n; i++) {
            gid[i] = groupId(i);
            gsize[i] = groupSize(i);
        }
        return new MatchResult(slices.get(0), slices.get(1), criteria, rows[0].clone(), rows[1].clone(), sep, gid, gsize);
    }

    @Override
    public String toString() {
        return "RegionMatch[region " + region.ordinal() + ", " + size() + " rows, " + objectsRead + " objects read, "
                + passes + " passes]";
    }
}
