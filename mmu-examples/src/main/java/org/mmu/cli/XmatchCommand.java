package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.Column;
import org.mmu.core.IdType;
import org.mmu.core.MmuDataset;
import org.mmu.core.RowBatch;
import org.mmu.internal.output.PairWriter;
import org.mmu.internal.output.RegionRows;
import org.mmu.internal.regions.IndexRegions;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.RegionalMatcher;
import org.mmu.matching.SkyRegions;

/**
 * {@code mmu xmatch LEFT RIGHT}: crossmatch datasets' indices region by region and stream the
 * rows to CSV or Parquet, so neither the indices nor the pairs need to fit the heap.
 */
final class XmatchCommand implements Mmu.Command {
    /** Regions matched at once: one is read while the other is matched. */
    private static final int REGIONS_IN_FLIGHT = 2;

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
                  --in-memory  match the whole indices in one heap instead (rows in left-id order; always so
                               with --error-columns)
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
                : Runtime.getRuntime().maxMemory() / (3L * REGIONS_IN_FLIGHT);
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        LoadOptions options = VersionArgs.apply(a, "xmatch",
                a.withInputPolicies(LoadOptions.builder().progress(progress).fetchData(false).build()));
        if (a.has("format")) {
            return HatsAssociationOutput.run(a, pos, output, options, out, err);
        }
        if (a.has("error-columns") || a.flag("in-memory")) {
            return inMemory(a, pos, output, options, out, err);
        }
        List<MmuDataset> opened = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (String location : pos) {
                opened.add(MmuDatasets.load(location, options));
            }
            VersionArgs.requireNamedDatasets(a, "xmatch", opened.stream().map(MmuDataset::name).toList());
            List<String> labels = MatchArgs.labels(opened.stream().map(MmuDataset::name).toList());
            CrossMatch spec = MatchArgs.spec(a, "xmatch", labels);
            long t1 = System.nanoTime();
            IndexRegions source = IndexRegions.open(opened, spec, spec.criteria().threads());
            SkyRegions plan = source.plan(spec, budget);
            long t2 = System.nanoTime();
            List<IdType> idTypes = new ArrayList<>();
            for (int s = 0; s < opened.size(); s++) {
                idTypes.add(source.idType(s));
            }
            boolean groups = a.flag("groups");
            int reference = opened.size() == 2 ? 0 : spec.surveys().indexOf(spec.reference());
            AtomicLong rows = new AtomicLong();
            AtomicLong done = new AtomicLong();
            int regions = plan.regions().size();
            RegionRows table = new RegionRows(labels, reference, idTypes, groups);
            try (PairWriter w = PairWriter.open(output, table.schema(), a.flag("overwrite"))) {
                rows.set(RegionalMatcher.walk(plan, source, spec, groups, REGIONS_IN_FLIGHT, m -> {
                    w.write(table.of(m));
                    progress.onProgress("match regions", done.incrementAndGet(), regions);
                }));
                w.commit();
            }
            long t3 = System.nanoTime();
            err.println(String.format(Locale.ROOT,
                    "xmatch: %d regions at depth %d (largest estimated %d MB of a %d MB budget); %d index rows scanned, "
                            + "%d read by region; open %.2f s, scan %.2f s, match and write %.2f s",
                    regions, plan.depth(), plan.largestRegionBytes() >> 20, budget >> 20,
                    opened.stream().mapToLong(MmuDataset::size).sum(), source.rowsRead(), (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, (t3 - t2) / 1e9));
            out.println("wrote " + rows.get() + " rows to " + output);
        } finally {
            opened.forEach(MmuDataset::close);
        }
        return 0;
    }

    /** Per-row error columns are read with the data: the whole-index, in-memory path. */
    private static int inMemory(Args a, List<String> pos, Path output, LoadOptions options,
            PrintStream out, PrintStream err) {
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
