package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmu.cli.CliTest.mmu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.indexfirst.DatasetVersions;
import org.mmu.internal.indexfirst.IndexFirstDatasets;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.storage.Storages;
import org.mmu.internal.testing.DatasetContents;

/**
 * Kill -9 at random points of {@code mmu append}, {@code add-columns}, {@code compact} and {@code vacuum}: after each kill the
 * dataset opens at the last committed version, {@code validate --deep} passes, a load equals
 * that version's, every version still listed loads as it did, and running the command again
 * succeeds. Seeds per command: {@code -Dmmu.kill.seeds=N} (default 2; docs/format.md gives a
 * 50-seed run).
 */
class CrashSafetyTest {
    static final int SEEDS = Integer.getInteger("mmu.kill.seeds", 2);

    @TempDir
    Path dir;

    @Test
    void appendKilledAnywhereLeavesTheLastCommittedVersion() throws Exception {
        Path a = CliTest.writeCsv(dir.resolve("a.csv"), GrowCliTest.field(600, 10, 10, 1), 1);
        Path b = CliTest.writeCsv(dir.resolve("b.csv"), GrowCliTest.field(400, 12, 12, 2), 1001);
        Path template = dir.resolve("template");
        assertEquals(0, mmu("index", a.toString(), template.toString(), "--objects-per-group", "20").status());
        Map<Long, List<Object>> before = contents(template, 0);
        Path full = copy(template, dir.resolve("full"));
        long window = timeAfterStart(full, "append", b.toString());
        Map<Long, List<Object>> after = contents(full, 0);
        Random r = new Random(22);
        int committed = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            Path ds = copy(template, dir.resolve("append-" + seed));
            killAfter(ds, r.nextInt((int) window + 1), "append", b.toString());
            int version = latest(ds);
            check(ds, version == 1 ? before : after, "seed " + seed);
            committed += version == 2 ? 1 : 0;
            if (version == 1) { // not committed: the append runs again
                assertEquals(0, mmu("append", ds.toString(), b.toString(), "--threads", "1").status());
                check(ds, after, "seed " + seed + " after a retry");
            }
            // what the killed writer left is vacuumed: only the latest version's files remain
            assertEquals(0, mmu("vacuum", ds.toString(), "--keep", "1").status());
            assertEquals(referenced(ds), files(ds), "seed " + seed);
            check(ds, after, "seed " + seed + " after vacuum");
        }
        System.out.println("append killed " + SEEDS + " times: " + committed + " after the commit, "
                + (SEEDS - committed) + " before; all recovered");
    }

    @Test
    void appendWithReplaceKilledAnywhereLeavesTheLastCommittedVersion() throws Exception {
        Path a = CliTest.writeCsv(dir.resolve("a.csv"), GrowCliTest.field(600, 10, 10, 1), 1);
        Path b = CliTest.writeCsv(dir.resolve("b.csv"), GrowCliTest.field(400, 12, 12, 2), 401); // 401..600 again
        Path template = dir.resolve("template");
        assertEquals(0, mmu("index", a.toString(), template.toString(), "--objects-per-group", "20").status());
        Map<Long, List<Object>> after = killAnywhereAndRecover(template, 26, "append", b.toString(), "--replace");
        assertEquals(800, after.size());
    }

    @Test
    void addColumnsKilledAnywhereLeavesTheLastCommittedVersion() throws Exception {
        Path a = CliTest.writeCsv(dir.resolve("a.csv"), GrowCliTest.field(600, 10, 10, 1), 1);
        Path table = GrowCliTest.writeColumns(dir.resolve("emb.parquet"), 1, 600, 5, 32);
        Path template = dir.resolve("template");
        assertEquals(0, mmu("index", a.toString(), template.toString(), "--objects-per-group", "20").status());
        Map<Long, List<Object>> after = killAnywhereAndRecover(template, 25, "add-columns", table.toString(), "--on",
                "object_id");
        assertEquals(contents(template, 0).get(1L).size() + 2, after.get(1L).size(), "two columns added");
    }

    /**
     * Kills a command that commits version 2 of copies of {@code template} at random times: each
     * copy must hold version 1 or 2 whole, accept the command again when it stopped before its
     * commit, and vacuum to the latest version's files. Returns version 2's contents.
     */
    private Map<Long, List<Object>> killAnywhereAndRecover(Path template, long random, String command, String... args)
            throws Exception {
        Map<Long, List<Object>> before = contents(template, 0);
        Path full = copy(template, dir.resolve("full"));
        long window = timeAfterStart(full, command, args);
        Map<Long, List<Object>> after = contents(full, 0);
        Random r = new Random(random);
        int committed = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            Path ds = copy(template, dir.resolve(command + "-" + seed));
            killAfter(ds, r.nextInt((int) window + 1), command, args);
            int version = latest(ds);
            check(ds, version == 1 ? before : after, "seed " + seed);
            committed += version == 2 ? 1 : 0;
            if (version == 1) { // not committed: it runs again
                List<String> again = new ArrayList<>(List.of(command, ds.toString()));
                again.addAll(List.of(args));
                again.addAll(List.of("--threads", "1"));
                assertEquals(0, mmu(again.toArray(String[]::new)).status());
                check(ds, after, "seed " + seed + " after a retry");
            }
            assertEquals(before, contents(ds, 1), "seed " + seed + ": version 1 is whole");
            assertEquals(0, mmu("vacuum", ds.toString(), "--keep", "1").status());
            assertEquals(referenced(ds), files(ds), "seed " + seed);
            check(ds, after, "seed " + seed + " after vacuum");
        }
        System.out.println(command + " " + String.join(" ", args) + " killed " + SEEDS + " times: " + committed
                + " after the commit, " + (SEEDS - committed) + " before; all recovered");
        return after;
    }

    @Test
    void vacuumKilledAnywhereLeavesEveryKeptVersionWhole() throws Exception {
        Path a = CliTest.writeCsv(dir.resolve("a.csv"), GrowCliTest.field(600, 10, 10, 1), 1);
        Path template = dir.resolve("template");
        assertEquals(0, mmu("index", a.toString(), template.toString(), "--objects-per-group", "20").status());
        for (int k = 1; k <= 2; k++) {
            Path more = CliTest.writeCsv(dir.resolve("more" + k + ".csv"), GrowCliTest.field(200, 11, 11, 10 + k),
                    1000 * k + 1);
            assertEquals(0, mmu("append", template.toString(), more.toString()).status());
        }
        List<Map<Long, List<Object>>> versions = new ArrayList<>();
        for (int v = 1; v <= 3; v++) {
            versions.add(contents(template, v));
        }
        long window = timeAfterStart(copy(template, dir.resolve("full")), "vacuum", "--keep", "1");
        Random r = new Random(23);
        for (int seed = 0; seed < SEEDS; seed++) {
            Path ds = copy(template, dir.resolve("vacuum-" + seed));
            killAfter(ds, r.nextInt((int) window + 1), "vacuum", "--keep", "1");
            assertEquals(3, latest(ds), "vacuum makes no version");
            check(ds, versions.get(2), "seed " + seed);
            try (var st = Storages.open(ds.toString(), org.mmu.StorageOptions.defaults())) {
                for (Manifest m : DatasetVersions.list(st)) { // a version still listed is whole
                    assertEquals(versions.get(m.version() - 1), contents(ds, m.version()), "seed " + seed);
                }
            }
            assertEquals(0, mmu("vacuum", ds.toString(), "--keep", "1").status());
            assertEquals(referenced(ds), files(ds), "seed " + seed);
        }
    }

    @Test
    void compactKilledAnywhereLeavesTheLastCommittedVersion() throws Exception {
        Path a = CliTest.writeCsv(dir.resolve("a.csv"), GrowCliTest.field(600, 10, 10, 1), 1);
        Path more = CliTest.writeCsv(dir.resolve("more.csv"), GrowCliTest.field(300, 11, 11, 4), 5001);
        Path template = dir.resolve("template");
        assertEquals(0, mmu("index", a.toString(), template.toString(), "--objects-per-group", "20").status());
        assertEquals(0, mmu("append", template.toString(), more.toString()).status());
        Map<Long, List<Object>> expected = contents(template, 0);
        long window = timeAfterStart(copy(template, dir.resolve("full")), "compact");
        Random r = new Random(24);
        int committed = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            Path ds = copy(template, dir.resolve("compact-" + seed));
            killAfter(ds, r.nextInt((int) window + 1), "compact");
            int version = latest(ds);
            check(ds, expected, "seed " + seed);
            assertEquals(expected, contents(ds, 2), "seed " + seed + ": the appended version is whole");
            committed += version == 3 ? 1 : 0;
            assertEquals(0, mmu("compact", ds.toString(), "--threads", "1").status());
            assertEquals(3, latest(ds), "seed " + seed);
            assertEquals(0, mmu("vacuum", ds.toString(), "--keep", "1").status());
            assertEquals(referenced(ds), files(ds), "seed " + seed);
            check(ds, expected, "seed " + seed + " after vacuum");
        }
        System.out.println("compact killed " + SEEDS + " times: " + committed + " after the commit; all recovered");
    }

    /** Opens, validates deeply and loads the latest version, which must equal {@code expected}. */
    static void check(Path ds, Map<Long, List<Object>> expected, String what) {
        try (MmuDataset d = MmuDatasets.load(ds)) {
            assertTrue(MmuDatasets.validate(d, true).ok(), what + ": " + MmuDatasets.validate(d, true));
        }
        assertEquals(expected, contents(ds, 0), what);
    }

    static int latest(Path ds) {
        try (MmuDataset d = MmuDatasets.load(ds)) {
            return IndexFirstDatasets.manifestOf((PartitionedDataset) d).version();
        }
    }

    static Map<Long, List<Object>> contents(Path ds, int version) {
        try (MmuDataset d = MmuDatasets.load(ds.toString(), LoadOptions.builder().version(version).build())) {
            return DatasetContents.of(d);
        }
    }

    /** The latest version's files, its version manifest and the root manifest. */
    static Set<String> referenced(Path ds) {
        try (MmuDataset d = MmuDatasets.load(ds)) {
            Manifest m = IndexFirstDatasets.manifestOf((PartitionedDataset) d);
            Set<String> out = new TreeSet<>(m.files());
            out.add(DatasetVersions.path(m.version()));
            out.add(Manifest.FILE_NAME);
            return out;
        }
    }

    static Set<String> files(Path root) throws IOException {
        return DatasetContents.files(root);
    }

    static Path copy(Path from, Path to) throws IOException {
        return DatasetContents.copy(from, to);
    }

    static Process start(Path ds, String command, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Mmu.class.getName(),
                command, ds.toString()));
        cmd.addAll(List.of(args));
        if (command.equals("append") || command.equals("compact") || command.equals("add-columns")) {
            cmd.addAll(List.of("--threads", "1"));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Milliseconds from the command's first output (its work has begun) to its end, run whole. */
    static long timeAfterStart(Path ds, String command, String... args) throws Exception {
        Process p = start(ds, command, args);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = r.readLine();
            long t0 = System.nanoTime();
            StringBuilder rest = new StringBuilder(String.valueOf(first));
            for (String line; (line = r.readLine()) != null; ) {
                rest.append('\n').append(line);
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), rest.toString());
            return Math.max(1, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Starts the command, and kills it (SIGKILL) {@code millis} after its first output, or lets it end. */
    static void killAfter(Path ds, long millis, String command, String... args) throws Exception {
        Process p = start(ds, command, args);
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            r.readLine();
            Thread drain = new Thread(() -> {
                try {
                    while (r.readLine() != null) {
                        // keep the pipe flowing
                    }
                } catch (IOException e) {
                    // the child is gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            Thread.sleep(millis);
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
    }
}
