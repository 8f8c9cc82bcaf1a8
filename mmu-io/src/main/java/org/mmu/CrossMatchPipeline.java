package org.mmu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.regions.IndexRegions;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.RegionMatch;
import org.mmu.matching.RegionalMatcher;
import org.mmu.matching.SkyRegions;

/**
 * A crossmatch-load as stages, each a small type: {@link Surveys} (open) → index → match
 * ({@link RegionalMatcher}, the one engine of every front door) → {@link FetchPlan} (plan) →
 * {@link FetchStream} (fetch, run lazily when the result is iterated). Each stage is timed here,
 * where it runs.
 *
 * <p>When the surveys' sizes (metadata) show that the match fits the regions in flight, each
 * index is read once, whole ({@link SurveyIndices}), and matched as one region covering the
 * sky: no planning scan, and the result holds its match rows. Otherwise the indices are scanned
 * once for per-cell counts, the sky is cut into regions within
 * {@link LoadOptions#regionBudgetBytes()}, and the result is <em>streamed</em>: iterating it
 * matches region after region and fetches each region's rows, so neither the indices nor the
 * match rows are ever whole in memory. Both give the same rows in the same order (the
 * regional engine's sky order), for any region size and thread count. A match-only load
 * ({@link LoadOptions#fetchData()} false) always matches as it is iterated, so that its tables
 * carry group columns only when asked ({@link CrossMatchedDatasets#matchTables}).
 */
final class CrossMatchPipeline {
    /** Regions matched at once: one is read while the other is matched. */
    static final int REGIONS_IN_FLIGHT = 2;

    private CrossMatchPipeline() {
    }

    static CrossMatchedDatasets run(Surveys opened, CrossMatch spec, LoadOptions options) {
        try {
            checkMemory(options);
            Surveys surveys = opened.labelled(spec.surveys());
            Map<String, Double> stages = new LinkedHashMap<>();
            stages.put("open", opened.openSeconds());
            List<String> labels = surveys.labels();
            List<MmuDataset> selected = surveys.selectColumns(options);
            long budget = options.regionBudgetBytes();
            boolean whole = matchesWhole(selected, spec, budget);
            if (!whole || !options.fetchData()) { // matched as it is iterated
                long t = System.nanoTime();
                IndexRegions source = whole ? wholeSource(labels, selected, spec)
                        : IndexRegions.open(selected, spec, spec.criteria().threads());
                Regions regions = new Regions(source, source.plan(spec, budget), options.executor().orElse(null));
                stages.put("index", seconds(t));
                return CrossMatchedDatasets.streamed(surveys, selected, regions, spec, options, stages);
            }
            return whole(surveys, selected, spec, options, stages, CrossMatchPipeline::oneRegion, true);
        } catch (RuntimeException | Error e) {
            opened.close();
            throw e;
        }
    }

    /**
     * A crossmatch-load of a match given from outside the engine (a HATS association's pairs):
     * the whole indices, the given rows, a plan grouped by partition.
     */
    static CrossMatchedDatasets run(Surveys opened, CrossMatch spec, LoadOptions options, GivenMatch given) {
        try {
            checkMemory(options);
            Surveys surveys = opened.labelled(spec.surveys());
            Map<String, Double> stages = new LinkedHashMap<>();
            stages.put("open", opened.openSeconds());
            return whole(surveys, surveys.selectColumns(options), spec, options, stages, given, false);
        } catch (RuntimeException | Error e) {
            opened.close();
            throw e;
        }
    }

    /** Match rows over whole indices, in the order the result streams them (a deterministic order). */
    @FunctionalInterface
    interface GivenMatch {
        MatchRows match(SurveyIndices indices, CrossMatch spec);
    }

    /** The engine on whole indices: one region for the whole sky, its rows at index positions. */
    private static MatchRows oneRegion(SurveyIndices indices, CrossMatch spec) {
        IndexRegions source = IndexRegions.whole(indices.indices(), spec, indices.errorsArcsec());
        try (RegionalMatcher.Walk w = RegionalMatcher.start(source.plan(spec, Long.MAX_VALUE), source, spec, true, 1)) {
            return w.hasNext() ? MatchRows.of(w.next(), spec)
                    : MatchRows.empty(spec.surveys(), RegionalMatcher.referenceOf(spec));
        }
    }

