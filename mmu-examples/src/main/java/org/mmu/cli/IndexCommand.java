package org.mmu.cli;

import org.mmu.core.CoordinateColumns;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.DataFormat;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.BuildSummary;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;

/** {@code mmu index INPUT OUTPUT}: builds an index-first dataset. */
final class IndexCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "build an index-first dataset from a catalog (CSV/Parquet), MMU v1 HDF5 or HATS";
    }

    @Override
    public String usage() {
        return """
                mmu index INPUT OUTPUT [--order K | --nside N] [--objects-per-group N] [--format parquet|hdf5] [--name NAME]
                  INPUT   a CSV file with a header, a Parquet file or directory, an MMU v1 survey, a HATS catalog,
                          or another index-first dataset
                  OUTPUT  the dataset directory to create (must not exist)
                  --order K               HEALPix order of the partitioning, 0..13 (default 4 = NSIDE 16, as MMU)
                  --nside N               the same as a power-of-two NSIDE
                  --objects-per-group N   maximum objects per data file (default 1000)
                  --format F              data partition format: parquet (default) or hdf5 (random access)
                  --name NAME             survey name (default: OUTPUT's directory name)
                  --id-column C           the object id column (CSV/Parquet catalogs and HATS; default object_id,
                                          for HATS the first of object_id, id, source_id)
                  --ra-column C --dec-column C
                                          catalog columns with the position in degrees (CSV/Parquet; default ra, dec)
                  --index-columns LIST    scalar columns to carry in the index too (e.g. mag_i,z), so that
                                          'load'/'xmatch' --where filters on them before matching
                  --threads N             worker threads (default: all cores)
                  --follow-links          allow local symbolic links that lead outside the input's directory
                  --lenient-positions     keep objects outside the HEALPix cell their MMU v1 file or HATS partition
                                          claims (default: an error naming them)""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("index", argv, Set.of("order", "nside", "objects-per-group", "format", "name", "id-column",
                "ra-column", "dec-column", "threads", "index-columns"), Set.of());
        List<String> pos = a.positionals(2, "INPUT", "OUTPUT");
        a.requireSafeOutputs(java.util.Map.of("OUTPUT", Path.of(pos.get(1))), List.of(pos.get(0)));
        if (a.has("order") && a.has("nside")) {
            throw new UsageException("index", "give --order or --nside, not both");
        }
        ConsoleProgress progress = new ConsoleProgress(err, Mmu.stderrIsTerminal());
        int threads = a.intOption("threads", Runtime.getRuntime().availableProcessors(), 1, Integer.MAX_VALUE);
        DatasetBuilder.Builder b = DatasetBuilder.builder().threads(threads).progress(progress)
                .objectsPerGroup(a.intOption("objects-per-group", DatasetBuilder.DEFAULT_OBJECTS_PER_GROUP, 1, Integer.MAX_VALUE))
                .format(formatOf(a))
                .name(a.get("name", null));
        if (a.has("index-columns")) {
            b.indexColumns(java.util.Arrays.stream(a.get("index-columns", "").split(",")).map(String::trim)
                    .filter(c -> !c.isEmpty()).toList());
        }
        if (a.has("nside")) {
            int nside = a.intOption("nside", 16, 1, 1 << DatasetBuilder.MAX_ORDER);
            if (Integer.bitCount(nside) != 1) {
                throw new UsageException("index", "--nside must be a power of two (1, 2, 4, ... " + (1 << DatasetBuilder.MAX_ORDER)
                        + "), got " + Args.quote(a.get("nside", "")));
            }
            b.nside(nside);
        } else {
            b.order(a.intOption("order", DatasetBuilder.DEFAULT_ORDER, 0, DatasetBuilder.MAX_ORDER));
        }
        DatasetBuilder builder = b.build();
        Path output = Path.of(pos.get(1));
        BuildSummary s;
        try (MmuDataset src = openSource(a, pos.get(0), threads, progress)) {
            s = builder.build(src, output);
        }
        out.printf(Locale.ROOT, "built %s: %,d objects in %,d HEALPix cells, %,d partitions; index %s, data %s; %.1f s%n",
                s.output(), s.objects(), s.healpixCells(), s.partitions(), Format.bytes(s.indexBytes()),
                Format.bytes(s.dataBytes()), s.seconds());
        return 0;
    }

    /**
     * The input of {@code index} and {@code export}: a CSV/Parquet catalog with the columns
     * {@code --id-column}/{@code --ra-column}/{@code --dec-column} name, or any survey
     * {@code MmuDatasets} opens (whose coordinate columns are known).
     */
    static MmuDataset openSource(Args a, String input, int threads, ConsoleProgress progress) {
        LoadOptions options = a.withInputPolicies(LoadOptions.builder().threads(threads).progress(progress)
                .idColumn(a.get("id-column", null)).build());
        if (MmuDatasets.detectLayout(input, options) == DatasetLayout.CATALOG) {
            CoordinateColumns cols = new CoordinateColumns(a.get("id-column", "object_id"),
                    a.get("ra-column", "ra"), a.get("dec-column", "dec"));
            OpenContext ctx = new OpenContext(threads, Math.max(4, 2 * threads), progress);
            return CatalogDatasets.open(Path.of(input), datasetName(Path.of(input)), cols, ctx);
        }
        if (a.has("ra-column") || a.has("dec-column")) {
            throw new UsageException(a.command(), "--ra-column/--dec-column apply to CSV/Parquet catalogs; "
                    + input + " is a survey whose coordinate columns are known");
        }
        return MmuDatasets.load(input, options);
    }

    private static DataFormat formatOf(Args a) {
        try {
            return DataFormat.fromLabel(a.get("format", "parquet").toLowerCase(Locale.ROOT));
        } catch (org.mmu.core.MmuInputException e) {
            throw new UsageException("index", "--format: " + e.getMessage());
        }
    }

    private static String datasetName(Path p) {
        String n = p.toAbsolutePath().getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
