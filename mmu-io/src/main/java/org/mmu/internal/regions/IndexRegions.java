package org.mmu.internal.regions;

import java.util.ArrayList;
import java.util.List;

import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.indexfirst.IndexFirstDatasets;
import org.mmu.internal.indexfirst.IndexFirstRegions;
import org.mmu.matching.CellCounts;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.InMemoryRegionSource;
import org.mmu.matching.RegionSlice;
import org.mmu.matching.RegionSource;
import org.mmu.matching.SkyCells;
import org.mmu.matching.SkyRegions;

/**
 * The region-reading seam of mmu-io: the datasets of a crossmatch as a {@link RegionSource},
 * plus the per-cell counts regions are planned from.
 *
 * <pre>{@code
 * IndexRegions source = IndexRegions.open(datasets, spec, threads);
 * SkyRegions plan = source.plan(spec, 512L << 20);
 * RegionalMatcher.walk(plan, source, spec, false, 1, region -> ...);
 * // or, one region at a time (mode best: fix the scan sides over the whole sky first)
 * CrossMatch resolved = RegionalMatcher.resolveBest(plan, source, spec);
 * RegionalMatcher.matchRegion(plan, plan.regions().get(0), source, resolved, false);
 * }</pre>
 *
 * Index-first datasets are read region by region ({@link IndexFirstRegions}: one scan of the
 * positions, then only the rows of the cells asked for). Other layouts (MMU v1, HATS, catalogs)
 * load their whole index once and are sliced in memory.
 */
public final class IndexRegions implements RegionSource {
    private final List<String> names;
    private final int depth;
    private final CellCounts counts;
    private final IndexFirstRegions[] streamed;
    private final InMemoryRegionSource[] inMemory;
    private final InMemoryRegionSource whole; // every survey, whole, as one region; else null
    private final long[] planningRows; // per survey, index rows read to count objects per cell

    private IndexRegions(List<String> names, int depth, CellCounts counts, IndexFirstRegions[] streamed,
            InMemoryRegionSource[] inMemory, InMemoryRegionSource whole, long[] planningRows) {
        this.whole = whole;
        this.planningRows = planningRows;
        this.names = names;
        this.depth = depth;
        this.counts = counts;
        this.streamed = streamed;
        this.inMemory = inMemory;
    }

    /**
     * Estimated heap for matching the datasets as one region, from their sizes (metadata): every
     * object, and about one candidate pair per object of the larger survey, twice over.
     */
    public static long wholeSkyBytes(List<MmuDataset> datasets) {
        long objects = 0;
        long largest = 0;
        for (MmuDataset d : datasets) {
            objects += d.size();
            largest = Math.max(largest, d.size());
        }
        return SkyRegions.estimatedBytes(objects, 2 * largest);
    }

    /**
     * Whole indices already in memory (in spec order; errors by survey name, may be empty) as
     * one region covering the sky: each index is read once, no planning scan, and the slices are
     * the indices themselves, so a region match's rows are index positions.
     */
    public static IndexRegions whole(List<ObjectIndex> indices, CrossMatch spec, java.util.Map<String, double[]> errors) {
        InMemoryRegionSource source = InMemoryRegionSource.of(indices, spec.surveys(), errors);
        CellCounts counts = source.counts(0, spec.criteria().radiusArcsec());
        return new IndexRegions(new ArrayList<>(spec.surveys()), 0, counts, new IndexFirstRegions[indices.size()],
                new InMemoryRegionSource[indices.size()], source, indices.stream().mapToLong(ObjectIndex::size).toArray());
    }

