package org.mmu.spark;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
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
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.IdType;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.output.AtomicFiles;
import org.mmu.internal.output.TableSink;
import org.mmu.internal.output.TableSinks;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.RegionalMatcher;
import org.apache.spark.sql.types.StructType;

/**
 * {@code mmu-spark xmatch|load}: the {@code mmu} commands of the same names (same flags, outputs
 * and report keys, docs/cli.md) with the match — and for {@code load} the row fetching — run on
 * Spark, plus {@code --master URL} (default {@code local[*]}, or spark-submit's master).
 * Rows come in the regions API's streamed order (by sky region); see docs/spark.md.
 */
public final class MmuSparkCommand {
    static final String TOOL = "mmu-spark";
    private static final String XMATCH_USAGE = """
            mmu-spark xmatch LEFT RIGHT [MORE...] --radius-arcsec R [--mode M] [--join J] [--groups] --out PAIRS.csv|PAIRS.parquet [--report REPORT.json] [--master URL]
              as 'mmu xmatch', matched on Spark (no --error-columns); --master: local[*] (default), local[N],
              local-cluster[W,C,MB], spark://HOST:PORT, yarn; --report: the load report's keys that apply, and the tasks
            """ + SparkCommandLine.MATCH_USAGE;
    private static final String LOAD_USAGE = """
            mmu-spark load LEFT RIGHT [MORE...] --radius-arcsec R [--mode M] [--columns c1,c2] --out OUT --report REPORT.json [--master URL]
              as 'mmu load', matched and fetched on Spark (no --error-columns); OUT.parquet, .arrow, .csv or .jsonl
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
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("Usage: mmu-spark xmatch|load ... (the flags of mmu xmatch|load, plus --master URL)");
            out.println();
            out.println(XMATCH_USAGE);
            out.println(LOAD_USAGE);
            return 0;
        }
        if (args.length == 0 || !(args[0].equals("xmatch") || args[0].equals("load"))) {
            err.println(TOOL + ": error: " + (args.length == 0 ? "no command" : "unknown command '" + args[0] + "'")
                    + "; commands are xmatch, load");
            err.println("see '" + TOOL + " --help'");
            return 2;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(command.equals("xmatch") ? XMATCH_USAGE : LOAD_USAGE);
            return 0;
        }
        return SparkCommandLine.run(TOOL, command, err,
                () -> command.equals("xmatch") ? xmatch(rest, out, err) : load(rest, out, err));
    }

    private static int xmatch(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        SparkCommandLine a = SparkCommandLine.parse("xmatch", argv, Set.of("report"), Set.of("groups", "overwrite"));
        List<String> pos = a.positionals(2, 16, "LEFT", "RIGHT", "[MORE...]");
        Path output = Path.of(a.required("out"));
        Path reportFile = a.has("report") ? Path.of(a.get("report", "")) : null;
        boolean overwrite = a.flag("overwrite");
        boolean groups = a.flag("groups");
        refuseExisting(reportFile == null ? List.of(output) : List.of(output, reportFile), overwrite);
        long t0 = System.nanoTime();
        Map<String, Double> stages = new LinkedHashMap<>();
        List<MmuDataset> opened = pos.stream().map(OpenDatasets::get).toList();
        stages.put("open", seconds(t0));
        SparkSession spark = session(a, "mmu-spark xmatch");
        CrossMatch spec = a.crossMatch("xmatch", opened.stream().map(MmuDataset::name).toList());
        TaskMetrics metrics = reportFile == null ? null : TaskMetrics.register(spark);
        MmuSpark.Prepared p = MmuSpark.prepare(spark, pos, spec, false, null, null, groups, metrics);
        stages.put("index", p.planned().indexSeconds());
        stages.put("plan", p.planned().planSeconds());
        long t = System.nanoTime();
        int ns = spec.surveys().size();
        List<ColumnSpec> specs = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            specs.add(ColumnSpec.scalar(CrossMatchTable.prefix(p.table().match(), s) + "object_id",
                    p.planned().idTypes().get(s) == IdType.INT64 ? DType.INT64 : DType.STRING));
        }
        for (String sep : CrossMatchTable.separationNames(p.table().match())) {
            specs.add(ColumnSpec.scalar(sep, DType.FLOAT64));
        }
        Matched matched = new Matched(opened, p.table().schema(), s -> CrossMatchTable.prefix(p.table().match(), s));
        RegionalMatcher.GroupNumbering numbering = groups ? new RegionalMatcher.GroupNumbering() : null;
        long rows = 0;
        try (TableSink w = TableSinks.openPairs(output, schemaWithGroups(specs, groups), overwrite)) {
            Iterator<Row> it = new OrderedRows(p.frame(), spark.sparkContext().defaultParallelism());
            int region = -1;
            int[] globalOfLocal = new int[16];
            int locals = 0;
            while (it.hasNext()) {
                List<Row> chunk = new ArrayList<>();
                while (it.hasNext() && chunk.size() < CHUNK_ROWS) {
                    chunk.add(it.next());
                }
                RowBatch batch = SparkRows.toBatch(chunk, specs);
                matched.add(chunk);
                if (groups) {
                    int[] gid = new int[chunk.size()];
                    int[] gsize = new int[chunk.size()];
                    for (int i = 0; i < gid.length; i++) {
                        Row r = chunk.get(i);
                        if (r.getInt(r.fieldIndex("region")) != region) {
                            region = r.getInt(r.fieldIndex("region"));
                            locals = 0;
                        }
                        int local = r.getInt(r.fieldIndex("group_id"));
                        if (local == locals) { // a region's groups come in order of their first row
                            String key = r.getString(r.fieldIndex(TableSpec.HIDDEN + "group_key"));
                            if (locals == globalOfLocal.length) {
                                globalOfLocal = Arrays.copyOf(globalOfLocal, locals * 2);
                            }
                            globalOfLocal[locals++] = numbering.number(key,
                                    r.getBoolean(r.fieldIndex(TableSpec.HIDDEN + "group_starts")),
                                    r.getBoolean(r.fieldIndex(TableSpec.HIDDEN + "group_continues")));
                        }
                        gid[i] = globalOfLocal[local];
                        gsize[i] = r.getInt(r.fieldIndex("group_size"));
                    }
                    batch = batch.withColumns(List.of(Column.of("group_id", gid), Column.of("group_size", gsize)));
                }
                w.write(batch);
                rows += chunk.size();
            }
            w.commit();
        }
        stages.put("match", seconds(t));
        err.printf(Locale.ROOT, "%d rows on %s in %.2f s%n", rows, spark.sparkContext().master(), seconds(t0));
        if (reportFile != null) {
            LoadReport report = report(spec, opened, matched, false, metrics, rows, seconds(t0), stages);
            writeReport(reportFile, overwrite, report, metrics, p.planned().driverIndexRows());
            err.println(report.summary());
            out.println("wrote " + rows + " rows to " + output + ", report to " + reportFile);
        } else {
            out.println("wrote " + rows + " rows to " + output);
        }
        return 0;
    }

    /** Rows written per chunk: the driver holds one chunk and the regions in flight ({@link OrderedRows}). */
    private static final int CHUNK_ROWS = 1 << 14;

    private static Schema schemaWithGroups(List<ColumnSpec> specs, boolean groups) {
        List<ColumnSpec> all = new ArrayList<>(specs);
        if (groups) {
            all.add(ColumnSpec.scalar("group_id", DType.INT32));
            all.add(ColumnSpec.scalar("group_size", DType.INT32));
        }
        return Schema.of(all);
    }

    private static int load(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        SparkCommandLine a = SparkCommandLine.parse("load", argv, Set.of("columns", "report"), Set.of("overwrite"));
        List<String> pos = a.positionals(2, 16, "LEFT", "RIGHT", "[MORE...]");
        Path output = Path.of(a.required("out"));
        Path reportFile = Path.of(a.required("report"));
        if (!TableSinks.supports(output)) {
            throw SparkCommandLine.usageError("load", "--out must end in .parquet, .arrow, .csv or .jsonl, got " + output);
        }
        boolean overwrite = a.flag("overwrite");
        refuseExisting(List.of(output, reportFile), overwrite);
        long t0 = System.nanoTime();
        Map<String, Double> stages = new LinkedHashMap<>();
        List<MmuDataset> opened = pos.stream().map(OpenDatasets::get).toList();
        stages.put("open", seconds(t0));

        SparkSession spark = session(a, "mmu-spark load");
        CrossMatch spec = a.crossMatch("load", opened.stream().map(MmuDataset::name).toList());
        List<String> columns = a.has("columns")
                ? Arrays.stream(a.get("columns", "").split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList()
                : null;
        TaskMetrics metrics = TaskMetrics.register(spark);
        MmuSpark.Prepared p = MmuSpark.prepare(spark, pos, spec, true, columns, null, false, metrics);
        stages.put("index", p.planned().indexSeconds());
        double planSeconds = p.planned().planSeconds(); // the sky regions; each task plans its own rows' fetch

        List<ColumnSpec> specs = p.outputColumns();
        Matched matched = new Matched(opened, p.table().schema(), s -> CrossMatchTable.locationName(s, ""));
        long t = System.nanoTime();
        long rows = 0;
        try (TableSink sink = TableSinks.open(output, Schema.of(specs), overwrite)) {
            Iterator<Row> it = new OrderedRows(p.frame(), spark.sparkContext().defaultParallelism());
            while (it.hasNext()) {
                List<Row> chunk = new ArrayList<>();
                while (it.hasNext() && chunk.size() < CHUNK_ROWS) {
                    chunk.add(it.next());
                }
                sink.write(SparkRows.toBatch(chunk, specs));
                matched.add(chunk);
                rows += chunk.size();
            }
            sink.commit();
        }
        double job = seconds(t);
        double m = metrics.matchSeconds().sum();
        double f = metrics.fetchSeconds().sum();
        // match and fetch run inside the same tasks: the job's wall time is split as their task time is
        stages.put("match", m + f > 0 ? job * m / (m + f) : 0);
        stages.put("plan", planSeconds);
        stages.put("fetch", m + f > 0 ? job * f / (m + f) : 0);
        LoadReport report = report(spec, opened, matched, true, metrics, rows, seconds(t0), stages);
        writeReport(reportFile, overwrite, report, metrics, p.planned().driverIndexRows());
        err.println(report.summary());
        out.println("wrote " + rows + " rows to " + output + ", report to " + reportFile);
        return 0;
    }

    /** The report file: the SDK's report, plus the tasks' keys ({@link TaskReport}). */
    private static void writeReport(Path file, boolean overwrite, LoadReport report, TaskMetrics metrics,
            long[] driverIndexRows) throws java.io.IOException {
        String json = TaskReport.json(report, metrics.tasks().value(), driverIndexRows);
        AtomicFiles.write(file, overwrite, tmp -> Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8));
    }

    /**
     * The distinct objects and partitions the rows name, per survey, from each survey's
     * partition and row columns: one bit per object of the survey, whatever the rows.
     */
    private static final class Matched {
        private final long[][] partitionStart;
        private final BitSet[] objects;
        private final BitSet[] partitions;
        private final String[] partitionField;
        private final String[] rowField;

        Matched(List<MmuDataset> datasets, StructType schema, java.util.function.IntFunction<String> prefix) {
            int n = datasets.size();
            partitionStart = new long[n][];
            objects = new BitSet[n];
            partitions = new BitSet[n];
            partitionField = new String[n];
            rowField = new String[n];
            for (int k = 0; k < n; k++) {
                List<org.mmu.core.PartitionRef> parts = datasets.get(k).partitions();
                long[] start = new long[parts.size() + 1];
                for (int q = 0; q < parts.size(); q++) {
                    start[q + 1] = start[q] + parts.get(q).rows();
                }
                partitionStart[k] = start;
                objects[k] = new BitSet();
                partitions[k] = new BitSet();
                partitionField[k] = prefix.apply(k) + "partition";
                rowField[k] = prefix.apply(k) + "row";
            }
        }

        void add(List<Row> rows) {
            for (int k = 0; k < objects.length; k++) {
                if (rows.isEmpty()) {
                    return;
                }
                int pf = rows.get(0).fieldIndex(partitionField[k]);
                int rf = rows.get(0).fieldIndex(rowField[k]);
                for (Row r : rows) {
                    if (!r.isNullAt(pf)) {
                        int part = r.getInt(pf);
                        partitions[k].set(part);
                        objects[k].set(Math.toIntExact(partitionStart[k][part] + r.getInt(rf)));
                    }
                }
            }
        }
    }

    /** The SDK's report of a run; {@code fetched} when the run read the matched rows' data (a load). */
    private static LoadReport report(CrossMatch spec, List<MmuDataset> opened, Matched matched, boolean fetched,
            TaskMetrics metrics, long rows, double seconds, Map<String, Double> stages) {
        // every executor's reads, and the driver's own (opening, planning); a local master's executor is the driver
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
        for (int s = 0; s < opened.size(); s++) {
            MmuDataset ds = opened.get(s);
            ReadSnapshot all = reads.get(ds.location());
            long partitionsRead = fetched ? matched.partitions[s].cardinality() : 0;
            String storage = ds instanceof PartitionedDataset pd ? pd.storage().scheme() : "unknown";
            per.put(spec.surveys().get(s), new LoadReport.Survey(ds.size(), matched.objects[s].cardinality(),
                    all.indexBytes(), all.dataBytes(), all.requests(), all.requests() - all.indexRequests(),
                    ds.partitions().size(), partitionsRead,
                    all.rowsRead(), all.rowLevelReads(), all.wholeReads(), all.noPageIndexFiles(), all.cacheHits(),
                    storage, ds instanceof PartitionedDataset pd ? pd.verification() : "unverified",
                    ds instanceof PartitionedDataset pd ? pd.positionsTolerated() : 0));
            index += all.indexBytes();
            bytes += all.indexBytes() + all.dataBytes();
            requests += all.requests();
            total += ds.partitions().size();
            read += partitionsRead;
            decoded += all.rowsRead();
        }
        var c = spec.criteria();
        return new LoadReport(spec.surveys(), c.mode().label(), c.radiusArcsec(), index, bytes, requests, total, read,
                decoded, rows, seconds, stages, per);
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

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
