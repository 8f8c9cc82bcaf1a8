package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.mmu.HatsAssociations;
import org.mmu.LoadOptions;

/** {@code mmu xmatch LEFT RIGHT --format hats-association --out DIR}: the pairs as a HATS association catalog. */
final class HatsAssociationOutput {
    static final String FORMAT = "hats-association";

    private HatsAssociationOutput() {
    }

    static int run(Args a, List<String> pos, Path output, LoadOptions options, PrintStream out, PrintStream err) {
        String format = a.get("format", "");
        if (!format.equals(FORMAT)) {
            throw new UsageException("xmatch", "--format must be " + FORMAT + " (CSV and Parquet follow from --out's "
                    + "suffix), got " + format);
        }
        if (pos.size() != 2) {
            throw new UsageException("xmatch", "--format " + FORMAT + " pairs two datasets, got " + pos.size());
        }
        if (a.flag("groups")) {
            throw new UsageException("xmatch", "--groups does not apply to --format " + FORMAT);
        }
        MatchArgs.crossMatch(a, "xmatch", pos, options, (m, report) -> {
            long n = HatsAssociations.write(m, output, a.flag("overwrite"));
            err.println(report.summary());
            out.println("wrote " + n + " pairs to the HATS association catalog " + output);
        });
        return 0;
    }
}
