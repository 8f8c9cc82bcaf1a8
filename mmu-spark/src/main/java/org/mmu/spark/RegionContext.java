package org.mmu.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.mmu.core.Column;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.CellCounts;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.InMemoryRegionSource;
import org.mmu.matching.RegionalMatcher;
import org.mmu.matching.SkyRegions;

/**
 * One crossmatch as a JVM (driver or executor) sees it: both datasets open, their indices under
 * the survey names, the region source and the region plan. Built once per JVM and crossmatch,
 * then shared by that JVM's tasks.
 */
final class RegionContext {
    private static final Map<MatchSpec, RegionContext> CACHE = new ConcurrentHashMap<>();

    final MatchSpec matchSpec;
    final CrossMatch spec;
    final List<MmuDataset> datasets;
    final List<ObjectIndex> indices;
    final InMemoryRegionSource source;
    private final Map<String, SkyRegions> plans = new ConcurrentHashMap<>();
    private volatile RowLocator[] locators;

    private RegionContext(MatchSpec m) {
        matchSpec = m;
        datasets = m.locations().stream().map(OpenDatasets::get).toList();
        List<ObjectIndex> idx = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            idx.add(datasets.get(s).index().renamed(m.surveys().get(s)));
        }
        indices = List.copyOf(idx);
        source = InMemoryRegionSource.of(indices, m.surveys(), errors());
        // best's scan side is STILTS' rule over the whole surveys: decided once here, the same on
        // every JVM, never per region (one region over the sky is enough to decide it)
        spec = RegionalMatcher.resolveBest(SkyRegions.plan(source.counts(0, m.radiusArcsec()), m.crossMatch(),
                Long.MAX_VALUE), source, m.crossMatch());
    }

    /** The context of a crossmatch (its plan aside: one context serves every plan of it). */
    static RegionContext get(MatchSpec m) {
        return CACHE.computeIfAbsent(m.withPlan(0, 0), RegionContext::new);
    }

    /** Drops the contexts of crossmatches reading a location (its dataset is being closed). */
    static void forget(String location) {
        CACHE.keySet().removeIf(m -> m.locations().contains(location));
    }

    /** The regions at a depth for a heap budget: the same on every JVM, as it depends on the indices only. */
    SkyRegions plan(int depth, long budgetBytes) {
        return plans.computeIfAbsent(depth + ":" + budgetBytes,
                key -> SkyRegions.plan(counts(depth), spec, budgetBytes));
    }

    /** The cell counts of this crossmatch's indices at a depth. */
    CellCounts counts(int depth) {
        return source.counts(depth, matchSpec.radiusArcsec());
    }

    RowLocator locator(int survey) {
        RowLocator[] l = locators;
        if (l == null) {
            synchronized (this) {
                if (locators == null) {
                    locators = new RowLocator[] {new RowLocator(indices.get(0)), new RowLocator(indices.get(1))};
                }
                l = locators;
            }
        }
        return l[survey];
    }

    /** Each error column's values (arcsec) for every object, by survey name. */
    private Map<String, double[]> errors() {
        Map<String, double[]> out = new HashMap<>();
        for (Map.Entry<String, String> e : matchSpec.errorColumns().entrySet()) {
            int s = matchSpec.surveys().indexOf(e.getKey());
            MmuDataset ds = datasets.get(s);
            int n = indices.get(s).size();
            Column c = ds.select(e.getValue()).read(IntStream.range(0, n).toArray()).column(e.getValue());
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                if (c.isNull(i)) {
                    throw new MmuInputException("survey '" + e.getKey() + "': error column '" + e.getValue()
                            + "' is empty for object " + indices.get(s).ids().getString(i));
                }
                v[i] = c.getDouble(i);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }
}
