package org.mmu.matching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.mmu.core.MmuException;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.Parallel;
import org.mmu.matching.internal.RadixCounts;
import org.mmu.matching.internal.SkyOverlap;
import org.mmu.matching.internal.UnionFind;

/**
 * Crossmatch region by region, with the in-memory engine ({@link CrossMatch#matchingFunction()})
 * run on each region's objects plus a margin, so memory is set by the densest region, not by
 * the surveys. The rows are exactly the in-memory result's, for every mode and join, two surveys
 * or N-way, whatever the region sizes and thread count.
 *
 * <h2>Ownership: each row once</h2>
 * A result row is owned by its <em>owner object</em>: the reference (left) row when present,
 * else the row's only object (unmatched right rows of outer joins). A region emits the rows whose
 * owner lies in the region.
 *
 * <h2>Why a region's rows are exact</h2>
 * <ul>
 *   <li><b>Local modes</b> ({@code all}, {@code best1}, {@code best2}, {@code knn}, without
 *       groups): a row depends on objects within twice the radius of its owner (a reference row's
 *       partners and, for {@code best2} or whether a right row was kept, the partners' partners).
 *       The region's objects are matched together with every object within twice the radius
 *       ({@link SkyRegions#readCells}), so the owned rows are the in-memory rows.</li>
 *   <li><b>{@code best} and groups</b> depend on the whole connected component of the candidate
 *       graph (pairs within the criteria, in mode {@code all}), which may cross any border. The
 *       region reads its cells and their neighbours, finds the candidate pairs and their
 *       components, and while a component touching the region has a member whose own
 *       neighbourhood was not read, adds that member's cell and reads again. Then the engine runs
 *       on exactly the union of those complete components: the in-memory result restricted to
 *       whole components is the in-memory result on them, as long as {@code best} decides a
 *       component from that component's pairs. It does once the side it scans is fixed; but
 *       STILTS' rule for that side ({@link BestScan#AUTO}) looks at the whole surveys, so
 *       {@link #resolveBest} decides it once, over every region, before any region is matched.
 *       Memory is then bounded by the region plus its largest crossing component.</li>
 * </ul>
 *
 * <h2>Order: the same bytes for any region size</h2>
 * Rows are ordered by the depth-29 NESTED cell of their owner object, then owner kind (rows with a
 * reference object first, then by survey), then owner id, then the in-memory order (separation,
 * partner id). Regions are runs of cells in NESTED order, so concatenating them gives one global
 * order that does not depend on how the sky was cut. Groups are numbered from 0 in order of first
 * appearance in that order (a group met again in a later region keeps its number); group sizes
 * count the group's rows over the whole sky.
 */
public final class RegionalMatcher {
    private RegionalMatcher() {
    }

    /** What the walk needs to number a group that crosses the region's border; key null when it does not. */
    record GroupInfo(String key, boolean startsHere, boolean continuesLater) {
    }

    /** The reference survey: the first of two, else the spec's reference. */
    public static int referenceOf(CrossMatch spec) {
        return spec.surveys().size() == 2 ? 0 : spec.surveys().indexOf(spec.reference());
    }

    /**
     * The spec with the side mode {@code best} scans fixed for every matched pair of surveys
     * whose side is {@link BestScan#AUTO}: STILTS' rule applied to the whole surveys, by one
     * pass over every region's own objects (each object once; not the margins). The spec itself
     * when the mode is not {@code best} or no side is left to decide. Call it once before
     * matching regions one at a time ({@link #matchRegion}); {@link #walk} calls it itself.
     */
    public static CrossMatch resolveBest(SkyRegions plan, RegionSource source, CrossMatch spec) {
        return resolveBest(plan, source, spec, null, 1);
    }

