package org.mmu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.Parallel;
import org.mmu.core.ReadStats;
import org.mmu.core.Schema;
import org.mmu.internal.epoch.DatasetEpochSource;
import org.mmu.internal.epoch.EpochSource;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.RegionMatch;
import org.mmu.matching.RegionalMatcher;

/**
 * A crossmatch's match rows as epoch items, read through the crossmatch-load's own fetch
 * ({@link CrossMatchedDatasets#subset} of a unit's match rows, read through its bounded window),
 * so rows have the columns {@code mmu load} writes: {@code <survey>_<column>}, then the
 * separation(s). Items are match rows in the load's order; units depend on how the load matched:
 * <ul>
 *   <li>a result holding its match rows (one region): the reference survey's partitions (a match
 *       row belongs to the partition of its reference object), so an epoch reads each reference
 *       partition once and, with it, only the matched rows of the partner surveys;</li>
 *   <li>a streamed result: the sky regions of its plan, each cut into pieces of rows that fit a
 *       quarter of the prefetch window. A region's pieces form one block, so a shuffled epoch
 *       moves whole regions; reading a piece matches its region through the same engine
 *       ({@link CrossMatchPipeline.Regions#match}), kept while its pieces are read (at most
 *       {@link CrossMatchPipeline#REGIONS_IN_FLIGHT} regions at once). Memory: the regions in
 *       flight, the pieces being fetched and the shuffle buffer, never every match row. Sizing the
 *       units costs one match of every region (no data) when the source is made.</li>
 * </ul>
 */
final class CrossMatchEpochSource implements EpochSource {
    private final CrossMatchedDatasets matches;
    private final List<String> surveys;
    private final List<MmuDataset> datasets = new ArrayList<>();
    private final Schema schema;
    private final Units units;

    CrossMatchEpochSource(CrossMatchedDatasets matches) {
        if (!matches.hasData()) {
            throw new MmuInputException("an epoch reads the matched objects' data, but this crossmatch was loaded with "
                    + "fetchData(false); load it with the default (nothing is read before the epoch runs)");
        }
        this.matches = matches;
        this.surveys = matches.surveys();
        for (String s : surveys) {
            datasets.add(matches.dataset(s));
        }
        this.units = matches.isStreamed() ? new RegionUnits(matches) : new PartitionUnits(matches);
        this.schema = matches.rowSchema();
    }

    /** How match rows are grouped into units, and which result (whole, or a region's view) holds a unit's rows. */
    private interface Units {
        Grouping grouping();

        /** The result holding a unit's rows, whose match row {@code item - firstItem(unit)} is the item. */
        CrossMatchedDatasets view(int unit);

        int firstItem(int unit);

        /** On-disk size of the partitions holding these items' data, -1 when unknown. */
        long datasetBytes(int[] items);
    }

    @Override
    public List<String> sources() {
        return surveys;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Grouping grouping() {
        return units.grouping();
    }

    @Override
    public Read read(int unit, int[] items) {
        CrossMatchedDatasets view = units.view(unit);
        int first = units.firstItem(unit);
        int[] rows = new int[items.length];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = items[j] - first;
        }
        return new Read(view.subset(rows).toRowBatch(), view.objectIds(rows));
    }

    @Override
    public long datasetBytes(int[] items) {
        return units.datasetBytes(items);
    }

    @Override
    public ReadStats readStats() {
        ReadStats sum = ReadStats.ZERO;
        for (MmuDataset d : datasets) {
            sum = sum.plus(d.readStats());
        }
        return sum;
    }

    /** Training pairs need every survey's object in every row: outer-join rows have none to read. */
    private static void requirePaired(List<String> surveys, long matchRow, int k) {
        throw new MmuInputException("an epoch needs every survey's object in every match row, but match row " + matchRow
                + " has no '" + surveys.get(k) + "' object (an outer join); use the inner join (1and2)");
    }

    /** A result holding its match rows: units are the reference survey's partitions. */
    private static final class PartitionUnits implements Units {
        private final CrossMatchedDatasets matches;
        private final MatchRows rows;
        private final Grouping grouping;

