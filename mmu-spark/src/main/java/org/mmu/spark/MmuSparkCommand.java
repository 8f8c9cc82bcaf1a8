package org.mmu.spark;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mmu.LoadReport;
import org.mmu.cli.SparkCommandLine;
import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.output.AtomicFiles;
import org.mmu.internal.output.TableWriters;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.internal.UnionFind;

/**
 * {@code mmu-spark xmatch|load}: the {@code mmu} commands of the same names (same flags, outputs
 * and report keys, docs/cli.md) with the match — and for {@code load} the row fetching — run on
 * Spark, plus {@code --master URL} (default {@code local[*]}, or spark-submit's master).
 * Rows come in the regions API's streamed order (by sky region); see docs/spark.md.
 */
public final class MmuSparkCommand {
    static final String TOOL = "mmu-spark";
    private static final String XMATCH_USAGE = """
            mmu-spark xmatch LEFT RIGHT --radius-arcsec R [--mode M] [--join J] [--groups] --out PAIRS.csv [--report REPORT.json] [--master URL]
              as 'mmu xmatch' (two datasets), matched on Spark; --master: local[*] (default), local[N],
              local-cluster[W,C,MB], spark://HOST:PORT, yarn; --report: the load report's keys that apply, and the tasks
            """ + SparkCommandLine.MATCH_USAGE;
    private static final String LOAD_USAGE = """
            mmu-spark load LEFT RIGHT --radius-arcsec R [--mode M] [--columns c1,c2] --out OUT --report REPORT.json [--master URL]
              as 'mmu load' (two datasets), matched and fetched on Spark; OUT.parquet or OUT.jsonl
            """ + SparkCommandLine.MATCH_USAGE;

