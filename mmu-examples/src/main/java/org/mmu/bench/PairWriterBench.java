package org.mmu.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mmu.core.Column;
import org.mmu.core.RowBatch;
import org.mmu.io.output.PairWriter;

/**
 * Pairs per second that {@link PairWriter} writes, to CSV and to Parquet: N pairs of int64 ids
 * (like survey ids: 10 to 19 digits) and separations below 1″, in batches of 2^20 rows, the best
 * of three runs after a warm-up, in wall time and in CPU time of the process, all threads (which a
 * shared machine does not distort). Run: {@code java -cp mmu-examples/target/mmu.jar
 * org.mmu.bench.PairWriterBench [N] [DIR]} (default 2e7 pairs, java.io.tmpdir).
 */
public final class PairWriterBench {
    private PairWriterBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? (int) Double.parseDouble(args[0]) : 20_000_000;
        Path dir = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
        int batch = 1 << 20;
        SplittableRandom rnd = new SplittableRandom(5);
        long[] l = new long[batch];
        long[] r = new long[batch];
        double[] s = new double[batch];
        for (int i = 0; i < batch; i++) {
            l[i] = 1_000_000_000L + rnd.nextLong(9_000_000_000_000_000_000L);
            r[i] = 10_000_000_000L + rnd.nextLong(90_000_000_000L);
            s[i] = rnd.nextDouble();
        }
        RowBatch b = RowBatch.of(Column.of("left_object_id", l), Column.of("right_object_id", r),
                Column.of("separation_arcsec", s));
        for (String ext : new String[] {"csv", "parquet"}) {
            Path out = dir.resolve("pair-writer-bench." + ext);
            write(b, Math.min(n, 4 * batch), out); // warm-up
            double best = Double.POSITIVE_INFINITY;
            double bestCpu = Double.POSITIVE_INFINITY;
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int rep = 0; rep < 3; rep++) {
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                write(b, n, out);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                bestCpu = Math.min(bestCpu, (os.getProcessCpuTime() - c0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "%s: %d pairs in %.3f s wall = %.2e pairs/s; %.3f s cpu (all threads) = %.2e pairs/cpu-s; %d MB%n",
                    ext, n, best, n / best, bestCpu, n / bestCpu, Files.size(out) >> 20);
            Files.deleteIfExists(out);
        }
    }

    private static void write(RowBatch b, int n, Path out) {
        try (PairWriter w = PairWriter.open(out, b.schema(), true)) {
            for (int done = 0; done < n; done += b.rowCount()) {
                w.write(done + b.rowCount() <= n ? b : slice(b, n - done));
            }
            w.commit();
        }
    }

    private static RowBatch slice(RowBatch b, int rows) {
        int[] pos = new int[rows];
        for (int i = 0; i < rows; i++) {
            pos[i] = i;
        }
        return b.gather(pos);
    }
}
