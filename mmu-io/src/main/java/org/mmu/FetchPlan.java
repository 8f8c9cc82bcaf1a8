package org.mmu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.Schema;

/**
 * Stage 4 of a crossmatch-load, <em>plan</em>: what fetching the matched objects will read,
 * decided before any data is read. The match rows are put in <em>fetch order</em> — grouped by
 * the partition holding their object in the survey with the most bytes to fetch, in match order
 * within a partition, so each partition is read once — and cut into <em>steps</em> small enough
 * for the prefetch window; each step reads, per survey, the rows its match rows need from the
 * partitions that hold them. Examples stream in fetch order. Per survey the plan lists those partitions in fetch order
 * (first step that needs them), with the rows read from each and estimated bytes and requests.
 *
 * <p>{@link Survey#partitionsRead()} and {@link Survey#rows()} are exact: they are what the
 * fetch then reads (a partition needed by two steps is read twice, its rows counted per read).
 * Bytes are estimated from each partition's on-disk bytes per row, scaled by the share of the
 * row the selected columns take; requests by modelling how the readers fetch pages, slabs and
 * footers ({@link ReadCost}). Immutable.
 */
public final class FetchPlan {

    /**
     * One partition as the plan reads it.
     *
     * @param ordinal            position of the partition in the dataset's partition list
     * @param rows               rows read from it (summed over the steps that read it)
     * @param estimatedBytes     bytes it will cost, estimated
     * @param estimatedRequests  read requests it will cost, estimated
     */
    public record Partition(int ordinal, PartitionRef ref, long rows, long estimatedBytes, long estimatedRequests) {
    }

    /** One survey's share: partitions in fetch order. */
    public record Survey(String name, List<Partition> partitions, long partitionsTotal) {
        public Survey {
            partitions = List.copyOf(partitions);
        }

        public long partitionsRead() {
            return partitions.size();
        }

        public long rows() {
            return partitions.stream().mapToLong(Partition::rows).sum();
        }

        public long estimatedBytes() {
            return partitions.stream().mapToLong(Partition::estimatedBytes).sum();
        }

        public long estimatedRequests() {
            return partitions.stream().mapToLong(Partition::estimatedRequests).sum();
        }
    }

    /** Fetch positions {@code [from, to)} (match rows {@code order[from..to)}), fetched together; {@code bytes} and {@code partitions} are what it holds in flight. */
    record Step(int from, int to, long bytes, int partitions) {
    }

    private final List<Survey> surveys;
    private final List<Step> steps;
    private final int[] order; // fetch position -> match row
    private final FetchWindow window;

    private FetchPlan(List<Survey> surveys, List<Step> steps, int[] order, FetchWindow window) {
        this.surveys = List.copyOf(surveys);
        this.steps = List.copyOf(steps);
        this.order = order;
        this.window = window;
    }

    /**
     * Plans fetching every match row, in order.
     *
     * @param datasets the datasets as they will be read (column-selected)
     * @param full     the same datasets with all their columns (to scale bytes per row)
     */
    static FetchPlan build(List<String> labels, List<MmuDataset> datasets, List<MmuDataset> full,
            List<ObjectIndex> indices, MatchRows rows, FetchWindow window) {
        return build(labels, datasets, full, indices, rows, window, false);
    }