    private MmuSparkCommand() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        // stop Spark before exiting: a cluster's executors end cleanly instead of being killed (and
        // relaunched by their workers) while this JVM shuts down
        scala.Option<SparkSession> session = SparkSession.getDefaultSession();
        if (session.isDefined()) {
            session.get().stop();
        }
        System.exit(status);
    }

    /** Runs one command line; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !(args[0].equals("xmatch") || args[0].equals("load"))) {
            PrintStream to = args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? out : err;
            to.println("Usage: mmu-spark xmatch|load ... (the flags of mmu xmatch|load, plus --master URL)");
            to.println();
            to.println(XMATCH_USAGE);
            to.println(LOAD_USAGE);
            return to == out ? 0 : 2;
        }
        String command = args[0];
        String usage = command.equals("xmatch") ? XMATCH_USAGE : LOAD_USAGE;
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(usage);
            return 0;
        }
        return SparkCommandLine.run(TOOL, command, usage, err,
                () -> command.equals("xmatch") ? xmatch(rest, out, err) : load(rest, out, err));
    }

    private static int xmatch(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        SparkCommandLine a = SparkCommandLine.parse("xmatch", argv, Set.of("report"), Set.of("groups", "overwrite"));
        List<String> pos = a.positionals(2, 2, "LEFT", "RIGHT");
        Path output = Path.of(a.required("out"));
        Path reportFile = a.has("report") ? Path.of(a.get("report", "")) : null;
        boolean overwrite = a.flag("overwrite");
        refuseExisting(reportFile == null ? List.of(output) : List.of(output, reportFile), overwrite);
        long t0 = System.nanoTime();
        Map<String, Double> stages = new LinkedHashMap<>();
        List<MmuDataset> opened = pos.stream().map(OpenDatasets::get).toList();
        stages.put("open", seconds(t0));
        long t = System.nanoTime();
        SparkSession spark = session(a, "mmu-spark xmatch");
        CrossMatch spec = a.crossMatch("xmatch", opened.stream().map(MmuDataset::name).toList());
        MatchSpec unplanned = MatchSpec.of(pos.get(0), pos.get(1), spec, 0, 0);
        RegionContext ctx = RegionContext.get(unplanned); // opens both indices
        stages.put("index", seconds(t));
        t = System.nanoTime();
        MatchSpec planned = SparkCrossMatch.planned(spark, unplanned);
        stages.put("plan", seconds(t));
        SparkCrossMatch.TaskMetrics metrics = reportFile == null ? null : SparkCrossMatch.TaskMetrics.register(spark);
        t = System.nanoTime();
        List<Row> rows = SparkCrossMatch.pairs(spark, planned, metrics).collectAsList();
        stages.put("match", seconds(t));
        List<Column> cols = new ArrayList<>();
        cols.add(ids("left_object_id", rows, 0, ctx.indices.get(0).ids().type()));
        cols.add(ids("right_object_id", rows, 1, ctx.indices.get(1).ids().type()));
        double[] sep = new double[rows.size()];
        for (int i = 0; i < sep.length; i++) {
            sep[i] = rows.get(i).isNullAt(2) ? Double.NaN : rows.get(i).getDouble(2);
        }
        cols.add(Column.of("separation_arcsec", sep));
        if (a.flag("groups")) {
            int[][] g = groups(rows, ctx, 3, 5);
            cols.add(Column.of("group_id", g[0]));
            cols.add(Column.of("group_size", g[1]));
        }
        TableWriters.writeCsv(RowBatch.of(cols), output, overwrite, 9);
        err.printf(Locale.ROOT, "%d pairs on %s in %.2f s%n", rows.size(), spark.sparkContext().master(), seconds(t0));
        if (reportFile != null) {
            // pairs hold each side's partition and row from column 3; a crossmatch fetches no data rows
            LoadReport report = report(spec, opened, ctx, rows, 3, false, metrics, seconds(t0), stages);
            writeReport(reportFile, overwrite, report, metrics, ctx);
            err.println(report.summary());
            out.println("wrote " + rows.size() + " rows to " + output + ", report to " + reportFile);
        } else {
            out.println("wrote " + rows.size() + " rows to " + output);
        }
        return 0;
    }

    private static int load(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        SparkCommandLine a = SparkCommandLine.parse("load", argv, Set.of("columns", "report"), Set.of("overwrite"));
        List<String> pos = a.positionals(2, 2, "LEFT", "RIGHT");
        Path output = Path.of(a.required("out"));
        Path reportFile = Path.of(a.required("report"));
        String lower = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".parquet") && !lower.endsWith(".jsonl")) {
            throw SparkCommandLine.usageError("load", "--out must end in .parquet or .jsonl, got " + output);
        }
        boolean overwrite = a.flag("overwrite");
        refuseExisting(List.of(output, reportFile), overwrite);
        long t0 = System.nanoTime();
        Map<String, Double> stages = new LinkedHashMap<>();
        List<MmuDataset> opened = pos.stream().map(OpenDatasets::get).toList();
        stages.put("open", seconds(t0));

        long t = System.nanoTime();
        SparkSession spark = session(a, "mmu-spark load");
        CrossMatch spec = a.crossMatch("load", opened.stream().map(MmuDataset::name).toList());
        MatchSpec unplanned = MatchSpec.of(pos.get(0), pos.get(1), spec, 0, 0);
        RegionContext.get(unplanned); // opens both indices
        stages.put("index", seconds(t));
        t = System.nanoTime();
        MatchSpec planned = SparkCrossMatch.planned(spark, unplanned);
        RegionContext ctx = RegionContext.get(planned);
        double planSeconds = seconds(t); // the sky regions; each task plans its own rows' fetch

        List<List<String>> columns = columns(a, opened, spec);
        SparkCrossMatch.TaskMetrics metrics = SparkCrossMatch.TaskMetrics.register(spark);
        t = System.nanoTime();
        List<Row> rows = SparkCrossMatch.load(spark, planned, columns, metrics).collectAsList();
        double job = seconds(t);
        double m = metrics.matchSeconds().sum();
        double f = metrics.fetchSeconds().sum();
        // match and fetch run inside the same tasks: the job's wall time is split as their task time is
        stages.put("match", m + f > 0 ? job * m / (m + f) : 0);
        stages.put("plan", planSeconds);
        stages.put("fetch", m + f > 0 ? job * f / (m + f) : 0);

        List<ColumnSpec> specs = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            for (ColumnSpec c : opened.get(s).schema().select(columns.get(s))) {
                specs.add(c.withName(spec.surveys().get(s) + "_" + c.name()));
            }
        }
        specs.add(ColumnSpec.scalar("separation_arcsec", DType.FLOAT64));
        RowBatch table = SparkRows.toBatch(rows, specs);
        TableWriters.write(table, output, overwrite);
        LoadReport report = report(spec, opened, ctx, rows, specs.size(), true, metrics, seconds(t0), stages);
        writeReport(reportFile, overwrite, report, metrics, ctx);
        err.println(report.summary());
        out.println("wrote " + rows.size() + " rows to " + output + ", report to " + reportFile);
        return 0;
    }

    /** As {@code mmu load}: columns given for all surveys, each survey keeping those it has. */
    private static List<List<String>> columns(SparkCommandLine a, List<MmuDataset> opened, CrossMatch spec) {
        List<List<String>> out = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            List<String> all = opened.get(s).schema().names();
            if (!a.has("columns")) {
                out.add(all);
                continue;
            }
            List<String> asked = Arrays.stream(a.get("columns", "").split(",")).map(String::trim).filter(c -> !c.isEmpty())
                    .toList();
            List<String> present = asked.stream().filter(all::contains).toList();
            if (present.isEmpty()) {
                throw new MmuInputException("survey '" + spec.surveys().get(s) + "' has none of the columns " + asked
                        + "; its columns are " + all);
            }
            out.add(present);
        }
        return out;
    }

    /** The report file: the SDK's report, plus the tasks' keys ({@link TaskReport}). */
    private static void writeReport(Path file, boolean overwrite, LoadReport report, SparkCrossMatch.TaskMetrics metrics,
            RegionContext ctx) throws java.io.IOException {
        // today the driver loads both whole indices to plan the regions
        long[] driverIndexRows = {ctx.indices.get(0).size(), ctx.indices.get(1).size()};
        String json = TaskReport.json(report, metrics.tasks().value(), driverIndexRows);
        AtomicFiles.write(file, overwrite, tmp -> Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8));
    }

    /**
     * The SDK's report of a run: rows hold each side's partition and row from column
     * {@code firstLocation} on; {@code fetched} when the run read the matched rows' data (a load).
     */
    private static LoadReport report(CrossMatch spec, List<MmuDataset> opened, RegionContext ctx, List<Row> rows,
            int firstLocation, boolean fetched, SparkCrossMatch.TaskMetrics metrics, double seconds,
            Map<String, Double> stages) {
        // every executor's reads, and the driver's own (opening, index); a local master's executor is the driver
        List<ReadSnapshot> snapshots = new ArrayList<>(metrics.reads().value());
        for (MmuDataset ds : opened) {
            snapshots.add(ReadSnapshot.of("driver", ds.location(), ds));
        }
        Map<String, ReadSnapshot> reads = ReadSnapshot.totals(snapshots);
        Map<String, LoadReport.Survey> per = new LinkedHashMap<>();
        long index = 0;
        long bytes = 0;
        long requests = 0;
        long total = 0;
        long read = 0;
        long decoded = 0;
        for (int s = 0; s < 2; s++) {
            MmuDataset ds = opened.get(s);
            ReadSnapshot all = reads.get(ds.location());
            Set<Long> objects = new HashSet<>();
            Set<Integer> partitions = new HashSet<>();
            int col = firstLocation + 2 * s;
            for (Row r : rows) {
                if (!r.isNullAt(col)) {
                    partitions.add(r.getInt(col));
                    objects.add(((long) r.getInt(col) << 32) | (r.getInt(col + 1) & 0xffffffffL));
                }
            }
            String storage = ds instanceof PartitionedDataset pd ? pd.storage().scheme() : "unknown";
            per.put(spec.surveys().get(s), new LoadReport.Survey(ds.size(), objects.size(), all.indexBytes(),
                    all.dataBytes(), all.requests(), ds.partitions().size(), fetched ? partitions.size() : 0, all.rowsRead(),
                    all.rowLevelReads(), all.wholeReads(), all.noPageIndexFiles(), all.cacheHits(), storage,
                    ds instanceof PartitionedDataset pd ? pd.verification() : "unverified",
                    ds instanceof PartitionedDataset pd ? pd.positionsTolerated() : 0));
            index += all.indexBytes();
            bytes += all.indexBytes() + all.dataBytes();
            requests += all.requests();
            total += ds.partitions().size();
            read += fetched ? partitions.size() : 0;
            decoded += all.rowsRead();
        }
        var c = ctx.spec.criteria();
        return new LoadReport(spec.surveys(), c.mode().label(), c.radiusArcsec(), index, bytes, requests, total, read,
                decoded, rows.size(), seconds, stages, per);
    }

    private static SparkSession session(SparkCommandLine a, String app) {
        String master = a.has(SparkCommandLine.MASTER) ? a.get(SparkCommandLine.MASTER, "")
                : System.getProperty("spark.master", "local[*]"); // spark-submit passes its --master this way
        return MmuSpark.localSession(master, app);
    }

    private static void refuseExisting(List<Path> outputs, boolean overwrite) {
        for (Path p : outputs) {
            if (!overwrite && Files.exists(p)) {
                throw new MmuInputException(p.toAbsolutePath() + ": output already exists (remove it or pass --overwrite)");
            }
        }
    }

    private static Column ids(String name, List<Row> rows, int field, org.mmu.core.IdType type) {
        boolean longs = type == org.mmu.core.IdType.INT64;
        ColumnBuilder b = new ColumnBuilder(ColumnSpec.scalar(name, longs ? DType.INT64 : DType.STRING), rows.size());
        for (Row r : rows) {
            if (r.isNullAt(field)) {
                b.appendNull();
            } else if (longs) {
                b.appendLong(r.getLong(field));
            } else {
                b.appendString(r.getString(field));
            }
        }
        return b.build();
    }

    /**
     * Connected groups of the result rows, numbered from 0 in order of first appearance (as the
     * engine numbers them): objects are nodes, a row joins its two objects.
     */
    private static int[][] groups(List<Row> rows, RegionContext ctx, int leftPartition, int rightPartition) {
        int nLeft = ctx.indices.get(0).size();
        UnionFind uf = new UnionFind(nLeft + ctx.indices.get(1).size());
        int[] node = new int[rows.size()];
        for (int i = 0; i < node.length; i++) {
            Row r = rows.get(i);
            int l = r.isNullAt(leftPartition) ? -1
                    : ctx.locator(0).position(r.getInt(leftPartition), r.getInt(leftPartition + 1));
            int k = r.isNullAt(rightPartition) ? -1
                    : nLeft + ctx.locator(1).position(r.getInt(rightPartition), r.getInt(rightPartition + 1));
            if (l >= 0 && k >= 0) {
                uf.union(l, k);
            }
            node[i] = l >= 0 ? l : k;
        }
        return uf.groupsOf(node);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
