package org.mmu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.mmu.core.Column;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuException;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.io.dataset.PartitionedDataset;
import org.mmu.io.dataset.ReaderStats;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchResult;
import org.mmu.matching.NWayMatchResult;
import org.mmu.matching.NWayMatcher;

/**
 * The index → match → fetch pipeline behind {@link MmuDatasets#load(String, CrossMatch)}:
 * load every survey's index in parallel, crossmatch the indices in memory, then read from
 * each survey only the rows of matched objects (grouped by partition, pages only).
 */
final class CrossMatchLoader {
    private CrossMatchLoader() {
    }

    static CrossMatchedDatasets run(List<String> names, List<MmuDataset> datasets, CrossMatch spec,
            LoadOptions options, boolean fetch, boolean ownsDatasets, long startNanos, double openSeconds) {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("open", openSeconds);
        int n = datasets.size();

        long t = System.nanoTime();
        List<ObjectIndex> indices = loadIndices(names, datasets);
        stages.put("index", seconds(t));

        t = System.nanoTime();
        Map<String, double[]> errors = errorRadii(names, datasets, spec);
        int[][] indexRow = new int[n][];
        double[][] sepToRef = new double[n][];
        int[] groupId;
        int[] groupSize;
        MatchResult pairResult = null;
        int reference;
        if (n == 2) {
            MatchResult r = NWayMatcher.matchPair(indices.get(0), indices.get(1), spec, errors);
            pairResult = r;
            reference = 0;
            int m = r.size();
            indexRow[0] = new int[m];
            indexRow[1] = new int[m];
            sepToRef[0] = new double[m];
            sepToRef[1] = new double[m];
            groupId = new int[m];
            groupSize = new int[m];
            Arrays.fill(sepToRef[0], Double.NaN);
            for (int i = 0; i < m; i++) {
                indexRow[0][i] = r.leftRow(i);
                indexRow[1][i] = r.rightRow(i);
                sepToRef[1][i] = r.separationArcsec(i);
                groupId[i] = r.groupId(i);
                groupSize[i] = r.groupSize(i);
            }
        } else {
            NWayMatchResult r = NWayMatcher.match(indices, spec, errors);
            reference = r.referenceSurvey();
            int m = r.size();
            groupId = new int[m];
            groupSize = new int[m];
            for (int k = 0; k < n; k++) {
                indexRow[k] = new int[m];
                sepToRef[k] = new double[m];
                for (int i = 0; i < m; i++) {
                    indexRow[k][i] = r.row(k, i);
                    sepToRef[k][i] = r.separationArcsec(k, i);
                }
            }
            for (int i = 0; i < m; i++) {
                groupId[i] = r.groupId(i);
                groupSize[i] = r.groupSize(i);
            }
        }
        stages.put("match", seconds(t));

        t = System.nanoTime();
        int[][] batchRow = new int[n][];
        RowBatch[] fetched = new RowBatch[n];
        int[][] distinct = new int[n][];
        for (int k = 0; k < n; k++) {
            distinct[k] = distinctPresent(indexRow[k], indices.get(k).size());
        }
        if (fetch) {
            List<CompletableFuture<RowBatch>> reads = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                for (int k = 0; k < n; k++) {
                    int[] rows = distinct[k];
                    MmuDataset ds = datasets.get(k);
                    reads.add(CompletableFuture.supplyAsync(() -> ds.read(rows), pool));
                }
                for (int k = 0; k < n; k++) {
                    fetched[k] = join(reads.get(k));
                    batchRow[k] = positionsIn(indexRow[k], distinct[k], indices.get(k).size());
                }
            } finally {
                pool.shutdownNow();
            }
        }
        stages.put("fetch", seconds(t));

