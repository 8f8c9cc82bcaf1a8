package org.mmu.matching;

import java.util.Objects;
import org.mmu.core.MmuInputException;

/**
 * What counts as a match and which matches are kept: an immutable, validated parameter object
 * (so that {@link MatchingFunction} keeps one signature as options grow).
 *
 * <p>A left row {@code i} and a right row {@code j} at separation {@code s} (arcsec) are a
 * <em>candidate pair</em> when
 * <pre>
 *   minRadiusArcsec &lt;= s &lt;= radiusArcsec        and, with per-row errors,
 *   s &lt;= leftError[i] + rightError[j]             (STILTS "skyerr")
 * </pre>
 * The {@link MatchMode} then chooses among candidate pairs and the {@link JoinType} decides which
 * output rows exist. With errors the radius is still required: it is the largest separation
 * accepted and bounds the search.
 *
 * <pre>{@code
 * MatchCriteria c = MatchCriteria.builder().radiusArcsec(1.0).mode(MatchMode.BEST1).build();
 * }</pre>
 */
public final class MatchCriteria {
    /** The largest radius accepted: 1 degree. */
    public static final double MAX_RADIUS_ARCSEC = 3600.0;

    private final double radiusArcsec;
    private final MatchMode mode;
    private final JoinType join;
    private final int k;
    private final BestScan bestScan;
    private final double minRadiusArcsec;
    private final double[] leftErrors;
    private final double[] rightErrors;
    private final int threads;

    private MatchCriteria(Builder b, int threads) {
        this.radiusArcsec = b.radiusArcsec;
        this.mode = b.mode;
        this.join = b.join;
        this.k = b.k;
        this.bestScan = b.bestScan;
        this.minRadiusArcsec = b.minRadiusArcsec;
        this.leftErrors = b.leftErrors;
        this.rightErrors = b.rightErrors;
        this.threads = threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to derive changed criteria. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.radiusArcsec = radiusArcsec;
        b.mode = mode;
        b.join = join;
        b.k = k;
        b.kSet = mode == MatchMode.KNN;
        b.bestScan = bestScan;
        b.minRadiusArcsec = minRadiusArcsec;
        b.leftErrors = leftErrors;
        b.rightErrors = rightErrors;
        b.threads = threads;
        return b;
    }

    /** The largest separation accepted, in arcsec; in (0, 3600]. */
    public double radiusArcsec() {
        return radiusArcsec;
    }

    public MatchMode mode() {
        return mode;
    }

    public JoinType join() {
        return join;
    }

    /** How many neighbours {@link MatchMode#KNN} keeps per left row; 1 for the other modes. */
    public int k() {
        return k;
    }

    /**
     * Which side {@link MatchMode#BEST} scans; {@link BestScan#AUTO} (STILTS' rule, from the
     * inputs) by default. Other modes ignore it.
     */
    public BestScan bestScan() {
        return bestScan;
    }

    /** Pairs closer than this (arcsec) are not candidates; 0 by default. Applies to every mode. */
    public double minRadiusArcsec() {
        return minRadiusArcsec;
    }

    /** Worker threads for matching; by default the number of available processors. */
    public int threads() {
        return threads;
    }

    /** Whether per-row errors take part in the match (see the class comment). */
    public boolean hasErrors() {
        return leftErrors != null || rightErrors != null;
    }

    /** Whether left rows carry an error (otherwise their error is 0). */
    public boolean hasLeftErrors() {
        return leftErrors != null;
    }

    /** Whether right rows carry an error (otherwise their error is 0). */
    public boolean hasRightErrors() {
        return rightErrors != null;
    }

    /** The error of left row {@code row} in arcsec (0 without left errors). */
    public double leftErrorArcsec(int row) {
        return leftErrors == null ? 0 : leftErrors[row];
    }

    /** The error of right row {@code row} in arcsec (0 without right errors). */
    public double rightErrorArcsec(int row) {
        return rightErrors == null ? 0 : rightErrors[row];
    }

