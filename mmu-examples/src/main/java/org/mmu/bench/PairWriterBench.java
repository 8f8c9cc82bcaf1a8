package org.mmu.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mmu.core.Column;
import org.mmu.core.RowBatch;
import org.mmu.internal.output.TableSink;
import org.mmu.internal.output.TableSinks;

/**
 * Pairs per second that {@link TableSinks#openPairs} writes, to CSV and to Parquet: N pairs of int64 ids
 * (like survey ids: 10 to 19 digits) and separations below 1″, in batches of 2^20 rows, the best
 * of three runs after a warm-up, in wall time and in CPU time of the process, all threads (which a
 * shared machine does not distort); beside each, the disk: as many bytes written in 1 MiB blocks and
 * forced to the device, the best of three (the writers' own runs are not forced: the page cache
 * takes them). Run: {@code java -cp mmu-examples/target/mmu.jar
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
            long bytes = Files.size(out);
            System.out.printf(Locale.ROOT, "%s: %d pairs in %.3f s wall = %.2e pairs/s; %.3f s cpu (all threads) = %.2e pairs/cpu-s; %d MB%n",
                    ext, n, best, n / best, bestCpu, n / bestCpu, bytes >> 20);
            Files.deleteIfExists(out);
            // the disk: the same number of bytes written in 1 MiB blocks, then forced to the device
            double disk = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < 3; rep++) {
                disk = Math.min(disk, rawWrite(out, bytes));
            }
            System.out.printf(Locale.ROOT, "  disk: %d MB written and forced in %.3f s = %.0f MB/s, %.2e of these pairs/s%n",
                    bytes >> 20, disk, (bytes >> 20) / disk, n / disk);
            Files.deleteIfExists(out);
        }
    }

    /** Seconds to write {@code bytes} to {@code out} and force them to the device. */
    private static double rawWrite(Path out, long bytes) throws java.io.IOException {
        java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(1 << 20);
        long t0 = System.nanoTime();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(out, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < bytes; done += block.capacity()) {
                block.clear().limit((int) Math.min(block.capacity(), bytes - done));
                while (block.hasRemaining()) {
                    ch.write(block);
                }
            }
            ch.force(false);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void write(RowBatch b, int n, Path out) {
        try (TableSink w = TableSinks.openPairs(out, b.schema(), true)) {
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
