package org.mmu.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmu.core.MmuInputException;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.JoinType;
import org.mmu.matching.MatchCriteria;
import org.mmu.matching.MatchMode;
import org.mmu.matching.MatchingFunction;

/**
 * What every task of a distributed crossmatch needs, in a form Spark can ship: the two dataset
 * locations, the crossmatch (rebuilt on executors: {@link CrossMatch} is not serializable) and
 * the region plan's depth and budget, from which each executor re-plans the very regions the
 * driver planned (the plan is a pure function of the indices).
 */
record MatchSpec(List<String> locations, List<String> surveys, double radiusArcsec, String mode, String join, int k,
        double minRadiusArcsec, Map<String, String> errorColumns, MatchingFunction function, int depth,
        long budgetBytes) implements Serializable {

    static MatchSpec of(String left, String right, CrossMatch spec, int depth, long budgetBytes) {
        if (spec.surveys().size() != 2) {
            throw new MmuInputException("a Spark crossmatch pairs two surveys; got " + spec.surveys());
        }
        MatchingFunction f = spec.matchingFunction();
        if (f != MatchingFunction.DEFAULT && !(f instanceof Serializable)) {
            throw new MmuInputException("the matching function " + f.getClass().getName()
                    + " must implement java.io.Serializable to run on Spark executors");
        }
        MatchCriteria c = spec.criteria();
        return new MatchSpec(List.of(left, right), spec.surveys(), c.radiusArcsec(), c.mode().label(), c.join().label(),
                c.k(), c.minRadiusArcsec(), new LinkedHashMap<>(spec.errorColumns()),
                f == MatchingFunction.DEFAULT ? null : f, depth, budgetBytes);
    }

    /** The crossmatch again, single-threaded: Spark runs one task per core. */
    CrossMatch crossMatch() {
        CrossMatch.Builder b = CrossMatch.of(surveys.toArray(String[]::new)).radiusArcsec(radiusArcsec)
                .mode(MatchMode.fromLabel(mode)).join(JoinType.fromLabel(join)).threads(1);
        if (MatchMode.fromLabel(mode) == MatchMode.KNN) { // the builder refuses k in other modes
            b.k(k);
        }
        b.minRadiusArcsec(minRadiusArcsec);
        errorColumns.forEach(b::errorColumn);
        if (function != null) {
            b.matchingFunction(function);
        }
        return b.build();
    }

    MatchSpec withPlan(int newDepth, long newBudget) {
        return new MatchSpec(locations, surveys, radiusArcsec, mode, join, k, minRadiusArcsec, errorColumns, function,
                newDepth, newBudget);
    }
}
