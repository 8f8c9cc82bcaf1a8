package org.mmu.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

import org.mmu.CrossMatchedDatasets;
import org.mmu.LoadOptions;
import org.mmu.LoadReport;
import org.mmu.MmuDatasets;
import org.mmu.Surveys;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.JoinType;
import org.mmu.matching.MatchMode;

/** The crossmatch flags shared by {@code xmatch} and {@code load}. */
final class MatchArgs {
    static final Set<String> VALUED = Set.of("radius-arcsec", "mode", "join", "k", "min-radius-arcsec", "error-columns",
            "threads", "out", "reference", "version", "where");
    static final String USAGE = """
              --radius-arcsec R         match radius in arcsec (required; 0.001 to 3600)
              --mode M                  all (default: every pair within the radius), best (one-to-one), best1
                                        (nearest RIGHT per LEFT), best2 (nearest LEFT per RIGHT), knn
              --k N                     knn: neighbours per LEFT object (default 1)
              --min-radius-arcsec R     knn: ignore neighbours closer than R
              --join J                  1and2 (default), 1or2, all1, all2, 1not2, 2not1, 1xor2
              --error-columns L,R       per-object error radii (arcsec) from these columns, one per dataset: match
                                        when the separation is at most the sum of the two (STILTS skyerr)
              --reference NAME          with three or more datasets: the survey the others are matched against
                                        (default the first)
              --threads N               worker threads (default: all cores)
              --follow-links            allow local symbolic links that lead outside a dataset's directory
              --lenient-positions       keep objects outside the HEALPix cell their MMU v1 file or HATS partition
                                        claims (default: an error naming them); the report counts them""" + "\n"
            + VersionArgs.USAGE;

    private MatchArgs() {
    }

    /** Library parameter names as the flags that set them, for messages about a command line. */
    private static final Map<String, String> FLAG_OF = Map.of("minRadiusArcsec", "--min-radius-arcsec",
            "radiusArcsec", "--radius-arcsec", "threads", "--threads", "k=", "--k ", "k must", "--k must");

    static CrossMatch spec(Args a, String command, List<String> names) {
        try {
            return specOf(a, command, names);
        } catch (MmuInputException e) {
            // a value the matcher refuses is a bad command line (exit 2), worded with the flags' names
            String m = e.getMessage();
            for (Map.Entry<String, String> f : FLAG_OF.entrySet()) {
                m = m.replace(f.getKey(), f.getValue());
            }
            throw new UsageException(command, m);
        }
    }

    /** The radius range docs/cli.md states (the library accepts any radius in (0, 3600]). */
    /** The memory flags of a crossmatch-load that reads data ({@code load}, a crossmatch {@code epoch}). */
    static final Set<String> MEMORY_VALUED = Set.of("prefetch-mib", "region-budget-mb");

    /** Applies {@code --prefetch-mib} and {@code --region-budget-mb} (see {@code mmu load --help}). */
    static LoadOptions.Builder memory(Args a, LoadOptions.Builder ob) {
        if (a.has("prefetch-mib")) {
            ob.prefetchBytes((long) a.intOption("prefetch-mib", 256, 1, Integer.MAX_VALUE >> 1) << 20);
        }
        if (a.has("region-budget-mb")) {
            ob.regionBudgetBytes((long) (a.doubleOption("region-budget-mb", 0, 0.001, 1 << 30) * (1 << 20)));
        }
        return ob;
    }

    static final double MIN_RADIUS_ARCSEC = 0.001;
    static final double MAX_RADIUS_ARCSEC = 3600;

    /** The radius, checked against the documented range. */
    static double radius(Args a) {
        a.required("radius-arcsec");
        return a.doubleOption("radius-arcsec", 0, MIN_RADIUS_ARCSEC, MAX_RADIUS_ARCSEC);
    }

    /**
     * Checks the numeric crossmatch flags before anything is opened (a remote survey takes time
     * to open; a typo must not wait for it).
     */
    static void checkNumbers(Args a, String command) {
        double radius = radius(a);
        a.intOption("k", 1, 1, Integer.MAX_VALUE);
        a.intOption("threads", 1, 1, Integer.MAX_VALUE);
        double min = a.doubleOption("min-radius-arcsec", 0, 0, MAX_RADIUS_ARCSEC);
        if (a.has("min-radius-arcsec") && min >= radius) {
            throw new UsageException(command, "--min-radius-arcsec " + a.get("min-radius-arcsec", "")
                    + " must be less than --radius-arcsec " + a.get("radius-arcsec", "") + ": nothing could match");
        }
    }

