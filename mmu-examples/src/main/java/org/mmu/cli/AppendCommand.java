package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.mmu.DatasetUpdater;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;

/** {@code mmu append DATASET CATALOG}: adds objects to an index-first dataset as a new version. */
final class AppendCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "add new objects to an index-first dataset, as a new version (no existing file is rewritten)";
    }

    @Override
    public String usage() {
        return """
                mmu append DATASET CATALOG [--replace] [--id-column C --ra-column C --dec-column C] [--threads N]
                  DATASET  a local index-first dataset (built by 'mmu index')
                  CATALOG  the new objects: a CSV file, a Parquet file or directory, or any dataset mmu reads,
                           holding every column of DATASET with the same types
                  --id-column C --ra-column C --dec-column C
                           CSV/Parquet catalogs: the id and position columns (default object_id, ra, dec)
                  --replace     an object whose id is already in DATASET supersedes the old one in the new
                                version (the partitions holding old ones and the index are written anew)
                  --threads N   worker threads (default: all cores)
                  Without --replace, an id already in DATASET is an error naming it; nothing is changed then. Of two writers
                  committing at once, one fails and changes nothing; run it again.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("append", argv, Set.of("id-column", "ra-column", "dec-column", "threads"), Set.of("replace"));
        List<String> pos = a.positionals(2, "DATASET", "CATALOG");
        Path dataset = Path.of(pos.get(0));
        int threads = a.intOption("threads", Runtime.getRuntime().availableProcessors(), 1, Integer.MAX_VALUE);
        if (!Files.isRegularFile(dataset.resolve("mmu_dataset.json"))) {
            throw new MmuInputException(dataset.toAbsolutePath() + ": not a local index-first dataset (no mmu_dataset.json)");
        }
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        LoadOptions options = a.withInputPolicies(LoadOptions.builder().threads(threads).progress(progress)
                .idColumn(a.get("id-column", null)).build());
        DatasetUpdater updater = DatasetUpdater.builder().threads(threads).progress(progress).build();
        DatasetUpdater.CommitSummary s;
        try (MmuDataset src = open(pos.get(1), a, options)) {
            s = updater.append(dataset, src, a.flag("replace"));
        }
        out.printf(Locale.ROOT, "committed version %d of %s: %,d objects appended (%,d in all); %d files, %s written;"
                + " %.1f s%n", s.version(), s.dataset(), s.objectsAdded(), s.objects(), s.filesWritten(),
                Format.bytes(s.bytesWritten()), s.seconds());
        return 0;
    }

    private static MmuDataset open(String location, Args a, LoadOptions options) {
        if (MmuDatasets.detectLayout(location, options) == DatasetLayout.CATALOG) {
            return MmuDatasets.loadCatalog(Path.of(location), new CoordinateColumns(a.get("id-column", "object_id"),
                    a.get("ra-column", "ra"), a.get("dec-column", "dec")), options);
        }
        if (a.has("ra-column") || a.has("dec-column")) {
            throw new UsageException("append", "--ra-column/--dec-column apply to CSV/Parquet catalogs; " + location
                    + " is a survey whose coordinate columns are known");
        }
        return MmuDatasets.load(location, options);
    }
}
