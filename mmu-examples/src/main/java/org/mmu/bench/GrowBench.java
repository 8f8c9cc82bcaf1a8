package org.mmu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.mmu.CrossMatchedDatasets;
import org.mmu.DatasetBuilder;
import org.mmu.DatasetUpdater;
import org.mmu.LoadOptions;
import org.mmu.LoadReport;
import org.mmu.MmuDatasets;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.DType;
import org.mmu.core.MmuDataset;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.parquet.ParquetBatchWriter;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchMode;

/**
 * Benchmarks of growing datasets ({@code scripts/bench-grow.sh}; docs/performance.md), not a unit test:
 * <ul>
 *   <li>{@code generate DIR N M}: Parquet catalogs {@code DIR/base/} (N objects), {@code DIR/add/}
 *       (M more) and {@code DIR/deep/} (a counterpart, 0.3" away, of 2 % of all objects); columns
 *       object_id, ra, dec, mag_i (uniform 16..26), z, and a float32[64] feature array;</li>
 *   <li>{@code append DIR}: builds {@code base}, times an append of {@code add}, times a rebuild of
 *       both, and checks sample objects of the two agree (target: append ≤ 15 % of the rebuild);</li>
 *   <li>{@code where DIR}: crossmatch-loads {@code deep} against the grown dataset, unfiltered and
 *       with {@code mag_i < 17} (10 % of the objects), and compares the data bytes read (target ≤ 12 %);
 *       and checks that the pairs and their values from the grown dataset equal those from the rebuild;</li>
 *   <li>{@code columns DIR}: builds {@code add} (M objects) alone, adds a float32[256] column for all
 *       of them from a Parquet table in another order, and compares the bytes written with the
 *       column's PLAIN-encoded bytes (M × 1024; target ≤ 1.1×); then loads the column beside the
 *       features array for the {@code deep} counterparts and reports the rows and bytes read.</li>
 * </ul>
 */
public final class GrowBench {
    static final int FEATURES = 64;
    static final int CHUNK = 500_000;

