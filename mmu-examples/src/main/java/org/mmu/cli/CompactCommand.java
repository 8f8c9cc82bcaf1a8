package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.mmu.DatasetUpdater;

/** {@code mmu compact DATASET}: balanced groups again after appends, as a new version. */
final class CompactCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "rewrite an index-first dataset fragmented by appends into balanced files, as a new version";
    }

    @Override
    public String usage() {
        return """
                mmu compact DATASET [--threads N]
                  DATASET     a local index-first dataset
                  --threads N worker threads (default: all cores)
                  When appends have cut a cell into more files than its objects need, rewrites the latest
                  version (every cell) as a new version of balanced files; objects keep their cells and
                  values. Older versions stay readable until 'mmu vacuum'. Nothing to do: no new version.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("compact", argv, Set.of("threads"), Set.of());
        Path dataset = Path.of(a.positionals(1, "DATASET").get(0));
        int threads = a.intOption("threads", Runtime.getRuntime().availableProcessors(), 1, Integer.MAX_VALUE);
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        Optional<DatasetUpdater.CommitSummary> s = DatasetUpdater.builder().threads(threads).progress(progress).build()
                .compact(dataset);
        if (s.isEmpty()) {
            out.println("nothing to compact in " + dataset.toAbsolutePath().normalize() + ": every cell is balanced");
        } else {
            DatasetUpdater.CommitSummary c = s.get();
            out.printf(Locale.ROOT, "committed version %d of %s: %,d objects in %d files, %s written; %.1f s%n",
                    c.version(), c.dataset(), c.objects(), c.filesWritten(), Format.bytes(c.bytesWritten()), c.seconds());
        }
        return 0;
    }
}
