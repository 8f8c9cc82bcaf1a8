package org.mmu.matching.internal;

import java.util.concurrent.ConcurrentLinkedQueue;

import org.mmu.core.IndexSort;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.matching.MatchCriteria;

/**
 * Finds candidate pairs by declination zones (the "zones" algorithm of Gray, Nieto-Santisteban
 * and Szalay, 2006): the sky is cut into zones of constant declination at least as high as the
 * search radius, both sides are sorted by packed key {@code zone | ra | row}, and every left
 * object scans, in the (at most three) zones its disc touches, the right objects in an RA window
 * of half-width {@code asin(sin r / cos δmax)}. A left zone's objects come in RA order, so each
 * window starts where the previous one did or later: the search is a merge, with no neighbour
 * look-ups and no hashing.
 *
 * <p>Why this and not a HEALPix grid: at any density the candidates cover about 3 × 2 radii
 * (plus the RA quantum of the key) around a left object, where cell-plus-neighbours covers 9
 * cells; and computing a key is a multiplication, where a HEALPix hash was 10 % of a sparse
 * match and neighbour look-ups another 7 %. Regions (which rows a match sees) stay HEALPix.
 *
 * <p>Why no pair is missed: two points at angle θ differ in declination by at most θ, and in RA
 * by at most {@code asin(sin θ / cos δ)} when {@code |δ| + θ < 90°} (else by anything), where δ
 * is either point's declination; that bound grows with |δ|, so a left zone uses it at its largest
 * |δ|. Radius, zone edges and the half-width are padded by 1e-9 relative, far above the rounding
 * of the separations (~1e-16 rad), and the quantised RA windows are widened by two quanta. Every
 * candidate is then decided by the exact test ({@link MatchCriteria#accepts} on
 * {@link Sphere#separationArcsec}), so the padding changes only how many are tested.
 *
 * <p>Work is cut into chunks of {@value #CHUNK} left positions, so the chunks, and the pairs each
 * produces, do not depend on the thread count; chunk outputs are concatenated in chunk order.
 *
 * <p>Memory while searching: left 8 bytes per row (keys; left unit vectors are computed on the
 * fly, each left row is visited once), right 32 bytes per row (keys, unit vectors) and at most
 * 4 more (a directory of the right side's zones); while sorting 16 bytes per row of each side; 16 bytes per pair in
 * the chunks' blocks ({@link PairBlocks}), 16 more while concatenating.
 */
public final class ZonePairFinder {
    /** Left positions per chunk of work. */
    static final int CHUNK = 4096;
    /** At most 2^22 zones: below 0.15″ zones are higher than the radius. */
    static final int MAX_ZONE_BITS = 22;
    /** The zone directory has at most one entry per right row (plus this many): zones get higher. */
    static final int DIRECTORY_SLACK = 1024;
    /** Relative padding of radius, zone edges and RA half-widths (see the class comment). */
    private static final double PAD = 1e-9;

    private final ObjectIndex left;
    private final ObjectIndex right;
    private final MatchCriteria criteria;
    private final int perLeftLimit;
    private final ObjectIds rightIds;

    private double radiusDeg; // padded search radius
    private double zoneDeg;
    private int zones;
    private int rowBits;
    private int raBits;
    private long rowMask;
    private long quanta; // 2^raBits
    private double quantaPerDeg;
    private long[] leftKeys;
    private long[] rightKeys;
    private double[] rightXyz;
    private int[] zoneStart; // by zone - firstZone, over the right side's zones
    private int firstZone;
    private int lastZone;
    private double chord2;
    private Plan plan;

    private ZonePairFinder(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, int perLeftLimit) {
        this.left = left;
        this.right = right;
        this.criteria = criteria;
        this.perLeftLimit = perLeftLimit;
        this.rightIds = right.ids();
    }

    /**
     * What one run chose and how long its phases took, for tests and diagnostics.
     *
     * @param zoneDeg the zone height in degrees
     * @param zones   the number of zones
     * @param raBits  bits of quantised RA in a key
     */
    public record Plan(double zoneDeg, int zones, int raBits, int chunks, long keyNanos, long sortNanos,
            long vectorNanos, long searchNanos) {
    }