        LoadReport report = report(names, datasets, distinct, spec, groupId.length, seconds(startNanos), stages);
        Map<String, ObjectIndex> idx = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            idx.put(names.get(k), indices.get(k));
        }
        return new CrossMatchedDatasets(names, reference, CrossMatchedDatasets.mapOf(names, datasets), idx, indexRow,
                batchRow, fetched, sepToRef, groupId, groupSize, report, pairResult, ownsDatasets);
    }

    private static List<ObjectIndex> loadIndices(List<String> names, List<MmuDataset> datasets) {
        ExecutorService pool = Executors.newFixedThreadPool(datasets.size());
        try {
            List<CompletableFuture<ObjectIndex>> futures = new ArrayList<>();
            for (int k = 0; k < datasets.size(); k++) {
                MmuDataset ds = datasets.get(k);
                String name = names.get(k);
                futures.add(CompletableFuture.supplyAsync(() -> ds.index().renamed(name), pool));
            }
            List<ObjectIndex> out = new ArrayList<>();
            for (CompletableFuture<ObjectIndex> f : futures) {
                out.add(join(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Per-object error radii (arcsec) for surveys whose error column is named in the spec. */
    private static Map<String, double[]> errorRadii(List<String> names, List<MmuDataset> datasets, CrossMatch spec) {
        Map<String, double[]> out = new HashMap<>();
        for (Map.Entry<String, String> e : spec.errorColumns().entrySet()) {
            int k = names.indexOf(e.getKey());
            if (k < 0) {
                throw new MmuInputException("error column given for survey '" + e.getKey() + "', which is not one of "
                        + names);
            }
            MmuDataset ds = datasets.get(k);
            int size = ds.index().size();
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            Column c = ds.select(e.getValue()).read(all).column(e.getValue());
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                if (c.isNull(i)) {
                    throw new MmuInputException("survey '" + e.getKey() + "': error column '" + e.getValue()
                            + "' is empty for object " + ds.index().ids().getString(i));
                }
                v[i] = c.getDouble(i);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    /** The index positions present in {@code rows} (not -1), ascending, each once: O(rows + size), no sort. */
    private static int[] distinctPresent(int[] rows, int size) {
        boolean[] seen = new boolean[size];
        int count = 0;
        for (int p : rows) {
            if (p >= 0 && !seen[p]) {
                seen[p] = true;
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int p = 0; p < size; p++) {
            if (seen[p]) {
                out[k++] = p;
            }
        }
        return out;
    }

    /** For each match row, the row of the fetched batch holding its object ({@code distinct} is ascending), or -1. */
    private static int[] positionsIn(int[] rows, int[] distinct, int size) {
        int[] rank = new int[size];
        for (int r = 0; r < distinct.length; r++) {
            rank[distinct[r]] = r;
        }
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i] < 0 ? -1 : rank[rows[i]];
        }
        return out;
    }

    private static LoadReport report(List<String> names, List<MmuDataset> datasets, int[][] distinct, CrossMatch spec,
            long pairs, double seconds, Map<String, Double> stages) {
        Map<String, LoadReport.Survey> per = new LinkedHashMap<>();
        long index = 0;
        long bytes = 0;
        long requests = 0;
        long total = 0;
        long read = 0;
        long rows = 0;
        for (int k = 0; k < datasets.size(); k++) {
            MmuDataset ds = datasets.get(k);
            ReadStats s = ds.readStats();
            ReaderStats rs = ds instanceof PartitionedDataset pd ? pd.readerStats() : ReaderStats.ZERO;
            String storage = ds instanceof PartitionedDataset pd ? pd.storage().scheme() : "unknown";
            per.put(names.get(k), new LoadReport.Survey(ds.size(), distinct[k].length, s.indexBytes(), s.dataBytes(),
                    s.requests(), ds.partitions().size(), s.partitionsRead(), s.rowsRead(), rs.rowLevelReads(),
                    rs.wholeReads(), rs.noPageIndexFiles(), s.cacheHits(), storage));
            index += s.indexBytes();
            bytes += s.totalBytes();
            requests += s.requests();
            total += ds.partitions().size();
            read += s.partitionsRead();
            rows += s.rowsRead();
        }
        var c = spec.criteria();
        return new LoadReport(names, c.mode().label(), c.radiusArcsec(), index, bytes, requests, total, read, rows, pairs,
                seconds, stages, per);
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof MmuException m) {
                throw m;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
