package org.mmu.bench;

import org.mmu.core.CoordinateColumns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.mmu.CrossMatchedDatasets;
import org.mmu.LoadOptions;
import org.mmu.LoadReport;
import org.mmu.MmuDatasets;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuDataset;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.io.build.DatasetBuilder;
import org.mmu.io.catalog.CatalogDatasets;
import org.mmu.io.dataset.OpenContext;
import org.mmu.io.dataset.PartitionedDataset;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchMode;

/**
 * Benchmark of row-level fetching over HTTP (issue "Fetch only the bytes that matched"). An
 * index-first survey with MMU-sized image cutouts is served by a plain static file server
 * (nginx, started by {@code scripts/bench-remote.sh}); a small target catalog matches under 1%
 * of its objects; the crossmatch-load reads the survey over HTTP. Reports, side by side:
 * bytes fetched, the on-disk bytes of the matched rows (each partition's bytes shared equally by
 * its rows) plus the index, and the bytes of the whole partitions holding them (what a
 * partition-level reader fetches). Also a cold match-load of targets inside one HEALPix cell.
 *
 * <pre>RemoteFetchBench DIR BASE_URL [objects] [bands] [size] [matchedFraction]</pre>
 */
public final class RemoteFetchBench {
    private RemoteFetchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String base = args[1].endsWith("/") ? args[1] : args[1] + "/";
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        int bands = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 160;
        double fraction = args.length > 5 ? Double.parseDouble(args[5]) : 0.008;

        Path survey = dir.resolve("survey");
        if (!Files.exists(survey)) {
            build(survey, n, bands, size);
        }
        ObjectIndex idx;
        List<PartitionRef> parts;
        try (MmuDataset local = MmuDatasets.load(survey)) {
            idx = local.index();
            parts = local.partitions();
        }
        long manifestBytes = Files.size(survey.resolve("mmu_dataset.json"));
        long indexBytes = indexBytes(survey) + manifestBytes;

        RandomGenerator rng = new Well19937c(7);
        int[] spread = pickSpread(idx, fraction, rng);
        int[] oneCell = pickOneCell(idx, Math.max(1, spread.length / 4), rng);
        writeTargets(dir.resolve("targets_spread"), idx, spread, rng);
        writeTargets(dir.resolve("targets_cell"), idx, oneCell, rng);

        System.out.printf(Locale.ROOT, "survey: %,d objects, %d x %d x %d float32 cutouts (%s per row), %,d partitions, %s on disk%n",
                idx.size(), bands, size, size, mib(4L * bands * size * size), parts.size(),
                mib(parts.stream().mapToLong(PartitionRef::bytes).sum()));
        System.out.println();
        System.out.println("| run | matched | fetched (survey) | requests | matched rows + index | ratio | whole partitions | partitions / fetched | seconds |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        run("spread, ≤1% matched", base + "survey", dir.resolve("targets_spread"), idx, parts, indexBytes);
        run("one HEALPix cell, cold", base + "survey", dir.resolve("targets_cell"), idx, parts, indexBytes);
    }

    private static void run(String label, String surveyUrl, Path targets, ObjectIndex idx, List<PartitionRef> parts,
            long indexBytes) {
        CrossMatch spec = CrossMatch.of("targets", "survey").radiusArcsec(1.0).mode(MatchMode.BEST1).build();
        long t0 = System.nanoTime();
        try (CrossMatchedDatasets m = MmuDatasets.load(List.of(targets.toString(), surveyUrl), spec, LoadOptions.defaults())) {
            long fetchedRows = m.stream().count(); // streams the matched rows
            double seconds = (System.nanoTime() - t0) / 1e9;
            LoadReport.Survey s = m.report().surveys().get("survey");
            long fetched = s.indexBytesRead() + s.dataBytesRead();
            Set<Integer> touched = new HashSet<>();
            long rowBytes = 0;
            for (int i = 0; i < fetchedRows; i++) {
                int p = m.matchRows().indexRow(1, i);
                if (p < 0) {
                    continue;
                }
                PartitionRef part = idx.partition(p);
                rowBytes += part.bytes() / part.rows();
                touched.add(idx.partitionOrdinal(p));
            }
            long whole = touched.stream().mapToLong(k -> parts.get(k).bytes()).sum();
            System.out.printf(Locale.ROOT, "| %s | %,d rows in %,d partitions | %s | %,d | %s | **%.2f×** | %s | **%.0f×** | %.2f |%n",
                    label, m.size(), touched.size(), mib(fetched), s.readRequests(), mib(rowBytes + indexBytes),
                    fetched / (double) (rowBytes + indexBytes), mib(whole), whole / (double) Math.max(1, s.dataBytesRead()),
                    seconds);
        }
    }