    /**
     * All candidate pairs (see {@link MatchCriteria#accepts}), in an order that depends on the
     * input order but not on the thread count.
     *
     * @param perLeftLimit when &gt; 0, keep for each left row only its {@code perLeftLimit} best
     *                     pairs (smallest separation, then smallest right id): BEST1 and KNN
     *                     need no more, which bounds memory in dense fields
     */
    public static PairBuffer find(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, int perLeftLimit,
            Parallel par) {
        return find(left, right, criteria, perLeftLimit, par, 0, null);
    }

    /**
     * Like {@link #find(ObjectIndex, ObjectIndex, MatchCriteria, int, Parallel)}, with zones
     * {@code max(search radius, zoneDegOverride)} high when {@code zoneDegOverride > 0}: tests use
     * zones exactly as high as the radius, where discs reach the next zones with no slack, and
     * coarse zones, which exercise whole-zone and RA-wrap windows. Reports the plan in
     * {@code planOut[0]} when given.
     */
    public static PairBuffer find(ObjectIndex left, ObjectIndex right, MatchCriteria criteria, int perLeftLimit,
            Parallel par, double zoneDegOverride, Plan[] planOut) {
        ZonePairFinder f = new ZonePairFinder(left, right, criteria, perLeftLimit);
        PairBuffer p = f.run(par, zoneDegOverride);
        if (planOut != null) {
            planOut[0] = f.plan;
        }
        return p;
    }

    private PairBuffer run(Parallel par, double zoneDegOverride) {
        int nL = left.size();
        int nR = right.size();
        double searchArcsec = criteria.searchRadiusArcsec();
        radiusDeg = Math.min(180, searchArcsec / 3600 * (1 + PAD) + 1e-12);
        if (zoneDegOverride > 0) {
            zoneDeg = Math.min(180, Math.max(radiusDeg, zoneDegOverride));
        } else {
            double[] decSpan = decSpan(right, par);
            double spanZoneDeg = (decSpan[1] - decSpan[0]) / ((double) nR + DIRECTORY_SLACK);
            zoneDeg = Math.min(180, Math.max(radiusDeg, Math.max(180.0 / (1 << MAX_ZONE_BITS), spanZoneDeg)));
        }
        zones = (int) (180 / zoneDeg) + 1; // the last zone holds dec = +90 when zoneDeg divides 180
        rowBits = bits(Math.max(nL, nR));
        rowMask = (1L << rowBits) - 1;
        raBits = Math.min(32, 63 - rowBits - bits(zones));
        quanta = 1L << raBits;
        quantaPerDeg = quanta / 360.0;
        long t0 = System.nanoTime();
        // Key (and so validate) both sides even when one is empty: bad coordinates always fail.
        leftKeys = keys(left, "left", par);
        rightKeys = keys(right, "right", par);
        if (nL == 0 || nR == 0) {
            plan = new Plan(zoneDeg, zones, raBits, 0, System.nanoTime() - t0, 0, 0, 0);
            return new PairBuffer(1);
        }
        long t1 = System.nanoTime();
        par.sortBoth(leftKeys, rightKeys, rowBits); // the row bits are the position: already in order
        long t2 = System.nanoTime();
        rightXyz = new double[3 * nR];
        par.forRange(nR, 1 << 16, (from, to) -> {
            // gather first, then compute in place: a loop of loads alone overlaps its cache misses
            for (int j = from; j < to; j++) {
                int row = (int) (rightKeys[j] & rowMask);
                rightXyz[3 * j] = right.ra(row);
                rightXyz[3 * j + 1] = right.dec(row);
            }
            for (int j = from; j < to; j++) {
                Sphere.unitVector(rightXyz[3 * j], rightXyz[3 * j + 1], rightXyz, 3 * j);
            }
        });
        zoneStart = zoneDirectory(rightKeys);
        chord2 = Sphere.chord2Bound(searchArcsec);
        long t3 = System.nanoTime();

        int chunks = (int) ((nL + (long) CHUNK - 1) / CHUNK);
        PairBlocks.Range[] parts = new PairBlocks.Range[chunks];
        // one writer per thread at a time: a chunk's pairs are a range of its blocks, copied once
        // into the result in chunk order
        ConcurrentLinkedQueue<PairBlocks> writers = new ConcurrentLinkedQueue<>();
        par.forEach(chunks, c -> {
            PairBlocks out = writers.poll();
            if (out == null) {
                out = new PairBlocks();
            }
            parts[c] = chunk(c * CHUNK, (int) Math.min(nL, (long) (c + 1) * CHUNK), out);
            writers.add(out);
        });
        plan = new Plan(zoneDeg, zones, raBits, chunks, t1 - t0, t2 - t1, t3 - t2, System.nanoTime() - t3);
        leftKeys = null;
        rightKeys = null;
        rightXyz = null;
        zoneStart = null;
        return PairBlocks.concat(parts);
    }

