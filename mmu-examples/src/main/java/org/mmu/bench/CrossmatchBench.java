package org.mmu.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mmu.MemoryEstimate;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.matching.Crossmatcher;
import org.mmu.matching.MatchCriteria;
import org.mmu.matching.MatchResult;

/**
 * Times our crossmatch beside STILTS and astropy on the same catalogues, in the same run, and
 * checks that our pairs are astropy's. Not a unit test: run it with
 * {@code scripts/bench-crossmatch.sh 1e5 1e6 1e7}.
 *
 * <p>For each size n it generates a left catalogue of n objects and a right one of
 * {@code overlap·n} left objects moved by a Gaussian jitter plus {@code extra·n} unrelated ones
 * (so most left objects have a real counterpart), writes both as CSV, then
 * <ol>
 *   <li>times {@link #ourEngine} in this JVM (after a warm-up; the fastest of {@code --repeat}
 *       runs): the match alone;</li>
 *   <li>builds both catalogues as index-first datasets (once, untimed: building is a one-off) and
 *       runs the product as a user does, {@code scripts/mmu xmatch LEFT RIGHT --radius-arcsec R --out
 *       pairs.csv}, in a child JVM under {@code /usr/bin/time} with the heap our
 *       {@link MemoryEstimate} recommends: the end-to-end wall time (JVM start, index loading,
 *       match, writing the pairs) and peak RSS, comparable to the peers' runs from their CSV
 *       inputs to their pairs files;</li>
 *   <li>runs the peers through {@code peer-xmatch} (skipping a peer above its size limit);</li>
 *   <li>compares our pairs with astropy's: count, ids and separations within 1e-6 arcsec.</li>
 * </ol>
 * Prints one table row per size. Timings on a shared machine are noisy: repeat before quoting.
 */
public final class CrossmatchBench {
    private CrossmatchBench() {
    }

