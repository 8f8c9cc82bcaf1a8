package org.mmu.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.validate.DatasetValidator;
import org.mmu.ValidationReport;

/** {@code mmu validate DATASET}: every consistency check, every problem named. Exit 1 on errors. */
final class ValidateCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "check a dataset: columns, coordinates, unique ids, index vs partitions (rows, sizes, values)";
    }

    @Override
    public String usage() {
        return """
                mmu validate DATASET [--deep] [--lenient-positions]
                  DATASET  any dataset mmu reads; prints each check and each problem; exit status 1 when errors are found
                  --deep   also verify every byte of every file against its checksum (index-first 1.1) or
                           fingerprint (MMU v1, HATS: see mmu fingerprint) and decode every value
                  --follow-links  allow local symbolic links that lead outside the dataset's directory
                  --lenient-positions  objects outside the HEALPix cell their file claims are warnings, not errors""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("validate", argv, Set.of(), Set.of("deep"));
        String location = a.positionals(1, "DATASET").get(0);
        try (MmuDataset ds = MmuDatasets.load(location, a.withInputPolicies(org.mmu.LoadOptions.defaults()))) {
            ValidationReport r = DatasetValidator.validate(ds, a.flag("deep"));
            out.println("validate " + r.dataset());
            if (ds instanceof PartitionedDataset pd) {
                out.println("  reads: " + pd.verification());
            }
            for (String c : r.checks()) {
                out.println("  check: " + c);
            }
            for (ValidationReport.Problem p : r.problems()) {
                out.println("  " + p);
            }
            out.println(r.ok() ? "OK (" + r.warnings() + " warnings)" : "FAILED: " + r.errors() + " errors, " + r.warnings() + " warnings");
            return r.ok() ? 0 : 1;
        }
    }
}
