package org.mmu.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The workload the launcher's JVM caches are recorded from ({@code scripts/jvm-cache.sh}): in one
 * JVM, the demo (generate, build, crossmatch-load) and then {@code xmatch} of its two datasets to
 * CSV and to Parquet, so the class-data archive (JDK 17) or the ahead-of-time cache (JDK 25:
 * classes loaded and linked, method profiles) covers the commands users time. Not a command of
 * {@code mmu}; fails (exit 1) if any step does.
 */
public final class TrainingRun {
    private TrainingRun() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("mmu-training-");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        String data = dir.resolve("demo").toString();
        List<String[]> steps = List.of(
                new String[] {"demo", "--objects", "5000", "--dir", data, "--keep"},
                new String[] {"xmatch", data + "/spectro", data + "/imaging", "--radius-arcsec", "1",
                    "--out", dir.resolve("pairs.csv").toString()},
                new String[] {"xmatch", data + "/spectro", data + "/imaging", "--radius-arcsec", "1",
                    "--out", dir.resolve("pairs.parquet").toString()},
                new String[] {"inspect", data + "/imaging"});
        int status = 0;
        try {
            for (String[] step : steps) {
                status = Mmu.run(step, quiet, System.err);
                if (status != 0) {
                    System.err.println("training run: mmu " + String.join(" ", step) + " exited with " + status);
                    break;
                }
            }
        } finally {
            DemoCommand.delete(dir);
        }
        System.exit(status);
    }
}
