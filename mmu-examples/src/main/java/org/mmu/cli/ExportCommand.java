package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.mmu.HatsExport;
import org.mmu.core.MmuDataset;

/** {@code mmu export DATASET OUT --format hats}: any dataset as a HATS catalog that LSDB opens. */
final class ExportCommand implements Mmu.Command {
    static final String HATS = "hats";

    @Override
    public String summary() {
        return "write any dataset (index-first, MMU v1, HATS, catalog) as a HATS catalog for LSDB";
    }

    @Override
    public String usage() {
        return """
                mmu export DATASET OUT --format hats [--max-rows-per-partition N] [--margin-arcsec R] [--overwrite]
                  DATASET   an index-first dataset, an MMU v1 survey, a HATS catalog, or a CSV/Parquet catalog
                  OUT       the catalog directory to write (must not exist unless --overwrite)
                  --format hats                 the output format (required; hats is the only one)
                  --max-rows-per-partition N    at most N rows per partition file, >= 1 (default 1000000,
                                                hats-import's pixel_threshold): a pixel holding more is split in four
                  --lowest-order K              partitions are no larger than a pixel of order K, 0..29 (default 0)
                  --highest-order K             partitions split down to order K at most, 0..29 (default 10); a pixel
                                                of order K holding more than N rows is an error. skymap.fits is at
                                                this order (at most 10: 96 MiB)
                  --margin-arcsec R             also write a margin catalog of R arcsec (0..36000); OUT is then a HATS
                                                collection: OUT/NAME (the catalog) and OUT/NAME_Rarcs (its margin)
                  --name NAME                   obs_collection (default: OUT's directory name)
                  --overwrite                   replace OUT once the new catalog is whole
                  --id-column C                 the object id column (CSV/Parquet catalogs and HATS)
                  --ra-column C --dec-column C  catalog columns with the position in degrees (CSV/Parquet)
                  --threads N                   worker threads (default: all cores)
                  Open it with LSDB: lsdb.open_catalog("OUT").""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("export", argv, Set.of("format", "max-rows-per-partition", "lowest-order", "highest-order",
                "margin-arcsec", "name", "id-column", "ra-column", "dec-column", "threads"), Set.of("overwrite"));
        List<String> pos = a.positionals(2, "DATASET", "OUT");
        a.requireSafeOutputs(Map.of("OUT", Path.of(pos.get(1))), List.of(pos.get(0)));
        String format = a.required("format");
        if (!format.equals(HATS)) {
            throw new UsageException("export", "--format must be " + HATS + ", got " + Args.quote(format));
        }
        int threads = a.intOption("threads", Runtime.getRuntime().availableProcessors(), 1, Integer.MAX_VALUE);
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        HatsExport export = HatsExport.builder()
                .maxRowsPerPartition(a.intOption("max-rows-per-partition", HatsExport.DEFAULT_MAX_ROWS_PER_PARTITION, 1,
                        Integer.MAX_VALUE))
                .lowestOrder(a.intOption("lowest-order", 0, 0, HatsExport.MAX_ORDER))
                .highestOrder(a.intOption("highest-order", HatsExport.DEFAULT_HIGHEST_ORDER, 0, HatsExport.MAX_ORDER))
                .marginArcsec(a.doubleOption("margin-arcsec", 0, 0, HatsExport.MAX_MARGIN_ARCSEC))
                .name(a.get("name", null))
                .overwrite(a.flag("overwrite"))
                .threads(threads)
                .progress(progress)
                .build();
        HatsExport.Summary s;
        try (MmuDataset src = IndexCommand.openSource(a, pos.get(0), threads, progress)) {
            s = export.export(src, Path.of(pos.get(1)));
        }
        out.printf(Locale.ROOT, "wrote the HATS catalog %s: %,d rows in %,d partitions (orders up to %d)%s%n", s.catalog(),
                s.rows(), s.partitions(), s.order(), s.marginRows() < 0 ? "" : String.format(Locale.ROOT,
                        ", and a margin catalog of %,d rows", s.marginRows()));
        return 0;
    }
}