    private static void build(Path out, int n, int bands, int size) {
        RandomGenerator rng = new Well19937c(3);
        double[] ra = new double[n];
        double[] dec = new double[n];
        long[] id = new long[n];
        float[] img = new float[n * bands * size * size];
        for (int i = 0; i < n; i++) {
            ra[i] = 150 + rng.nextDouble() * 20;       // a 20° x 20° field: tens of order-4 cells
            dec[i] = -10 + rng.nextDouble() * 20;
            id[i] = i;
        }
        java.util.SplittableRandom noise = new java.util.SplittableRandom(5);
        for (int k = 0; k < img.length; k++) {
            img[k] = (float) (noise.nextDouble() - 0.5); // noise does not compress: honest on-disk sizes
        }
        RowBatch cat = RowBatch.of(List.of(Column.of("object_id", id), Column.of("ra", ra), Column.of("dec", dec),
                Column.of("flux", ra.clone()),
                Column.ofFixedArrays(ColumnSpec.array("image", DType.FLOAT32, bands, size, size), img, n)));
        try (PartitionedDataset src = CatalogDatasets.fromBatch("survey", cat, CoordinateColumns.DEFAULT,
                OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(250).build().build(src, out);
        }
    }

    private static int[] pickSpread(ObjectIndex idx, double fraction, RandomGenerator rng) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < idx.size(); i++) {
            if (rng.nextDouble() < fraction) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] pickOneCell(ObjectIndex idx, int count, RandomGenerator rng) {
        long cell = idx.partition(idx.size() / 2).healpix();
        List<Integer> in = new ArrayList<>();
        for (int i = 0; i < idx.size(); i++) {
            if (idx.partition(i).healpix() == cell) {
                in.add(i);
            }
        }
        java.util.Collections.shuffle(in, new java.util.Random(rng.nextLong()));
        return in.subList(0, Math.min(count, in.size())).stream().mapToInt(Integer::intValue).toArray();
    }

    private static void writeTargets(Path out, ObjectIndex idx, int[] picks, RandomGenerator rng) {
        if (Files.exists(out)) {
            return;
        }
        double[] ra = new double[picks.length];
        double[] dec = new double[picks.length];
        long[] id = new long[picks.length];
        for (int k = 0; k < picks.length; k++) {
            ra[k] = idx.ra(picks[k]) + 0.1 / 3600 * rng.nextGaussian();
            dec[k] = idx.dec(picks[k]) + 0.1 / 3600 * rng.nextGaussian();
            id[k] = 1_000_000 + k;
        }
        RowBatch cat = RowBatch.of(Column.of("object_id", id), Column.of("ra", ra), Column.of("dec", dec));
        try (PartitionedDataset src = CatalogDatasets.fromBatch("targets", cat, CoordinateColumns.DEFAULT,
                OpenContext.defaults())) {
            DatasetBuilder.builder().build().build(src, out);
        }
    }

    private static long indexBytes(Path survey) throws java.io.IOException {
        try (var s = Files.list(survey.resolve("_index"))) {
            long total = 0;
            for (Path p : s.toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
    }
}