    /**
     * Opens the surveys of {@code spec} (datasets in spec order) at the depth
     * {@link SkyCells#regionDepth} picks, or coarser when a large survey's cell tables are: a
     * survey of at least an eighth of the objects is then planned from its tables, never scanned.
     * When one survey is sparse ({@link #coversSparse}), at the dense survey's table depth: the
     * finer the cells, the less of the dense index the sparse survey's neighbourhood holds.
     */
    public static IndexRegions open(List<MmuDataset> datasets, CrossMatch spec, int threads) {
        long total = datasets.stream().mapToLong(MmuDataset::size).sum();
        double radius = spec.criteria().radiusArcsec();
        int depth = SkyCells.regionDepth(total, radius);
        for (MmuDataset d : datasets) {
            int tables = tableDepth(d);
            if (tables >= 0 && d.size() * 8 >= total) {
                // a sparse survey's neighbourhood: as fine as the dense survey's tables allow
                depth = coversSparse(datasets, spec) ? Math.min(tables, SkyCells.marginDepth(radius))
                        : Math.min(depth, tables);
            }
        }
        return open(datasets, spec, depth, threads);
    }

    /**
     * Whether regions would read less than whole indices because one survey is sparse: an inner
     * join of two surveys (not mode {@code best}, which looks at the whole surveys) where the
     * larger has cell tables and at least 64 times the objects of the smaller
     * ({@link SkyRegions} covers only the sparse survey's neighbourhood).
     */
    public static boolean coversSparse(List<MmuDataset> datasets, CrossMatch spec) {
        if (datasets.size() != 2 || spec.criteria().join() != org.mmu.matching.JoinType.ONE_AND_TWO
                || spec.criteria().mode() == org.mmu.matching.MatchMode.BEST) {
            return false;
        }
        MmuDataset small = datasets.get(0).size() <= datasets.get(1).size() ? datasets.get(0) : datasets.get(1);
        MmuDataset large = small == datasets.get(0) ? datasets.get(1) : datasets.get(0);
        return tableDepth(large) >= 0 && small.size() * 64 <= large.size();
    }

    /** The coarsest depth of an index-first dataset's cell tables; -1 when it has none or is read whole. */
    private static int tableDepth(MmuDataset d) {
        if (!(d instanceof PartitionedDataset pd) || pd.layout() != DatasetLayout.INDEX_FIRST
                || IndexFirstDatasets.index(pd).filter() != null) {
            return -1;
        }
        int depth = Integer.MAX_VALUE;
        for (var f : IndexFirstDatasets.index(pd).manifest().indexFiles()) {
            if (f.cells() == null) {
                return -1;
            }
            depth = Math.min(depth, f.cells().depth());
        }
        return depth == Integer.MAX_VALUE ? -1 : depth;
    }

    /** Opens the surveys at a given region depth (at most {@link SkyCells#marginDepth} of the radius). */
    public static IndexRegions open(List<MmuDataset> datasets, CrossMatch spec, int depth, int threads) {
        if (datasets.size() != spec.surveys().size()) {
            throw new MmuInputException("got " + datasets.size() + " datasets for the " + spec.surveys().size()
                    + " surveys " + spec.surveys());
        }
        if (!spec.errorColumns().isEmpty()) {
            throw new MmuInputException("region-by-region matching does not read error columns ("
                    + spec.errorColumns() + "); match in memory instead");
        }
        int ns = datasets.size();
        long total = datasets.stream().mapToLong(MmuDataset::size).sum();
        CellCounts.Counter counter = CellCounts.counter(depth, SkyCells.pairDepth(spec.criteria().radiusArcsec()), ns,
                total);
        IndexFirstRegions[] streamed = new IndexFirstRegions[ns];
        InMemoryRegionSource[] inMemory = new InMemoryRegionSource[ns];
        long[] planningRows = new long[ns];
        // the surveys are scanned at once: the counter keeps separate state per survey
        org.mmu.core.Parallel.map(ns, Math.min(threads, ns), "scanning the indices", s -> {
            MmuDataset d = datasets.get(s);
            if (d instanceof PartitionedDataset pd && pd.layout() == DatasetLayout.INDEX_FIRST
                    && IndexFirstDatasets.index(pd).filter() == null) { // a filtered index is loaded whole
                IndexFirstRegions fromTables = IndexFirstRegions.fromTables(IndexFirstDatasets.index(pd), depth, counter, s);
                streamed[s] = fromTables != null ? fromTables
                        : IndexFirstRegions.scan(IndexFirstDatasets.index(pd), depth, threads, counter, s);
                planningRows[s] = streamed[s].planningRowsRead();
            } else {
                ObjectIndex index = d.index().renamed(d.name());
                long[] hashes = new long[index.size()];
                for (int i = 0; i < index.size(); i++) {
                    String problem = ObjectIndex.coordinateProblem(index.ra(i), index.dec(i));
                    if (problem != null) {
                        throw new MmuInputException(d.location() + ": object " + index.ids().getString(i) + " (row "
                                + i + " of the index) " + problem);
                    }
                    hashes[i] = SkyCells.hash29(index.ra(i), index.dec(i));
                }
                java.util.Arrays.sort(hashes); // sub-cells are counted in runs
                for (long h : hashes) {
                    counter.add(s, h);
                }
                inMemory[s] = InMemoryRegionSource.of(List.of(index), List.of(spec.surveys().get(s)), null);
                planningRows[s] = index.size();
            }
            return s;
        });
        return new IndexRegions(new ArrayList<>(spec.surveys()), depth, counter.build(), streamed, inMemory, null,
                planningRows);
    }

