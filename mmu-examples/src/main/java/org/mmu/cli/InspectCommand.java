package org.mmu.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.mmu.MmuDatasets;
import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuDataset;
import org.mmu.core.PartitionRef;
import org.mmu.io.dataset.PartitionedDataset;

/** {@code mmu inspect DATASET}: what a dataset holds, read from metadata only. */
final class InspectCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "show what a dataset holds (layout, objects, partitions, columns) from its metadata";
    }

    @Override
    public String usage() {
        return """
                mmu inspect DATASET
                  DATASET  an index-first dataset, MMU v1 survey, HATS catalog, or CSV/Parquet catalog (path or URL)""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("inspect", argv, Set.of(), Set.of());
        String location = a.positionals(1, "DATASET").get(0);
        try (MmuDataset ds = MmuDatasets.load(location, a.withLinkPolicy(org.mmu.LoadOptions.defaults()))) {
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
                var c = pd.descriptor().coordinates();
                out.println("coordinates: id=" + c.id() + " ra=" + c.ra() + " dec=" + c.dec());
            }
            out.println("columns:");
            for (ColumnSpec c : ds.schema()) {
                out.printf("  %-24s %s%n", c.name(), c.typeString());
            }
        }
        return 0;
    }
}
