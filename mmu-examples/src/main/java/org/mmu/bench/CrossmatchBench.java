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
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
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
 *   <li>runs the same engine in a child JVM with a fixed {@code -Xmx} under {@code /usr/bin/time}
 *       (read CSV, match, write pairs CSV), which gives a wall time comparable to the peers' and
 *       our peak RSS (the in-process figure would include this harness and a lazily sized heap);</li>
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
        Path peerScript = Path.of("/work/shared/bench/peer-xmatch");
        long stiltsMax = 2_000_000;
        long astropyMax = 10_000_000;
        double overlap = 0.8;
        double extra = 0.2;
        double jitterArcsec = 0.3;
        double areaDeg2 = 41253;
        long seed = 42;
        boolean child = true;
        int repeat = 2;
        String childHeap;
        List<Long> sizes = new ArrayList<>();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args);
            return;
        }
        Options o = parse(args);
        Files.createDirectories(o.dir);
        System.out.printf(Locale.ROOT, "# radius %.3f\", threads %d, area %.0f deg2, overlap %.2f, extra %.2f, jitter %.2f\"%n",
                o.radiusArcsec, o.threads, o.areaDeg2, o.overlap, o.extra, o.jitterArcsec);
        System.out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " processors; timings are noisy "
                + "when the machine is shared");
        // warm-up so the timed runs measure compiled code
        ObjectIndex[] warm = catalogues(100_000, o, o.seed + 1);
        ourEngine(warm[0], warm[1], o.radiusArcsec, o.threads);
        System.out.println(String.join(" | ", "n_left", "n_right", "pairs", "ours_match_s", "ours_wall_s",
                "ours_rss_mb", "stilts_wall_s", "stilts_rss_mb", "stilts_pairs", "astropy_wall_s", "astropy_rss_mb",
                "x_stilts(wall)", "x_astropy(wall)", "x_stilts(match)", "x_astropy(match)", "check"));
        for (long n : o.sizes) {
            System.out.println(row(n, o));
        }
    }

    /**
     * Our engine on two indices: the one call being measured. (The lead will later feed it
     * indices loaded from index-first datasets on disk instead of generated ones.)
     */
    static MatchResult ourEngine(ObjectIndex left, ObjectIndex right, double radiusArcsec, int threads) {
        return Crossmatcher.match(left, right, MatchCriteria.builder().radiusArcsec(radiusArcsec).threads(threads).build());
    }

    private static String row(long n, Options o) throws Exception {
        ObjectIndex[] cat = catalogues(Math.toIntExact(n), o, o.seed);
        Path dir = o.dir.resolve("n" + n);
        Files.createDirectories(dir);
        Path left = dir.resolve("left.csv");
        Path right = dir.resolve("right.csv");
        writeCsv(cat[0], left);
        writeCsv(cat[1], right);

        MatchResult ours = null;
        double matchS = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < o.repeat; rep++) {
            ours = null;
            System.gc();
            long t0 = System.nanoTime();
            ours = ourEngine(cat[0], cat[1], o.radiusArcsec, o.threads);
            matchS = Math.min(matchS, (System.nanoTime() - t0) / 1e9);
        }
        Pairs oursPairs = Pairs.of(ours);
        int nLeft = cat[0].size();
        int nRight = cat[1].size();
        cat = null;
        ours = null;

        String wall = "-";
        String rss = "-";
        double oursWall = Double.NaN;
        if (o.child) {
            double[] w = runChild(left, right, dir.resolve("ours-pairs.csv"), nLeft, nRight, o);
            oursWall = w[0];
            wall = fmt(w[0]);
            rss = String.valueOf((long) w[1]);
        }
        Peer stilts = n <= o.stiltsMax ? peer("stilts", left, right, o) : Peer.skipped("stilts", o.stiltsMax);
        Peer astropy = n <= o.astropyMax ? peer("astropy", left, right, o) : Peer.skipped("astropy", o.astropyMax);
        String check = "astropy skipped";
        if (astropy.ran()) {
            check = oursPairs.compare(Pairs.read(dir.resolve("peer-astropy-pairs.csv")), 1e-6);
        }
        if (stilts.ran() && stilts.pairs != oursPairs.size()) {
            check += "; stilts found " + (stilts.pairs - oursPairs.size()) + " pairs more";
        }
        return String.join(" | ", String.valueOf(nLeft), String.valueOf(nRight), String.valueOf(oursPairs.size()),
                fmt(matchS), wall, rss, stilts.wall(), stilts.rss(), stilts.pairsText(), astropy.wall(), astropy.rss(),
                ratio(stilts.wallS, oursWall), ratio(astropy.wallS, oursWall), ratio(stilts.wallS, matchS),
                ratio(astropy.wallS, matchS), check);
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
            double[] p = inCap(rnd, capRad);
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
            double[] p = inCap(rnd, capRad);
            rra[k] = p[0];
            rdec[k++] = p[1];
        }
        return new ObjectIndex[] {ObjectIndex.ofPositions("left", lra, ldec),
                ObjectIndex.ofPositions("right", rra, rdec)};
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
    private static double[] jitter(double raDeg, double decDeg, double east, double north) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double x = Math.cos(dec) * Math.cos(ra) - Math.sin(ra) * east - Math.sin(dec) * Math.cos(ra) * north;
        double y = Math.cos(dec) * Math.sin(ra) + Math.cos(ra) * east - Math.sin(dec) * Math.sin(ra) * north;
        double z = Math.sin(dec) + Math.cos(dec) * north;
        double r = Math.sqrt(x * x + y * y + z * z);
        double outRa = Math.toDegrees(Math.atan2(y, x));
        return new double[] {outRa < 0 ? outRa + 360 : outRa, Math.toDegrees(Math.asin(z / r))};
    }

    // ---- child JVM: read CSVs, match, write pairs ----

    private static double[] runChild(Path left, Path right, Path out, int nLeft, int nRight, Options o)
            throws IOException, InterruptedException {
        long heapMb = o.childHeap != null ? -1
                : Math.max(256, (long) (1.5 * (Crossmatcher.estimateMemoryBytes(nLeft, nRight)
                        + 80L * (nLeft + nRight))) >> 20);
        String heap = o.childHeap != null ? o.childHeap : heapMb + "m";
        Path timeFile = Files.createTempFile("mmu-bench", ".time");
        List<String> cmd = List.of("/usr/bin/time", "-f", "%e %M", "-o", timeFile.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-cp",
                System.getProperty("java.class.path"), CrossmatchBench.class.getName(), "--child", left.toString(),
                right.toString(), String.valueOf(o.radiusArcsec), String.valueOf(o.threads), out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IllegalStateException("child JVM failed (-Xmx" + heap + "):\n" + log);
        }
        String[] t = Files.readString(timeFile).trim().split("\\s+");
        Files.deleteIfExists(timeFile);
        System.out.println("#   ours (child, -Xmx" + heap + "): " + log.trim());
        return new double[] {Double.parseDouble(t[t.length - 2]), Double.parseDouble(t[t.length - 1]) / 1024};
    }

    private static void child(String[] a) throws IOException {
        long t0 = System.nanoTime();
        int threads = Integer.parseInt(a[4]);
        ObjectIndex left = readCsv(Path.of(a[1]), "left", threads);
        ObjectIndex right = readCsv(Path.of(a[2]), "right", threads);
        long t1 = System.nanoTime();
        MatchResult r = ourEngine(left, right, Double.parseDouble(a[3]), threads);
        long t2 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(a[5]))) {
            w.write("left_object_id,right_object_id,separation_arcsec\n");
            StringBuilder sb = new StringBuilder(64);
            for (int i = 0; i < r.size(); i++) {
                sb.setLength(0);
                sb.append(left.ids().getLong(r.leftRow(i))).append(',').append(right.ids().getLong(r.rightRow(i)))
                        .append(',').append(r.separationArcsec(i)).append('\n');
                w.append(sb);
            }
        }
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "read_s=%.2f match_s=%.2f write_s=%.2f pairs=%d%n", (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, (t3 - t2) / 1e9, r.size());
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

    /**
     * Reads object_id,ra,dec (in any column order, extra columns ignored) into an index, with one
     * thread per byte range of the file (streamed, so the file never sits in memory).
     */
    static ObjectIndex readCsv(Path path, String name, int threads) throws IOException {
        List<String> header;
        long dataStart;
        try (BufferedReader in = Files.newBufferedReader(path)) {
            String h = in.readLine();
            header = List.of(h.trim().split(","));
            dataStart = h.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        }
        int ci = header.indexOf("object_id");
        int cr = header.indexOf("ra");
        int cd = header.indexOf("dec");
        if (ci < 0 || cr < 0 || cd < 0) {
            throw new IOException(path + ": header needs object_id, ra, dec; got " + header);
        }
        long size = Files.size(path);
        int parts = (int) Math.max(1, Math.min(threads, (size - dataStart) / (1 << 20)));
        Chunk[] chunks = new Chunk[parts];
        List<Thread> workers = new ArrayList<>();
        IOException[] failure = new IOException[1];
        for (int p = 0; p < parts; p++) {
            long from = dataStart + (size - dataStart) * p / parts;
            long to = dataStart + (size - dataStart) * (p + 1) / parts;
            int part = p;
            Thread t = new Thread(() -> {
                try {
                    chunks[part] = readRange(path, from, to, header.size(), ci, cr, cd);
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        int n = 0;
        for (Chunk c : chunks) {
            n += c.n;
        }
        long[] ids = new long[n];
        double[] ra = new double[n];
        double[] dec = new double[n];
        int o = 0;
        for (Chunk c : chunks) {
            System.arraycopy(c.ids, 0, ids, o, c.n);
            System.arraycopy(c.ra, 0, ra, o, c.n);
            System.arraycopy(c.dec, 0, dec, o, c.n);
            o += c.n;
        }
        return ObjectIndex.ofPositions(name, ObjectIds.ofLongs(ids), ra, dec);
    }

    private static final class Chunk {
        long[] ids = new long[1 << 16];
        double[] ra = new double[1 << 16];
        double[] dec = new double[1 << 16];
        int n;
    }

    /** The lines that start in [from, to) (a line starting before {@code from} belongs to the previous range). */
    private static Chunk readRange(Path path, long from, long to, int columns, int ci, int cr, int cd)
            throws IOException {
        Chunk c = new Chunk();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
            long pos = from;
            ch.position(from);
            BufferedReader in = new BufferedReader(new java.io.InputStreamReader(java.nio.channels.Channels.newInputStream(ch),
                    java.nio.charset.StandardCharsets.US_ASCII), 1 << 16);
            if (from > 0) {
                // skip the partial line unless from is exactly a line start
                ch.position(from - 1);
                in = new BufferedReader(new java.io.InputStreamReader(java.nio.channels.Channels.newInputStream(ch),
                        java.nio.charset.StandardCharsets.US_ASCII), 1 << 16);
                String rest = in.readLine();
                pos = from - 1 + rest.length() + 1;
            }
            String[] f = new String[columns];
            String line;
            while (pos < to && (line = in.readLine()) != null) {
                pos += line.length() + 1;
                if (line.isEmpty()) {
                    continue;
                }
                if (c.n == c.ids.length) {
                    c.ids = Arrays.copyOf(c.ids, 2 * c.n);
                    c.ra = Arrays.copyOf(c.ra, 2 * c.n);
                    c.dec = Arrays.copyOf(c.dec, 2 * c.n);
                }
                int start = 0;
                for (int k = 0; k < columns; k++) {
                    int end = line.indexOf(',', start);
                    f[k] = line.substring(start, end < 0 ? line.length() : end);
                    start = end + 1;
                }
                c.ids[c.n] = Long.parseLong(f[ci]);
                c.ra[c.n] = Double.parseDouble(f[cr]);
                c.dec[c.n++] = Double.parseDouble(f[cd]);
            }
        }
        return c;
    }

    // ---- options ----

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
                case "--seed" -> o.seed = Long.parseLong(args[++i]);
                case "--no-child" -> o.child = false;
                case "--repeat" -> o.repeat = Math.max(1, Integer.parseInt(args[++i]));
                case "--child-heap" -> o.childHeap = args[++i];
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
              --peer-script PATH   the peer runner (/work/shared/bench/peer-xmatch)
              --stilts-max N       skip STILTS above this size (2e6)
              --astropy-max N      skip astropy above this size (1e7)
              --overlap F          fraction of left objects with a jittered counterpart on the right (0.8)
              --extra F            unrelated right objects, as a fraction of n (0.2)
              --jitter ARCSEC      Gaussian sigma per axis of the counterparts' offsets (0.3)
              --area-deg2 A        area of the sky cap the catalogues cover (41253: whole sky)
              --seed S             random seed (42)
              --repeat N           in-process runs per size; the fastest is reported (2)
              --no-child           skip the child-JVM run (no RSS, no wall time)
              --child-heap SIZE    -Xmx of the child JVM (default from Crossmatcher.estimateMemoryBytes)
            """;

    private static String fmt(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.2f", s);
    }

    private static String ratio(double peer, double ours) {
        return Double.isNaN(peer) || Double.isNaN(ours) ? "-" : String.format(Locale.ROOT, "%.1fx", peer / ours);
    }
}
