package org.mmu.cli;

import org.mmu.core.CoordinateColumns;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.mmu.CrossMatchedDatasets;
import org.mmu.LoadOptions;
import org.mmu.MatchedExample;
import org.mmu.MmuDatasets;
import org.mmu.core.NdArray;
import org.mmu.core.RowBatch;
import org.mmu.examples.DemoSurveys;
import org.mmu.BuildSummary;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.output.AtomicFiles;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchMode;

/**
 * {@code mmu demo}: the main job on built-in data. Generates two overlapping synthetic surveys
 * (imaging with cutouts, spectroscopy with variable-length spectra), builds both as index-first
 * datasets, crossmatches them (nearest imaging object per spectrum within 1″), loads only the
 * matched objects' data, and prints the load report and the match's completeness and purity
 * against the truth the generator kept.
 */
final class DemoCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "run the whole pipeline on two built-in synthetic surveys; print a summary, write the load report";
    }

    @Override
    public String usage() {
        return """
                mmu demo [--objects N] [--dir DIR] [--keep] [--seed S]
                  --objects N   imaging objects (default 200000; spectro gets about a fifth)
                  --dir DIR     where to build the datasets (default: a temporary directory)
                  --keep        keep the datasets (with --dir, or printed temporary path)
                  --seed S      random seed (default 42)""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("demo", argv, Set.of("objects", "dir", "seed"), Set.of("keep"));
        a.positionals(0);
        int n = a.intOption("objects", 200_000, 1000, 50_000_000);
        long seed = a.intOption("seed", 42);
        long t0 = System.nanoTime();
        Path dir;
        boolean temporary = !a.has("dir");
        try {
            dir = temporary ? Files.createTempDirectory("mmu-demo-") : Path.of(a.get("dir", "."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        try {
            out.printf(Locale.ROOT, "generating two synthetic surveys (%,d imaging objects)...%n", n);
            RowBatch[] surveys = DemoSurveys.generate(n, seed);
            String[] names = {"imaging", "spectro"};
            for (int k = 0; k < 2; k++) {
                try (PartitionedDataset src = CatalogDatasets.fromBatch(names[k], surveys[k],
                        CoordinateColumns.DEFAULT, OpenContext.defaults())) {
                    BuildSummary s = DatasetBuilder.builder().progress(progress).build().build(src, dir.resolve(names[k]));
                    out.printf(Locale.ROOT, "built %-8s %,9d objects, %,4d partitions in %,3d HEALPix cells, index %s, data %s (%.1f s)%n",
                            names[k], s.objects(), s.partitions(), s.healpixCells(), Format.bytes(s.indexBytes()),
                            Format.bytes(s.dataBytes()), s.seconds());
                }
            }

            CrossMatch spec = CrossMatch.of("spectro", "imaging").radiusArcsec(1.0).mode(MatchMode.BEST1).build();
            out.println();
            out.println("crossmatch-load: nearest imaging object within 1\" of each spectrum; fetch only matched rows");
            LoadOptions options = LoadOptions.builder().progress(progress).build();
            try (CrossMatchedDatasets m = MmuDatasets.load(dir.toString(), spec, options)) {
                MatchedExample first = score(m, surveys[1], out); // streams the matched rows once
                out.println();
                out.println(m.report().summary());
                Path reportFile = temporary && !a.flag("keep") ? temporaryReport() : dir.resolve("report.json");
                String json = m.report().toJson();
                AtomicFiles.write(reportFile, true, tmp -> Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8));
                out.println("the load report (JSON, keys in docs/cli.md): " + reportFile);
                NdArray image = first.get("imaging").getArray("image");
                NdArray spectrum = first.get("spectro").getArray("spectrum");
                out.printf(Locale.ROOT, "%nfirst match: spectrum %s (z=%.3f, %d pixels) <-> imaging object %s, image %s, %.3f\"%n",
                        first.objectId("spectro"), first.get("spectro").getDouble("z"), spectrum.size(),
                        first.objectId("imaging"), java.util.Arrays.toString(image.shape()), first.separationArcsec());
                var r = m.report();
                out.printf(Locale.ROOT, "%npartitions read %,d of %,d; %s read in all; done in %.1f s%n",
                        r.partitionsRead(), r.partitionsTotal(), Format.bytes(r.bytesRead()), (System.nanoTime() - t0) / 1e9);
            }
            if (!temporary || a.flag("keep")) {
                out.println("datasets kept in " + dir);
            }
        } finally {
            if (temporary && !a.flag("keep")) {
                delete(dir);
            }
        }
        return 0;
    }

    /** Completeness and purity of the best1 match against the generator's truth, streaming the matches; returns the first. */
    private static MatchedExample score(CrossMatchedDatasets m, RowBatch generated, PrintStream out) {
        long correct = 0;
        long targets = 0;
        for (int i = 0; i < generated.rowCount(); i++) {
            if (generated.column("true_imaging_id").getLong(i) >= 0) {
                targets++;
            }
        }
        MatchedExample first = null;
        for (MatchedExample e : m) {
            first = first == null ? e : first;
            long truth = e.get("spectro").getLong("true_imaging_id");
            if (truth >= 0 && Long.toString(truth).equals(e.objectId("imaging"))) {
                correct++;
            }
        }
        out.printf(Locale.ROOT, "%nagainst the truth: %,d of %,d matches are the true counterpart (purity %.2f%%)", correct,
                m.size(), 100.0 * correct / Math.max(1, m.size()));
        out.printf(Locale.ROOT, "; %,d of %,d re-observed objects found (completeness %.2f%%)", correct, targets,
                100.0 * correct / Math.max(1, targets));
        out.println();
        if (first == null) {
            throw new org.mmu.core.MmuException("the demo crossmatch found no pairs");
        }
        return first;
    }

    /** Where the report of a run whose datasets are deleted afterwards goes: a file of its own that stays. */
    private static Path temporaryReport() {
        try {
            return Files.createTempFile("mmu-demo-report-", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree, best effort (a temporary directory left behind is harmless). */
    static void delete(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
