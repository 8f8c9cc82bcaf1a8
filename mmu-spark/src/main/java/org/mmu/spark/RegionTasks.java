package org.mmu.spark;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mmu.Surveys;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.internal.regions.IndexRegions;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.RegionMatch;
import org.mmu.matching.RegionalMatcher;
import org.mmu.matching.SkyRegion;
import org.mmu.matching.SkyRegions;

/**
 * A crossmatch as one JVM's tasks see it: the datasets (opened once per JVM, metadata only), the
 * library's region source over them ({@link IndexRegions}: a region's slice reads only that
 * region's index rows where the layout allows) and the plan, re-made from the same counts with
 * the driver's depth and budget. Kept per JVM and crossmatch, so a JVM plans once however many
 * regions it matches; it holds what {@link IndexRegions} holds, never a copy of an index.
 */
final class RegionTasks {
    private static final Map<MatchSpec, RegionTasks> PLANNED = new ConcurrentHashMap<>();

    final MatchSpec matchSpec;
    final CrossMatch spec;
    final Surveys surveys;
    final IndexRegions source;
    final SkyRegions plan;

    private RegionTasks(MatchSpec m, IndexRegions source) {
        this.matchSpec = m;
        this.spec = m.crossMatch();
        List<MmuDataset> datasets = datasets(m);
        this.surveys = Surveys.of(datasets);
        this.source = source != null ? source : IndexRegions.open(datasets, spec, m.depth(), 1);
        this.plan = this.source.plan(spec, m.budgetBytes());
        if (plan.regions().size() != m.regions()) {
            throw new MmuInputException("this JVM planned " + plan.regions().size() + " sky regions for "
                    + m.locations() + ", the driver " + m.regions() + ": the datasets changed during the job");
        }
    }

    static List<MmuDataset> datasets(MatchSpec m) {
        return m.locations().stream().map(OpenDatasets::get).toList();
    }

    /** Crossmatches kept per JVM: a long-lived executor serving many jobs keeps the latest few. */
    private static final int KEPT = 4;

    /** The planned crossmatch in this JVM. */
    static RegionTasks get(MatchSpec planned) {
        if (PLANNED.size() > KEPT && !PLANNED.containsKey(planned)) {
            PLANNED.clear(); // the next tasks re-plan what they need
        }
        return PLANNED.computeIfAbsent(planned, m -> new RegionTasks(m, null));
    }

    /** Keeps the driver's region source for tasks that run in the driver's JVM (a local master). */
    static void share(MatchSpec planned, IndexRegions source) {
        PLANNED.computeIfAbsent(planned, m -> new RegionTasks(m, source));
    }

    /** Drops the crossmatches reading a location (its dataset is being closed). */
    static void forget(String location) {
        PLANNED.keySet().removeIf(m -> m.locations().contains(location));
    }

    SkyRegion region(int ordinal) {
        return plan.regions().get(ordinal);
    }

    /** One region's rows ({@link RegionalMatcher#matchRegion}); groups numbered within the region. */
    RegionMatch match(int ordinal, boolean groups) {
        return RegionalMatcher.matchRegion(plan, region(ordinal), source, spec, groups);
    }

    /** The region's part of mode best's side decision. */
    RegionalMatcher.BestCounts bestCounts(int ordinal) {
        return RegionalMatcher.bestCounts(plan, region(ordinal), source, spec);
    }
}
