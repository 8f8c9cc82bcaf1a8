package org.mmu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.mmu.CrossMatchedDatasets;
import org.mmu.DatasetBuilder;
import org.mmu.LoadOptions;
import org.mmu.LoadReport;
import org.mmu.MatchedExample;
import org.mmu.MmuDatasets;
import org.mmu.core.Column;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.JoinType;

/**
 * A sparse survey against a dense one over HTTP (issue 20, "coverage first"): how much of the
 * dense survey's {@code _index} a crossmatch-load reads when the other survey has a few hundred
 * objects. Two steps, in separate JVMs so the set-up does not count in the measured run:
 *
 * <pre>
 * SparseLoadBench prepare DENSE_DIR TARGETS_DIR [targets=1000] [seed=1]
 *     counterparts (0.3" away) of randomly picked dense objects, as an index-first dataset
 * SparseLoadBench run TARGETS_DIR DENSE_URL DENSE_DIR [radiusArcsec=1]
 *     the inner-join crossmatch-load; prints the dense index bytes read beside the dense
 *     _index's size (index files and cell tables), time to the first batch, total time, peak RSS
 * </pre>
 */
public final class SparseLoadBench {
    private SparseLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("prepare")) {
            prepare(Path.of(args[1]), Path.of(args[2]), args.length > 3 ? (int) Double.parseDouble(args[3]) : 1000,
                    args.length > 4 ? Long.parseLong(args[4]) : 1);
        } else if (args.length >= 4 && args[0].equals("run")) {
            run(Path.of(args[1]), args[2], Path.of(args[3]), args.length > 4 ? Double.parseDouble(args[4]) : 1.0);
        } else {
            System.err.println("usage: SparseLoadBench prepare DENSE_DIR TARGETS_DIR [targets] [seed]\n"
                    + "       SparseLoadBench run TARGETS_DIR DENSE_URL DENSE_DIR [radiusArcsec]");
            System.exit(2);
        }
    }

    static void prepare(Path dense, Path out, int targets, long seed) {
        if (Files.exists(out)) {
            return;
        }
        double[] ra = new double[targets];
        double[] dec = new double[targets];
        long[] id = new long[targets];
        try (MmuDataset d = MmuDatasets.load(dense)) {
            ObjectIndex idx = d.index();
            SplittableRandom r = new SplittableRandom(seed);
            for (int k = 0; k < targets; k++) {
                int i = r.nextInt(idx.size());
                ra[k] = (idx.ra(i) + 0.3 / 3600 + 360) % 360;
                dec[k] = idx.dec(i);
                id[k] = 1_000_000_000L + k;
            }
        }
        RowBatch cat = RowBatch.of(Column.of("object_id", id), Column.of("ra", ra), Column.of("dec", dec));
        try (PartitionedDataset src = CatalogDatasets.fromBatch("sparse", cat, CoordinateColumns.DEFAULT,
                OpenContext.defaults())) {
            DatasetBuilder.builder().name("sparse").build().build(src, out);
        }
    }

    static void run(Path targets, String denseUrl, Path denseDir, double radius) throws Exception {
        long indexBytes = 0;
        try (var files = Files.list(denseDir.resolve("_index"))) {
            for (Path p : files.toList()) {
                indexBytes += Files.size(p);
            }
        }
        String dense;
        try (MmuDataset d = MmuDatasets.load(denseDir)) { // its manifest only
            dense = d.name();
        }
        CrossMatch spec = CrossMatch.of("sparse", dense).radiusArcsec(radius).join(JoinType.ONE_AND_TWO).build();
        long t0 = System.nanoTime();
        double first = Double.NaN;
        long rows = 0;
        LoadReport report;
        try (CrossMatchedDatasets m = MmuDatasets.load(List.of(targets.toString(), denseUrl), spec,
                LoadOptions.defaults())) {
            for (MatchedExample ignored : m) {
                if (rows++ == 0) {
                    first = (System.nanoTime() - t0) / 1e9;
                }
            }
            report = m.report();
        }
        double total = (System.nanoTime() - t0) / 1e9;
        LoadReport.Survey d = report.surveys().get(dense);
        System.out.printf(Locale.ROOT, "| sparse objects | pairs | dense _index bytes | dense index bytes read | fraction "
                + "| first batch s | total s | peak RSS MB |%n|---|---|---|---|---|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| %,d | %,d | %,d | %,d | **%.2f %%** | %.2f | %.2f | %d |%n",
                report.surveys().get("sparse").objects(), rows, indexBytes, d.indexBytesRead(),
                100.0 * d.indexBytesRead() / indexBytes, first, total, peakRssMb());
    }

    /** The process's peak resident set (Linux: VmHWM), -1 elsewhere. */
    private static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
