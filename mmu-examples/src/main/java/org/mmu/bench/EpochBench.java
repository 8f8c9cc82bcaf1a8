package org.mmu.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.mmu.CrossMatchedDatasets;
import org.mmu.Epoch;
import org.mmu.Epochs;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.DType;
import org.mmu.core.DataFormat;
import org.mmu.core.EpochIterator;
import org.mmu.core.MmuDataset;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.examples.TensorChecksum;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.matching.CrossMatch;

/**
 * Training-epoch benchmark (issue "Feed model training"), in two steps run as separate JVMs:
 * <pre>
 * EpochBench generate DIR [--objects N] [--table-objects T] [--crossmatch-objects M]   (untimed; a few GB of heap)
 * EpochBench run DIR [--buffer ROWS] [--batch ROWS] [--rounds N] [--region-budget-kib K]   (run it with -Xmx1g)
 * EpochBench scan|epoch DATASET [--buffer ROWS] [--batch ROWS]       (one contender, for whole-process A/B timing)
 * </pre>
 * {@code run} measures, on the same data in one process: a sequential scan
 * ({@code dataset.batches()}), a shuffled epoch ({@code Epochs.of(d).shuffle(...)}), and the
 * hand-made shuffled epoch of random 256-row {@code read()} calls the issue started from (over
 * its first batches, extrapolated); each touches every element of every batch's arrays. Then a
 * shuffled epoch over a crossmatch whose matched data exceeds the heap, once as one region and once
 * region by region (a region budget of K KiB, default 256). Images are 5×64×64
 * float32 noise (incompressible), so bytes on disk are bytes of pixels.
 */
public final class EpochBench {
    static final int BANDS = 5;
    static final int SIZE = 64;
    static final int SPECTRUM = 2000;
    static final int NAIVE_BATCHES = 4;

