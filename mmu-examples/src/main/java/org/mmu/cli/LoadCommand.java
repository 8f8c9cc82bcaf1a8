package org.mmu.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.mmu.CrossMatchedDatasets;
import org.mmu.LoadOptions;
import org.mmu.LoadReport;
import org.mmu.MatchedBatch;
import org.mmu.cli.sky.PlanPlot;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.internal.output.AtomicFiles;
import org.mmu.internal.output.TableSink;
import org.mmu.internal.output.TableSinks;
import org.mmu.matching.MatchResult;

/**
 * {@code mmu load LEFT RIGHT}: crossmatch, then stream only the matched objects' rows into the
 * output side by side (or, with {@code --plan-only}, print what that would read).
 */
final class LoadCommand implements Mmu.Command {
    /** Rows are written in batches of about this many bytes (estimated): 16 MiB, less on a heap under 512 MiB. */
    static final long WRITE_BATCH_BYTES = Math.max(1L << 20, Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 32));

    @Override
    public String summary() {
        return "crossmatch datasets and write the matched objects' data side by side, reading only those rows";
    }

    @Override
    public String usage() {
        return """
                mmu load LEFT RIGHT [MORE...] --radius-arcsec R [--mode M] [--columns c1,c2] --out OUT --report REPORT.json
                mmu load LEFT RIGHT [MORE...] --radius-arcsec R [--mode M] [--columns c1,c2] --plan-only
                mmu load ASSOCIATION [--primary-catalog PRIMARY] [--join-catalog JOIN] [--columns c1,c2] --out OUT --report REPORT.json
                  ASSOCIATION      a HATS association catalog: its pairs are the matches (no radius or mode);
                                   the two catalogs it joins are those its properties name, relative to its
                                   parent directory, unless --primary-catalog / --join-catalog give them
                  --out OUT        OUT.parquet, OUT.arrow (Arrow IPC file) or OUT.jsonl: one row per match, columns
                                   <survey>_<column> for each survey, then separation_arcsec (N-way:
                                   <survey>_separation_arcsec for each non-reference survey); arrays as lists
                                   (Arrow: fixed-size lists, shape in field metadata mmu.shape; JSON: nested
                                   lists, NaN as null). Written as the rows stream in; memory is bounded by
                                   --prefetch-mib
                  --report FILE    JSON: index_bytes_read, data_bytes_read, bytes_read, read_requests,
                                   partitions_total, partitions_read, rows_read, pairs, seconds, stage_seconds,
                                   per_survey {...}
                  --plan-only      print the fetch plan as JSON on stdout and fetch no data: per survey and in
                                   total partitions_read, partitions_total, rows, bytes, requests
                  --columns LIST   columns to fetch (each survey keeps those it has; default: all)
                  --prefetch-mib N matched rows read ahead of the writer, MiB (default: an eighth of the maximum
                                   heap, at most 256); a window the heap cannot hold is refused before any work
                  --region-budget-mb N  heap per sky region matched (default: a sixteenth of the maximum heap); when the
                                   indices fit two regions they are read once, whole, else the match streams
                                   region by region (then --plan-only and --plot are refused)
                  --plot FILE      PNG sky map of the plan: all partitions of both surveys, and those read
                                   (two surveys only)
                  --overwrite      replace existing outputs
                  --fingerprint    fingerprint local MMU v1/HATS inputs that have none yet (reads them once; see
                                   mmu fingerprint), so this and later reads are verified block by block
                """ + MatchArgs.USAGE;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Set<String> valued = new HashSet<>(MatchArgs.VALUED);
        valued.add("columns");
        valued.add("report");
        valued.addAll(MatchArgs.MEMORY_VALUED);
        valued.add("plot");
        valued.add("primary-catalog");
        valued.add("join-catalog");
        Args a = new Args("load", argv, valued, Set.of("overwrite", "plan-only", "fingerprint"));
        List<String> pos = a.positionalsBetween(1, 16, "LEFT", "RIGHT", "[MORE...]");
        boolean association = AssociationLoad.requested(a, pos);
        boolean planOnly = a.flag("plan-only");
        Path output = planOnly ? null : Path.of(a.required("out"));
        Path reportFile = planOnly ? null : Path.of(a.required("report"));
        if (planOnly && (a.has("out") || a.has("report"))) {
            throw new UsageException("load", "--plan-only writes no data: drop --out and --report");
        }
        boolean overwrite = a.flag("overwrite");
        Path plot = a.has("plot") ? Path.of(a.get("plot", "")) : null;
        if (plot != null && pos.size() != 2 && !association) {
            throw new UsageException("load", "--plot draws two-survey loads only, got " + pos.size() + " surveys");
        }
        if (planOnly && plot != null && !overwrite && Files.exists(plot)) {
            throw new MmuInputException(plot.toAbsolutePath() + ": output already exists (remove it or pass --overwrite)");
        }
        if (!planOnly) {
            if (!TableSinks.supports(output)) {
                throw new UsageException("load", "--out must end in .parquet, .arrow or .jsonl, got " + output);
            }
            for (Path p : plot == null ? List.of(output, reportFile) : List.of(output, reportFile, plot)) {
                if (!overwrite && Files.exists(p)) {
                    throw new MmuInputException(p.toAbsolutePath() + ": output already exists (remove it or pass --overwrite)");
                }
            }
        }
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        LoadOptions.Builder ob = LoadOptions.builder().progress(progress).fingerprint(a.flag("fingerprint"));
        if (a.has("columns")) {
            ob.columns(Arrays.stream(a.get("columns", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        LoadOptions options = MatchArgs.memory(a, ob).build();
        MatchArgs.Use use = (m, before) -> {
            if (planOnly) {
                out.println(m.plan().toJson());
                if (plot != null) {
                    writePlot(m, plot, overwrite);
                    err.println("wrote plan plot " + plot); // stdout holds the plan's JSON alone
                }
                return;
            }
            long rows = write(m, output, overwrite);
            LoadReport report = m.report();
            String json = report.toJson();
            AtomicFiles.write(reportFile, overwrite, tmp -> Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8));
            err.println(report.summary());
            out.println("wrote " + rows + " rows to " + output + ", report to " + reportFile);
            if (plot != null) {
                writePlot(m, plot, overwrite);
                out.println("wrote plan plot " + plot);
            }
        };
        if (association) {
            AssociationLoad.run(a, pos.get(0), options, use);
        } else {
            MatchArgs.crossMatch(a, "load", pos, options, use);
        }
        return 0;
    }

    private static void writePlot(CrossMatchedDatasets m, Path plot, boolean overwrite) {
        MatchResult r = m.matchResult().orElseThrow(() -> new IllegalStateException("no two-survey match result"));
        PlanPlot.write(r, m.surveys().get(0), m.surveys().get(1), plot, overwrite);
    }

    /** Streams the matched rows into the output, batch by batch; returns the rows written. */
    static long write(CrossMatchedDatasets m, Path output, boolean overwrite) {
        long perRow = Math.max(1, m.estimatedRowBytes());
        int batchRows = (int) Math.max(1, Math.min(Integer.MAX_VALUE, WRITE_BATCH_BYTES / perRow));
        try (Stream<MatchedBatch> batches = m.batches(batchRows)) {
            Iterator<MatchedBatch> it = batches.iterator();
            RowBatch first = it.hasNext() ? it.next().toRowBatch() : m.toRowBatch();
            try (TableSink sink = TableSinks.open(output, first.schema(), overwrite)) {
                sink.write(first);
                while (it.hasNext()) {
                    sink.write(it.next().toRowBatch());
                }
                sink.commit();
                return sink.rowsWritten();
            }
        }
    }
}
