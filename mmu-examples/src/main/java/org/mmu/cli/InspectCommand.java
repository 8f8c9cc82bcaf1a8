package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.mmu.MmuDatasets;
import org.mmu.core.ColumnSpec;
import org.mmu.cli.sky.MocFile;
import org.mmu.cli.sky.MollweidePlot;
import org.mmu.cli.sky.SkyCounts;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.PartitionRef;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.indexfirst.DatasetVersions;
import org.mmu.internal.indexfirst.Manifest;

/** {@code mmu inspect DATASET}: what a dataset holds, read from metadata only. */
final class InspectCommand implements Mmu.Command {
    static final int DEFAULT_SKY_ORDER = 6;
    static final int MAX_SKY_ORDER = 13;

    @Override
    public String summary() {
        return "show what a dataset holds (layout, objects, partitions, columns) from its metadata";
    }

    @Override
    public String usage() {
        return """
                mmu inspect DATASET [--version N] [--plot COVERAGE.png] [--moc COVERAGE.fits] [--order K] [--overwrite]
                  DATASET      an index-first dataset, MMU v1 survey, HATS catalog, or CSV/Parquet catalog (path or URL);
                               an index-first dataset's versions are listed
                  --version N  describe version N of an index-first dataset (default: the latest)
                  --plot FILE  draw the sky coverage (Mollweide, HEALPix cells shaded by object count) as PNG
                  --moc FILE   write the IVOA MOC 2.0 (FITS) of the cells holding objects (Aladin, TOPCAT, mocpy)
                  --order K    HEALPix order of the plot and MOC cells (default 6, ~0.9 deg; 0..13)
                  Both read the dataset's index (positions only), never its data files.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("inspect", argv, Set.of("plot", "moc", "order", "version"), Set.of("overwrite"));
        String location = a.positionals(1, "DATASET").get(0);
        int order = a.intOption("order", DEFAULT_SKY_ORDER, 0, MAX_SKY_ORDER);
        boolean overwrite = a.flag("overwrite");
        Path plot = a.has("plot") ? Path.of(a.get("plot", "")) : null;
        Path moc = a.has("moc") ? Path.of(a.get("moc", "")) : null;
        for (Path p : new Path[] {plot, moc}) {
            if (p != null && !overwrite && Files.exists(p)) {
                throw new MmuInputException(p.toAbsolutePath() + ": output already exists (remove it or pass --overwrite)");
            }
        }
        try (MmuDataset ds = MmuDatasets.load(location,
                VersionArgs.apply(a, "inspect", a.withInputPolicies(org.mmu.LoadOptions.defaults())))) {
            out.println("dataset:    " + ds.name());
            out.println("location:   " + ds.location());
            out.println("layout:     " + ds.layout().label());
            out.printf(Locale.ROOT, "objects:    %,d%n", ds.size());
            List<PartitionRef> parts = ds.partitions();
            boolean sizesKnown = parts.stream().allMatch(p -> p.bytes() >= 0);
            long bytes = parts.stream().mapToLong(p -> Math.max(0, p.bytes())).sum();
            long cells = parts.stream().filter(PartitionRef::isSkyPartitioned).map(p -> p.order() + "/" + p.healpix())
                    .distinct().count();
            out.printf(Locale.ROOT, "partitions: %,d files, %s, %,d HEALPix cells%n", parts.size(),
                    sizesKnown ? Format.bytes(bytes) : "sizes not in the metadata", cells);
            if (ds instanceof PartitionedDataset pd) {
                for (Map.Entry<String, Object> e : pd.descriptor().properties().entrySet()) {
                    out.printf("  %-20s %s%n", e.getKey(), e.getValue());
                }
                out.println("reads:      " + pd.verification() + verificationHint(pd));
                var c = pd.descriptor().coordinates();
                out.println("coordinates: id=" + c.id() + " ra=" + c.ra() + " dec=" + c.dec());
                if (ds.layout() == org.mmu.core.DatasetLayout.INDEX_FIRST) {
                    out.println("versions:");
                    for (Manifest m : DatasetVersions.list(pd.storage())) {
                        out.printf(Locale.ROOT, "  %-6d %-26s %,14d objects  %s%n", m.version(),
                                m.revision().committedAt().isEmpty() ? "-" : m.revision().committedAt(), m.rowCount(),
                                m.revision().operation());
                    }
                }
            }
            out.println("columns:");
            for (ColumnSpec c : ds.schema()) {
                out.printf("  %-24s %s%n", c.name(), c.typeString());
            }
            if (plot != null || moc != null) {
                SkyCounts counts = SkyCounts.of(ds.index(), order);
                out.printf(Locale.ROOT, "coverage:   %,d order-%d cells, %.4f%% of the sky%n", counts.cellCount(), order,
                        100 * counts.skyFraction());
                if (plot != null) {
                    MollweidePlot.coverage(counts, ds.name() + ": " + String.format(Locale.ROOT, "%,d objects", ds.size()),
                            plot, overwrite);
                    out.println("wrote coverage plot " + plot);
                }
                if (moc != null) {
                    MocFile.write(counts, moc, overwrite, ds.name());
                    out.println("wrote MOC " + moc);
                }
            }
        }
        return 0;
    }

    /** What an unverified input could do about it. */
    private static String verificationHint(PartitionedDataset pd) {
        if (!pd.verification().equals(org.mmu.internal.storage.Storage.UNVERIFIED)) {
            return "";
        }
        return switch (pd.layout()) {
            case MMU_V1_HDF5, HATS -> " (no checksums: only positions outside their HEALPix cell are caught;"
                    + (pd.location().contains("://") ? " files are pinned by ETag while read" : " 'mmu fingerprint "
                            + pd.location() + "' records one") + ")";
            case INDEX_FIRST -> " (format 1.0: no checksums; 'mmu index OLD NEW' rebuilds it as 1.1)";
            default -> "";
        };
    }
}
