package org.mmu.internal.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.mmu.MmuDatasets;
import org.mmu.core.Column;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.DataFormat;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuException;
import org.mmu.core.NdArray;
import org.mmu.core.ObjectIndex;
import org.mmu.core.RowBatch;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.mmuv1.MmuV1Fixtures;
import org.mmu.internal.storage.Fingerprint;
import org.mmu.internal.testing.SyntheticSurvey;

/**
 * Damages one file of an index-first dataset — a random bit flipped, a random byte replaced, or
 * the file truncated — over many seeds, then opens the dataset, loads its index and reads rows
 * (a few, row-level, then all). Each run must either fail with an {@link MmuException} naming the
 * damaged file, or return exactly what the intact dataset returns (the damage was harmless, e.g.
 * in bytes no read touched). A run that returns anything else is a silent wrong result; there
 * must be none. Seeds per format: {@code -Dmmu.faults.seeds=N} (default 100).
 *
 * <p>Inputs read in place (an MMU v1 survey, a HATS catalog from the shared fixtures) get the
 * same damage, with the file's modification time kept (bit rot, or a same-size rewrite that
 * restores it): with a fingerprint, there must be no silent wrong result either; without one, the
 * counts are printed (they are what "unverified" means).
 *
 * <p>{@code -Dmmu.faults.format10=true} measures instead what a format 1.0 dataset (no checksums:
 * only sizes, Parquet page CRCs and the index cross-check defend it) does under the same damage,
 * printing the counts without requiring zero silent results.
 */
class FaultInjectionTest {
    static final int SEEDS = Integer.getInteger("mmu.faults.seeds", 100);
    static final boolean FORMAT_10 = Boolean.getBoolean("mmu.faults.format10");

    enum Kind { MANIFEST, INDEX, DATA }

