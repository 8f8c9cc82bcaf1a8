package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mmu.LoadOptions;
import org.mmu.core.Column;
import org.mmu.core.RowBatch;
import org.mmu.io.output.PairWriter;

/** {@code mmu xmatch LEFT RIGHT}: crossmatch two datasets' indices and write the pairs as CSV. */
final class XmatchCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "crossmatch two datasets (indices only) and write the pairs as CSV";
    }

    @Override
    public String usage() {
        return """
                mmu xmatch LEFT RIGHT [MORE...] --radius-arcsec R [--mode all|best|best1|best2|knn] [--join J] --out PAIRS.csv
                  LEFT, RIGHT  datasets (index-first, MMU v1, HATS, or CSV/Parquet catalogs); paths or URLs
                  MORE         further datasets: an N-way match against the reference survey (--reference)
                  --out FILE   CSV with header left_object_id,right_object_id,separation_arcsec (9 decimals),
                               one row per pair; with --groups also group_id,group_size; absent partners
                               (outer joins) are empty fields. N-way: <survey>_object_id for each survey, then
                               <survey>_separation_arcsec for each non-reference survey
                  --groups     add the connected-group columns
                  --overwrite  replace an existing output
                """ + MatchArgs.USAGE;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Set<String> valued = new HashSet<>(MatchArgs.VALUED);
        Args a = new Args("xmatch", argv, valued, Set.of("groups", "overwrite"));
        List<String> pos = a.positionalsBetween(2, 16, "LEFT", "RIGHT", "[MORE...]");
        Path output = Path.of(a.required("out"));
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        LoadOptions options = LoadOptions.builder().progress(progress).fetchData(false).build();
        MatchArgs.crossMatch(a, "xmatch", pos, options, (m, report) -> {
            RowBatch table = m.matchTable();
            int idAndSeparationColumns = table.schema().size() - 2; // the last two are group_id, group_size
            List<Column> cols = new ArrayList<>(table.columns().subList(0, idAndSeparationColumns));
            if (a.flag("groups")) {
                cols.add(table.column("group_id"));
                cols.add(table.column("group_size"));
            }
            PairWriter.write(RowBatch.of(cols), output, a.flag("overwrite"));
            err.println(report.summary());
            out.println("wrote " + m.size() + " rows to " + output);
        });
        return 0;
    }
}
