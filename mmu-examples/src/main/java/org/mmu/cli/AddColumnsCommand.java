package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.mmu.DatasetUpdater;
import org.mmu.core.MmuInputException;

/** {@code mmu add-columns DATASET TABLE --on C}: adds columns keyed by object id, as a new version. */
final class AddColumnsCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "add columns (values per object id) to an index-first dataset, as a new version (no existing file is rewritten)";
    }

    @Override
    public String usage() {
        return """
                mmu add-columns DATASET TABLE --on C [--require-all] [--to-index C1,C2] [--threads N]
                  DATASET  a local index-first dataset (built by 'mmu index')
                  TABLE    a CSV file, a Parquet file or a directory of Parquet files: column C holds object
                           ids of DATASET, every other column is added (scalars or arrays, e.g. float32[256])
                  --on C   the TABLE's column holding the object ids
                  --require-all   every object of DATASET must have a row (else objects without one get nulls)
                  --to-index C1,C2  also carry these added scalar columns in the index, for --where filters
                                  (rewrites the index files, not the partitions)
                  --threads N     worker threads (default: all cores)
                  Each added column is written as one file beside each partition, aligned row by row; an id
                  of TABLE not in DATASET, or a column DATASET already has, is an error and nothing is
                  changed. Objects appended later get nulls unless their catalog has the columns.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("add-columns", argv, Set.of("on", "threads", "to-index"), Set.of("require-all"));
        List<String> pos = a.positionals(2, "DATASET", "TABLE");
        Path dataset = Path.of(pos.get(0));
        if (!a.has("on")) {
            throw new UsageException("add-columns", "--on C is required: the TABLE's column holding object ids");
        }
        int threads = a.intOption("threads", Runtime.getRuntime().availableProcessors(), 1, Integer.MAX_VALUE);
        if (!Files.isRegularFile(dataset.resolve("mmu_dataset.json"))) {
            throw new MmuInputException(dataset.toAbsolutePath() + ": not a local index-first dataset (no mmu_dataset.json)");
        }
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        DatasetUpdater updater = DatasetUpdater.builder().threads(threads).progress(progress).build();
        List<String> toIndex = a.has("to-index") ? List.of(a.get("to-index", "").split(",")).stream().map(String::trim)
                .filter(c -> !c.isEmpty()).toList() : List.of();
        DatasetUpdater.CommitSummary s = updater.addColumns(dataset, Path.of(pos.get(1)), a.get("on", null),
                a.flag("require-all"), toIndex);
        out.printf(Locale.ROOT, "committed version %d of %s: columns added to %,d objects; %d files, %s written; %.1f s%n",
                s.version(), s.dataset(), s.objects(), s.filesWritten(), Format.bytes(s.bytesWritten()), s.seconds());
        return 0;
    }
}