    private GrowBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "generate" -> generate(dir, Long.parseLong(args[2]), Long.parseLong(args[3]));
            case "append" -> append(dir);
            case "where" -> where(dir);
            case "columns" -> columns(dir);
            default -> throw new IllegalArgumentException("generate DIR N M | append DIR | where DIR | columns DIR");
        }
    }

    static Schema schema() {
        return Schema.of(ColumnSpec.scalar("object_id", DType.INT64), ColumnSpec.scalar("ra", DType.FLOAT64),
                ColumnSpec.scalar("dec", DType.FLOAT64), ColumnSpec.scalar("mag_i", DType.FLOAT64),
                ColumnSpec.scalar("z", DType.FLOAT64), ColumnSpec.array("features", DType.FLOAT32, FEATURES));
    }

    static void generate(Path dir, long n, long m) throws Exception {
        Random r = new Random(22);
        Files.createDirectories(dir.resolve("base"));
        Files.createDirectories(dir.resolve("add"));
        Files.createDirectories(dir.resolve("deep"));
        Schema deepSchema = Schema.of(ColumnSpec.scalar("object_id", DType.INT64), ColumnSpec.scalar("ra", DType.FLOAT64),
                ColumnSpec.scalar("dec", DType.FLOAT64));
        try (ParquetBatchWriter base = new ParquetBatchWriter(dir.resolve("base/part-0.parquet"), schema(), Map.of(),
                ParquetBatchWriter.Profile.INDEX);
                ParquetBatchWriter add = new ParquetBatchWriter(dir.resolve("add/part-0.parquet"), schema(), Map.of(),
                        ParquetBatchWriter.Profile.INDEX);
                ParquetBatchWriter deep = new ParquetBatchWriter(dir.resolve("deep/part-0.parquet"), deepSchema, Map.of(),
                        ParquetBatchWriter.Profile.INDEX)) {
            long deepId = 1L << 40;
            for (long start = 0; start < n + m; start += CHUNK) {
                int k = (int) Math.min(CHUNK, n + m - start);
                if (start < n && start + k > n) {
                    k = (int) (n - start); // chunks do not straddle base and add
                }
                long[] id = new long[k];
                double[] ra = new double[k];
                double[] dec = new double[k];
                double[] mag = new double[k];
                double[] z = new double[k];
                float[] f = new float[k * FEATURES];
                int deepCount = 0;
                long[] did = new long[k];
                double[] dra = new double[k];
                double[] ddec = new double[k];
                for (int i = 0; i < k; i++) {
                    id[i] = start + i + 1;
                    ra[i] = 360 * r.nextDouble();
                    dec[i] = Math.toDegrees(Math.asin(2 * r.nextDouble() - 1));
                    mag[i] = 16 + 10 * r.nextDouble();
                    z[i] = 2 * r.nextDouble();
                    for (int j = 0; j < FEATURES; j++) {
                        f[i * FEATURES + j] = r.nextFloat();
                    }
                    if (r.nextDouble() < 0.02) {
                        double s = 0.3 / 3600;
                        did[deepCount] = deepId++;
                        dra[deepCount] = (ra[i] + s / Math.max(0.01, Math.cos(Math.toRadians(dec[i]))) + 360) % 360;
                        ddec[deepCount] = Math.max(-90, Math.min(90, dec[i] + s * r.nextGaussian()));
                        deepCount++;
                    }
                }
                RowBatch b = RowBatch.of(Column.of("object_id", id), Column.of("ra", ra), Column.of("dec", dec),
                        Column.of("mag_i", mag), Column.of("z", z),
                        Column.ofFixedArrays(ColumnSpec.array("features", DType.FLOAT32, FEATURES), f, k));
                (start < n ? base : add).write(b);
                deep.write(RowBatch.of(Column.of("object_id", java.util.Arrays.copyOf(did, deepCount)),
                        Column.of("ra", java.util.Arrays.copyOf(dra, deepCount)),
                        Column.of("dec", java.util.Arrays.copyOf(ddec, deepCount))));
                start -= CHUNK - k; // the loop adds CHUNK
            }
        }
        System.out.printf(Locale.ROOT, "generated %,d + %,d objects in %s%n", n, m, dir);
    }

    static void append(Path dir) {
        DatasetBuilder builder = DatasetBuilder.builder().name("survey").indexColumns(List.of("mag_i", "z")).build();
        Path grown = dir.resolve("grown");
        long t0 = System.nanoTime();
        try (MmuDataset base = catalog(dir.resolve("base"), "survey")) {
            builder.build(base, grown);
        }
        double buildBase = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        DatasetUpdater.CommitSummary c;
        try (MmuDataset add = catalog(dir.resolve("add"), "add")) {
            c = DatasetUpdater.builder().build().append(grown, add);
        }
        double append = (System.nanoTime() - t0) / 1e9;
        // the union: both catalogs, one rebuild
        Path both = dir.resolve("both");
        try {
            Files.createDirectories(both);
            Files.createLink(both.resolve("base.parquet"), dir.resolve("base/part-0.parquet"));
            Files.createLink(both.resolve("add.parquet"), dir.resolve("add/part-0.parquet"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        t0 = System.nanoTime();
        try (MmuDataset union = catalog(both, "survey")) {
            builder.build(union, dir.resolve("rebuilt"));
        }
        double rebuild = (System.nanoTime() - t0) / 1e9;
        long checked = sameObjects(grown, dir.resolve("rebuilt"));
        System.out.printf(Locale.ROOT, "build of base: %.1f s; append of %,d objects (version %d, %,d in all): %.1f s; "
                + "rebuild of all: %.1f s; append / rebuild = %.1f %% (target <= 15 %%); %,d sample objects equal%n",
                buildBase, c.objectsAdded(), c.version(), c.objects(), append, rebuild, 100 * append / rebuild, checked);
    }

    static MmuDataset catalog(Path p, String name) {
        return MmuDatasets.loadCatalog(p, new CoordinateColumns("object_id", "ra", "dec"), LoadOptions.defaults());
    }

    /** The same ids, and equal rows for a sample of 20,000 of them. */
    static long sameObjects(Path a, Path b) {
        try (MmuDataset x = MmuDatasets.load(a); MmuDataset y = MmuDatasets.load(b)) {
            int n = x.index().size();
            if (n != y.index().size()) {
                throw new IllegalStateException("grown " + n + " objects, rebuilt " + y.index().size());
            }
            Map<Long, Integer> posY = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                posY.put(y.index().ids().getLong(i), i);
            }
            Random r = new Random(1);
            int k = Math.min(20_000, n);
            int[] px = new int[k];
            int[] py = new int[k];
            for (int i = 0; i < k; i++) {
                px[i] = r.nextInt(n);
                Integer p = posY.get(x.index().ids().getLong(px[i]));
                if (p == null) {
                    throw new IllegalStateException("object " + x.index().ids().getLong(px[i]) + " missing from the rebuild");
                }
                py[i] = p;
            }
            RowBatch rx = x.read(px);
            RowBatch ry = y.read(py);
            for (int i = 0; i < k; i++) {
                for (Column c : rx.columns()) {
                    if (!java.util.Objects.equals(c.get(i), ry.column(c.name()).get(i))) {
                        throw new IllegalStateException("column " + c.name() + " of object " + rx.column("object_id").get(i)
                                + " differs");
                    }
                }
            }
            return k;
        }
    }

    static void where(Path dir) {
        CrossMatch spec = CrossMatch.of("deep", "survey").radiusArcsec(1).mode(MatchMode.BEST1).build();
        Path deep = dir.resolve("deep-ds");
        if (!Files.exists(deep)) {
            try (MmuDataset d = catalog(dir.resolve("deep"), "deep")) {
                DatasetBuilder.builder().name("deep").build().build(d, deep);
            }
        }
        List<String> locations = List.of(deep.toString(), dir.resolve("grown").toString());
        long all = load(locations, spec, LoadOptions.defaults(), "unfiltered");
        long kept = load(locations, spec, LoadOptions.builder().where("survey", "mag_i < 17").build(), "mag_i < 17");
        System.out.printf(Locale.ROOT, "data bytes read from survey: filtered / unfiltered = %.1f %% (target <= 12 %%)%n",
                100.0 * kept / all);
        // a load after the append equals one from the rebuild of the union: pairs and values
        String grown = pairsDigest(locations, spec);
        String rebuilt = pairsDigest(List.of(deep.toString(), dir.resolve("rebuilt").toString()), spec);
        if (!grown.equals(rebuilt)) {
            throw new IllegalStateException("pairs after the append differ from the rebuild's: " + grown + " vs " + rebuilt);
        }
        System.out.println("pairs and values after the append equal the rebuild's: " + grown);
    }

    /** The pairs' ids and every value of the survey's rows, order-independent: count and a sum of row hashes. */
    static String pairsDigest(List<String> locations, CrossMatch spec) {
        long count = 0;
        long sum = 0;
        try (CrossMatchedDatasets m = MmuDatasets.load(locations, spec, LoadOptions.defaults())) {
            for (var e : m) {
                int h = java.util.Objects.hash(e.objectId("deep"), e.objectId("survey"));
                var row = e.get("survey");
                for (String c : List.of("mag_i", "z")) {
                    h = 31 * h + Double.hashCode(row.getDouble(c));
                }
                h = 31 * h + row.getArray("features").hashCode();
                sum += h;
                count++;
            }
        }
        return String.format(Locale.ROOT, "%,d pairs, digest %016x", count, sum);
    }

    static final int EMBEDDING = 256;

    static void columns(Path dir) throws Exception {
        Path ds = dir.resolve("add-ds");
        if (!Files.exists(ds)) {
            try (MmuDataset add = catalog(dir.resolve("add"), "survey")) {
                DatasetBuilder.builder().name("survey").build().build(add, ds);
            }
        }
        long[] ids;
        try (MmuDataset d = MmuDatasets.load(ds)) {
            ids = new long[d.index().size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = d.index().ids().getLong(i);
            }
        }
        Random r = new Random(256);
        for (int i = ids.length - 1; i > 0; i--) { // the table in an order of its own
            int j = r.nextInt(i + 1);
            long t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        Path table = dir.resolve("embedding.parquet");
        Files.deleteIfExists(table);
        ColumnSpec emb = ColumnSpec.array("embedding", DType.FLOAT32, EMBEDDING);
        try (ParquetBatchWriter w = new ParquetBatchWriter(table, Schema.of(ColumnSpec.scalar("object_id", DType.INT64), emb),
                Map.of(), ParquetBatchWriter.Profile.TABLE)) {
            for (int start = 0; start < ids.length; start += CHUNK / 10) {
                int k = Math.min(CHUNK / 10, ids.length - start);
                float[] v = new float[k * EMBEDDING];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextFloat();
                }
                w.write(RowBatch.of(Column.of("object_id", java.util.Arrays.copyOfRange(ids, start, start + k)),
                        Column.ofFixedArrays(emb, v, k)));
            }
        }
        long t0 = System.nanoTime();
        DatasetUpdater.CommitSummary c = DatasetUpdater.builder().build().addColumns(ds, table, "object_id", true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long encoded = (long) ids.length * EMBEDDING * Float.BYTES;
        System.out.printf(Locale.ROOT, "add-columns float32[%d] for %,d objects: %.1f s; %,d files, %,d bytes written;"
                + " column PLAIN-encoded %,d bytes; written / encoded = %.3f (target <= 1.1)%n", EMBEDDING, ids.length,
                seconds, c.filesWritten(), c.bytesWritten(), encoded, c.bytesWritten() / (double) encoded);
        Path deep = dir.resolve("deep-ds");
        if (!Files.exists(deep)) {
            try (MmuDataset d = catalog(dir.resolve("deep"), "deep")) {
                DatasetBuilder.builder().name("deep").build().build(d, deep);
            }
        }
        CrossMatch spec = CrossMatch.of("deep", "survey").radiusArcsec(1).mode(MatchMode.BEST1).build();
        LoadOptions both = LoadOptions.builder().columns("survey", List.of("object_id", "features", "embedding")).build();
        load(List.of(deep.toString(), ds.toString()), spec, both, "features+embedding");
        LoadOptions features = LoadOptions.builder().columns("survey", List.of("object_id", "features")).build();
        load(List.of(deep.toString(), ds.toString()), spec, features, "features");
    }

    static long load(List<String> locations, CrossMatch spec, LoadOptions options, String label) {
        long t0 = System.nanoTime();
        try (CrossMatchedDatasets m = MmuDatasets.load(locations, spec, options)) {
            long rows = m.stream().count();
            LoadReport.Survey s = m.report().surveys().get("survey");
            System.out.printf(Locale.ROOT, "%-12s %,d pairs; survey: %,d rows read, %,d data bytes, %,d index bytes;"
                    + " %.1f s%n", label, rows, s.rowsRead(), s.dataBytesRead(), s.indexBytesRead(),
                    (System.nanoTime() - t0) / 1e9);
            return s.dataBytesRead();
        }
    }
}