    /** Number of left errors given, or -1 without left errors. */
    public int leftErrorCount() {
        return leftErrors == null ? -1 : leftErrors.length;
    }

    /** Number of right errors given, or -1 without right errors. */
    public int rightErrorCount() {
        return rightErrors == null ? -1 : rightErrors.length;
    }

    /** The largest left error in arcsec (0 without left errors). */
    public double maxLeftErrorArcsec() {
        return max(leftErrors);
    }

    /** The largest right error in arcsec (0 without right errors). */
    public double maxRightErrorArcsec() {
        return max(rightErrors);
    }

    /**
     * The radius the search must cover: the radius, or less when the largest errors add up to
     * less.
     */
    public double searchRadiusArcsec() {
        if (!hasErrors()) {
            return radiusArcsec;
        }
        return Math.min(radiusArcsec, maxLeftErrorArcsec() + maxRightErrorArcsec());
    }

    /**
     * Whether a pair at separation {@code sepArcsec} between left row {@code l} and right row
     * {@code r} is a candidate pair. The one place this rule is written.
     */
    public boolean accepts(double sepArcsec, int l, int r) {
        if (!(sepArcsec <= radiusArcsec) || sepArcsec < minRadiusArcsec) {
            return false;
        }
        return !hasErrors() || sepArcsec <= leftErrorArcsec(l) + rightErrorArcsec(r);
    }

    /** These criteria with per-row errors (arcsec) attached; see {@link Builder#errorsArcsec}. */
    public MatchCriteria withErrorsArcsec(double[] left, double[] right) {
        return toBuilder().errorsArcsec(left, right).build();
    }

    /** These criteria with another join type. */
    public MatchCriteria withJoin(JoinType newJoin) {
        return toBuilder().join(newJoin).build();
    }

    /** These criteria with another {@link MatchMode#BEST} scan side. */
    public MatchCriteria withBestScan(BestScan scan) {
        return toBuilder().bestScan(scan).build();
    }

    /** These criteria with another thread count. */
    public MatchCriteria withThreads(int newThreads) {
        return toBuilder().threads(newThreads).build();
    }

