package org.mmu.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mmu.LoadOptions;
import org.mmu.cli.sky.PlanPlot;
import org.mmu.core.MmuInputException;
import org.mmu.io.output.AtomicFiles;
import org.mmu.io.output.TableWriters;
import org.mmu.matching.MatchResult;

/** {@code mmu load LEFT RIGHT}: crossmatch, then fetch only the matched objects' rows and write them side by side. */
final class LoadCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "crossmatch two datasets and write the matched objects' data side by side, reading only those rows";
    }

    @Override
    public String usage() {
        return """
                mmu load LEFT RIGHT [MORE...] --radius-arcsec R [--mode M] [--columns c1,c2] --out OUT --report REPORT.json
                  --out OUT        OUT.parquet, OUT.arrow (Arrow IPC file) or OUT.jsonl: one row per match, columns
                                   <survey>_<column> for each survey, then separation_arcsec (N-way:
                                   <survey>_separation_arcsec for each non-reference survey); arrays as lists
                                   (Arrow: fixed-size lists, shape in field metadata mmu.shape; JSON: nested
                                   lists, NaN as null)
                  --report FILE    JSON: index_bytes_read, data_bytes_read, bytes_read, read_requests,
                                   partitions_total, partitions_read, rows_read, pairs, seconds, stage_seconds,
                                   per_survey {...}
                  --columns LIST   columns to fetch (each survey keeps those it has; default: all)
                  --plot FILE      PNG sky map of the plan: all partitions of both surveys, and those read
                                   (two surveys only)
                  --overwrite      replace existing outputs
                """ + MatchArgs.USAGE;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Set<String> valued = new HashSet<>(MatchArgs.VALUED);
        valued.add("columns");
        valued.add("report");
        valued.add("plot");
        Args a = new Args("load", argv, valued, Set.of("overwrite"));
        List<String> pos = a.positionalsBetween(2, 16, "LEFT", "RIGHT", "[MORE...]");
        Path output = Path.of(a.required("out"));
        Path reportFile = Path.of(a.required("report"));
        String lower = output.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!lower.endsWith(".parquet") && !lower.endsWith(".arrow") && !lower.endsWith(".jsonl")) {
            throw new UsageException("load", "--out must end in .parquet, .arrow or .jsonl, got " + output);
        }
        boolean overwrite = a.flag("overwrite");
        Path plot = a.has("plot") ? Path.of(a.get("plot", "")) : null;
        if (plot != null && pos.size() != 2) {
            throw new UsageException("load", "--plot draws two-survey loads only, got " + pos.size() + " surveys");
        }
        for (Path p : plot == null ? List.of(output, reportFile) : List.of(output, reportFile, plot)) {
            if (!overwrite && Files.exists(p)) {
                throw new MmuInputException(p.toAbsolutePath() + ": output already exists (remove it or pass --overwrite)");
            }
        }
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        LoadOptions.Builder ob = LoadOptions.builder().progress(progress);
        if (a.has("columns")) {
            ob.columns(Arrays.stream(a.get("columns", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        LoadOptions options = ob.build();
        MatchArgs.crossMatch(a, "load", pos, options, (m, report) -> {
            TableWriters.write(m.toRowBatch(), output, overwrite);
            String json = report.toJson();
            AtomicFiles.write(reportFile, overwrite, tmp -> Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8));
            err.println(report.summary());
            out.println("wrote " + m.size() + " rows to " + output + ", report to " + reportFile);
            if (plot != null) {
                MatchResult r = m.matchResult().orElseThrow(() -> new IllegalStateException("no two-survey match result"));
                PlanPlot.write(r, m.surveys().get(0), m.surveys().get(1), plot, overwrite);
                out.println("wrote plan plot " + plot);
            }
        });
        return 0;
    }

}
