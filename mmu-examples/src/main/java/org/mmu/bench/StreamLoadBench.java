package org.mmu.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.mmu.CrossMatchedDatasets;
import org.mmu.FetchPlan;
import org.mmu.LoadOptions;
import org.mmu.LoadReport;
import org.mmu.MatchedExample;
import org.mmu.MmuDatasets;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.DType;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuException;
import org.mmu.core.NdArray;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.ReadStats;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchMode;

/**
 * Benchmark of a streamed crossmatch-load larger than the heap (issue "Crossmatch-loads of any
 * size in bounded memory"). {@code generate} builds an index-first survey "img" of HSC-sized
 * cutouts (5 × 160 × 160 float32 noise, 0.49 MiB per row, incompressible) without ever holding
 * more than the groups being written, and a target list "cat" re-observing every image object
 * (0.1″ scatter). {@code run} crossmatch-loads cat × img (nearest within 1″) and streams every
 * matched image through the API, checking each image's first pixel against its object id.
 *
 * <pre>StreamLoadBench generate DIR OBJECTS | StreamLoadBench run DIR [PREFETCH_MIB]</pre>
 */
public final class StreamLoadBench {
    static final int BANDS = 5;
    static final int SIZE = 160;

    private StreamLoadBench() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[1]);
        if (args[0].equals("generate")) {
            generate(dir, Integer.parseInt(args[2]));
        } else {
            run(dir, args.length > 2 ? Integer.parseInt(args[2]) : 256);
        }
    }

    /** The pixel values of object {@code id}: noise from a generator seeded by the id. */
    static void fillImage(long id, float[] out, int offset) {
        SplittableRandom r = new SplittableRandom(id * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < BANDS * SIZE * SIZE; i++) {
            out[offset + i] = (float) (r.nextDouble() - 0.5);
        }
    }

    static void generate(Path dir, int n) {
        SplittableRandom rng = new SplittableRandom(11);
        double[] ra = new double[n];
        double[] dec = new double[n];
        long[] id = new long[n];
        for (int i = 0; i < n; i++) {
            ra[i] = 150 + 20 * rng.nextDouble();
            dec[i] = -10 + 20 * rng.nextDouble();
            id[i] = i + 1;
        }
        RowBatch positions = RowBatch.of(Column.of("object_id", id), Column.of("ra", ra), Column.of("dec", dec));
        try (PartitionedDataset pos = CatalogDatasets.fromBatch("img", positions, CoordinateColumns.DEFAULT,
                OpenContext.defaults()); MmuDataset img = new WithImages(pos)) {
            DatasetBuilder.builder().objectsPerGroup(100).threads(2).build().build(img, CoordinateColumns.DEFAULT,
                    dir.resolve("img"));
        }
        double[] tra = new double[n];
        double[] tdec = new double[n];
        long[] tid = new long[n];
        for (int i = 0; i < n; i++) {
            tra[i] = ra[i] + 0.1 / 3600 * (rng.nextDouble() - 0.5) / Math.cos(Math.toRadians(dec[i]));
            tdec[i] = dec[i] + 0.1 / 3600 * (rng.nextDouble() - 0.5);
            tid[i] = 1_000_000_000L + i;
        }
        RowBatch targets = RowBatch.of(Column.of("object_id", tid), Column.of("ra", tra), Column.of("dec", tdec));
        try (PartitionedDataset cat = CatalogDatasets.fromBatch("cat", targets, CoordinateColumns.DEFAULT,
                OpenContext.defaults())) {
            DatasetBuilder.builder().build().build(cat, dir.resolve("cat"));
        }
    }

    static void run(Path dir, int prefetchMib) {
        LoadOptions options = LoadOptions.builder().prefetchBytes((long) prefetchMib << 20).build();
        CrossMatch spec = CrossMatch.of("cat", "img").radiusArcsec(1).mode(MatchMode.BEST1).build();
        long t0 = System.nanoTime();
        long rows = 0;
        double checksum = 0;
        try (CrossMatchedDatasets m = MmuDatasets.load(List.of(dir.resolve("cat").toString(),
                dir.resolve("img").toString()), spec, options)) {
            FetchPlan plan = m.plan();
            float[] expect = new float[BANDS * SIZE * SIZE];
            for (MatchedExample e : m) {
                NdArray image = e.get("img").getArray("image");
                long id = e.get("img").getLong("object_id");
                if (rows % 1000 == 0) { // every 1000th image checked in full against its id
                    fillImage(id, expect, 0);
                    float[] got = image.toFloatArray();
                    if (!java.util.Arrays.equals(got, expect)) {
                        throw new MmuException("image of object " + id + " is not its own");
                    }
                }
                checksum += image.getDouble(0);
                rows++;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            LoadReport r = m.report();
            long data = r.dataBytesRead();
            System.out.printf(Locale.ROOT, "matched rows %,d (plan %,d in %,d steps), partitions read %d of %d (plan %d)%n",
                    rows, plan.matchRows(), plan.stepCount(), r.partitionsRead(), r.partitionsTotal(), plan.partitionsRead());
            System.out.printf(Locale.ROOT, "data bytes read %,d (%.2f GiB), index bytes %,d, requests %,d%n", data,
                    data / 1073741824.0, r.indexBytesRead(), r.readRequests());
            System.out.printf(Locale.ROOT, "stages %s%n", r.stageSeconds());
            r.surveys().forEach((name, sv) -> System.out.printf(Locale.ROOT, "verified by %s: %s%n", name,
                    sv.verifiedBy()));
            System.out.printf(Locale.ROOT, "load seconds %.2f, throughput %.1f MiB/s (data bytes / load seconds)%n",
                    seconds, data / 1048576.0 / seconds);
            System.out.printf(Locale.ROOT, "old-generation high-water %,d MiB, checksum %.3f%n", oldGenPeak() >> 20,
                    checksum);
        }
    }

    /** Peak use of the old generation after collections: what the load kept alive, not garbage. */
    private static long oldGenPeak() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getName().contains("Old") && p.getCollectionUsage() != null) {
                peak = Math.max(peak, p.getPeakUsage().getUsed());
            }
        }
        return peak;
    }

    /** The position catalog plus an "image" column generated from each object's id: a survey too big to hold. */
    private static final class WithImages implements MmuDataset {
        private final PartitionedDataset positions;
        private final Schema schema;

        WithImages(PartitionedDataset positions) {
            this.positions = positions;
            this.schema = Schema.of(List.of(positions.schema().column("object_id"), positions.schema().column("ra"),
                    positions.schema().column("dec"), ColumnSpec.array("image", DType.FLOAT32, BANDS, SIZE, SIZE)));
        }

        @Override
        public String name() {
            return "img";
        }

        @Override
        public String location() {
            return "generated";
        }

        @Override
        public org.mmu.core.DatasetLayout layout() {
            return positions.layout();
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public long size() {
            return positions.size();
        }

        @Override
        public List<PartitionRef> partitions() {
            return positions.partitions();
        }

        @Override
        public ObjectIndex index() {
            return positions.index();
        }

        @Override
        public MmuDataset select(List<String> columns) {
            throw new UnsupportedOperationException("the generator is read whole");
        }

        @Override
        public RowBatch read(int[] indexPositions) {
            RowBatch base = positions.read(indexPositions);
            int per = BANDS * SIZE * SIZE;
            float[] img = new float[indexPositions.length * per];
            Column ids = base.column("object_id");
            for (int i = 0; i < indexPositions.length; i++) {
                fillImage(ids.getLong(i), img, i * per);
            }
            return base.withColumns(List.of(Column.ofFixedArrays(ColumnSpec.array("image", DType.FLOAT32, BANDS, SIZE,
                    SIZE), img, indexPositions.length)));
        }

        @Override
        public java.util.Iterator<RowBatch> batches() {
            throw new UnsupportedOperationException("the generator is read by positions");
        }

        @Override
        public ReadStats readStats() {
            return positions.readStats();
        }

        @Override
        public void close() {
            positions.close();
        }
    }
}
