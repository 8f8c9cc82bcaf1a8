package org.mmu.matching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mmu.core.MmuInputException;

/**
 * What to crossmatch, by survey name: the user-facing spec that dataset loading takes
 * ({@code MmuDatasets.load(base, spec)}). Immutable; built and validated by {@link Builder}.
 *
 * <pre>{@code
 * CrossMatch spec = CrossMatch.of("hsc", "desi").radiusArcsec(1.0).mode(MatchMode.BEST1).build();
 * CrossMatch withErrors = CrossMatch.of("gaia", "sdss").radiusArcsec(5).errorColumn("gaia", "pos_err")
 *         .errorColumn("sdss", "pos_err").build();
 * }</pre>
 *
 * <p>Error columns name, per survey, a column holding a per-object position error in arcsec; the
 * loader reads them and attaches them with {@link #criteria(String, String, Map)}. With two
 * surveys the result is a {@link MatchResult} (the first survey on the left); with more, an
 * {@link NWayMatchResult} relative to {@link #reference()}.
 *
 * <p>Mode {@code best} scans one side of each matched pair of surveys ({@link BestScan}): the
 * spec's {@link MatchCriteria#bestScan()} for every pair, unless a pair has its own
 * ({@link #withBestScan}). The pairs are (first, second) for two surveys, (reference, other)
 * for each other survey with more.
 */
public final class CrossMatch {
    private final List<String> surveys;
    private final String reference;
    private final MatchCriteria criteria;
    private final Map<String, String> errorColumns;
    private final MatchingFunction matchingFunction;
    private final Map<List<String>, BestScan> pairScans;

    private CrossMatch(List<String> surveys, String reference, MatchCriteria criteria, Map<String, String> errorColumns,
            MatchingFunction matchingFunction, Map<List<String>, BestScan> pairScans) {
        this.surveys = surveys;
        this.reference = reference;
        this.criteria = criteria;
        this.errorColumns = errorColumns;
        this.matchingFunction = matchingFunction;
        this.pairScans = pairScans;
    }

    /** Starts a spec over two or more distinct survey names. */
    public static Builder of(String... surveys) {
        Objects.requireNonNull(surveys, "surveys");
        return new Builder(List.of(surveys));
    }

    /** The survey names, in the order given. */
    public List<String> surveys() {
        return surveys;
    }

    /** The survey pairs are made relative to (N-way); the first survey unless chosen. */
    public String reference() {
        return reference;
    }

    /** Radius, mode, join, k, minimum radius and threads; without per-row errors. */
    public MatchCriteria criteria() {
        return criteria;
    }

    /** Per survey, the column holding its per-object position error in arcsec (may be empty). */
    public Map<String, String> errorColumns() {
        return errorColumns;
    }

    public MatchingFunction matchingFunction() {
        return matchingFunction;
    }

    /**
     * The criteria for matching survey {@code left} against survey {@code right}: this pair's
     * {@link #bestScan}, and the error arrays of those surveys (from {@code errorsArcsec}, keyed
     * by survey name) attached when this spec names error columns for them.
     *
     * @throws MmuInputException when a survey with an error column has no errors in the map
     */
    public MatchCriteria criteria(String left, String right, Map<String, double[]> errorsArcsec) {
        checkSurvey(left);
        checkSurvey(right);
        BestScan scan = bestScan(left, right);
        MatchCriteria c = scan == criteria.bestScan() ? criteria : criteria.withBestScan(scan);
        double[] el = errors(left, errorsArcsec);
        double[] er = errors(right, errorsArcsec);
        return el == null && er == null ? c : c.withErrorsArcsec(el, er);
    }

    /** The side mode {@code best} scans when matching {@code left} against {@code right}. */
    public BestScan bestScan(String left, String right) {
        checkSurvey(left);
        checkSurvey(right);
        return pairScans.getOrDefault(List.of(left, right), criteria.bestScan());
    }

    /**
     * This spec with the side {@code best} scans when matching survey {@code left} against
     * survey {@code right} (e.g. {@link BestScan#AUTO} resolved over whole surveys by
     * {@link RegionalMatcher#resolveBest}).
     */
    public CrossMatch withBestScan(String left, String right, BestScan scan) {
        checkSurvey(left);
        checkSurvey(right);
        Objects.requireNonNull(scan, "scan");
        Map<List<String>, BestScan> scans = new LinkedHashMap<>(pairScans);
        scans.put(List.of(left, right), scan);
        return new CrossMatch(surveys, reference, criteria, errorColumns, matchingFunction,
                Collections.unmodifiableMap(scans));
    }