    /** The lowest and highest finite declination of an index ({+inf, -inf} when it has none). */
    private static double[] decSpan(ObjectIndex index, Parallel par) {
        int n = index.size();
        int blocks = (int) ((n + (1L << 16) - 1) >> 16);
        double[] lo = new double[blocks];
        double[] hi = new double[blocks];
        par.forRange(n, 1 << 16, (from, to) -> {
            double a = Double.POSITIVE_INFINITY;
            double b = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                double d = index.dec(i);
                a = d < a ? d : a; // NaN is ignored here and rejected with its row by keys()
                b = d > b ? d : b;
            }
            lo[from >> 16] = a;
            hi[from >> 16] = b;
        });
        double[] span = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int k = 0; k < blocks; k++) {
            span[0] = Math.min(span[0], lo[k]);
            span[1] = Math.max(span[1], hi[k]);
        }
        if (span[0] > span[1]) {
            span[0] = span[1] = 0;
        }
        return span;
    }

    /** The zone of a declination, clamped to the zones; monotone in dec. */
    private int zone(double decDeg) {
        int z = (int) Math.floor((decDeg + 90) / zoneDeg);
        return Math.max(0, Math.min(zones - 1, z));
    }

    /** RA quantised to raBits; RA 360 is RA 0; monotone on [0, 360). */
    private long raQuantum(double raDeg) {
        double a = raDeg >= 360 ? raDeg - 360 : raDeg;
        return Math.min(quanta - 1, (long) (a * quantaPerDeg));
    }

    /**
     * The unsorted keys {@code zone | ra quantum | row} of every row, in parallel. Fails on the
     * lowest row with unusable coordinates, naming its id and the index.
     */
    private long[] keys(ObjectIndex index, String side, Parallel par) {
        int n = index.size();
        long[] keys = new long[n];
        int zoneShift = raBits + rowBits;
        par.forRange(n, 1 << 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                double ra = index.ra(i);
                double dec = index.dec(i);
                String problem = ObjectIndex.coordinateProblem(ra, dec);
                if (problem != null) {
                    throw new MmuInputException(side + " index '" + index.name() + "': object "
                            + index.ids().getString(i) + " (row " + i + ") " + problem);
                }
                keys[i] = (long) zone(dec) << zoneShift | raQuantum(ra) << rowBits | i;
            }
        });
        return keys;
    }

    /**
     * start[z - firstZone] = first position of zone z in the sorted (non-empty) keys, for the
     * zones from the first to the last right key's, and one entry more: their count.
     */
    private int[] zoneDirectory(long[] sorted) {
        int shift = raBits + rowBits;
        firstZone = (int) (sorted[0] >>> shift);
        lastZone = (int) (sorted[sorted.length - 1] >>> shift);
        int[] start = new int[lastZone - firstZone + 2];
        int j = 0;
        for (int z = firstZone; z <= lastZone + 1; z++) {
            while (j < sorted.length && (int) (sorted[j] >>> shift) < z) {
                j++;
            }
            start[z - firstZone] = j;
        }
        return start;
    }

    /**
     * Half-width in RA quanta of the windows of a left zone, or -1 when its windows are the whole
     * zone (a disc from the zone reaches a pole, or the window would wrap onto itself).
     */
    private long halfWidthQuanta(int z) {
        double lo = -90 + z * zoneDeg;
        double hi = Math.min(90, lo + zoneDeg);
        double maxAbsDec = Math.max(Math.abs(lo), Math.abs(hi)) * (1 + PAD) + 1e-12;
        if (z == zones - 1) {
            maxAbsDec = 90; // the clamped last zone may hold dec = +90
        }
        if (maxAbsDec + radiusDeg >= 90) {
            return -1;
        }
        double s = Fdlibm.sin(Math.toRadians(radiusDeg)) / Fdlibm.cos(Math.toRadians(maxAbsDec));
        if (s >= 1) {
            return -1;
        }
        // asin(s) ≤ tan(asin(s)) = s / sqrt(1 - s²), within s²/2 relative of it: no asin call
        double halfDeg = Math.toDegrees(s / Math.sqrt(1 - s * s)) * (1 + PAD) + 1e-12;
        long w = (long) Math.ceil(halfDeg * quantaPerDeg) + 2;
        return 2 * w + 1 >= quanta ? -1 : w;
    }

    /** The pairs of left positions {@code [from, to)}, appended to {@code out}. */
    private PairBlocks.Range chunk(int from, int to, PairBlocks out) {
        long start = out.mark();
        Candidates cand = perLeftLimit > 0 ? new Candidates() : null;
        Search s = new Search(out, cand);
        int zoneShift = raBits + rowBits;
        final long[] lk = leftKeys;
        final long[] rk = rightKeys;
        int[] cursor = new int[3];
        int leftZone = -1;
        long w = 0;
        double[] raDec = new double[2 * (to - from)]; // gathered in a loop of loads (see run)
        for (int i = from; i < to; i++) {
            int row = (int) (lk[i] & rowMask);
            raDec[2 * (i - from)] = left.ra(row);
            raDec[2 * (i - from) + 1] = left.dec(row);
        }
        for (int i = from; i < to; i++) {
            long key = lk[i];
            int zl = (int) (key >>> zoneShift);
            if (zl != leftZone) {
                leftZone = zl;
                w = halfWidthQuanta(zl);
                cursor[0] = cursor[1] = cursor[2] = -1;
            }
            int row = (int) (key & rowMask);
            double ra = raDec[2 * (i - from)];
            double dec = raDec[2 * (i - from) + 1];
            s.begin(row, ra, dec);
            long q = (key >>> rowBits) & (quanta - 1);
            int zFrom = Math.max(Math.max(zl - 1, firstZone), zone(dec - radiusDeg));
            int zTo = Math.min(Math.min(zl + 1, lastZone), zone(dec + radiusDeg));
            for (int z = zFrom; z <= zTo; z++) {
                int zs = zoneStart[z - firstZone];
                int ze = zoneStart[z - firstZone + 1];
                if (zs == ze) {
                    continue;
                }
                if (w < 0) {
                    s.scan(zs, ze);
                    continue;
                }
                long base = (long) z << zoneShift;
                long qlo = q - w;
                long qhi = q + w;
                long keyLo = base | Math.max(0, qlo) << rowBits;
                long keyHi = base | Math.min(quanta - 1, qhi) << rowBits | rowMask;
                int k = z - zl + 1;
                int c = cursor[k];
                if (c < 0) {
                    c = ze - zs > 32 ? SortedLongs.lowerBound(rk, zs, ze, keyLo) : zs;
                }
                while (c < ze && rk[c] < keyLo) {
                    c++;
                }
                cursor[k] = c;
                s.scan(c, upTo(rk, c, ze, keyHi));
                if (qlo < 0) { // the window's part beyond RA 0, at the end of the zone
                    s.scan(SortedLongs.lowerBound(rk, zs, ze, base | (qlo + quanta) << rowBits), ze);
                }
                if (qhi >= quanta) { // the window's part beyond RA 360, at the start of the zone
                    s.scan(zs, upTo(rk, zs, ze, base | (qhi - quanta) << rowBits | rowMask));
                }
            }
            s.end();
        }
        return new PairBlocks.Range(out, start, out.mark());
    }

    /** Bits needed to store a number in {@code [0, n)} (at least 1). */
    static int bits(int n) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
    }

    /** The first position in {@code [from, to)} whose key is above {@code keyHi}, by linear scan. */
    private static int upTo(long[] keys, int from, int to, long keyHi) {
        int j = from;
        while (j < to && keys[j] <= keyHi) {
            j++;
        }
        return j;
    }

    /** One left object's exact tests against right positions, and where its pairs go. */
    private final class Search {
        private final PairBlocks out;
        private final Candidates cand;
        private final double[] u = new double[3];
        private int row;
        private double ra;
        private double dec;
        private boolean haveVector;

        Search(PairBlocks out, Candidates cand) {
            this.out = out;
            this.cand = cand;
        }

        void begin(int leftRow, double raDeg, double decDeg) {
            row = leftRow;
            ra = raDeg;
            dec = decDeg;
            haveVector = false;
        }

        /** Tests right positions {@code [from, to)}; the left unit vector is computed on first need. */
        void scan(int from, int to) {
            if (from >= to) {
                return;
            }
            if (!haveVector) {
                Sphere.unitVector(ra, dec, u, 0);
                haveVector = true;
            }
            final double[] xyz = rightXyz;
            final double c2 = chord2;
            double lx = u[0];
            double ly = u[1];
            double lz = u[2];
            for (int j = from; j < to; j++) {
                int o = 3 * j;
                double rx = xyz[o];
                double ry = xyz[o + 1];
                double rz = xyz[o + 2];
                double dx = rx - lx;
                double dy = ry - ly;
                double dz = rz - lz;
                if (dx * dx + dy * dy + dz * dz <= c2) {
                    double sep = Sphere.separationArcsec(lx, ly, lz, rx, ry, rz);
                    int rRow = (int) (rightKeys[j] & rowMask);
                    if (criteria.accepts(sep, row, rRow)) {
                        if (cand == null) {
                            out.add(row, rRow, sep);
                        } else {
                            cand.add(rRow, sep);
                        }
                    }
                }
            }
        }

        void end() {
            if (cand != null && cand.size > 0) {
                cand.emitBest(row, perLeftLimit, rightIds, out);
            }
        }
    }

    /** The candidate partners of one left row, for keeping only its best few. */
    private static final class Candidates {
        int[] rows = new int[16];
        double[] seps = new double[16];
        int size;

        void add(int r, double s) {
            if (size == rows.length) {
                rows = java.util.Arrays.copyOf(rows, 2 * size);
                seps = java.util.Arrays.copyOf(seps, 2 * size);
            }
            rows[size] = r;
            seps[size] = s;
            size++;
        }

        /** Adds the {@code limit} best (separation, then right id) to {@code out}, then clears. */
        void emitBest(int leftRow, int limit, ObjectIds ids, PairBlocks out) {
            if (size <= limit) {
                for (int i = 0; i < size; i++) {
                    out.add(leftRow, rows[i], seps[i]);
                }
            } else if (limit == 1) {
                int b = 0;
                for (int i = 1; i < size; i++) {
                    if (seps[i] < seps[b] || (seps[i] == seps[b] && ids.compare(rows[i], rows[b]) < 0)) {
                        b = i;
                    }
                }
                out.add(leftRow, rows[b], seps[b]);
            } else {
                int[] order = new int[size];
                for (int i = 0; i < size; i++) {
                    order[i] = i;
                }
                IndexSort.sort(order, (a, b) -> {
                    int c = Double.compare(seps[a], seps[b]);
                    return c != 0 ? c : ids.compare(rows[a], rows[b]);
                });
                for (int i = 0; i < limit; i++) {
                    out.add(leftRow, rows[order[i]], seps[order[i]]);
                }
            }
            size = 0;
        }
    }
}
