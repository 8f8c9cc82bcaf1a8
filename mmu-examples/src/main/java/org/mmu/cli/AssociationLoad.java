package org.mmu.cli;

import java.util.List;

import org.mmu.CrossMatchedDatasets;
import org.mmu.HatsAssociations;
import org.mmu.LoadOptions;

/** {@code mmu load ASSOCIATION}: a HATS association catalog's pairs as the matches of a load. */
final class AssociationLoad {
    /** Crossmatch flags that an association, which lists its pairs, has no use for. */
    private static final List<String> MATCH_FLAGS = List.of("radius-arcsec", "mode", "join", "k", "min-radius-arcsec",
            "error-columns", "reference");

    private AssociationLoad() {
    }

    /**
     * Whether the command line loads an association: one location, which must be one (two or more
     * are a crossmatch). Flags that belong to the other kind of load are refused, naming them.
     */
    static boolean requested(Args a, List<String> locations) {
        if (locations.size() > 1) {
            for (String f : List.of("primary-catalog", "join-catalog")) {
                if (a.has(f)) {
                    throw new UsageException("load", "--" + f + " goes with one ASSOCIATION catalog, not with "
                            + locations.size() + " datasets to crossmatch");
                }
            }
            return false;
        }
        if (!HatsAssociations.isAssociation(locations.get(0), a.withInputPolicies(LoadOptions.defaults()))) {
            throw new UsageException("load", "expected LEFT RIGHT [MORE...] to crossmatch, or one HATS association catalog "
                    + "(dataproduct_type=association); " + locations.get(0) + " is not one");
        }
        for (String f : MATCH_FLAGS) {
            if (a.has(f)) {
                throw new UsageException("load", "--" + f + " does not apply to an association catalog: it lists its pairs");
            }
        }
        return true;
    }

    /** Loads the association's pairs (the same plan, fetch and report as a crossmatch-load) and hands them to {@code use}. */
    static void run(Args a, String association, LoadOptions given, MatchArgs.Use use) {
        String primary = a.has("primary-catalog") ? a.get("primary-catalog", null) : null;
        String join = a.has("join-catalog") ? a.get("join-catalog", null) : null;
        List<String> inputs = new java.util.ArrayList<>(List.of(association));
        if (primary != null) {
            inputs.add(primary);
        }
        if (join != null) {
            inputs.add(join);
        }
        a.requireSafeOutputs(a.outputFlags("out", "report"), inputs);
        try (CrossMatchedDatasets m = HatsAssociations.load(association, primary, join, a.withInputPolicies(given))) {
            // each catalog keeps the asked columns it has: one that neither has is a typo, never dropped
            for (String c : given.columnsFor("").orElse(List.of())) {
                if (m.surveys().stream().noneMatch(s -> m.dataset(s).schema().contains(c))) {
                    throw new UsageException("load", "--columns names '" + c + "', which neither " + m.surveys()
                            + " has");
                }
            }
            use.accept(m, m.report());
        }
    }
}
