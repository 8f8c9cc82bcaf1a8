package org.mmu.bench;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.Surveys;
import org.mmu.core.MmuDataset;
import org.mmu.internal.indexfirst.DatasetVersions;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/**
 * The open stage of a crossmatch-load, taken apart, in a fresh JVM (run it as scripts/mmu runs the
 * jar, with the same JVM, cache and flags: see docs/performance.md). Prints, per phase, wall
 * time, CPU time of the calling thread (which a busy machine inflates far less than wall time)
 * and classes loaded: the JVM's start to main, the first dataset's storage, its manifest read
 * and parsed (cold), layout detection (the ServiceLoader probe), the rest of its open, the second
 * dataset's whole open; then, in a second part, both opened by {@code Surveys.open} (side by side)
 * once more, warm.
 * <pre>java [flags] -cp mmu-examples/target/mmu.jar org.mmu.bench.OpenStageBench DATASET_A DATASET_B</pre>
 */
public final class OpenStageBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();
    private static long wall;
    private static long cpu;
    private static long classes;

    private OpenStageBench() {
    }

    private static void mark() {
        wall = System.nanoTime();
        cpu = THREADS.getCurrentThreadCpuTime();
        classes = CLASSES.getTotalLoadedClassCount();
    }

    private static void phase(String name) {
        System.out.printf(Locale.ROOT, "%-40s wall %7.1f ms  cpu %6.1f ms  classes %5d%n", name,
                (System.nanoTime() - wall) / 1e6, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6,
                CLASSES.getTotalLoadedClassCount() - classes);
        mark();
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "%-40s wall %7d ms  cpu %6.1f ms  classes %5d%n", "JVM start to main",
                ManagementFactory.getRuntimeMXBean().getUptime(), THREADS.getCurrentThreadCpuTime() / 1e6,
                CLASSES.getTotalLoadedClassCount());
        mark();
        LoadOptions options = LoadOptions.defaults();
        Storage storage = Storages.open(args[0], options.storage());
        phase("A: storage");
        DatasetVersions.latest(storage);
        phase("A: manifest read and parsed (cold)");
        storage.close();
        MmuDatasets.detectLayout(args[0], options);
        phase("A: layout detection (ServiceLoader)");
        MmuDataset a = MmuDatasets.load(args[0], options);
        phase("A: whole open (manifest parsed again)");
        MmuDataset b = MmuDatasets.load(args[1], options);
        phase("B: whole open");
        a.close();
        b.close();
        mark();
        try (Surveys s = Surveys.open(List.of(args[0], args[1]), options)) {
            phase("A and B side by side (Surveys.open)");
            System.out.printf(Locale.ROOT, "%d + %d partitions%n", s.datasets().get(0).partitions().size(),
                    s.datasets().get(1).partitions().size());
        }
    }
}