    enum Fault { BIT_FLIP, BYTE_REPLACED, TRUNCATED }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = DataFormat.class, names = {"PARQUET", "HDF5"})
    void everyDamageIsDetectedOrHarmless(DataFormat format) throws IOException {
        double[][] p = SyntheticSurvey.box(400, 10, 30, -5, 5, 3);
        RowBatch cat = SyntheticSurvey.catalog(p[0], p[1], 1, 2, 3, format == DataFormat.PARQUET);
        Path ds = dir.resolve("ds");
        try (PartitionedDataset src = CatalogDatasets.fromBatch("s", cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(60).format(format).build().build(src, ds);
        }
        if (FORMAT_10) {
            org.mmu.internal.testing.OldManifests.rewriteAsVersion10(ds, root -> { });
        }
        List<Path> manifest = List.of(ds.resolve("mmu_dataset.json"));
        List<Path> index;
        List<Path> data;
        try (Stream<Path> s = Files.walk(ds)) {
            List<Path> all = s.filter(Files::isRegularFile).sorted().toList();
            index = all.stream().filter(f -> f.toString().contains("_index")).toList();
            data = all.stream().filter(f -> f.getFileName().toString().startsWith("data.")).toList();
        }
        Outcome intact = run(ds, new Random(0));
        assertTrue(intact.error == null, "the intact dataset reads: " + intact.error);

        int[][] counts = new int[Kind.values().length][3]; // detected, harmless, silent
        List<String> silent = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            Random rnd = new Random(seed);
            Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
            List<Path> files = switch (kind) {
                case MANIFEST -> manifest;
                case INDEX -> index;
                case DATA -> data;
            };
            Path victim = files.get(rnd.nextInt(files.size()));
            Fault fault = Fault.values()[rnd.nextInt(Fault.values().length)];
            byte[] original = Files.readAllBytes(victim);
            String what = damage(victim, original, fault, rnd);
            try {
                Outcome o = run(ds, new Random(seed));
                if (o.error != null) {
                    String rel = ds.relativize(victim).toString();
                    assertTrue(FORMAT_10 || o.error.getMessage().contains(rel), "seed " + seed + ": " + what + " in " + rel
                            + " detected by a message that does not name the file: " + o.error.getMessage());
                    counts[kind.ordinal()][0]++;
                } else if (o.sameAs(intact)) {
                    counts[kind.ordinal()][1]++;
                } else {
                    counts[kind.ordinal()][2]++;
                    silent.add("seed " + seed + ": " + what + " in " + ds.relativize(victim));
                }
            } finally {
                Files.write(victim, original);
            }
        }
        StringBuilder report = new StringBuilder("fault injection, " + (FORMAT_10 ? "format 1.0 (no checksums), " : "")
                + format.label() + " partitions, " + SEEDS + " runs:");
        for (Kind k : Kind.values()) {
            int[] c = counts[k.ordinal()];
            report.append(String.format(" %s %d detected / %d harmless / %d silent;", k.name().toLowerCase(), c[0], c[1], c[2]));
        }
        System.out.println(report);
        if (FORMAT_10) {
            silent.forEach(System.out::println);
            return;
        }
        assertEquals(List.of(), silent, "silent wrong results");
    }

    enum InPlace { MMU_V1, HATS }

    @ParameterizedTest
    @CsvSource({"MMU_V1, false", "MMU_V1, true", "HATS, false", "HATS, true"})
    void inPlaceInputsWithAFingerprintNeverReturnWrongValues(InPlace input, boolean fingerprinted) throws IOException {
        Path in = dir.resolve("in");
        Path source = switch (input) {
            case MMU_V1 -> MmuV1Fixtures.root().resolve(MmuV1Fixtures.expected("hsc_like").openDir());
            case HATS -> sharedHats("small_sky_order1_collection/small_sky_order1");
        };
        List<Path> victims = new ArrayList<>();
        try (Stream<Path> s = Files.walk(source)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                Path to = in.resolve(source.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
                if (!f.toString().endsWith(".fits") && !f.getFileName().toString().equals("expected.json")) {
                    victims.add(to); // sky maps are never read
                }
            }
        }
        if (fingerprinted) {
            Fingerprint.take(in, Optional.empty(), false, 2);
        }
        Outcome intact = run(in, new Random(0));
        assertTrue(intact.error == null, "the intact input reads: " + intact.error);
        int[] counts = new int[3]; // detected, harmless, silent
        List<String> silent = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            Random rnd = new Random(seed);
            Path victim = victims.get(rnd.nextInt(victims.size()));
            Fault fault = Fault.values()[rnd.nextInt(Fault.values().length)];
            byte[] original = Files.readAllBytes(victim);
            FileTime modified = Files.getLastModifiedTime(victim);
            String what = damage(victim, original, fault, rnd);
            Files.setLastModifiedTime(victim, modified);
            try {
                Outcome o = run(in, new Random(seed));
                if (o.error != null) {
                    String rel = in.relativize(victim).toString();
                    assertTrue(!fingerprinted || o.error.getMessage().contains(rel), "seed " + seed + ": " + what + " in "
                            + rel + " detected by a message that does not name the file: " + o.error.getMessage());
                    counts[0]++;
                } else if (o.sameAs(intact)) {
                    counts[1]++;
                } else {
                    counts[2]++;
                    silent.add("seed " + seed + ": " + what + " in " + in.relativize(victim));
                }
            } finally {
                Files.write(victim, original);
                Files.setLastModifiedTime(victim, modified);
            }
        }
        System.out.printf("fault injection, %s %s, %d runs: %d detected / %d harmless / %d silent%n", input,
                fingerprinted ? "with a fingerprint" : "unverified", SEEDS, counts[0], counts[1], counts[2]);
        if (fingerprinted) {
            assertEquals(List.of(), silent, "silent wrong results");
        } else {
            silent.forEach(System.out::println);
        }
    }

    /** A HATS catalog of the shared fixtures; the test is skipped when they are absent. */
    private static Path sharedHats(String catalog) {
        String shared = System.getProperty("mmu.shared.dir");
        assumeTrue(shared != null, "system property mmu.shared.dir is not set");
        Path p = Path.of(shared, "fixtures", "hats", catalog);
        assumeTrue(Files.isDirectory(p), "HATS fixtures not found at " + p + ": skipping");
        return p;
    }

    private static String damage(Path file, byte[] original, Fault fault, Random rnd) throws IOException {
        byte[] b = original.clone();
        switch (fault) {
            case BIT_FLIP -> {
                int at = rnd.nextInt(b.length);
                int bit = rnd.nextInt(8);
                b[at] ^= (byte) (1 << bit);
                Files.write(file, b);
                return "bit " + bit + " of byte " + at + " flipped";
            }
            case BYTE_REPLACED -> {
                int at = rnd.nextInt(b.length);
                byte v = (byte) (b[at] + 1 + rnd.nextInt(255));
                b[at] = v;
                Files.write(file, b);
                return "byte " + at + " replaced";
            }
            default -> {
                int keep = rnd.nextInt(b.length);
                Files.write(file, java.util.Arrays.copyOf(b, keep));
                return "truncated to " + keep + " of " + b.length + " bytes";
            }
        }
    }

    /**
     * What a user gets: the index, a few rows read row by row (at positions {@code picked}, which
     * depend on the seed), then every row; or the error.
     */
    private record Outcome(ObjectIndex index, int[] picked, RowBatch some, RowBatch all, MmuException error) {
        /** Whether this equals what {@code intact} returned (its rows at this run's picked positions). */
        boolean sameAs(Outcome intact) {
            return sameIndex(index, intact.index) && sameRows(some, intact.all, picked) && sameRows(all, intact.all, null);
        }
    }

    private static Outcome run(Path ds, Random rnd) {
        try (MmuDataset d = MmuDatasets.load(ds)) {
            ObjectIndex idx = d.index();
            int[] some = rnd.ints(7, 0, idx.size()).sorted().distinct().toArray();
            RowBatch few = d.read(some);
            RowBatch all = d.read(java.util.stream.IntStream.range(0, idx.size()).toArray());
            return new Outcome(idx, some, few, all, null);
        } catch (MmuException e) {
            return new Outcome(null, null, null, null, e);
        }
    }

    private static boolean sameIndex(ObjectIndex a, ObjectIndex b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.ids().getString(i).equals(b.ids().getString(i)) || Double.compare(a.ra(i), b.ra(i)) != 0
                    || Double.compare(a.dec(i), b.dec(i)) != 0 || a.row(i) != b.row(i)
                    || !a.partition(i).equals(b.partition(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether row r of {@code a} equals row {@code rows[r]} of {@code b} (row r when {@code rows} is null), for every row of {@code a}. */
    private static boolean sameRows(RowBatch a, RowBatch b, int[] rows) {
        if (a.rowCount() != (rows == null ? b.rowCount() : rows.length) || !a.schema().equals(b.schema())) {
            return false;
        }
        for (int c = 0; c < a.schema().size(); c++) {
            Column x = a.column(c);
            Column y = b.column(c);
            for (int r = 0; r < a.rowCount(); r++) {
                Object u = x.get(r);
                Object v = y.get(rows == null ? r : rows[r]);
                if (u instanceof NdArray nu && v instanceof NdArray nv) {
                    if (!java.util.Arrays.equals(nu.shape(), nv.shape())) {
                        return false;
                    }
                    for (int k = 0; k < nu.size(); k++) {
                        if (Double.compare(nu.getDouble(k), nv.getDouble(k)) != 0) {
                            return false;
                        }
                    }
                } else if (!Objects.equals(u, v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
