package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.mmu.DatasetUpdater;

/** {@code mmu vacuum DATASET --keep N}: deletes what no kept version of a dataset references. */
final class VacuumCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "delete the versions of an index-first dataset older than the latest N, and files none of those references";
    }

    @Override
    public String usage() {
        return """
                mmu vacuum DATASET --keep N
                  DATASET   a local index-first dataset
                  --keep N  versions to keep, the latest N (required, >= 1)
                  Also deletes files that writers killed before committing left behind. Run it when no
                  other writer is committing to DATASET.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("vacuum", argv, Set.of("keep"), Set.of());
        Path dataset = Path.of(a.positionals(1, "DATASET").get(0));
        if (!a.has("keep")) {
            throw new UsageException("vacuum", "--keep N is required (the latest N versions are kept, N >= 1)");
        }
        int keep = a.intOption("keep", 1, 1, Integer.MAX_VALUE);
        DatasetUpdater.VacuumSummary s = DatasetUpdater.builder().build().vacuum(dataset, keep);
        out.printf(Locale.ROOT, "vacuumed %s: kept versions %s, removed versions %s; deleted %d files, %s%n", s.dataset(),
                s.keptVersions(), s.removedVersions(), s.filesDeleted(), Format.bytes(s.bytesDeleted()));
        return 0;
    }
}