    /** Index, match and plan stages on whole indices; {@code matchOrder}: fetch in match order (else grouped by partition). */
    private static CrossMatchedDatasets whole(Surveys surveys, List<MmuDataset> selected, CrossMatch spec,
            LoadOptions options, Map<String, Double> stages, GivenMatch matcher, boolean matchOrder) {
        List<String> labels = surveys.labels();
        long t = System.nanoTime();
        SurveyIndices indices = SurveyIndices.load(labels, selected, spec);
        stages.put("index", seconds(t));

        t = System.nanoTime();
        MatchRows rows = matcher.match(indices, spec);
        stages.put("match", seconds(t));

        t = System.nanoTime();
        FetchPlan plan = FetchPlan.build(labels, selected, surveys.datasets(), indices.indices(), rows,
                options.fetchWindow(), matchOrder);
        stages.put("plan", seconds(t));
        return new CrossMatchedDatasets(surveys, selected, indices.indices(), rows, plan, spec, options, stages);
    }

    private static IndexRegions wholeSource(List<String> labels, List<MmuDataset> selected, CrossMatch spec) {
        SurveyIndices indices = SurveyIndices.load(labels, selected, spec);
        return IndexRegions.whole(indices.indices(), spec, indices.errorsArcsec());
    }

    /**
     * Whether to read the indices whole and match them as one region: when the sizes say it
     * fits the regions in flight (unless a sparse survey lets an inner join read the dense index
     * only around it), when error columns are named (read with the whole index), or when a
     * dataset cannot read rows through a region's slice of its index.
     */
    static boolean matchesWhole(List<MmuDataset> datasets, CrossMatch spec, long budget) {
        if (!spec.errorColumns().isEmpty()) {
            return true;
        }
        for (MmuDataset d : datasets) {
            if (!(d instanceof PartitionedDataset)) {
                return true;
            }
        }
        return IndexRegions.wholeSkyBytes(datasets) <= budget * REGIONS_IN_FLIGHT
                && !IndexRegions.coversSparse(datasets, spec);
    }

    /** An explicit prefetch window that cannot fit the heap beside the regions being matched is refused before any work. */
    static void checkMemory(LoadOptions options) {
        long heap = LoadOptions.maxHeap();
        long window = options.fetchWindow().bytes();
        long regions = REGIONS_IN_FLIGHT * options.regionBudgetBytes();
        if (options.fetchData() && window + window / 4 + regions > heap) {
            long room = Math.max(0, heap - regions);
            throw new MmuInputException(String.format(Locale.ROOT,
                    "a prefetch window of %d MiB does not fit a %d MiB heap: fetched rows take up to 1.25 × the window "
                            + "beside %d MiB for matching %d sky regions; use at most %d MiB, or a larger heap (-Xmx)",
                    window >> 20, heap >> 20, regions >> 20, REGIONS_IN_FLIGHT, (room * 4 / 5) >> 20));
        }
    }

    /** A crossmatch that streams: the region source, the plan of regions, and where regions are matched ahead (null: own threads). */
    record Regions(IndexRegions source, SkyRegions plan, java.util.concurrent.Executor executor) {
        String summary() {
            return String.format(Locale.ROOT, "%d regions at depth %d (largest estimated %d MB of a %d MB budget%s)",
                    plan.regions().size(), plan.depth(), plan.largestRegionBytes() >> 20,
                    source.isWhole() ? plan.largestRegionBytes() >> 20 : plan.budgetBytes() >> 20,
                    source.isWhole() ? ", indices read whole, no scan"
                            : "; " + source.planningRowsRead() + " index rows read to plan, " + source.rowsRead()
                                    + " by region");
        }

        RegionalMatcher.Walk start(CrossMatch spec, boolean groups) {
            return RegionalMatcher.start(plan, source, spec, groups, REGIONS_IN_FLIGHT, executor);
        }

        /** Region {@code r} of the plan matched on its own (no groups), with the spec a walk resolved ({@link RegionalMatcher.Walk#spec()}). */
        RegionMatch match(CrossMatch resolved, int r) {
            return RegionalMatcher.matchRegion(plan, plan.regions().get(r), source, resolved, false);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
