package org.mmu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import cds.healpix.Healpix;
import cds.healpix.HealpixNested;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.DataFormat;
import org.mmu.core.IdType;
import org.mmu.core.IndexSort;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.indexfirst.IndexFirstWriter;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.indexfirst.CellTable;
import org.mmu.internal.storage.FileChecksum;
import org.mmu.internal.parquet.ParquetBatchWriter;
import org.mmu.matching.SkyCells;

/**
 * Writes two index-first datasets, {@code OUT/left} and {@code OUT/right}, of any size, cell by
 * cell in NESTED order: memory holds one partition cell (plus the cluster and polar-cap objects,
 * generated up front), never the survey. For region-by-region crossmatch benchmarks
 * ({@code scripts/bench-regions.sh}); not a unit test.
 *
 * <p>Left: {@code --objects} objects, of which {@code --clusters × --cluster-objects} lie in
 * dense discs of {@code --cluster-radius-arcsec} and {@code --polar-cap-objects} within
 * {@code --polar-cap-deg} of each pole; the rest uniform. Right: a counterpart of each left
 * object with probability {@code --overlap}, moved by a Gaussian of {@code --jitter-arcsec} per
 * axis (it stays in its left object's partition, as MMU v1 conversions keep objects, so the
 * right index has strays), plus {@code --extra × objects} uniform objects. Ids ascend along the
 * index; positions are depth-29 cell centres (0.4 mas grid).
 */
public final class SkyDatasetGenerator {
    private static final int ORDER = 4;
    private static final int OBJECTS_PER_GROUP = 100_000;
    private static final int INDEX_ROWS_PER_FILE = 1_000_000;
    private static final HealpixNested NESTED_29 = Healpix.getNested(29);

    private SkyDatasetGenerator() {
    }

    static final class Options {
        Path out;
        long objects = 1_000_000;
        int clusters = 0;
        int clusterObjects = 40_000;
        double clusterRadiusArcsec = 40;
        int polarCapObjects = 0;
        double polarCapDeg = 0.5;
        double overlap = 0.8;
        double extra = 0.2;
        double jitterArcsec = 0.3;
        long seed = 42;
    }

    public static void main(String[] args) throws IOException {
        Options o = parse(args);
        long t0 = System.nanoTime();
        long[] written = generate(o);
        System.out.printf(Locale.ROOT, "wrote %s/left (%d objects) and %s/right (%d objects) in %.1f s%n", o.out,
                written[0], o.out, written[1], (System.nanoTime() - t0) / 1e9);
    }

    /** Objects placed up front (clusters and polar caps), sorted by partition cell. */
    private record Placed(long[] cell, double[] ra, double[] dec) {
        int from(long c) {
            int k = Arrays.binarySearch(cell, c);
            if (k < 0) {
                return -k - 1;
            }
            while (k > 0 && cell[k - 1] == c) {
                k--;
            }
            return k;
        }
    }

    static long[] generate(Options o) throws IOException {
        long crowded = (long) o.clusters * o.clusterObjects + 2L * o.polarCapObjects;
        if (crowded > o.objects) {
            throw new IllegalArgumentException("clusters and polar caps hold " + crowded + " objects, more than --objects "
                    + o.objects);
        }
        Placed placed = placeCrowds(o);
        long uniform = o.objects - crowded;
        long cells = SkyCells.cellCount(ORDER);
        SplittableRandom rnd = new SplittableRandom(o.seed);
        try (SurveyWriter left = new SurveyWriter(o.out.resolve("left"), "left", 1, o.objects);
                SurveyWriter right = new SurveyWriter(o.out.resolve("right"), "right", 1_000_000_000_000L,
                        Math.round(o.objects * (o.overlap + o.extra)))) {
            for (long c = 0; c < cells; c++) {
                int nu = (int) (uniform * (c + 1) / cells - uniform * c / cells);
                int from = placed.from(c);
                int to = placed.from(c + 1);
                int n = nu + (to - from);
                double[] ra = new double[n];
                double[] dec = new double[n];
                for (int i = 0; i < nu; i++) {
                    inCell(c, rnd, ra, dec, i);
                }
                System.arraycopy(placed.ra, from, ra, nu, to - from);
                System.arraycopy(placed.dec, from, dec, nu, to - from);
                left.writeCell(c, ra, dec);
                // right: counterparts (kept in this partition even when the jitter moves them out) + extras
                int extras = (int) Math.round(o.extra * n);
                double[] rra = new double[n + extras];
                double[] rdec = new double[n + extras];
                int m = 0;
                double sigma = Math.toRadians(o.jitterArcsec / 3600);
                for (int i = 0; i < n; i++) {
                    if (rnd.nextDouble() < o.overlap) {
                        jitter(ra[i], dec[i], sigma, rnd, rra, rdec, m++);
                    }
                }
                for (int i = 0; i < extras; i++) {
                    inCell(c, rnd, rra, rdec, m++);
                }
                right.writeCell(c, Arrays.copyOf(rra, m), Arrays.copyOf(rdec, m));
            }
            return new long[] {left.rows, right.rows};
        }
    }