    /** {@link #resolveBest}, with {@code workers} tasks on {@code pool} (null: on this thread) taking regions in turn. */
    private static CrossMatch resolveBest(SkyRegions plan, RegionSource source, CrossMatch spec, Parallel.Pool pool,
            int workers) {
        checkSurveys(plan, spec);
        int[] open = autoBestPairs(spec);
        if (open.length == 0) {
            return spec;
        }
        AtomicInteger nextRegion = new AtomicInteger();
        SkyOverlap.Counter[] counters;
        if (pool == null) {
            counters = countOwnRows(plan, source, spec, open, nextRegion);
        } else {
            List<Future<SkyOverlap.Counter[]>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                parts.add(pool.submit(() -> countOwnRows(plan, source, spec, open, nextRegion)));
            }
            counters = get(parts.get(0));
            for (Future<SkyOverlap.Counter[]> part : parts.subList(1, parts.size())) {
                SkyOverlap.Counter[] c = get(part);
                for (int k = 0; k < open.length; k++) {
                    counters[k].merge(c[k]);
                }
            }
        }
        return resolved(spec, open, counters);
    }

    /**
     * One region's part of {@link #resolveBest}'s pass (its own objects, no margin), for engines
     * that spread regions over machines: count every region once, wherever it runs, and give all
     * the parts to {@link #resolveBest(CrossMatch, List)}. Empty when nothing is left to decide.
     */
    public static BestCounts bestCounts(SkyRegions plan, SkyRegion region, RegionSource source, CrossMatch spec) {
        checkSurveys(plan, spec);
        int[] open = autoBestPairs(spec);
        long[][][] states = new long[open.length][][];
        if (open.length > 0) {
            SkyOverlap.Counter[] counters = countOwnRows(plan, List.of(region), source, spec, open,
                    new AtomicInteger());
            for (int k = 0; k < open.length; k++) {
                states[k] = counters[k].state();
            }
        }
        return new BestCounts(open, states);
    }

    /**
     * The spec with mode best's sides fixed from the parts {@link #bestCounts} gave for every
     * region of one plan: the same spec {@link #resolveBest(SkyRegions, RegionSource, CrossMatch)}
     * returns.
     */
    public static CrossMatch resolveBest(CrossMatch spec, List<BestCounts> parts) {
        int[] open = autoBestPairs(spec);
        if (open.length == 0) {
            return spec;
        }
        SkyOverlap.Counter[] counters = new SkyOverlap.Counter[open.length];
        for (int k = 0; k < open.length; k++) {
            counters[k] = SkyOverlap.counter(spec.criteria().radiusArcsec());
        }
        for (BestCounts part : parts) {
            if (!Arrays.equals(part.surveys(), open)) {
                throw new MmuInputException("best counts of surveys " + Arrays.toString(part.surveys())
                        + " for a crossmatch deciding " + Arrays.toString(open));
            }
            for (int k = 0; k < open.length; k++) {
                counters[k].merge(part.states()[k]);
            }
        }
        return resolved(spec, open, counters);
    }

    private static CrossMatch resolved(CrossMatch spec, int[] open, SkyOverlap.Counter[] counters) {
        int ref = referenceOf(spec);
        CrossMatch resolved = spec;
        for (int k = 0; k < open.length; k++) {
            long[] inOverlap = counters[k].counts();
            resolved = resolved.withBestScan(spec.surveys().get(ref), spec.surveys().get(open[k]),
                    BestScan.fromOverlap(inOverlap[0], inOverlap[1]));
        }
        return resolved;
    }

    /**
     * Mode best's overlap counts of some regions: per survey matched with side auto
     * ({@code surveys}), the counters' state. Serializable, to travel between JVMs.
     */
    public record BestCounts(int[] surveys, long[][][] states) implements java.io.Serializable {
    }

    /** The surveys matched against the reference in mode best with side {@link BestScan#AUTO}. */
    private static int[] autoBestPairs(CrossMatch spec) {
        if (spec.criteria().mode() != MatchMode.BEST) {
            return new int[0];
        }
        int ref = referenceOf(spec);
        String refName = spec.surveys().get(ref);
        return IntStream.range(0, spec.surveys().size())
                .filter(s -> s != ref && spec.bestScan(refName, spec.surveys().get(s)) == BestScan.AUTO).toArray();
    }

    /** One counter per open pair, over the regions this worker takes (each region's own rows, no margins). */
    private static SkyOverlap.Counter[] countOwnRows(SkyRegions plan, RegionSource source, CrossMatch spec, int[] open,
            AtomicInteger nextRegion) {
        return countOwnRows(plan, plan.regions(), source, spec, open, nextRegion);
    }

    /** One counter per open pair, over the {@code regions} (of {@code plan}) this worker takes. */
    private static SkyOverlap.Counter[] countOwnRows(SkyRegions plan, List<SkyRegion> regions, RegionSource source,
            CrossMatch spec, int[] open, AtomicInteger nextRegion) {
        int ref = referenceOf(spec);
        SkyOverlap.Counter[] counters = new SkyOverlap.Counter[open.length];
        for (int k = 0; k < open.length; k++) {
            counters[k] = SkyOverlap.counter(spec.criteria().radiusArcsec());
        }
        for (int r = nextRegion.getAndIncrement(); r < regions.size(); r = nextRegion.getAndIncrement()) {
            SkyRegion region = regions.get(r);
            long[] cells = plan.occupiedCells(region);
            ObjectIndex refRows = source.slice(ref, plan.depth(), cells).index();
            for (int k = 0; k < open.length; k++) {
                addOwnRows(counters[k], 0, refRows, region);
                addOwnRows(counters[k], 1, source.slice(open[k], plan.depth(), cells).index(), region);
            }
        }
        return counters;
    }

    /** The rows of a slice that lie in the region (a source may return more). */
    private static void addOwnRows(SkyOverlap.Counter counter, int side, ObjectIndex rows, SkyRegion region) {
        for (int i = 0; i < rows.size(); i++) {
            if (region.containsHash29(SkyCells.hash29(rows.ra(i), rows.dec(i)))) {
                counter.add(side, rows.ra(i), rows.dec(i));
            }
        }
    }

    private static void checkSurveys(SkyRegions plan, CrossMatch spec) {
        int ns = spec.surveys().size();
        if (plan.counts().surveys() != ns) {
            throw new MmuInputException("the plan has " + plan.counts().surveys() + " surveys, the crossmatch " + ns);
        }
    }

    /**
     * Matches one region: reads its objects and margin from {@code source}, runs the in-memory
     * engine and returns the rows the region owns, in the streamed order. Safe to call for
     * different regions at once (a Spark task per region). Group numbers are local to the region
     * ({@link #walk} numbers them over the sky). In mode {@code best} the scan sides must be
     * fixed: pass the spec {@link #resolveBest} returns.
     *
     * @param groups whether group ids and sizes must be exact (costs reading crossing components)
     * @throws MmuInputException in mode best with a side still {@link BestScan#AUTO}
     */
    public static RegionMatch matchRegion(SkyRegions plan, SkyRegion region, RegionSource source, CrossMatch spec,
            boolean groups) {
        checkSurveys(plan, spec);
        int ns = spec.surveys().size();
        if (autoBestPairs(spec).length > 0) {
            throw new MmuInputException("mode best with scan side auto is decided over the whole surveys, not per "
                    + "region: call RegionalMatcher.resolveBest(plan, source, spec) once and match every region with "
                    + "the spec it returns");
        }
        int ref = referenceOf(spec);
        int depth = plan.depth();
        boolean byComponents = groups || spec.criteria().mode() == MatchMode.BEST;
        long[] known = plan.occupiedCells(region);
        long read = 0;
        int passes = 0;
        RegionSlice[] slices;
        while (true) {
            passes++;
            long[] cells = plan.readCells(known);
            slices = load(source, ns, depth, cells);
            for (RegionSlice s : slices) {
                read += s.index().size();
            }
            // reading every occupied cell (one region for the whole sky) completes every component
            if (!byComponents || cells.length == plan.counts().occupiedCount()) {
                break;
            }
            Closure c = closure(slices, spec, ref, region, depth, known);
            if (c.missingCells.length == 0) {
                for (int s = 0; s < ns; s++) {
                    slices[s] = slices[s].gather(c.members[s]);
                }
                break;
            }
            known = union(known, c.missingCells);
        }
        return ownedRows(plan, region, spec, ref, slices, byComponents, read, passes);
    }

    /**
     * Matches every region of the plan in NESTED order and hands each region's rows to
     * {@code sink} in that order (on the calling thread), with groups numbered over the whole
     * walk. {@code regionsInFlight} regions are matched at once (1: one after the other); the
     * rows do not depend on it. In mode {@code best} the scan sides left {@link BestScan#AUTO}
     * are first decided over the whole plan ({@link #resolveBest}: one more read of every
     * region's objects, without margins).
     *
     * @return the number of rows
     */
    public static long walk(SkyRegions plan, RegionSource source, CrossMatch spec, boolean groups, int regionsInFlight,
            Consumer<RegionMatch> sink) {
        long rows = 0;
        try (Walk w = start(plan, source, spec, groups, regionsInFlight)) {
            while (w.hasNext()) {
                RegionMatch m = w.next();
                rows += m.size();
                sink.accept(m);
            }
        }
        return rows;
    }

    /**
     * {@link #walk} as an iterator the caller pulls regions from (a streamed load fetches each
     * region's rows before asking for the next). {@code regionsInFlight} regions are matched
     * ahead in the background; close it to stop.
     */
    public static Walk start(SkyRegions plan, RegionSource source, CrossMatch spec, boolean groups,
            int regionsInFlight) {
        return start(plan, source, spec, groups, regionsInFlight, null);
    }

    /**
     * {@link #start(SkyRegions, RegionSource, CrossMatch, boolean, int)} with the regions matched
     * ahead on {@code executor} (at most {@code regionsInFlight} at once; null: own daemon threads
     * {@code mmu-region-N}). The rows do not depend on it.
     */
    public static Walk start(SkyRegions plan, RegionSource source, CrossMatch spec, boolean groups,
            int regionsInFlight, Executor executor) {
        if (regionsInFlight < 1) {
            throw new MmuInputException("regionsInFlight must be >= 1, got " + regionsInFlight);
        }
        return new Walk(plan, source, spec, groups, regionsInFlight, executor);
    }

    /** Regions matched in NESTED order, {@code regionsInFlight} ahead, groups numbered over the walk. */
    public static final class Walk implements java.util.Iterator<RegionMatch>, AutoCloseable {
        private final SkyRegions plan;
        private final RegionSource source;
        private final boolean groups;
        private final int regionsInFlight;
        private final List<SkyRegion> regions;
        private final GroupNumbering numbering = new GroupNumbering();
        private final Parallel.Pool pool;
        private final ArrayDeque<Future<RegionMatch>> inFlight = new ArrayDeque<>();
        private final CrossMatch resolved;
        private int next;

        private Walk(SkyRegions plan, RegionSource source, CrossMatch spec, boolean groups, int regionsInFlight,
                Executor executor) {
            this.plan = plan;
            this.source = source;
            this.groups = groups;
            this.regionsInFlight = regionsInFlight;
            this.regions = plan.regions();
            this.pool = Parallel.pool("region", regionsInFlight, executor);
            try {
                this.resolved = resolveBest(plan, source, spec, pool, regionsInFlight);
            } catch (RuntimeException | Error e) {
                pool.close();
                throw e;
            }
        }

        /**
         * The spec every region is matched with: the walk's, with mode best's scan sides decided
         * over the whole plan; what {@link #matchRegion} needs to match one of these regions again.
         */
        public CrossMatch spec() {
            return resolved;
        }

        /** The regions of the plan. */
        public int regionCount() {
            return regions.size();
        }

        @Override
        public boolean hasNext() {
            return next < regions.size() || !inFlight.isEmpty();
        }

        @Override
        public RegionMatch next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            try {
                while (next < regions.size() && inFlight.size() < regionsInFlight) {
                    SkyRegion region = regions.get(next++);
                    inFlight.add(pool.submit(() -> matchRegion(plan, region, source, resolved, groups)));
                }
                RegionMatch m = get(inFlight.poll());
                return m.hasGroups() ? numbering.number(m) : m;
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            next = regions.size();
            inFlight.forEach(f -> f.cancel(true));
            inFlight.clear();
            pool.close();
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MmuInputException("interrupted while matching regions");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof MmuException me) {
                throw me;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /**
     * Group numbers over the sky, from 0 in order of first appearance, for regions matched one
     * at a time ({@link #matchRegion} with groups) and met in NESTED order: a group crossing a
     * region's border keeps the number it got in the first region holding it. The walk numbers
     * its regions with one; an engine that matches regions elsewhere (a Spark task per region)
     * feeds it each region's groups in order, as {@link RegionMatch#groupKey} and its neighbours
     * give them for the region's rows. Not thread-safe.
     */
    public static final class GroupNumbering {
        private final Map<String, Integer> open = new HashMap<>();
        private int next;

        /**
         * The global number of the next group of the region being numbered (groups in order of
         * their first row): {@code key} null for a group within the region.
         */
        public int number(String key, boolean startsHere, boolean continuesLater) {
            if (key == null || startsHere) {
                int id = next++;
                if (key != null && continuesLater) {
                    open.put(key, id);
                }
                return id;
            }
            Integer id = continuesLater ? open.get(key) : open.remove(key);
            if (id == null) {
                throw new IllegalStateException("group " + key + " was not seen in an earlier region");
            }
            return id;
        }

        RegionMatch number(RegionMatch m) {
            int[] global = new int[m.localGroupCount()];
            for (int g = 0; g < global.length; g++) {
                GroupInfo info = m.group(g);
                global[g] = number(info.key(), info.startsHere(), info.continuesLater());
            }
            return m.withGroupIds(global);
        }
    }

    private static RegionSlice[] load(RegionSource source, int ns, int depth, long[] cells) {
        RegionSlice[] slices = new RegionSlice[ns];
        for (int s = 0; s < ns; s++) {
            slices[s] = source.slice(s, depth, cells);
        }
        return slices;
    }

    /** Components touching the region: their members per survey, or the cells still to read. */
    private record Closure(int[][] members, long[] missingCells) {
    }

    private static Closure closure(RegionSlice[] slices, CrossMatch spec, int ref, SkyRegion region, int depth,
            long[] known) {
        int ns = slices.length;
        int[] offset = new int[ns + 1];
        for (int s = 0; s < ns; s++) {
            offset[s + 1] = offset[s] + slices[s].index().size();
        }
        UnionFind uf = new UnionFind(offset[ns]);
        Map<String, double[]> errors = errors(spec, slices);
        for (int s = 0; s < ns; s++) {
            if (s == ref) {
                continue;
            }
            MatchCriteria c = spec.criteria(spec.surveys().get(ref), spec.surveys().get(s), errors).toBuilder()
                    .mode(MatchMode.ALL).k(1).join(JoinType.ONE_AND_TWO).build();
            MatchResult candidates = spec.matchingFunction().match(slices[ref].index(), slices[s].index(), c);
            for (int i = 0; i < candidates.size(); i++) {
                uf.union(offset[ref] + candidates.leftRow(i), offset[s] + candidates.rightRow(i));
            }
        }
        long[][] h = hashes(slices);
        boolean[] touches = new boolean[offset[ns]];
        for (int s = 0; s < ns; s++) {
            for (int i = 0; i < h[s].length; i++) {
                if (region.containsHash29(h[s][i])) {
                    touches[uf.find(offset[s] + i)] = true;
                }
            }
        }
        int shift = 2 * (SkyCells.MAX_DEPTH - depth);
        long[] missing = new long[16];
        int nm = 0;
        int[][] members = new int[ns][];
        for (int s = 0; s < ns; s++) {
            int[] m = new int[h[s].length];
            int k = 0;
            for (int i = 0; i < h[s].length; i++) {
                if (touches[uf.find(offset[s] + i)]) {
                    m[k++] = i;
                    long cell = h[s][i] >>> shift;
                    if (Arrays.binarySearch(known, cell) < 0) {
                        if (nm == missing.length) {
                            missing = Arrays.copyOf(missing, nm * 2);
                        }
                        missing[nm++] = cell;
                    }
                }
            }
            members[s] = Arrays.copyOf(m, k);
        }
        return new Closure(members, SkyCells.distinctSorted(missing, nm));
    }

    private static long[] union(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return SkyCells.distinctSorted(all, all.length);
    }

    private static Map<String, double[]> errors(CrossMatch spec, RegionSlice[] slices) {
        Map<String, double[]> errors = new HashMap<>();
        for (int s = 0; s < slices.length; s++) {
            if (slices[s].errorsArcsec() != null) {
                errors.put(spec.surveys().get(s), slices[s].errorsArcsec());
            }
        }
        return errors;
    }

    private static long[][] hashes(RegionSlice[] slices) {
        long[][] h = new long[slices.length][];
        for (int s = 0; s < slices.length; s++) {
            h[s] = SkyCells.hash29(slices[s].index());
        }
        return h;
    }

    /** Runs the in-memory match on the slices and keeps the rows the region owns, in streamed order. */
    private static RegionMatch ownedRows(SkyRegions plan, SkyRegion region, CrossMatch spec, int ref, RegionSlice[] slices,
            boolean groups, long read, int passes) {
        int ns = slices.length;
        List<ObjectIndex> indices = Arrays.stream(slices).map(RegionSlice::index).toList();
        Map<String, double[]> errors = errors(spec, slices);
        int n;
        int[][] rows = new int[ns][];
        double[][] seps = new double[ns][];
        int[] gid;
        int[] gsize;
        if (ns == 2) {
            MatchCriteria c = spec.criteria(spec.surveys().get(0), spec.surveys().get(1), errors);
            // the built-in engine can skip the id order that the streamed order below would undo
            MatchResult r = spec.matchingFunction() == MatchingFunction.DEFAULT
                    ? Crossmatcher.matchInRowOrder(indices.get(0), indices.get(1), c)
                    : spec.matchingFunction().match(indices.get(0), indices.get(1), c);
            n = r.size();
            rows[0] = r.leftRowsShared(); // read only below
            rows[1] = r.rightRowsShared();
            seps[0] = null; // the first survey of a pair has no separation: NaN, filled below
            seps[1] = r.separationsShared();
            gid = new int[groups ? n : 0]; // groups are only computed when asked for
            gsize = new int[groups ? n : 0];
            for (int i = 0; i < gid.length; i++) {
                gid[i] = r.groupId(i);
                gsize[i] = r.groupSize(i);
            }
        } else {
            NWayMatchResult r = NWayMatcher.match(indices, spec, errors);
            n = r.size();
            gid = new int[n];
            gsize = new int[n];
            for (int s = 0; s < ns; s++) {
                rows[s] = new int[n];
                seps[s] = new double[n];
                for (int i = 0; i < n; i++) {
                    rows[s][i] = r.row(s, i);
                    seps[s][i] = r.separationArcsec(s, i);
                }
            }
            for (int i = 0; i < n; i++) {
                gid[i] = r.groupId(i);
                gsize[i] = r.groupSize(i);
            }
        }
        int[] ownerSurvey = new int[n];
        boolean[] owns = new boolean[ns];
        for (int i = 0; i < n; i++) {
            ownerSurvey[i] = rows[ref][i] >= 0 ? ref : firstPresent(rows, i);
            owns[ownerSurvey[i]] = true;
        }
        long[][] h = new long[ns][]; // positions of owner objects only: the rest is never looked up
        for (int s = 0; s < ns; s++) {
            h[s] = owns[s] ? SkyCells.hash29(slices[s].index()) : null;
        }
        int[] owned = ownedInStreamOrder(region, ownerSurvey, rows, h, indices, ref);
        int m = owned.length;
        int[][] outRows = new int[ns][m];
        double[][] outSeps = new double[ns][]; // null for the first survey of a pair: no separations
        for (int s = 0; s < ns; s++) {
            for (int k = 0; k < m; k++) {
                outRows[s][k] = rows[s][owned[k]];
            }
            if (seps[s] != null) {
                outSeps[s] = new double[m];
                for (int k = 0; k < m; k++) {
                    outSeps[s][k] = seps[s][owned[k]];
                }
            }
        }
        if (!groups) {
            return new RegionMatch(region, spec.surveys(), ref, indices, outRows, outSeps, null, null, null, read, passes);
        }
        // per in-memory group: its first row in the global order, whether it has rows outside or after the region
        int groupCount = 0;
        for (int g : gid) {
            groupCount = Math.max(groupCount, g + 1);
        }
        int[] minRow = new int[groupCount];
        Arrays.fill(minRow, -1);
        boolean[] outside = new boolean[groupCount];
        boolean[] later = new boolean[groupCount];
        int shift = 2 * (SkyCells.MAX_DEPTH - region.depth());
        for (int i = 0; i < n; i++) {
            int g = gid[i];
            long cell = h[ownerSurvey[i]][rows[ownerSurvey[i]][i]] >>> shift;
            if (!region.contains(cell)) {
                outside[g] = true;
                later[g] |= cell > region.lastCell();
            }
            if (minRow[g] < 0 || compareOwners(i, minRow[g], ownerSurvey, rows, h, indices, ref) < 0) {
                minRow[g] = i;
            }
        }
        int[] localOf = new int[groupCount];
        Arrays.fill(localOf, -1);
        int[] outGid = new int[m];
        int[] outSize = new int[m];
        GroupInfo[] infos = new GroupInfo[groupCount];
        int locals = 0;
        for (int k = 0; k < m; k++) {
            int g = gid[owned[k]];
            if (localOf[g] < 0) {
                localOf[g] = locals;
                String key = null;
                boolean startsHere = true;
                if (outside[g]) {
                    int first = minRow[g];
                    int s0 = ownerSurvey[first];
                    int row = rows[s0][first];
                    key = h[s0][row] + ":" + s0 + ":" + indices.get(s0).ids().getString(row);
                    startsHere = region.containsHash29(h[s0][row]);
                }
                infos[locals++] = new GroupInfo(key, startsHere, later[g]);
            }
            outGid[k] = localOf[g];
            outSize[k] = gsize[owned[k]];
        }
        return new RegionMatch(region, spec.surveys(), ref, indices, outRows, outSeps, outGid, outSize,
                Arrays.copyOf(infos, locals), read, passes);
    }

    /**
     * The result rows whose owner lies in the region, in streamed order. The in-memory result
     * keeps each owner's rows together, so whole runs of rows are ordered (by a radix sort on the
     * owner's depth-29 cell, ties by owner kind and id) and each run keeps its in-memory order.
     */
    private static int[] ownedInStreamOrder(SkyRegion region, int[] ownerSurvey, int[][] rows, long[][] h,
            List<ObjectIndex> indices, int ref) {
        int n = ownerSurvey.length;
        int[] runStart = new int[16];
        int[] runEnd = new int[16];
        long[] runKey = new long[16];
        int runs = 0;
        int ownedRows = 0;
        for (int i = 0, e; i < n; i = e) {
            int s = ownerSurvey[i];
            int owner = rows[s][i];
            e = i + 1;
            while (e < n && ownerSurvey[e] == s && rows[s][e] == owner) {
                e++;
            }
            long key = h[s][owner];
            if (region.containsHash29(key)) {
                if (runs == runStart.length) {
                    runStart = Arrays.copyOf(runStart, runs * 2);
                    runEnd = Arrays.copyOf(runEnd, runs * 2);
                    runKey = Arrays.copyOf(runKey, runs * 2);
                }
                runStart[runs] = i;
                runEnd[runs] = e;
                runKey[runs++] = key;
                ownedRows += e - i;
            }
        }
        boolean ascending = true; // slices of an index in NESTED order, matched in row order
        for (int k = 1; k < runs && ascending; k++) {
            ascending = runKey[k - 1] <= runKey[k];
        }
        int[] order = ascending ? ResultAssembler.identity(runs) : radixArgsort(Arrays.copyOf(runKey, runs));
        // equal cells (duplicate positions): owner kind, then id
        for (int a = 0; a < runs; ) {
            int b = a + 1;
            while (b < runs && runKey[order[b]] == runKey[order[a]]) {
                b++;
            }
            for (int x = a + 1; x < b; x++) {
                int v = order[x];
                int y = x - 1;
                while (y >= a && compareOwners(runStart[order[y]], runStart[v], ownerSurvey, rows, h, indices, ref) > 0) {
                    order[y + 1] = order[y];
                    y--;
                }
                order[y + 1] = v;
            }
            a = b;
        }
        int[] out = new int[ownedRows];
        int o = 0;
        for (int k = 0; k < runs; k++) {
            for (int e = runStart[order[k]], end = runEnd[order[k]]; e < end; e++) {
                out[o++] = e;
            }
        }
        return out;
    }

    /** Positions 0..n-1 ordered by {@code keys} (non-negative), stably: an LSD radix sort on 16-bit digits. */
    static int[] radixArgsort(long[] keys) {
        int n = keys.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int[] tmp = new int[n];
        long max = 0;
        for (long k : keys) {
            max |= k;
        }
        int[] count = new int[1 << 16];
        for (int shift = 0; shift < 64 && (max >>> shift) != 0; shift += 16) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) ((keys[i] >>> shift) & 0xFFFF)]++;
            }
            RadixCounts.toStarts(count, count.length);
            for (int i = 0; i < n; i++) {
                int v = idx[i];
                tmp[count[(int) ((keys[v] >>> shift) & 0xFFFF)]++] = v;
            }
            int[] t = idx;
            idx = tmp;
            tmp = t;
        }
        return idx;
    }

    private static int firstPresent(int[][] rows, int i) {
        for (int s = 0; s < rows.length; s++) {
            if (rows[s][i] >= 0) {
                return s;
            }
        }
        throw new IllegalStateException("result row " + i + " has no object");
    }

    /** Streamed order of two result rows: owner cell, owner kind, owner id, then in-memory order. */
    private static int compareOwners(int a, int b, int[] ownerSurvey, int[][] rows, long[][] h, List<ObjectIndex> indices,
            int ref) {
        int sa = ownerSurvey[a];
        int sb = ownerSurvey[b];
        int ra = rows[sa][a];
        int rb = rows[sb][b];
        int c = Long.compare(h[sa][ra], h[sb][rb]);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(sa == ref ? -1 : sa, sb == ref ? -1 : sb);
        if (c != 0) {
            return c;
        }
        c = indices.get(sa).ids().compare(ra, rb);
        return c != 0 ? c : Integer.compare(a, b);
    }
}