    private static CrossMatch specOf(Args a, String command, List<String> names) {
        MatchMode defaultMode = MatchMode.ALL;
        checkNumbers(a, command);
        double radius = radius(a);
        CrossMatch.Builder b = CrossMatch.of(names.toArray(String[]::new)).radiusArcsec(radius);
        try {
            b.mode(a.has("mode") ? MatchMode.fromLabel(a.get("mode", "").toLowerCase(Locale.ROOT)) : defaultMode);
            if (a.has("join")) {
                b.join(JoinType.fromLabel(a.get("join", "")));
            }
        } catch (MmuInputException e) {
            throw new UsageException(command, e.getMessage());
        }
        if (a.has("k")) {
            b.k(a.intOption("k", 1));
        }
        if (a.has("min-radius-arcsec")) {
            b.minRadiusArcsec(a.doubleOption("min-radius-arcsec", 0));
        }
        if (a.has("error-columns")) {
            String[] cols = a.get("error-columns", "").split(",");
            if (cols.length != names.size()) {
                throw new UsageException(command, "--error-columns needs one column per survey (" + names.size() + "), got "
                        + cols.length);
            }
            for (int i = 0; i < cols.length; i++) {
                b.errorColumn(names.get(i), cols[i].trim());
            }
        }
        if (a.has("threads")) {
            b.threads(a.intOption("threads", 1));
        }
        if (a.has("reference")) {
            String ref = a.get("reference", "");
            if (!names.contains(ref)) {
                throw new UsageException(command, "--reference " + ref + " is not one of the surveys " + names);
            }
            b.reference(ref);
        }
        return b.build();
    }

    /** A {@code --columns} name that no dataset has is a typo, never silently dropped. */
    private static void requireKnownColumns(String command, List<MmuDataset> opened, LoadOptions options) {
        List<String> wanted = options.columnsFor("").orElse(List.of());
        for (String c : wanted) {
            if (!c.equals(org.mmu.core.CoordinateColumns.DEFAULT.id()) && opened.stream().noneMatch(d -> d.schema().contains(c))) {
                throw new UsageException(command, "--columns names '" + c + "', which no dataset has: "
                        + opened.get(0).schema().noSuchColumn(c));
            }
        }
    }

    /** What a command does with a crossmatch: the result, and its report so far (open, index, match, plan). */
    @FunctionalInterface
    interface Use {
        void accept(CrossMatchedDatasets m, LoadReport report);
    }

    /**
     * Opens the datasets (the same open stage as the API), crossmatches them as the flags say
     * (surveys labelled by dataset name), hands the result to {@code use}, and closes everything.
     */
    static void crossMatch(Args a, String command, List<String> locations, LoadOptions given, Use use) {
        a.requireSafeOutputs(a.outputFlags("out", "report"), locations);
        checkNumbers(a, command);
        LoadOptions options = VersionArgs.apply(a, command, a.withInputPolicies(given));
        Surveys opened = Surveys.open(locations, options);
        CrossMatch spec;
        try {
            requireKnownColumns(command, opened.datasets(), options);
            VersionArgs.requireNamedDatasets(a, command, opened.datasets().stream().map(MmuDataset::name).toList());
            spec = spec(a, command, labels(opened.labels()));
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        try (CrossMatchedDatasets m = MmuDatasets.crossMatch(opened, spec, options)) {
            use.accept(m, m.report());
        }
    }

    /**
     * Survey labels, used as output column prefixes: the datasets' names with characters other
     * than letters, digits and '_' replaced by '_' (MMU v1 names are "survey/subset"); when names
     * collide, left/right for two datasets, name_1, name_2, ... for more.
     */
    static List<String> labels(List<String> names) {
        List<String> clean = names.stream().map(n -> n.replaceAll("[^A-Za-z0-9_]", "_")).toList();
        if (new java.util.HashSet<>(clean).size() == clean.size()) {
            return clean;
        }
        if (clean.size() == 2) {
            return List.of("left", "right");
        }
        List<String> numbered = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            numbered.add(clean.get(i) + "_" + (i + 1));
        }
        return numbered;
    }
}