    private double[] errors(String survey, Map<String, double[]> errorsArcsec) {
        if (!errorColumns.containsKey(survey)) {
            return null;
        }
        double[] e = errorsArcsec == null ? null : errorsArcsec.get(survey);
        if (e == null) {
            throw new MmuInputException("survey '" + survey + "' has error column '" + errorColumns.get(survey)
                    + "' but no error values were supplied for it");
        }
        return e;
    }

    private void checkSurvey(String s) {
        if (!surveys.contains(s)) {
            throw new MmuInputException("unknown survey '" + s + "'; this crossmatch has " + surveys);
        }
    }

    @Override
    public String toString() {
        return "CrossMatch" + surveys + "[reference=" + reference + ", " + criteria
                + (errorColumns.isEmpty() ? "" : ", errors=" + errorColumns)
                + (pairScans.isEmpty() ? "" : ", bestScans=" + pairScans) + "]";
    }

    /** Builds a {@link CrossMatch}; {@link #build()} validates and leaves the builder unchanged. */
    public static final class Builder {
        private final List<String> surveys;
        private final MatchCriteria.Builder criteria = MatchCriteria.builder();
        private final Map<String, String> errorColumns = new LinkedHashMap<>();
        private String reference;
        private MatchingFunction matchingFunction = MatchingFunction.DEFAULT;

        private Builder(List<String> surveys) {
            this.surveys = surveys;
        }

        /** The match radius in arcsec, in (0, 3600]; with error columns, the largest separation. */
        public Builder radiusArcsec(double radius) {
            criteria.radiusArcsec(radius);
            return this;
        }

        public Builder mode(MatchMode mode) {
            criteria.mode(mode);
            return this;
        }

        public Builder join(JoinType join) {
            criteria.join(join);
            return this;
        }

        /** The side mode {@code best} scans in every pair of surveys; {@link BestScan#AUTO} by default. */
        public Builder bestScan(BestScan scan) {
            criteria.bestScan(scan);
            return this;
        }

        /** Neighbours per reference row for {@link MatchMode#KNN}. */
        public Builder k(int k) {
            criteria.k(k);
            return this;
        }

        public Builder minRadiusArcsec(double minRadius) {
            criteria.minRadiusArcsec(minRadius);
            return this;
        }

        /**
         * Match on per-object errors: the column {@code column} of {@code survey} holds its
         * position error in arcsec; a pair matches when its separation is at most the sum of the
         * two errors (a survey without error column contributes 0).
         */
        public Builder errorColumn(String survey, String column) {
            Objects.requireNonNull(survey, "survey");
            if (column == null || column.isBlank()) {
                throw new MmuInputException("error column for survey '" + survey + "' must be a column name, got '"
                        + column + "'");
            }
            errorColumns.put(survey, column);
            return this;
        }

        /** The survey N-way pairs are relative to; by default the first. */
        public Builder reference(String survey) {
            this.reference = Objects.requireNonNull(survey, "reference");
            return this;
        }

        /** A custom matching function; {@link MatchingFunction#DEFAULT} by default. */
        public Builder matchingFunction(MatchingFunction f) {
            this.matchingFunction = Objects.requireNonNull(f, "matchingFunction");
            return this;
        }

        public Builder threads(int n) {
            criteria.threads(n);
            return this;
        }

        public CrossMatch build() {
            if (surveys.size() < 2) {
                throw new MmuInputException("a crossmatch needs at least 2 surveys, got " + surveys);
            }
            for (String s : surveys) {
                if (s == null || s.isBlank()) {
                    throw new MmuInputException("survey names must not be blank, got " + surveys);
                }
            }
            if (new LinkedHashSet<>(surveys).size() != surveys.size()) {
                throw new MmuInputException("survey names must be distinct, got " + surveys
                        + " (to match a survey with itself, open it twice under two names)");
            }
            String ref = reference == null ? surveys.get(0) : reference;
            if (!surveys.contains(ref)) {
                throw new MmuInputException("reference '" + ref + "' is not one of the surveys " + surveys);
            }
            for (String s : errorColumns.keySet()) {
                if (!surveys.contains(s)) {
                    throw new MmuInputException("error column given for '" + s + "', which is not one of the surveys "
                            + surveys);
                }
            }
            MatchCriteria c = criteria.build();
            return new CrossMatch(List.copyOf(surveys), ref, c,
                    Collections.unmodifiableMap(new LinkedHashMap<>(errorColumns)), matchingFunction, Map.of());
        }

        @Override
        public String toString() {
            return "CrossMatch.Builder" + new ArrayList<>(surveys);
        }
    }
}