    /** Options, with defaults. */
    static final class Options {
        double radiusArcsec = 1.0;
        int threads = Runtime.getRuntime().availableProcessors();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mmu-bench");
        Path peerScript = Path.of("../shared/bench/peer-xmatch"); // the repository sits beside shared/
        Path launcher = Path.of("scripts/mmu");
        long stiltsMax = 2_000_000;
        long astropyMax = 10_000_000;
        double overlap = 0.8;
        double extra = 0.2;
        double jitterArcsec = 0.3;
        double areaDeg2 = 41253;
        double polarCapDeg = 0;   // > 0: objects within this distance of either pole instead
        boolean hard = false;     // HardSky's mixture instead of uniform
        long seed = 42;
        boolean child = true;
        int repeat = 2;
        String childHeap;
        /** launcher runs, each a label and environment assignments; none: one run, "ours" */
        List<Variant> variants = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Files.createDirectories(o.dir);
        System.out.printf(Locale.ROOT, "# radius %.3f\", threads %d, area %.0f deg2, overlap %.2f, extra %.2f, jitter %.2f\"%n",
                o.radiusArcsec, o.threads, o.areaDeg2, o.overlap, o.extra, o.jitterArcsec);
        System.out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " processors; timings are noisy "
                + "when the machine is shared");
        // warm-up so the timed runs measure compiled code
        double polar = o.polarCapDeg;
        o.polarCapDeg = 0; // warm up on the plain all-sky case, whatever is measured
        ObjectIndex[] warm = catalogues(100_000, o, o.seed + 1);
        o.polarCapDeg = polar;
        ourEngine(warm[0], warm[1], o.radiusArcsec, o.threads);
        if (o.variants.isEmpty()) {
            o.variants.add(new Variant("ours", java.util.Map.of()));
        }
        System.out.println(String.join(" | ", "n_left", "n_right", "pairs", "variant", "ours_match_s", "ours_wall_s",
                "ours_cpu_s", "ours_rss_mb", "stilts_wall_s", "stilts_rss_mb", "stilts_pairs", "astropy_wall_s", "astropy_rss_mb",
                "x_stilts(wall)", "x_astropy(wall)", "x_stilts(match)", "x_astropy(match)", "check"));
        for (long n : o.sizes) {
            for (String line : rows(n, o)) {
                System.out.println(line);
            }
        }
    }

    /**
     * One way of running {@code scripts/mmu}: a label and the environment it adds, e.g.
     * {@code jdk17:MMU_JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java} or
     * {@code c2-g1:MMU_JAVA_OPTS=-XX:TieredStopAtLevel=4 -XX:-UseParallelGC -XX:+UseG1GC}
     * (assignments separated by {@code ;}).
     */
    record Variant(String label, java.util.Map<String, String> env) {
        static Variant parse(String spec) {
            int colon = spec.indexOf(':');
            String label = colon < 0 ? spec : spec.substring(0, colon);
            java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
            if (colon >= 0) {
                for (String kv : spec.substring(colon + 1).split(";")) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--variant " + spec + ": expected NAME=VALUE, got '" + kv + "'");
                    }
                    env.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
                }
            }
            return new Variant(label, env);
        }
    }

    /** Our engine on two in-memory indices: the "match only" column. */
    static MatchResult ourEngine(ObjectIndex left, ObjectIndex right, double radiusArcsec, int threads) {
        return Crossmatcher.match(left, right, MatchCriteria.builder().radiusArcsec(radiusArcsec).threads(threads).build());
    }

    private static List<String> rows(long n, Options o) throws Exception {
        ObjectIndex[] cat = o.hard ? HardSky.catalogues(Math.toIntExact(n), o.seed) : catalogues(Math.toIntExact(n), o, o.seed);
        Path dir = o.dir.resolve((o.hard ? "hard-n" : "n") + n);
        Files.createDirectories(dir);
        Path left = dir.resolve("left.csv");
        Path right = dir.resolve("right.csv");
        writeCsv(cat[0], left);
        writeCsv(cat[1], right);

        MatchResult ours = null;
        double matchS = Double.POSITIVE_INFINITY;
        double matchCpuS = Double.POSITIVE_INFINITY;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int rep = 0; rep < o.repeat; rep++) {
            ours = null;
            System.gc();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            ours = ourEngine(cat[0], cat[1], o.radiusArcsec, o.threads);
            matchS = Math.min(matchS, (System.nanoTime() - t0) / 1e9);
            matchCpuS = Math.min(matchCpuS, (os.getProcessCpuTime() - c0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "#   match in process: %.2f s wall, %.2f s cpu = %.2e objects per cpu-second%n",
                matchS, matchCpuS, (cat[0].size() + cat[1].size()) / matchCpuS);
        Pairs oursPairs = Pairs.of(ours);
        int nLeft = cat[0].size();
        int nRight = cat[1].size();
        cat = null;
        ours = null;

        List<double[]> runs = new ArrayList<>(); // per variant: wall s, peak RSS MB, CPU s
        if (o.child) {
            Path leftDs = dir.resolve("left-dataset");
            Path rightDs = dir.resolve("right-dataset");
            buildDataset(left, leftDs, o.threads);
            buildDataset(right, rightDs, o.threads);
            Path first = null; // the first variant's pairs, which every other variant's must equal byte for byte
            for (Variant v : o.variants) {
                Path oursCsv = dir.resolve(first == null ? "ours-pairs.csv" : "ours-pairs-" + v.label() + ".csv");
                System.out.println("#   load before " + v.label() + ": " + loadAverage());
                runs.add(runCli(leftDs, rightDs, oursCsv, nLeft, nRight, oursPairs.size(), v, o));
                Pairs cli = Pairs.read(oursCsv);
                if (cli.size() != oursPairs.size()) {
                    throw new IllegalStateException("mmu xmatch (" + v.label() + ") wrote " + cli.size()
                            + " pairs, the engine found " + oursPairs.size());
                }
                // compared as files: at 1e7 a pairs file (1.7 GB) does not fit in one array
                if (first == null) {
                    first = oursCsv;
                } else if (Files.mismatch(first, oursCsv) != -1) {
                    throw new IllegalStateException("mmu xmatch (" + v.label() + ") wrote other bytes than ("
                            + o.variants.get(0).label() + "): " + oursCsv + " and " + first);
                } else {
                    Files.delete(oursCsv);
                }
            }
        }
        System.out.println("#   load before the peers: " + loadAverage());
        Peer stilts = n <= o.stiltsMax ? peer("stilts", left, right, o) : Peer.skipped("stilts", o.stiltsMax);
        Peer astropy = n <= o.astropyMax ? peer("astropy", left, right, o) : Peer.skipped("astropy", o.astropyMax);
        String check = "astropy skipped";
        if (astropy.ran()) {
            check = oursPairs.compare(Pairs.read(dir.resolve("peer-astropy-pairs.csv")), 1e-6);
        }
        if (stilts.ran() && stilts.pairs != oursPairs.size()) {
            check += "; stilts found " + (stilts.pairs - oursPairs.size()) + " pairs more";
        }
        System.out.println("#   load after: " + loadAverage());
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < Math.max(1, runs.size()); k++) {
            double[] w = k < runs.size() ? runs.get(k) : new double[] {Double.NaN, -1, Double.NaN};
            lines.add(String.join(" | ", String.valueOf(nLeft), String.valueOf(nRight), String.valueOf(oursPairs.size()),
                    o.child ? o.variants.get(k).label() : "-", fmt(matchS), fmt(w[0]), fmt(w[2]),
                    w[1] < 0 ? "-" : String.valueOf((long) w[1]), stilts.wall(), stilts.rss(), stilts.pairsText(),
                    astropy.wall(), astropy.rss(), ratio(stilts.wallS, w[0]), ratio(astropy.wallS, w[0]),
                    ratio(stilts.wallS, matchS), ratio(astropy.wallS, matchS), check));
        }
        return lines;
    }

    /** The machine's load averages (1, 5, 15 min) as uptime prints them: others' jobs distort wall times. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---- catalogues ----

    /** Left: n uniform in the area; right: overlap·n left objects jittered, plus extra·n uniform. */
    static ObjectIndex[] catalogues(int n, Options o, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        // a spherical cap of the given area centred on (0, 0): straddles RA 0/360
        double capRad = Math.acos(Math.max(-1, 1 - o.areaDeg2 / (2 * Math.PI * Math.pow(180 / Math.PI, 2))));
        double[] lra = new double[n];
        double[] ldec = new double[n];
        for (int i = 0; i < n; i++) {
            double[] p = o.polarCapDeg > 0 ? nearPole(rnd, o.polarCapDeg) : inCap(rnd, capRad);
            lra[i] = p[0];
            ldec[i] = p[1];
        }
        int nOver = (int) Math.round(n * o.overlap);
        int nExtra = (int) Math.round(n * o.extra);
        double[] rra = new double[nOver + nExtra];
        double[] rdec = new double[nOver + nExtra];
        double sigma = Math.toRadians(o.jitterArcsec / 3600);
        int k = 0;
        for (int i = 0; i < n && k < nOver; i++) {
            if (rnd.nextDouble() < o.overlap) {
                double[] p = jitter(lra[i], ldec[i], rnd.nextGaussian() * sigma, rnd.nextGaussian() * sigma);
                rra[k] = p[0];
                rdec[k++] = p[1];
            }
        }
        while (k < rra.length) {
            double[] p = o.polarCapDeg > 0 ? nearPole(rnd, o.polarCapDeg) : inCap(rnd, capRad);
            rra[k] = p[0];
            rdec[k++] = p[1];
        }
        return new ObjectIndex[] {ObjectIndex.ofPositions("left", lra, ldec),
                ObjectIndex.ofPositions("right", rra, rdec)};
    }

    /** Uniform within {@code capDeg} of the north or the south pole (all right ascensions: pairs straddle RA 0/360). */
    private static double[] nearPole(SplittableRandom rnd, double capDeg) {
        double z = 1 - rnd.nextDouble() * (1 - Math.cos(Math.toRadians(capDeg)));
        double dec = Math.toDegrees(Math.asin(z));
        return new double[] {rnd.nextDouble() * 360, rnd.nextBoolean() ? dec : -dec};
    }

    private static double[] inCap(SplittableRandom rnd, double capRad) {
        double z = 1 - rnd.nextDouble() * (1 - Math.cos(capRad)); // uniform in area around +x
        double phi = rnd.nextDouble() * 2 * Math.PI;
        double s = Math.sqrt(1 - z * z);
        double x = z;
        double y = s * Math.cos(phi);
        double zz = s * Math.sin(phi);
        double ra = Math.toDegrees(Math.atan2(y, x));
        return new double[] {ra < 0 ? ra + 360 : ra, Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, zz))))};
    }

    /** Moves (ra, dec) by small tangent-plane offsets (radians) east and north. */
    static double[] jitter(double raDeg, double decDeg, double east, double north) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double x = Math.cos(dec) * Math.cos(ra) - Math.sin(ra) * east - Math.sin(dec) * Math.cos(ra) * north;
        double y = Math.cos(dec) * Math.sin(ra) + Math.cos(ra) * east - Math.sin(dec) * Math.sin(ra) * north;
        double z = Math.sin(dec) + Math.cos(dec) * north;
        double r = Math.sqrt(x * x + y * y + z * z);
        double outRa = Math.toDegrees(Math.atan2(y, x));
        return new double[] {outRa < 0 ? outRa + 360 : outRa, Math.toDegrees(Math.asin(z / r))};
    }

    // ---- our product, end to end: mmu xmatch on index-first datasets ----

    /** Builds an index-first dataset from a catalogue CSV once (not timed: building is done once per survey). */
    private static void buildDataset(Path csv, Path out, int threads) {
        if (Files.exists(out)) {
            return;
        }
        try (PartitionedDataset src = CatalogDatasets.open(csv, out.getFileName().toString(), CoordinateColumns.DEFAULT,
                OpenContext.defaults())) {
            DatasetBuilder.builder().threads(threads).build().build(src, out);
        }
    }

    private static double[] runCli(Path left, Path right, Path out, int nLeft, int nRight, long pairs, Variant v, Options o)
            throws IOException, InterruptedException {
        long heapMb = MemoryEstimate.of(nLeft, nRight, 8, pairs).recommendedHeapBytes() >> 20;
        // "launcher": no -Xmx, scripts/mmu's own choice (its default settings)
        String heap = "launcher".equals(o.childHeap) ? null : o.childHeap != null ? o.childHeap : heapMb + "m";
        Path timeFile = Files.createTempFile("mmu-bench", ".time");
        List<String> cmd = List.of("/usr/bin/time", "-f", "%e %M %U %S", "-o", timeFile.toString(), o.launcher.toString(),
                "xmatch", left.toString(), right.toString(), "--radius-arcsec", String.valueOf(o.radiusArcsec),
                "--threads", String.valueOf(o.threads), "--out", out.toString(), "--overwrite");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MMU_VERBOSE", "1"); // the launcher's choices, in the log below
        pb.environment().putAll(v.env());
        String opts = ((heap == null ? "" : "-Xmx" + heap) + " " + v.env().getOrDefault("MMU_JAVA_OPTS", "")).trim();
        if (opts.isEmpty()) {
            pb.environment().remove("MMU_JAVA_OPTS");
        } else {
            pb.environment().put("MMU_JAVA_OPTS", opts);
        }
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IllegalStateException("mmu xmatch failed (" + v.label() + ", " + opts + "):\n" + log);
        }
        String[] t = Files.readString(timeFile).trim().split("\\s+");
        Files.deleteIfExists(timeFile);
        String stages = log.lines().filter(l -> l.startsWith("xmatch:")).findFirst().orElse("").trim();
        String chose = log.lines().filter(l -> l.startsWith("mmu launcher: JVM")).findFirst().orElse("").trim();
        System.out.println("#   " + v.label() + " (" + opts + "): " + chose);
        System.out.println("#   " + v.label() + ": " + stages);
        int e = t.length - 4; // /usr/bin/time may prefix a line of its own
        return new double[] {Double.parseDouble(t[e]), Double.parseDouble(t[e + 1]) / 1024,
                Double.parseDouble(t[e + 2]) + Double.parseDouble(t[e + 3])};
    }

    // ---- peers ----

    private record Peer(String name, double wallS, long rssMb, long pairs, String note) {
        static Peer skipped(String name, long max) {
            return new Peer(name, Double.NaN, -1, -1, "skipped above " + max);
        }

        boolean ran() {
            return !Double.isNaN(wallS);
        }

        String wall() {
            return ran() ? fmt(wallS) : note;
        }

        String rss() {
            return ran() ? String.valueOf(rssMb) : "-";
        }

        String pairsText() {
            return ran() ? String.valueOf(pairs) : "-";
        }
    }

    private static Peer peer(String name, Path left, Path right, Options o) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(o.peerScript.toString(), left.toString(), right.toString(),
                String.valueOf(o.radiusArcsec), name).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        for (String line : out.split("\n")) {
            if (line.startsWith("peer=" + name + " wall_s=")) {
                String[] f = line.split("\\s+");
                return new Peer(name, Double.parseDouble(value(f[1])), Long.parseLong(value(f[2])),
                        Long.parseLong(value(f[3])), "");
            }
        }
        System.out.println("#   " + name + " did not run: " + out.trim().replace('\n', ' '));
        return new Peer(name, Double.NaN, -1, -1, "failed");
    }

    private static String value(String kv) {
        return kv.substring(kv.indexOf('=') + 1);
    }

    // ---- pair sets ----

    /** (left id, right id, separation) sorted by ids, for comparing pair sets. */
    static final class Pairs {
        final long[] left;
        final long[] right;
        final double[] sep;

        Pairs(long[] left, long[] right, double[] sep) {
            this.left = left;
            this.right = right;
            this.sep = sep;
            sortByIds();
        }

        int size() {
            return left.length;
        }

        static Pairs of(MatchResult r) {
            int n = r.size();
            long[] l = new long[n];
            long[] rr = new long[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                l[i] = r.left().ids().getLong(r.leftRow(i));
                rr[i] = r.right().ids().getLong(r.rightRow(i));
                s[i] = r.separationArcsec(i);
            }
            return new Pairs(l, rr, s);
        }

        static Pairs read(Path csv) throws IOException {
            int cap = 1 << 16;
            long[] l = new long[cap];
            long[] r = new long[cap];
            double[] s = new double[cap];
            int n = 0;
            try (BufferedReader in = Files.newBufferedReader(csv)) {
                in.readLine();
                String line;
                while ((line = in.readLine()) != null) {
                    if (n == l.length) {
                        l = Arrays.copyOf(l, 2 * n);
                        r = Arrays.copyOf(r, 2 * n);
                        s = Arrays.copyOf(s, 2 * n);
                    }
                    int c1 = line.indexOf(',');
                    int c2 = line.indexOf(',', c1 + 1);
                    l[n] = Long.parseLong(line, 0, c1, 10);
                    r[n] = Long.parseLong(line, c1 + 1, c2, 10);
                    s[n++] = Double.parseDouble(line.substring(c2 + 1));
                }
            }
            return new Pairs(Arrays.copyOf(l, n), Arrays.copyOf(r, n), Arrays.copyOf(s, n));
        }

        /** "ok" or what differs. */
        String compare(Pairs other, double sepTolerance) {
            if (size() != other.size()) {
                return "DIFFERENT: " + size() + " pairs vs astropy " + other.size();
            }
            double worst = 0;
            for (int i = 0; i < size(); i++) {
                if (left[i] != other.left[i] || right[i] != other.right[i]) {
                    return "DIFFERENT: pair " + i + " (" + left[i] + "," + right[i] + ") vs astropy (" + other.left[i] + ","
                            + other.right[i] + ")";
                }
                worst = Math.max(worst, Math.abs(sep[i] - other.sep[i]));
            }
            return worst <= sepTolerance ? String.format(Locale.ROOT, "same pairs as astropy (max |dsep| %.1e\")", worst)
                    : "DIFFERENT: separation differs by " + worst + "\"";
        }

        private void sortByIds() {
            quicksort(0, left.length - 1);
        }

        private int cmp(int i, int j) {
            int c = Long.compare(left[i], left[j]);
            return c != 0 ? c : Long.compare(right[i], right[j]);
        }

        private void quicksort(int lo, int hi) {
            while (lo < hi) {
                if (hi - lo < 16) {
                    for (int i = lo + 1; i <= hi; i++) {
                        for (int j = i; j > lo && cmp(j - 1, j) > 0; j--) {
                            swap(j - 1, j);
                        }
                    }
                    return;
                }
                int mid = (lo + hi) >>> 1;
                swap(mid, hi);
                int store = lo;
                for (int i = lo; i < hi; i++) {
                    if (cmp(i, hi) < 0) {
                        swap(i, store++);
                    }
                }
                swap(store, hi);
                if (store - lo < hi - store) {
                    quicksort(lo, store - 1);
                    lo = store + 1;
                } else {
                    quicksort(store + 1, hi);
                    hi = store - 1;
                }
            }
        }

        private void swap(int i, int j) {
            long t = left[i];
            left[i] = left[j];
            left[j] = t;
            t = right[i];
            right[i] = right[j];
            right[j] = t;
            double d = sep[i];
            sep[i] = sep[j];
            sep[j] = d;
        }
    }

    // ---- CSV ----

    static void writeCsv(ObjectIndex idx, Path path) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(path)) {
            w.write("object_id,ra,dec\n");
            StringBuilder sb = new StringBuilder(64);
            for (int i = 0; i < idx.size(); i++) {
                sb.setLength(0);
                sb.append(idx.ids().getLong(i)).append(',').append(idx.ra(i)).append(',').append(idx.dec(i)).append('\n');
                w.append(sb);
            }
        }
    }

    private static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--radius" -> o.radiusArcsec = Double.parseDouble(args[++i]);
                case "--threads" -> o.threads = Integer.parseInt(args[++i]);
                case "--dir" -> o.dir = Path.of(args[++i]);
                case "--peer-script" -> o.peerScript = Path.of(args[++i]);
                case "--stilts-max" -> o.stiltsMax = (long) Double.parseDouble(args[++i]);
                case "--astropy-max" -> o.astropyMax = (long) Double.parseDouble(args[++i]);
                case "--overlap" -> o.overlap = Double.parseDouble(args[++i]);
                case "--extra" -> o.extra = Double.parseDouble(args[++i]);
                case "--jitter" -> o.jitterArcsec = Double.parseDouble(args[++i]);
                case "--area-deg2" -> o.areaDeg2 = Double.parseDouble(args[++i]);
                case "--polar-cap-deg" -> o.polarCapDeg = Double.parseDouble(args[++i]);
                case "--geometry" -> o.hard = switch (args[++i]) {
                    case "hard" -> true;
                    case "uniform" -> false;
                    default -> throw new IllegalArgumentException("--geometry is uniform or hard, got " + args[i]);
                };
                case "--seed" -> o.seed = Long.parseLong(args[++i]);
                case "--no-child" -> o.child = false;
                case "--repeat" -> o.repeat = Math.max(1, Integer.parseInt(args[++i]));
                case "--child-heap" -> o.childHeap = args[++i];
                case "--launcher" -> o.launcher = Path.of(args[++i]);
                case "--variant" -> o.variants.add(Variant.parse(args[++i]));
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                    }
                    o.sizes.add((long) Double.parseDouble(a));
                }
            }
        }
        if (o.sizes.isEmpty()) {
            o.sizes.add(100_000L);
            o.sizes.add(1_000_000L);
        }
        return o;
    }

    private static final String USAGE = """
            usage: CrossmatchBench [options] SIZE...    (sizes like 1e5 1e6 1e7; default 1e5 1e6)
              --radius ARCSEC      match radius (1)
              --threads N          our threads (all processors)
              --dir DIR            where catalogues and pairs go (java.io.tmpdir/mmu-bench)
              --peer-script PATH   the peer runner (../shared/bench/peer-xmatch)
              --stilts-max N       skip STILTS above this size (2e6)
              --astropy-max N      skip astropy above this size (1e7)
              --overlap F          fraction of left objects with a jittered counterpart on the right (0.8)
              --extra F            unrelated right objects, as a fraction of n (0.2)
              --jitter ARCSEC      Gaussian sigma per axis of the counterparts' offsets (0.3)
              --geometry G         uniform (default: the options below shape it) or hard (clusters of 25 within
                                   4", crowded polar caps, duplicates, RA 0/360 strip, base-cell edges: HardSky)
              --polar-cap-deg D    put all objects within D degrees of the two poles (STILTS' blind spot)
              --area-deg2 A        area of the sky cap the catalogues cover (41253: whole sky)
              --seed S             random seed (42)
              --repeat N           in-process runs per size; the fastest is reported (2)
              --no-child           skip the end-to-end mmu xmatch run (no RSS, no wall time)
              --child-heap SIZE    -Xmx of mmu xmatch (default: MemoryEstimate.recommendedHeapBytes with the real
                                   pair count); "launcher": none, scripts/mmu's own default
              --launcher PATH      how to run mmu (default scripts/mmu: its JVM, cache, GC and JIT choices)
              --variant L[:ENV]    a run of the launcher labelled L with environment ENV (NAME=VALUE;NAME=VALUE),
                                   e.g. jdk17:MMU_JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java; repeatable: one
                                   table row each, all on the same datasets, which must write the same bytes
            """;

    private static String fmt(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.2f", s);
    }

    private static String ratio(double peer, double ours) {
        return Double.isNaN(peer) || Double.isNaN(ours) ? "-" : String.format(Locale.ROOT, "%.1fx", peer / ours);
    }
}