    private EpochBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EpochBench generate|run DIR [--objects N] [--crossmatch-objects M] [--buffer R] [--batch B]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        int objects = intArg(args, "--objects", 4000);
        int xmObjects = intArg(args, "--crossmatch-objects", 16000);
        int buffer = intArg(args, "--buffer", 2048);
        int batch = intArg(args, "--batch", 256);
        if (args[0].equals("generate")) {
            generate(dir, objects, intArg(args, "--table-objects", 200_000), xmObjects);
        } else if (args[0].equals("scan") || args[0].equals("epoch")) {
            // one contender alone, for whole-process A/B timing of the two (DIR is then one dataset)
            try (MmuDataset ds = MmuDatasets.load(dir)) {
                Measure m = args[0].equals("scan") ? scan(ds) : epoch(Epochs.of(ds).shuffle(7, buffer).batchSize(batch), "shuffled epoch");
                System.out.printf(Locale.ROOT, "%s: %d rows, %.1f MB read, %.2f s%n", m.what, m.rows, m.bytes / 1e6, m.seconds);
            }
        } else {
            run(dir, buffer, batch, intArg(args, "--rounds", 3), intArg(args, "--region-budget-kib", 256));
        }
    }

    private static int intArg(String[] args, String flag, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(flag)) {
                return (int) Double.parseDouble(args[i + 1]);
            }
        }
        return fallback;
    }

    // ---- generate ----

    static void generate(Path dir, int objects, int tableObjects, int xmObjects) {
        double[][] small = box(objects, 1);
        double[][] rows = box(tableObjects, 3);
        for (DataFormat f : List.of(DataFormat.PARQUET, DataFormat.HDF5)) {
            build(noiseCatalog(small, 1, "image", BANDS, SIZE, SIZE), dir.resolve("images-" + f.label()), f, 250);
            build(noiseCatalog(rows, 1, "flux", 8), dir.resolve("table-" + f.label()), f, 5000); // small rows, like the 13 MB dataset
        }
        double[][] big = box(xmObjects, 2);
        build(noiseCatalog(big, 1, "image", BANDS, SIZE, SIZE), dir.resolve("img"), DataFormat.PARQUET, 250);
        double[][] reobserved = {new double[xmObjects], big[1].clone()};
        for (int i = 0; i < xmObjects; i++) {
            reobserved[0][i] = big[0][i] + 0.2 / 3600 / Math.cos(Math.toRadians(big[1][i]));
        }
        build(noiseCatalog(reobserved, 50_000_001L, "spectrum", SPECTRUM), dir.resolve("spec"), DataFormat.PARQUET, 250);
    }

    /** Uniform positions in RA 150..175, Dec 0..25. */
    static double[][] box(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] ra = new double[n];
        double[] dec = new double[n];
        for (int i = 0; i < n; i++) {
            ra[i] = 150 + 25 * r.nextDouble();
            dec[i] = Math.toDegrees(Math.asin(Math.sin(Math.toRadians(25)) * r.nextDouble()));
        }
        return new double[][] {ra, dec};
    }

    /** ids {@code firstId + i}, positions, and one float32 array column of uniform noise (incompressible). */
    static RowBatch noiseCatalog(double[][] pos, long firstId, String column, int... shape) {
        int n = pos[0].length;
        ColumnSpec spec = ColumnSpec.array(column, DType.FLOAT32, shape);
        long[] ids = new long[n];
        float[] values = new float[Math.multiplyExact(n, (int) spec.elementsPerRow())];
        SplittableRandom r = new SplittableRandom(firstId);
        for (int i = 0; i < n; i++) {
            ids[i] = firstId + i;
        }
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) r.nextDouble();
        }
        return RowBatch.of(List.of(Column.of("object_id", ids), Column.of("ra", pos[0].clone()), Column.of("dec", pos[1].clone()),
                Column.ofFixedArrays(spec, values, n)));
    }

    static void build(RowBatch catalog, Path out, DataFormat format, int objectsPerGroup) {
        try (PartitionedDataset src = CatalogDatasets.fromBatch(out.getFileName().toString(), catalog, CoordinateColumns.DEFAULT,
                OpenContext.defaults())) {
            var s = DatasetBuilder.builder().objectsPerGroup(objectsPerGroup).format(format).build().build(src, out);
            System.out.printf(Locale.ROOT, "built %s: %d objects, %d partitions, data %.1f MB%n", out, s.objects(), s.partitions(),
                    s.dataBytes() / 1e6);
        }
    }

    // ---- run ----

    record Measure(String what, long rows, long bytes, long requests, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    static void run(Path dir, int buffer, int batch, int rounds, int regionBudgetKib) {
        System.out.printf(Locale.ROOT, "heap limit %.0f MB, shuffle buffer %d rows, batches of %d%n",
                Runtime.getRuntime().maxMemory() / 1e6, buffer, batch);
        for (String format : List.of("table-parquet", "table-hdf5", "images-parquet", "images-hdf5")) {
            Path d = dir.resolve(format);
            long onDisk;
            try (MmuDataset ds = MmuDatasets.load(d)) {
                onDisk = Epochs.of(ds).datasetBytes();
                scan(ds); // warm-up: the page cache and the JIT, so both contenders start warm
            }
            List<Measure> scans = new ArrayList<>();
            List<Measure> epochs = new ArrayList<>();
            for (int round = 0; round < rounds; round++) { // interleaved, best of each: the machine is shared
                try (MmuDataset ds = MmuDatasets.load(d)) {
                    scans.add(scan(ds));
                }
                try (MmuDataset ds = MmuDatasets.load(d)) {
                    epochs.add(epoch(Epochs.of(ds).shuffle(7 + round, buffer).batchSize(batch), "shuffled epoch"));
                }
            }
            Measure naive;
            try (MmuDataset ds = MmuDatasets.load(d)) {
                naive = naive(ds, batch);
            }
            Measure scan = best(scans);
            Measure epoch = best(epochs);
            System.out.printf(Locale.ROOT, "%n%s: %d rows, %.1f MB of partitions on disk%n", format, scan.rows, onDisk / 1e6);
            for (Measure m : List.of(scan, epoch, naive)) {
                System.out.printf(Locale.ROOT, "  %-44s read %8.1f MB (%6.2fx) in %6d requests, %6.2f s, %7.0f rows/s%n",
                        m.what, m.bytes / 1e6, m.bytes / (double) onDisk, m.requests, m.seconds, m.rowsPerSecond());
            }
            System.out.printf(Locale.ROOT, "  epoch throughput / sequential scan: %.2f; epoch bytes / dataset bytes: %.2f%n",
                    epoch.rowsPerSecond() / scan.rowsPerSecond(), epoch.bytes / (double) onDisk);
        }
        crossmatch(dir, buffer, batch, regionBudgetKib);
    }

    static Measure best(List<Measure> ms) {
        return ms.stream().max((a, b) -> Double.compare(a.rowsPerSecond(), b.rowsPerSecond())).orElseThrow();
    }

    /** The baseline: dataset.batches(), partition by partition, touching every array. */
    static Measure scan(MmuDataset ds) {
        ReadStats before = ds.readStats();
        long t0 = System.nanoTime();
        long rows = touchAll(ds.batches());
        double s = (System.nanoTime() - t0) / 1e9;
        ReadStats r = ds.readStats().minus(before);
        return new Measure("sequential scan (dataset.batches())", rows, r.dataBytes(), r.requests(), s);
    }

    static Measure epoch(Epoch epoch, String what) {
        long t0 = System.nanoTime();
        try (EpochIterator it = epoch.open()) {
            long rows = touchAll(new Iterator<RowBatch>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public RowBatch next() {
                    return it.next().rows();
                }
            });
            double s = (System.nanoTime() - t0) / 1e9;
            ReadStats r = it.readStats();
            return new Measure(what, rows, r.dataBytes(), r.requests(), s);
        }
    }

    /** Reads every element of every batch (as a training step would); returns the rows seen. */
    static long touchAll(Iterator<RowBatch> batches) {
        long rows = 0;
        double sink = 0;
        while (batches.hasNext()) {
            RowBatch b = batches.next();
            sink += TensorChecksum.of(b);
            rows += b.rowCount();
        }
        blackhole(sink);
        return rows;
    }

    /** The hand-made epoch: a random permutation read 256 positions at a time; first batches, extrapolated. */
    static Measure naive(MmuDataset ds, int batch) {
        int n = ds.index().size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        ReadStats before = ds.readStats();
        long t0 = System.nanoTime();
        long rows = 0;
        double sink = 0;
        for (int k = 0; k < NAIVE_BATCHES && rows < n; k++) {
            int from = (int) rows;
            int[] positions = java.util.Arrays.copyOfRange(perm, from, Math.min(n, from + batch));
            RowBatch b = ds.read(positions);
            sink += TensorChecksum.of(b);
            rows += b.rowCount();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        ReadStats st = ds.readStats().minus(before);
        blackhole(sink);
        double scale = n / (double) rows;
        return new Measure("random " + batch + "-row read()s (" + rows + " rows, x" + String.format(Locale.ROOT, "%.1f", scale) + ")",
                n, Math.round(st.dataBytes() * scale), Math.round(st.requests() * scale), s * scale);
    }

    /**
     * A shuffled epoch over the crossmatch twice: as the load holds its match (one region: units are
     * reference partitions), and region by region (a region budget of {@code regionBudgetKib}: units
     * are pieces of sky regions, each matched when the epoch reaches it). Both should read the
     * matched data about once; the regional one holds no index and no match rows.
     */
    static void crossmatch(Path dir, int buffer, int batch, int regionBudgetKib) {
        LoadOptions held = LoadOptions.defaults();
        LoadOptions regional = LoadOptions.builder().regionBudgetBytes((long) regionBudgetKib << 10).build();
        for (LoadOptions o : List.of(held, regional)) {
            try (MmuDataset img = MmuDatasets.load(dir.resolve("img")); MmuDataset spec = MmuDatasets.load(dir.resolve("spec"))) {
                CrossMatch xm = CrossMatch.of("spec", "img").radiusArcsec(1).build();
                try (CrossMatchedDatasets m = MmuDatasets.crossMatch(List.of(spec, img), xm, o)) {
                    Epoch e = Epochs.of(m).shuffle(11, buffer).batchSize(batch);
                    long onDisk = e.datasetBytes();
                    resetPeaks();
                    Measure r = epoch(e, "crossmatch epoch");
                    long heap = Runtime.getRuntime().maxMemory();
                    System.out.printf(Locale.ROOT, "%ncrossmatch spec x img (%s, then a shuffled epoch): %d pairs, %.1f MB of partitions on disk"
                            + " (%.2fx the heap limit)%n  read %.1f MB (%.2fx) in %d requests, %.2f s, %.0f rows/s, peak heap used %.0f MB of %.0f MB%n",
                            m.isStreamed() ? "region by region: " + m.regionsSummary() : "one region", r.rows, onDisk / 1e6,
                            onDisk / (double) heap, r.bytes / 1e6, r.bytes / (double) onDisk, r.requests, r.seconds,
                            r.rowsPerSecond(), peakHeapUsed() / 1e6, heap / 1e6);
                }
            }
        }
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    /** The peak heap used (live data and not yet collected garbage), summed over heap pools. */
    static long peakHeapUsed() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static volatile double sinkField;

    private static void blackhole(double v) {
        sinkField = v;
    }
}
