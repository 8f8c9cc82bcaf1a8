package org.mmu.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.mmu.core.MmuInputException;
import org.mmu.matching.BestScan;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.JoinType;
import org.mmu.matching.MatchCriteria;
import org.mmu.matching.MatchMode;
import org.mmu.matching.MatchingFunction;

/**
 * What every task of a distributed crossmatch needs, in a form Spark can ship: the dataset
 * locations (spec order), the crossmatch (rebuilt on executors: {@link CrossMatch} is not
 * serializable; mode best's sides as the driver resolved them) and the region plan's depth,
 * budget and number of regions, from which each executor re-plans the very regions the driver
 * planned (the plan is a function of the per-cell counts alone).
 */
record MatchSpec(List<String> locations, List<String> surveys, String reference, double radiusArcsec, String mode,
        String join, int k, double minRadiusArcsec, String bestScan, List<String> pairScans, MatchingFunction function,
        int depth, long budgetBytes, int regions) implements Serializable {

    /** The crossmatch of datasets at {@code locations} (spec order), not yet planned. */
    static MatchSpec of(List<String> locations, CrossMatch spec) {
        if (locations.size() != spec.surveys().size()) {
            throw new MmuInputException(locations.size() + " datasets " + locations + " for the "
                    + spec.surveys().size() + " surveys " + spec.surveys());
        }
        if (!spec.errorColumns().isEmpty()) {
            // the region source reads positions only: errors come with whole indices, in one JVM
            throw new MmuInputException("a Spark crossmatch reads each survey's index region by region, without "
                    + "error columns (" + spec.errorColumns() + "): match with error columns on one machine "
                    + "(mmu xmatch / mmu load, MmuDatasets.load)");
        }
        MatchingFunction f = spec.matchingFunction();
        if (f != MatchingFunction.DEFAULT && !(f instanceof Serializable)) {
            throw new MmuInputException("the matching function " + f.getClass().getName()
                    + " must implement java.io.Serializable to run on Spark executors");
        }
        MatchCriteria c = spec.criteria();
        return new MatchSpec(List.copyOf(locations), spec.surveys(), spec.reference(), c.radiusArcsec(),
                c.mode().label(), c.join().label(), c.k(), c.minRadiusArcsec(), c.bestScan().label(), scans(spec),
                f == MatchingFunction.DEFAULT ? null : f, 0, 0, 0);
    }

    /** Per survey, the side best scans against the reference (null for the reference). */
    private static List<String> scans(CrossMatch spec) {
        List<String> out = new ArrayList<>();
        for (String s : spec.surveys()) {
            out.add(s.equals(spec.reference()) ? null : spec.bestScan(spec.reference(), s).label());
        }
        return out;
    }

    /** The crossmatch again, single-threaded: Spark runs one task per core. */
    CrossMatch crossMatch() {
        CrossMatch.Builder b = CrossMatch.of(surveys.toArray(String[]::new)).reference(reference)
                .radiusArcsec(radiusArcsec).mode(MatchMode.fromLabel(mode)).join(JoinType.fromLabel(join)).threads(1)
                .bestScan(scan(bestScan));
        if (MatchMode.fromLabel(mode) == MatchMode.KNN) { // the builder refuses k in other modes
            b.k(k);
        }
        b.minRadiusArcsec(minRadiusArcsec);
        if (function != null) {
            b.matchingFunction(function);
        }
        CrossMatch spec = b.build();
        for (int s = 0; s < surveys.size(); s++) {
            if (pairScans.get(s) != null && scan(pairScans.get(s)) != spec.bestScan(reference, surveys.get(s))) {
                spec = spec.withBestScan(reference, surveys.get(s), scan(pairScans.get(s)));
            }
        }
        return spec;
    }

    private static BestScan scan(String label) {
        return BestScan.valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }

    /** This crossmatch with mode best's sides as {@code resolved} has them. */
    MatchSpec withScans(CrossMatch resolved) {
        return new MatchSpec(locations, surveys, reference, radiusArcsec, mode, join, k, minRadiusArcsec, bestScan,
                scans(resolved), function, depth, budgetBytes, regions);
    }

    MatchSpec withPlan(int newDepth, long newBudget, int regionCount) {
        return new MatchSpec(locations, surveys, reference, radiusArcsec, mode, join, k, minRadiusArcsec, bestScan,
                pairScans, function, newDepth, newBudget, regionCount);
    }
}