    private static double max(double[] a) {
        double m = 0;
        if (a != null) {
            for (double v : a) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MatchCriteria[radius=").append(radiusArcsec).append("\", mode=")
                .append(mode.label()).append(", join=").append(join.label());
        if (mode == MatchMode.KNN) {
            sb.append(", k=").append(k);
        }
        if (mode == MatchMode.BEST && bestScan != BestScan.AUTO) {
            sb.append(", scan=").append(bestScan.label());
        }
        if (minRadiusArcsec > 0) {
            sb.append(", minRadius=").append(minRadiusArcsec).append('"');
        }
        if (hasErrors()) {
            sb.append(", errors=").append(leftErrors != null ? "left" : "").append(
                    leftErrors != null && rightErrors != null ? "+" : "").append(rightErrors != null ? "right" : "");
        }
        return sb.append(", threads=").append(threads).append(']').toString();
    }

    /** Builds {@link MatchCriteria}; {@link #build()} validates and leaves the builder unchanged. */
    public static final class Builder {
        private double radiusArcsec = Double.NaN;
        private MatchMode mode = MatchMode.ALL;
        private JoinType join = JoinType.ONE_AND_TWO;
        private int k = 1;
        private boolean kSet;
        private BestScan bestScan = BestScan.AUTO;
        private double minRadiusArcsec = 0;
        private double[] leftErrors;
        private double[] rightErrors;
        private int threads;

        private Builder() {
        }

        /** The match radius in arcsec, in (0, 3600]. Required. */
        public Builder radiusArcsec(double radius) {
            this.radiusArcsec = radius;
            return this;
        }

        /** Which pairs survive; {@link MatchMode#ALL} by default. */
        public Builder mode(MatchMode m) {
            this.mode = Objects.requireNonNull(m, "mode");
            return this;
        }

        /** Which output rows exist; {@link JoinType#ONE_AND_TWO} by default. */
        public Builder join(JoinType j) {
            this.join = Objects.requireNonNull(j, "join");
            return this;
        }

        /** Neighbours per left row for {@link MatchMode#KNN} (≥ 1, default 1). */
        public Builder k(int neighbours) {
            this.k = neighbours;
            this.kSet = true;
            return this;
        }

        /**
         * Which side {@link MatchMode#BEST} scans (see {@link BestScan}); {@link BestScan#AUTO}
         * by default: STILTS' rule, decided from the two inputs as a whole. Ignored by the other
         * modes.
         */
        public Builder bestScan(BestScan scan) {
            this.bestScan = Objects.requireNonNull(scan, "bestScan");
            return this;
        }

        /** Separations below this (arcsec) are not matches; in [0, radius). */
        public Builder minRadiusArcsec(double minRadius) {
            this.minRadiusArcsec = minRadius;
            return this;
        }

        /**
         * Per-row errors in arcsec (finite, ≥ 0), one per row of the left and right index; either
         * may be null (errors of 0 on that side), both null removes errors. A pair matches when its
         * separation is at most the sum of the two errors (and the radius). The arrays are taken,
         * not copied (like {@link org.mmu.core.ObjectIndex#of}): do not change them afterwards.
         */
        public Builder errorsArcsec(double[] left, double[] right) {
            this.leftErrors = left;
            this.rightErrors = right;
            return this;
        }

        /** Worker threads (≥ 1); by default {@code Runtime.availableProcessors()}. */
        public Builder threads(int n) {
            this.threads = n;
            if (n < 1) {
                throw new MmuInputException("threads must be >= 1, got " + n);
            }
            return this;
        }

        public MatchCriteria build() {
            if (Double.isNaN(radiusArcsec)) {
                throw new MmuInputException("radiusArcsec is required (a value in (0, " + MAX_RADIUS_ARCSEC
                        + "] arcsec)");
            }
            if (!(radiusArcsec > 0) || radiusArcsec > MAX_RADIUS_ARCSEC) {
                throw new MmuInputException("radiusArcsec must be in (0, " + MAX_RADIUS_ARCSEC + "] arcsec (1 degree), got "
                        + radiusArcsec);
            }
            if (!(minRadiusArcsec >= 0) || !(minRadiusArcsec < radiusArcsec)) {
                throw new MmuInputException("minRadiusArcsec must be in [0, radiusArcsec=" + radiusArcsec + "), got "
                        + minRadiusArcsec);
            }
            if (k < 1) {
                throw new MmuInputException("k must be >= 1, got " + k);
            }
            if (kSet && mode != MatchMode.KNN && k != 1) {
                throw new MmuInputException("k=" + k + " applies to mode knn only, but mode is " + mode.label());
            }
            checkErrors("left", leftErrors);
            checkErrors("right", rightErrors);
            int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            Builder copy = copy();
            copy.k = mode == MatchMode.KNN ? k : 1;
            return new MatchCriteria(copy, t);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.radiusArcsec = radiusArcsec;
            b.mode = mode;
            b.join = join;
            b.k = k;
            b.kSet = kSet;
            b.bestScan = bestScan;
            b.minRadiusArcsec = minRadiusArcsec;
            b.leftErrors = leftErrors;
            b.rightErrors = rightErrors;
            b.threads = threads;
            return b;
        }

        private static void checkErrors(String side, double[] e) {
            if (e == null) {
                return;
            }
            for (int i = 0; i < e.length; i++) {
                if (!(e[i] >= 0) || e[i] == Double.POSITIVE_INFINITY) {
                    throw new MmuInputException(side + " error of row " + i + " must be finite and >= 0 arcsec, got "
                            + e[i]);
                }
            }
        }
    }
}
