package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.mmu.LoadOptions;
import org.mmu.core.RowBatch;
import org.mmu.internal.output.TableSink;
import org.mmu.internal.output.TableSinks;

/**
 * {@code mmu xmatch LEFT RIGHT}: the library's crossmatch ({@code MmuDatasets.crossMatch}, match
 * only) written as CSV or Parquet region by region, so neither the indices nor the pairs need to
 * fit the heap.
 */
final class XmatchCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "crossmatch datasets (indices only, region by region) and write the rows as CSV or Parquet";
    }

    @Override
    public String usage() {
        return """
                mmu xmatch LEFT RIGHT [MORE...] --radius-arcsec R [--mode all|best|best1|best2|knn] [--join J] --out PAIRS.csv|PAIRS.parquet
                  LEFT, RIGHT  datasets (index-first, MMU v1, HATS, or CSV/Parquet catalogs); paths or URLs
                  MORE         further datasets: an N-way match against the reference survey (--reference)
                  --out FILE   .csv: header left_object_id,right_object_id,separation_arcsec (9 decimals), one row
                               per pair; with --groups also group_id,group_size; absent partners (outer joins) are
                               empty fields. N-way: <survey>_object_id for each survey, then
                               <survey>_separation_arcsec for each non-reference survey.
                               .parquet: the same columns (ids int64 or string, absent ones null; separations
                               double; groups int32)
                               Rows are in sky order (NESTED cell of the reference object, then ids): the same
                               bytes for any thread count or region size
                  --groups     add the connected-group columns
                  --region-budget-mb N  heap per sky region (default: a sixth of the maximum heap)
                  --in-memory  read the whole indices and match them as one region (the same rows and order;
                               always so with --error-columns)
                  --format hats-association  write --out DIR/ as a HATS association catalog (two datasets,
                               inner join): pairs partitioned by the LEFT objects, readable by LSDB and by
                               'mmu load DIR'; the matching runs in memory
                  --overwrite  replace an existing output
                """ + MatchArgs.USAGE;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Set<String> valued = new HashSet<>(MatchArgs.VALUED);
        valued.add("region-budget-mb");
        valued.add("format");
        Args a = new Args("xmatch", argv, valued, Set.of("groups", "overwrite", "in-memory"));
        List<String> pos = a.positionalsBetween(2, 16, "LEFT", "RIGHT", "[MORE...]");
        Path output = Path.of(a.required("out"));
        a.requireSafeOutputs(a.outputFlags("out"), pos);
        MatchArgs.checkNumbers(a, "xmatch");
        long budget = a.has("region-budget-mb")
                ? (long) (a.doubleOption("region-budget-mb", 0, 0.001, 1 << 30) * (1 << 20))
                : LoadOptions.builder().fetchData(false).build().regionBudgetBytes();
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        if (a.has("format")) {
            LoadOptions options = VersionArgs.apply(a, "xmatch",
                    a.withInputPolicies(LoadOptions.builder().progress(progress).fetchData(false).build()));
            return HatsAssociationOutput.run(a, pos, output, options, out, err);
        }
        LoadOptions.Builder ob = LoadOptions.builder().progress(progress).fetchData(false)
                .regionBudgetBytes(a.flag("in-memory") ? Long.MAX_VALUE / 8 : budget);
        boolean groups = a.flag("groups");
        long t0 = System.nanoTime();
        MatchArgs.crossMatch(a, "xmatch", pos, ob.build(), (m, before) -> {
            long rows = 0;
            try (Stream<RowBatch> tables = m.matchTables(groups)) {
                Iterator<RowBatch> it = tables.iterator();
                RowBatch first = it.next(); // there is always one, empty when nothing matched
                try (TableSink w = TableSinks.openPairs(output, first.schema(), a.flag("overwrite"))) {
                    w.write(first);
                    rows += first.rowCount();
                    while (it.hasNext()) {
                        RowBatch t = it.next();
                        w.write(t);
                        rows += t.rowCount();
                    }
                    w.commit();
                }
            }
            Map<String, Double> stages = before.stageSeconds();
            err.println(String.format(Locale.ROOT, "xmatch: %s; open %.2f s, index %.2f s, match and write %.2f s",
                    m.regionsSummary(), stages.getOrDefault("open", 0.0), stages.getOrDefault("index", 0.0),
                    (System.nanoTime() - t0) / 1e9 - stages.getOrDefault("open", 0.0)
                            - stages.getOrDefault("index", 0.0)));
            out.println("wrote " + rows + " rows to " + output);
        });
        return 0;
    }
}