    public int depth() {
        return depth;
    }

    /** Objects per cell and survey, from the scan. */
    public CellCounts counts() {
        return counts;
    }

    /**
     * Regions within {@code budgetBytes} each for these surveys' crossmatch (covering only a
     * sparse survey's neighbourhood for an inner join, {@link SkyRegions#plan(CellCounts, CrossMatch, long)}).
     * Whole indices are one region over every cell: their slices are the indices themselves.
     */
    public SkyRegions plan(CrossMatch spec, long budgetBytes) {
        if (isWhole()) {
            if (counts.surveys() != spec.surveys().size()) {
                throw new MmuInputException("cell counts have " + counts.surveys() + " surveys, the crossmatch "
                        + spec.surveys().size() + " " + spec.surveys());
            }
            return SkyRegions.plan(counts, spec.criteria().radiusArcsec(), org.mmu.matching.RegionalMatcher.referenceOf(spec),
                    Long.MAX_VALUE);
        }
        return SkyRegions.plan(counts, spec, budgetBytes);
    }

    /** Whether the indices are whole in memory, matched as one region ({@link #whole}). */
    public boolean isWhole() {
        return whole != null;
    }

    /** The id type of survey {@code s}. */
    public org.mmu.core.IdType idType(int s) {
        return streamed[s] != null ? streamed[s].manifest().idType() : slice(s, depth, new long[0]).index().ids().type();
    }

    /** Whether survey {@code s} is read region by region (else its whole index is in memory). */
    public boolean readsByRegion(int s) {
        return streamed[s] != null;
    }

    /**
     * Index rows of survey {@code s} read to plan: to count objects per cell (a scan of the
     * positions, or a whole index loaded). 0 when the counts come from metadata.
     */
    public long planningRowsRead(int s) {
        return planningRows[s];
    }

    /**
     * Index rows read to plan the regions, over all surveys: 0 when every survey read by region
     * has cell tables (format 1.3) and none is held whole; each scanned or whole index counts
     * all its rows.
     */
    public long planningRowsRead() {
        return java.util.Arrays.stream(planningRows).sum();
    }

    /** Bytes of survey {@code s}'s index files read to plan and by region slices so far (0 when it is not read by region). */
    public long sliceBytesRead(int s) {
        return streamed[s] == null ? 0 : streamed[s].bytesRead();
    }

    /** Index rows read by region slices so far, over all surveys read by region. */
    public long rowsRead() {
        long n = 0;
        for (IndexFirstRegions r : streamed) {
            n += r == null ? 0 : r.rowsRead();
        }
        return n;
    }

    @Override
    public RegionSlice slice(int survey, int cellDepth, long[] cells) {
        if (survey < 0 || survey >= names.size()) {
            throw new MmuInputException("no survey " + survey + " among " + names);
        }
        return whole != null ? whole.slice(survey, cellDepth, cells)
                : streamed[survey] != null ? streamed[survey].slice(cellDepth, cells)
                : inMemory[survey].slice(0, cellDepth, cells);
    }
}