        PartitionUnits(CrossMatchedDatasets matches) {
            this.matches = matches;
            this.rows = matches.matchRows();
            for (int k = 0; k < rows.surveyCount(); k++) {
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.indexRow(k, i) < 0) {
                        requirePaired(matches.surveys(), i, k);
                    }
                }
            }
            int reference = rows.reference();
            ObjectIndex refIndex = matches.index(matches.surveys().get(reference));
            int partitions = matches.dataset(matches.surveys().get(reference)).partitions().size();
            this.grouping = Grouping.byPartition(refIndex, partitions, rows.size(), i -> rows.indexRow(reference, i));
        }

        @Override
        public Grouping grouping() {
            return grouping;
        }

        @Override
        public CrossMatchedDatasets view(int unit) {
            return matches;
        }

        @Override
        public int firstItem(int unit) {
            return 0;
        }

        @Override
        public long datasetBytes(int[] items) {
            long bytes = 0;
            for (int k = 0; k < rows.surveyCount(); k++) {
                String s = matches.surveys().get(k);
                int[] positions = new int[items.length];
                for (int j = 0; j < items.length; j++) {
                    positions[j] = rows.indexRow(k, items[j]);
                }
                long b = DatasetEpochSource.partitionBytes(matches.dataset(s), matches.index(s), positions);
                if (b < 0) {
                    return -1;
                }
                bytes += b;
            }
            return bytes;
        }
    }

    /** A streamed result: units are pieces of the plan's sky regions, a region's pieces one block. */
    private static final class RegionUnits implements Units {
        private final CrossMatchedDatasets matches;
        private final CrossMatchPipeline.Regions regions;
        private final CrossMatch resolved;
        private final int[] regionStart;     // per region: its first match row; plus the total
        private final int[] regionOfUnit;
        private final BitSet[][] partitions; // per region, per survey: the partitions its rows' objects lie in
        private final Grouping grouping;
        private final Map<Integer, CompletableFuture<CrossMatchedDatasets>> matched =
                new LinkedHashMap<>(8, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Integer, CompletableFuture<CrossMatchedDatasets>> e) {
                        return size() > CrossMatchPipeline.REGIONS_IN_FLIGHT;
                    }
                };

        RegionUnits(CrossMatchedDatasets matches) {
            this.matches = matches;
            this.regions = matches.regions();
            List<String> surveys = matches.surveys();
            int count = regions.plan().regions().size();
            long[] sizes = new long[count];
            partitions = new BitSet[count][surveys.size()];
            long total = 0;
            try (RegionalMatcher.Walk w = regions.start(matches.spec(), false)) {
                resolved = w.spec();
                while (w.hasNext()) {
                    RegionMatch m = w.next();
                    int r = m.region().ordinal();
                    sizes[r] = m.size();
                    for (int k = 0; k < surveys.size(); k++) {
                        ObjectIndex slice = m.slice(k);
                        BitSet parts = new BitSet();
                        for (int i = 0; i < m.size(); i++) {
                            int p = m.row(k, i);
                            if (p < 0) {
                                requirePaired(surveys, total + i, k);
                            }
                            parts.set(slice.partitionOrdinal(p));
                        }
                        partitions[r][k] = parts;
                    }
                    total += m.size();
                }
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new MmuInputException("an epoch numbers match rows with int, but this crossmatch has " + total
                        + " rows; select fewer (a smaller radius, --where, best1)");
            }
            long rowBytes = Math.max(1, matches.estimatedRowBytes());
            int pieceRows = (int) Math.max(1, Math.min(1 << 20, matches.options().fetchWindow().bytes() / 4 / rowBytes));
            regionStart = new int[count + 1];
            int[] blocks = new int[count + 1];
            List<Integer> unitStarts = new ArrayList<>();
            List<Integer> unitRegions = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                regionStart[r + 1] = regionStart[r] + (int) sizes[r];
                blocks[r] = unitStarts.size();
                for (int at = regionStart[r]; at < regionStart[r + 1]; at += pieceRows) {
                    unitStarts.add(at);
                    unitRegions.add(r);
                }
            }
            blocks[count] = unitStarts.size();
            int[] start = new int[unitStarts.size() + 1];
            for (int u = 0; u < unitStarts.size(); u++) {
                start[u] = unitStarts.get(u);
            }
            start[unitStarts.size()] = regionStart[count];
            regionOfUnit = unitRegions.stream().mapToInt(Integer::intValue).toArray();
            int[] items = new int[regionStart[count]];
            Arrays.setAll(items, i -> i);
            this.grouping = new Grouping(start, items, blocks);
        }

        @Override
        public Grouping grouping() {
            return grouping;
        }

        @Override
        public int firstItem(int unit) {
            return regionStart[regionOfUnit[unit]];
        }

        /** The region's rows, matched once while its pieces are read (by whichever reader asks first). */
        @Override
        public CrossMatchedDatasets view(int unit) {
            int r = regionOfUnit[unit];
            CompletableFuture<CrossMatchedDatasets> f;
            boolean mine = false;
            synchronized (matched) {
                f = matched.get(r);
                if (f == null) {
                    f = new CompletableFuture<>();
                    matched.put(r, f);
                    mine = true;
                }
            }
            if (mine) {
                try {
                    CrossMatchedDatasets view = matches.regionRows(regions.match(resolved, r));
                    if (view.size() != regionStart[r + 1] - regionStart[r]) {
                        throw new IllegalStateException("region " + r + " matched " + view.size() + " rows, counted "
                                + (regionStart[r + 1] - regionStart[r]));
                    }
                    f.complete(view);
                } catch (RuntimeException | Error e) {
                    f.completeExceptionally(e);
                    synchronized (matched) {
                        matched.remove(r, f);
                    }
                    throw e;
                }
            }
            return Parallel.await(f, "matching sky region " + r + " for the epoch");
        }

        @Override
        public long datasetBytes(int[] items) {
            BitSet touched = new BitSet(regionOfUnit.length);
            for (int item : items) {
                int r = Arrays.binarySearch(regionStart, item);
                touched.set(r >= 0 ? lastRegionStartingAt(r) : -r - 2);
            }
            long bytes = 0;
            for (int k = 0; k < matches.surveys().size(); k++) {
                BitSet parts = new BitSet();
                for (int r = touched.nextSetBit(0); r >= 0; r = touched.nextSetBit(r + 1)) {
                    parts.or(partitions[r][k]);
                }
                long b = DatasetEpochSource.partitionBytes(matches.dataset(matches.surveys().get(k)), parts);
                if (b < 0) {
                    return -1;
                }
                bytes += b;
            }
            return bytes;
        }

        /** Empty regions share their start with the next: the region holding a row is the last that starts at it. */
        private int lastRegionStartingAt(int r) {
            while (r + 1 < regionStart.length - 1 && regionStart[r + 1] == regionStart[r]) {
                r++;
            }
            return r;
        }
    }
}
