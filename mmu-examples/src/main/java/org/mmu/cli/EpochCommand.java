package org.mmu.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.mmu.Epoch;
import org.mmu.Epochs;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.EpochBatch;
import org.mmu.core.EpochIterator;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ReadStats;
import org.mmu.examples.TensorChecksum;
import org.mmu.internal.output.AtomicFiles;

/**
 * {@code mmu epoch DATASET [DATASET2 --radius-arcsec R]}: one training epoch (shuffled, sharded,
 * batched) over a dataset or a crossmatch, touching every batch's arrays, and what it read.
 */
final class EpochCommand implements Mmu.Command {
    private static final List<String> OWN = List.of("batch-size", "shuffle-buffer", "seed", "shard", "epoch", "start-at",
            "columns", "stats", "ids");

    @Override
    public String summary() {
        return "run one shuffled, sharded, batched training epoch over a dataset or a crossmatch; report what it read";
    }

    @Override
    public String usage() {
        return """
                mmu epoch DATASET [DATASET2 --radius-arcsec R] --batch-size B [--shuffle-buffer N --seed S] [--shard I/N] [--columns c1,c2] --stats STATS.json [--ids IDS.txt]
                  --batch-size B      rows per batch (required)
                  --shuffle-buffer N  shuffle: partitions in a random order, rows permuted within windows of N rows
                                      (default: no shuffle, partition order)
                  --seed S            shuffle seed (default 0); every shard of an epoch must use the same seed
                  --epoch E           epoch number: each has its own order (default 0)
                  --shard I/N         deliver only shard I of N (0-based): disjoint, covering, balanced by rows
                  --start-at ROWS     resume: skip the first ROWS rows of this shard's epoch
                  --drop-last         drop a last batch smaller than B
                  --columns LIST      columns to read (a crossmatch: each survey keeps those it has; default all)
                  --stats FILE        JSON: rows, batches, bytes_read, dataset_bytes, read_amplification,
                                      read_requests, seconds, rows_per_second, settings
                  --ids FILE          the object ids in delivery order, one row per line (a crossmatch: one id
                                      per survey, tab-separated)
                  --overwrite         replace existing outputs
                  --prefetch-mib N, --region-budget-mb N  a crossmatch's fetch window and heap per sky region, as in
                                      'mmu load'; indices larger than two regions make the epoch run region by region
                With DATASET2 the epoch runs over the crossmatch's match rows (inner join; flags as in 'mmu load'):
                """ + MatchArgs.USAGE;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Set<String> valued = new HashSet<>(MatchArgs.VALUED);
        valued.addAll(OWN);
        valued.addAll(MatchArgs.MEMORY_VALUED);
        Args a = new Args("epoch", argv, valued, Set.of("drop-last", "overwrite"));
        List<String> pos = a.positionalsBetween(1, 2, "DATASET", "[DATASET2]");
        Path statsFile = Path.of(a.required("stats"));
        Path idsFile = a.has("ids") ? Path.of(a.get("ids", "")) : null;
        boolean overwrite = a.flag("overwrite");
        for (Path p : idsFile == null ? List.of(statsFile) : List.of(statsFile, idsFile)) {
            if (!overwrite && Files.exists(p)) {
                throw new MmuInputException(p.toAbsolutePath() + ": output already exists (remove it or pass --overwrite)");
            }
        }
        if (pos.size() == 1 && a.has("radius-arcsec")) {
            throw new UsageException("epoch", "--radius-arcsec needs a second dataset to crossmatch with");
        }
        for (String f : MatchArgs.MEMORY_VALUED) {
            if (pos.size() == 1 && a.has(f)) {
                throw new UsageException("epoch", "--" + f + " sizes a crossmatch; an epoch over one dataset has none");
            }
        }
        Flags.of(a);
        LoadOptions.Builder ob = LoadOptions.builder().progress(new ConsoleProgress(err, Mmu.stderrIsTerminal()));
        List<String> columns = a.has("columns")
                ? Arrays.stream(a.get("columns", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of();
        if (pos.size() == 1) {
            if (a.has("where")) { // an epoch over one dataset reads its partitions whole
                throw new UsageException("epoch", "--where filters crossmatches; an epoch over one dataset reads all"
                        + " its objects");
            }
            try (MmuDataset d = MmuDatasets.load(pos.get(0), VersionArgs.apply(a, "epoch", ob.build()))) {
                Epoch epoch = configure(a, Epochs.of(columns.isEmpty() ? d : d.select(columns)));
                runEpoch(epoch, statsFile, idsFile, overwrite, out);
            }
        } else {
            if (!columns.isEmpty()) {
                ob.columns(columns);
            }
            LoadOptions options = MatchArgs.memory(a, ob).build(); // the load reads indices, the epoch the data
            MatchArgs.crossMatch(a, "epoch", pos, options,
                    (m, report) -> runEpoch(configure(a, Epochs.of(m)), statsFile, idsFile, overwrite, out));
        }
        return 0;
    }

    /** The epoch flags, checked before any dataset is opened. */
    private record Flags(int batchSize, int epoch, boolean dropLast, long seed, int shuffleBuffer, int shardIndex,
            int shardCount, long startAt) {
        static Flags of(Args a) {
            a.required("batch-size");
            if (a.has("seed") && !a.has("shuffle-buffer")) {
                throw new UsageException("epoch", "--seed without --shuffle-buffer has nothing to seed");
            }
            int index = 0;
            int count = 1;
            if (a.has("shard")) {
                String s = a.get("shard", "");
                String[] parts = s.split("/");
                try {
                    if (parts.length != 2) {
                        throw new NumberFormatException();
                    }
                    index = Integer.parseInt(parts[0].trim());
                    count = Integer.parseInt(parts[1].trim());
                } catch (NumberFormatException x) {
                    throw new UsageException("epoch", "--shard must be I/N (e.g. 0/4), got " + Args.quote(s));
                }
                if (count < 1 || index < 0 || index >= count) {
                    throw new UsageException("epoch", "--shard I/N needs N >= 1 and 0 <= I < N, got " + Args.quote(s));
                }
            }
            long startAt = longOption(a, "start-at", "0");
            if (startAt < 0) {
                throw new UsageException("epoch", "--start-at must be at least 0, got " + Args.quote(a.get("start-at", "")));
            }
            return new Flags(a.intOption("batch-size", 0, 1, Integer.MAX_VALUE), a.intOption("epoch", 0, 0, Integer.MAX_VALUE),
                    a.flag("drop-last"), longOption(a, "seed", "0"), a.intOption("shuffle-buffer", 0, 1, Integer.MAX_VALUE),
                    index, count, startAt);
        }
    }

    private static Epoch configure(Args a, Epoch e) {
        Flags f = Flags.of(a);
        e = e.batchSize(f.batchSize()).epoch(f.epoch()).dropLast(f.dropLast());
        if (a.has("shuffle-buffer")) {
            e = e.shuffle(f.seed(), f.shuffleBuffer());
        }
        if (a.has("shard")) {
            e = e.shard(f.shardIndex(), f.shardCount());
        }
        if (a.has("start-at")) {
            e = e.startAt(f.startAt());
        }
        return e;
    }

    private static long longOption(Args a, String flag, String fallback) {
        String v = a.get(flag, fallback);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException x) {
            throw new UsageException("epoch", "--" + flag + " must be an integer, got '" + v + "'");
        }
    }

    /** What one epoch did. */
    private record Outcome(long rows, long batches, ReadStats read, double seconds, double checksum) {
    }

    private static void runEpoch(Epoch epoch, Path statsFile, Path idsFile, boolean overwrite, PrintStream out) {
        long datasetBytes = epoch.datasetBytes();
        Outcome[] done = new Outcome[1];
        if (idsFile == null) {
            done[0] = iterate(epoch, null);
        } else {
            AtomicFiles.write(idsFile, overwrite, tmp -> {
                try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    done[0] = iterate(epoch, w);
                }
            });
        }
        Outcome o = done[0];
        String json = statsJson(epoch, o, datasetBytes);
        AtomicFiles.write(statsFile, overwrite, tmp -> Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8));
        out.printf(java.util.Locale.ROOT, "%s: %d rows in %d batches, read %d of %d bytes (%.2fx) in %d requests, %.0f rows/s%n",
                epoch, o.rows, o.batches, o.read.dataBytes(), datasetBytes, ratio(o.read.dataBytes(), datasetBytes),
                o.read.requests(), o.rows / Math.max(o.seconds, 1e-9));
    }

    private static Outcome iterate(Epoch epoch, BufferedWriter ids) {
        long t0 = System.nanoTime();
        long rows = 0;
        long batches = 0;
        double checksum = 0;
        try (EpochIterator it = epoch.open()) {
            while (it.hasNext()) {
                EpochBatch b = it.next();
                checksum += TensorChecksum.of(b.rows());
                rows += b.rowCount();
                batches++;
                if (ids != null) {
                    writeIds(b, ids);
                }
            }
            return new Outcome(rows, batches, it.readStats(), (System.nanoTime() - t0) / 1e9, checksum);
        }
    }

    private static void writeIds(EpochBatch b, BufferedWriter w) {
        List<ObjectIds> all = b.sources().stream().map(b::ids).toList();
        try {
            for (int i = 0; i < b.rowCount(); i++) {
                for (int k = 0; k < all.size(); k++) {
                    if (k > 0) {
                        w.write('\t');
                    }
                    w.write(all.get(k).getString(i));
                }
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String statsJson(Epoch epoch, Outcome o, long datasetBytes) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("rows", o.rows);
        root.put("batches", o.batches);
        root.put("bytes_read", o.read.dataBytes());
        root.put("dataset_bytes", datasetBytes);
        if (datasetBytes > 0) {
            root.put("read_amplification", Math.round(ratio(o.read.dataBytes(), datasetBytes) * 1000) / 1000.0);
        } else {
            root.putNull("read_amplification"); // a partition size is unknown
        }
        root.put("read_requests", o.read.requests());
        root.put("seconds", Math.round(o.seconds * 1000) / 1000.0);
        root.put("rows_per_second", Math.round(o.rows / Math.max(o.seconds, 1e-9)));
        root.put("settings", epoch.toString());
        try {
            return json.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double ratio(long read, long onDisk) {
        return onDisk > 0 ? read / (double) onDisk : Double.NaN;
    }
}