    private static void inCell(long cell, SplittableRandom rnd, double[] ra, double[] dec, int i) {
        long h = (cell << (2 * (29 - ORDER))) | (rnd.nextLong() >>> (64 - 2 * (29 - ORDER)));
        double[] p = NESTED_29.center(h);
        ra[i] = Math.toDegrees(p[0]);
        dec[i] = Math.toDegrees(p[1]);
    }

    /** Moves a position by independent Gaussians of sigma (radians) east and north, exactly also at the poles. */
    private static void jitter(double raDeg, double decDeg, double sigma, SplittableRandom rnd, double[] ra, double[] dec,
            int i) {
        double a = Math.toRadians(raDeg);
        double d = Math.toRadians(decDeg);
        double x = Math.cos(d) * Math.cos(a);
        double y = Math.cos(d) * Math.sin(a);
        double z = Math.sin(d);
        double ex = -Math.sin(a);
        double ey = Math.cos(a);
        double nx = -Math.sin(d) * Math.cos(a);
        double ny = -Math.sin(d) * Math.sin(a);
        double nz = Math.cos(d);
        double ge = gaussian(rnd) * sigma;
        double gn = gaussian(rnd) * sigma;
        x += ge * ex + gn * nx;
        y += ge * ey + gn * ny;
        z += gn * nz;
        double r = Math.sqrt(x * x + y * y + z * z);
        double lon = Math.atan2(y, x);
        if (lon < 0) {
            lon += 2 * Math.PI;
        }
        double deg = Math.toDegrees(lon);
        ra[i] = deg >= 360 ? 0 : deg;
        dec[i] = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, z / r))));
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** Clusters (uniform in a disc around random centres) and polar caps (uniform within the cap). */
    private static Placed placeCrowds(Options o) {
        int n = o.clusters * o.clusterObjects + 2 * o.polarCapObjects;
        double[] ra = new double[n];
        double[] dec = new double[n];
        SplittableRandom rnd = new SplittableRandom(o.seed * 31 + 7);
        int k = 0;
        for (int c = 0; c < o.clusters; c++) {
            double cra = rnd.nextDouble() * 360;
            double cdec = Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1));
            k = disc(cra, cdec, Math.toRadians(o.clusterRadiusArcsec / 3600), o.clusterObjects, rnd, ra, dec, k);
        }
        k = disc(0, 90, Math.toRadians(o.polarCapDeg), o.polarCapObjects, rnd, ra, dec, k);
        k = disc(0, -90, Math.toRadians(o.polarCapDeg), o.polarCapObjects, rnd, ra, dec, k);
        long[] cell = new long[n];
        for (int i = 0; i < n; i++) {
            cell[i] = SkyCells.cell(ORDER, ra[i], dec[i]);
        }
        int[] order = IndexSort.argsort(n, (a, b) -> Long.compare(cell[a], cell[b]));
        long[] sc = new long[n];
        double[] sra = new double[n];
        double[] sdec = new double[n];
        for (int i = 0; i < n; i++) {
            sc[i] = cell[order[i]];
            sra[i] = ra[order[i]];
            sdec[i] = dec[order[i]];
        }
        return new Placed(sc, sra, sdec);
    }

    /** n points uniform (by area) in the disc of radius r (radians) around (ra, dec) degrees. */
    private static int disc(double raDeg, double decDeg, double r, int n, SplittableRandom rnd, double[] ra,
            double[] dec, int k) {
        double cosR = Math.cos(r);
        double a0 = Math.toRadians(raDeg);
        double d0 = Math.toRadians(decDeg);
        for (int i = 0; i < n; i++) {
            double cosT = 1 - rnd.nextDouble() * (1 - cosR);
            double t = Math.acos(cosT);
            double pa = rnd.nextDouble() * 2 * Math.PI;
            if (Math.abs(decDeg) == 90) { // at a pole the position angle is the RA
                ra[k] = Math.toDegrees(pa) >= 360 ? 0 : Math.toDegrees(pa);
                dec[k++] = Math.copySign(90 - Math.toDegrees(t), decDeg);
                continue;
            }
            double d = Math.asin(Math.sin(d0) * Math.cos(t) + Math.cos(d0) * Math.sin(t) * Math.cos(pa));
            double a = a0 + Math.atan2(Math.sin(pa) * Math.sin(t) * Math.cos(d0), Math.cos(t) - Math.sin(d0) * Math.sin(d));
            double deg = Math.toDegrees(a) % 360;
            if (deg < 0) {
                deg += 360;
            }
            ra[k] = deg >= 360 ? 0 : deg;
            dec[k++] = Math.toDegrees(d);
        }
        return k;
    }

    /** One index-first dataset written cell by cell: data partitions, index files, then the manifest. */
    private static final class SurveyWriter implements AutoCloseable {
        /** Rows as a crossmatch-load reads them: position and a small payload (flux, from the id). */
        private static final Schema DATA = Schema.of(ColumnSpec.scalar("object_id", DType.INT64),
                ColumnSpec.scalar("ra", DType.FLOAT64), ColumnSpec.scalar("dec", DType.FLOAT64),
                ColumnSpec.scalar("flux", DType.FLOAT64));
        private static final Schema INDEX = Schema.of(ColumnSpec.scalar("object_id", DType.INT64),
                ColumnSpec.scalar("ra", DType.FLOAT64), ColumnSpec.scalar("dec", DType.FLOAT64),
                ColumnSpec.scalar("healpix", DType.INT64), ColumnSpec.scalar("object_group_id", DType.INT32),
                ColumnSpec.scalar("row", DType.INT32));
        private final Path dir;
        private final String name;
        private long nextId;
        private long rows;
        private final List<PartitionRef> partitions = new ArrayList<>();
        private final List<Manifest.FileEntry> indexFiles = new ArrayList<>();
        private ParquetBatchWriter index;
        private long indexRows;
        private String indexPath;
        private final int cellDepth;
        private CellTable.Writer cells;

        SurveyWriter(Path dir, String name, long firstId, long expectedObjects) throws IOException {
            if (Files.exists(dir)) {
                throw new IOException(dir + " already exists");
            }
            Files.createDirectories(dir.resolve("_index"));
            this.dir = dir;
            this.name = name;
            this.nextId = firstId;
            this.cellDepth = CellTable.depthFor(expectedObjects);
        }

        void writeCell(long cell, double[] ra, double[] dec) throws IOException {
            int n = ra.length;
            if (n == 0) {
                return;
            }
            long[] h = new long[n];
            for (int i = 0; i < n; i++) {
                h[i] = SkyCells.hash29(ra[i], dec[i]);
            }
            int[] order = IndexSort.argsort(n, (a, b) -> Long.compare(h[a], h[b]));
            int groups = (n + OBJECTS_PER_GROUP - 1) / OBJECTS_PER_GROUP;
            long[] ids = new long[n];
            double[] sra = new double[n];
            double[] sdec = new double[n];
            long[] hp = new long[n];
            int[] grp = new int[n];
            int[] row = new int[n];
            int start = 0;
            for (int g = 0; g < groups; g++) {
                int end = (int) ((long) n * (g + 1) / groups);
                for (int i = start; i < end; i++) {
                    ids[i] = nextId++;
                    sra[i] = ra[order[i]];
                    sdec[i] = dec[order[i]];
                    hp[i] = cell;
                    grp[i] = g;
                    row[i] = i - start;
                }
                String rel = "healpix=" + cell + "/object_group_id=" + g + "/data.parquet";
                Path file = dir.resolve(rel);
                Files.createDirectories(file.getParent());
                try (ParquetBatchWriter w = new ParquetBatchWriter(file, DATA, Map.of("mmu.format", Manifest.FORMAT,
                        "mmu.format_version", Manifest.FORMAT_VERSION, "mmu.healpix", Long.toString(cell),
                        "mmu.object_group_id", Integer.toString(g)), ParquetBatchWriter.Profile.DATA)) {
                    w.write(RowBatch.of(Column.of("object_id", Arrays.copyOfRange(ids, start, end)),
                            Column.of("ra", Arrays.copyOfRange(sra, start, end)),
                            Column.of("dec", Arrays.copyOfRange(sdec, start, end)),
                            Column.of("flux", flux(ids, start, end))));
                }
                partitions.add(new PartitionRef(ORDER, cell, g, rel, DataFormat.PARQUET, end - start, Files.size(file)));
                start = end;
            }
            if (index == null) {
                indexPath = "_index/part-" + String.format(Locale.ROOT, "%05d", indexFiles.size()) + ".parquet";
                index = new ParquetBatchWriter(dir.resolve(indexPath), INDEX, Map.of("mmu.format", Manifest.FORMAT,
                        "mmu.format_version", Manifest.FORMAT_VERSION), ParquetBatchWriter.Profile.INDEX);
                indexRows = 0;
                cells = new CellTable.Writer(cellDepth);
            }
            for (int i = 0; i < n; i++) {
                cells.add(h[order[i]]);
            }
            index.write(RowBatch.of(Column.of("object_id", ids), Column.of("ra", sra), Column.of("dec", sdec),
                    Column.of("healpix", hp), Column.of("object_group_id", grp), Column.of("row", row)));
            indexRows += n;
            rows += n;
            if (indexRows >= INDEX_ROWS_PER_FILE) {
                closeIndexFile();
            }
        }

        private static double[] flux(long[] ids, int start, int end) {
            double[] f = new double[end - start];
            for (int i = start; i < end; i++) {
                f[i - start] = (ids[i] % 1000) * 0.25;
            }
            return f;
        }

        private void closeIndexFile() throws IOException {
            index.close();
            String cellsPath = CellTable.pathFor(indexPath);
            long cellsBytes = cells.write(dir.resolve(cellsPath));
            indexFiles.add(new Manifest.FileEntry(indexPath, indexRows, Files.size(dir.resolve(indexPath)),
                    new Manifest.CellTableRef(cellsPath, cellsBytes, cellDepth)));
            index = null;
        }

        @Override
        public void close() throws IOException {
            if (index != null) {
                closeIndexFile();
            }
            // format 1.1: every file's block checksums, as the dataset builder records them
            Map<String, FileChecksum> checksums = new HashMap<>();
            for (Manifest.FileEntry f : indexFiles) {
                checksums.put(f.path(), FileChecksum.of(dir.resolve(f.path())));
                checksums.put(f.cells().path(), FileChecksum.of(dir.resolve(f.cells().path())));
            }
            for (PartitionRef p : partitions) {
                checksums.put(p.path(), FileChecksum.of(dir.resolve(p.path())));
            }
            IndexFirstWriter.writeManifest(dir, new Manifest(name, ORDER, OBJECTS_PER_GROUP, DataFormat.PARQUET,
                    IdType.INT64, "object_id", "ra", "dec", rows, DATA, indexFiles, partitions,
                    "mmu-java SkyDatasetGenerator", checksums, Map.of()));
        }
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--objects" -> o.objects = (long) Double.parseDouble(args[++i]);
                case "--clusters" -> o.clusters = Integer.parseInt(args[++i]);
                case "--cluster-objects" -> o.clusterObjects = (int) Double.parseDouble(args[++i]);
                case "--cluster-radius-arcsec" -> o.clusterRadiusArcsec = Double.parseDouble(args[++i]);
                case "--polar-cap-objects" -> o.polarCapObjects = (int) Double.parseDouble(args[++i]);
                case "--polar-cap-deg" -> o.polarCapDeg = Double.parseDouble(args[++i]);
                case "--overlap" -> o.overlap = Double.parseDouble(args[++i]);
                case "--extra" -> o.extra = Double.parseDouble(args[++i]);
                case "--jitter-arcsec" -> o.jitterArcsec = Double.parseDouble(args[++i]);
                case "--seed" -> o.seed = Long.parseLong(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("""
                            SkyDatasetGenerator OUT [--objects N] [--clusters K --cluster-objects M --cluster-radius-arcsec R]
                                [--polar-cap-objects P --polar-cap-deg D] [--overlap F --extra F --jitter-arcsec S] [--seed S]
                            writes OUT/left and OUT/right (index-first, NESTED order, streamed cell by cell)""");
                    System.exit(0);
                }
                default -> {
                    if (a.startsWith("--") || o.out != null) {
                        throw new IllegalArgumentException("unknown argument " + a + " (see --help)");
                    }
                    o.out = Path.of(a);
                }
            }
        }
        if (o.out == null) {
            throw new IllegalArgumentException("give the output directory (see --help)");
        }
        return o;
    }
}