    /**
     * Plans fetching every match row; with {@code matchOrder}, examples stream in match order
     * (sky order, which already keeps a partition's rows together) instead of regrouped.
     */
    static FetchPlan build(List<String> labels, List<MmuDataset> datasets, List<MmuDataset> full,
            List<ObjectIndex> indices, MatchRows rows, FetchWindow window, boolean matchOrder) {
        int n = labels.size();
        double[][] bytesPerRow = new double[n][];
        int[][] lastStep = new int[n][];
        for (int k = 0; k < n; k++) {
            List<PartitionRef> parts = datasets.get(k).partitions();
            double share = rowShare(datasets.get(k).schema(), full.get(k).schema());
            bytesPerRow[k] = new double[parts.size()];
            for (int p = 0; p < parts.size(); p++) {
                PartitionRef r = parts.get(p);
                bytesPerRow[k][p] = r.rows() > 0 && r.bytes() > 0 ? share * r.bytes() / r.rows() : 0;
            }
            lastStep[k] = new int[parts.size()];
            Arrays.fill(lastStep[k], -1);
        }
        // Cut the match rows into steps of about a quarter of the window, at a row whose objects lie in
        // no big partition the step already reads, so that a big partition is not split between steps
        // (read twice, row by row); a step never exceeds half the window.
        List<int[]> bounds = new ArrayList<>();
        long softBytes = Math.max(1, window.bytes() / 4);
        long hardBytes = Math.max(1, window.bytes() / 2);
        int maxParts = Math.max(1, window.partitions() / 2);
        boolean[][] bigPartition = new boolean[n][];
        for (int k = 0; k < n; k++) {
            List<PartitionRef> parts = datasets.get(k).partitions();
            bigPartition[k] = new boolean[parts.size()];
            for (int p = 0; p < parts.size(); p++) {
                bigPartition[k][p] = bytesPerRow[k][p] * parts.get(p).rows() >= softBytes / 16.0;
            }
        }
        int from = 0;
        double bytes = 0;
        int parts = 0;
        int[] order = matchOrder ? identity(rows.size()) : fetchOrder(rows, indices, bytesPerRow);
        for (int t = 0; t < order.length; t++) {
            int i = order[t];
            int step = bounds.size();
            for (int k = 0; k < n; k++) {
                int pos = rows.indexRow(k, i);
                if (pos >= 0) {
                    int p = indices.get(k).partitionOrdinal(pos);
                    bytes += bytesPerRow[k][p];
                    if (lastStep[k][p] != step) {
                        lastStep[k][p] = step;
                        parts++;
                    }
                }
            }
            boolean stepFull = bytes >= hardBytes || parts >= maxParts
                    || (bytes >= softBytes && t + 1 < order.length
                            && !continuesStep(rows, indices, lastStep, bigPartition, order[t + 1], step));
            if (stepFull || t == order.length - 1) {
                bounds.add(new int[] {from, t + 1});
                from = t + 1;
                bytes = 0;
                parts = 0;
            }
        }
        // per step and survey: the distinct rows of each partition, which is exactly what the fetch reads
        PartitionTally[] tally = new PartitionTally[n];
        for (int k = 0; k < n; k++) {
            tally[k] = new PartitionTally(datasets.get(k).partitions().size());
        }
        List<Step> steps = new ArrayList<>(bounds.size());
        ReadCost[] cost = new ReadCost[n];
        ReadCost.Fetched[][] fetched = new ReadCost.Fetched[n][];
        for (int k = 0; k < n; k++) {
            fetched[k] = new ReadCost.Fetched[datasets.get(k).partitions().size()];
            cost[k] = ReadCost.of(datasets.get(k).schema(), full.get(k).schema(),
                    datasets.get(k).layout() == org.mmu.core.DatasetLayout.INDEX_FIRST);
        }
        for (int[] b : bounds) {
            long stepBytes = 0;
            int stepParts = 0;
            for (int k = 0; k < n; k++) {
                long[] keys = stepKeys(rows, order, k, b[0], b[1], indices.get(k));
                List<PartitionRef> refs = datasets.get(k).partitions();
                int start = 0;
                while (start < keys.length) {
                    int p = (int) (keys[start] >>> 32);
                    int end = start;
                    int distinct = 0;
                    long prevRow = Long.MIN_VALUE;
                    while (end < keys.length && (int) (keys[end] >>> 32) == p) {
                        long row = keys[end] & 0xffffffffL;
                        if (row != prevRow) {
                            keys[start + distinct++] = row; // the distinct rows, in place
                            prevRow = row;
                        }
                        end++;
                    }
                    long est = Math.round(distinct * bytesPerRow[k][p]);
                    if (fetched[k][p] == null) {
                        fetched[k][p] = cost[k].fetched();
                    }
                    tally[k].add(p, distinct, est, cost[k].requests(refs.get(p), keys, start, start + distinct,
                            fetched[k][p]));
                    stepBytes += est;
                    stepParts++;
                    start = end;
                }
            }
            steps.add(new Step(b[0], b[1], stepBytes, stepParts));
        }
        List<Survey> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(tally[k].survey(labels.get(k), datasets.get(k).partitions()));
        }
        return new FetchPlan(out, steps, order, window);
    }

    /**
     * The fetch order: match rows grouped by the partition holding their object in the survey
     * with the most bytes to fetch (rows where it is absent: by the next such survey, after
     * them), in match order within a group. A stable counting sort, O(rows + partitions).
     */
    private static int[] fetchOrder(MatchRows rows, List<ObjectIndex> indices, double[][] bytesPerRow) {
        int n = indices.size();
        double[] total = new double[n];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < n; k++) {
                int pos = rows.indexRow(k, i);
                if (pos >= 0) {
                    total[k] += bytesPerRow[k][indices.get(k).partitionOrdinal(pos)];
                }
            }
        }
        Integer[] rank = new Integer[n];
        for (int k = 0; k < n; k++) {
            rank[k] = k;
        }
        Arrays.sort(rank, (a, b) -> total[a] != total[b] ? Double.compare(total[b], total[a]) : Integer.compare(a, b));
        int[] bucketBase = new int[n + 1];
        for (int r = 0; r < n; r++) {
            bucketBase[r + 1] = bucketBase[r] + bytesPerRow[rank[r]].length;
        }
        int[] bucket = new int[rows.size()];
        int[] count = new int[bucketBase[n] + 1];
        for (int i = 0; i < rows.size(); i++) {
            bucket[i] = bucketBase[n]; // no object at all: last (cannot happen for a real match row)
            for (int r = 0; r < n; r++) {
                int pos = rows.indexRow(rank[r], i);
                if (pos >= 0) {
                    bucket[i] = bucketBase[r] + indices.get(rank[r]).partitionOrdinal(pos);
                    break;
                }
            }
            count[bucket[i]]++;
        }
        int[] start = new int[count.length];
        for (int b = 1; b < count.length; b++) {
            start[b] = start[b - 1] + count[b - 1];
        }
        int[] order = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            order[start[bucket[i]]++] = i;
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Whether match row {@code i} needs a big partition that step {@code step} already reads. */
    private static boolean continuesStep(MatchRows rows, List<ObjectIndex> indices, int[][] lastStep, boolean[][] big,
            int i, int step) {
        if (i >= rows.size()) {
            return false;
        }
        for (int k = 0; k < lastStep.length; k++) {
            int pos = rows.indexRow(k, i);
            int p = pos < 0 ? -1 : indices.get(k).partitionOrdinal(pos);
            if (p >= 0 && big[k][p] && lastStep[k][p] == step) {
                return true;
            }
        }
        return false;
    }

    /** (partition ordinal, row in file) of survey k's objects at fetch positions [from, to), sorted. */
    private static long[] stepKeys(MatchRows rows, int[] order, int k, int from, int to, ObjectIndex idx) {
        long[] keys = new long[to - from];
        int c = 0;
        for (int t = from; t < to; t++) {
            int pos = rows.indexRow(k, order[t]);
            if (pos >= 0) {
                keys[c++] = ((long) idx.partitionOrdinal(pos) << 32) | (idx.row(pos) & 0xffffffffL);
            }
        }
        long[] out = Arrays.copyOf(keys, c);
        Arrays.sort(out);
        return out;
    }

    /** Estimated bytes per row of a dataset as selected: its partitions' bytes per row, scaled by the columns' share. */
    static double bytesPerRow(MmuDataset selected, MmuDataset full) {
        long rows = 0;
        long bytes = 0;
        for (PartitionRef r : selected.partitions()) {
            rows += Math.max(0, r.rows());
            bytes += Math.max(0, r.bytes());
        }
        return rows == 0 ? 0 : rowShare(selected.schema(), full.schema()) * bytes / rows;
    }

    /** Fraction of an example's decoded width that the selected columns take (1 when all are selected). */
    private static double rowShare(Schema selected, Schema all) {
        double whole = width(all);
        return whole <= 0 ? 1 : Math.min(1, width(selected) / whole);
    }

    private static double width(Schema s) {
        double w = 0;
        for (ColumnSpec c : s) {
            w += ReadCost.width(c);
        }
        return w;
    }

    /** Accumulates one survey's partitions in the order steps first need them. */
    private static final class PartitionTally {
        final long[] rows;
        final long[] bytes;
        final long[] requests;
        final int[] order;
        int touched;

        PartitionTally(int partitions) {
            rows = new long[partitions];
            bytes = new long[partitions];
            requests = new long[partitions];
            order = new int[partitions];
            Arrays.fill(rows, -1);
        }

        void add(int p, long r, long b, long q) {
            if (rows[p] < 0) {
                rows[p] = 0;
                order[touched++] = p;
            }
            rows[p] += r;
            bytes[p] += b;
            requests[p] += q;
        }

        Survey survey(String name, List<PartitionRef> refs) {
            List<Partition> list = new ArrayList<>(touched);
            for (int t = 0; t < touched; t++) {
                int p = order[t];
                list.add(new Partition(p, refs.get(p), rows[p], bytes[p], requests[p]));
            }
            return new Survey(name, list, refs.size());
        }
    }

    public List<Survey> surveys() {
        return surveys;
    }

    public Survey survey(String name) {
        for (Survey s : surveys) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new MmuInputException("no survey '" + name + "' in this plan; surveys are "
                + surveys.stream().map(Survey::name).toList());
    }

    /** Match rows the plan fetches. */
    public int matchRows() {
        return order.length;
    }

    /** The match row fetched at position {@code t} of the fetch order (the order examples stream in). */
    public int matchRowAt(int t) {
        return order[t];
    }

    /** Number of steps the match rows are fetched in. */
    public int stepCount() {
        return steps.size();
    }

    /** The prefetch window the plan was cut for. */
    public FetchWindow window() {
        return window;
    }

    public long partitionsRead() {
        return surveys.stream().mapToLong(Survey::partitionsRead).sum();
    }

    public long partitionsTotal() {
        return surveys.stream().mapToLong(Survey::partitionsTotal).sum();
    }

    public long rows() {
        return surveys.stream().mapToLong(Survey::rows).sum();
    }

    public long estimatedBytes() {
        return surveys.stream().mapToLong(Survey::estimatedBytes).sum();
    }

    public long estimatedRequests() {
        return surveys.stream().mapToLong(Survey::estimatedRequests).sum();
    }

    List<Step> steps() {
        return steps;
    }

    /**
     * The plan as {@code mmu load --plan-only} prints it (keys are a contract, see docs/cli.md):
     * {@code match_rows}, {@code steps}, {@code prefetch {bytes, partitions}}, {@code total} and
     * {@code per_survey} each with {@code partitions_read, partitions_total, rows, bytes,
     * requests}, and per survey {@code partitions}: the partitions in fetch order.
     */
    public String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("match_rows", order.length);
        root.put("steps", steps.size());
        ObjectNode w = root.putObject("prefetch");
        w.put("bytes", window.bytes());
        w.put("partitions", window.partitions());
        ObjectNode total = root.putObject("total");
        totals(total, partitionsRead(), partitionsTotal(), rows(), estimatedBytes(), estimatedRequests());
        ObjectNode per = root.putObject("per_survey");
        for (Survey s : surveys) {
            ObjectNode o = per.putObject(s.name());
            totals(o, s.partitionsRead(), s.partitionsTotal(), s.rows(), s.estimatedBytes(), s.estimatedRequests());
            var list = o.putArray("partitions");
            for (Partition p : s.partitions()) {
                ObjectNode e = list.addObject();
                e.put("partition", p.ref().label());
                e.put("path", p.ref().path());
                e.put("rows", p.rows());
                e.put("bytes", p.estimatedBytes());
                e.put("requests", p.estimatedRequests());
            }
        }
        try {
            return json.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void totals(ObjectNode o, long read, long total, long rows, long bytes, long requests) {
        o.put("partitions_read", read);
        o.put("partitions_total", total);
        o.put("rows", rows);
        o.put("bytes", bytes);
        o.put("requests", requests);
    }

    @Override
    public String toString() {
        Map<String, Long> read = new LinkedHashMap<>();
        surveys.forEach(s -> read.put(s.name(), s.partitionsRead()));
        return "FetchPlan[" + order.length + " match rows in " + steps.size() + " steps, partitions read " + read + "]";
    }
}
