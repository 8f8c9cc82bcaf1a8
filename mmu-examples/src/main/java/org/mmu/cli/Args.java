package org.mmu.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mmu.internal.output.OutputPaths;

/**
 * Command-line arguments of one command: positionals, {@code --flag value} / {@code --flag=value}
 * options and boolean switches. Unknown flags, missing values and wrong counts are
 * {@link UsageException}s that name the problem.
 */
final class Args {
    private final String command;
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> switches = new LinkedHashSet<>();

    /**
     * @param valued   flags that take a value
     * @param booleans flags that take none
     */
    /** Accepted by every command that reads datasets: allow local symbolic links that leave a dataset root. */
    static final String FOLLOW_LINKS = "follow-links";
    /** Accepted by every command that reads datasets: keep objects outside their file's HEALPix cell, counting them. */
    static final String LENIENT_POSITIONS = "lenient-positions";

    Args(String command, List<String> argv, Set<String> valued, Set<String> booleansOfCommand) {
        this.command = command;
        Set<String> booleans = new LinkedHashSet<>(booleansOfCommand);
        booleans.add(FOLLOW_LINKS);
        booleans.add(LENIENT_POSITIONS);
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (booleans.contains(name)) {
                    if (value != null) {
                        throw new UsageException(command, "--" + name + " takes no value");
                    }
                    switches.add(name);
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size() || argv.get(i + 1).startsWith("--")) {
                            throw new UsageException(command, "--" + name + " needs a value");
                        }
                        value = argv.get(++i);
                    }
                    if (options.put(name, value) != null) {
                        throw new UsageException(command, "--" + name + " is given twice");
                    }
                } else {
                    Set<String> all = new LinkedHashSet<>(valued);
                    all.addAll(booleans);
                    String prefix = name.substring(0, Math.min(3, name.length()));
                    String hint = all.stream().filter(f -> f.startsWith(prefix))
                            .findFirst().map(f -> " (did you mean --" + f + "?)").orElse("");
                    throw new UsageException(command, "unknown option --" + name + hint);
                }
            } else {
                positionals.add(a);
            }
        }
    }

    List<String> positionals(int expected, String... names) {
        if (positionals.size() != expected) {
            throw new UsageException(command, "expected " + expected + " argument(s) " + String.join(" ", names)
                    + ", got " + positionals.size() + (positionals.isEmpty() ? "" : " " + positionals));
        }
        return positionals;
    }

    List<String> positionalsBetween(int min, int max, String... names) {
        if (positionals.size() < min || positionals.size() > max) {
            throw new UsageException(command, "expected " + min + " to " + max + " argument(s) " + String.join(" ", names)
                    + ", got " + positionals.size() + (positionals.isEmpty() ? "" : " " + positionals));
        }
        return positionals;
    }

    String required(String name) {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException(command, "--" + name + " is required");
        }
        return v;
    }

    String command() {
        return command;
    }

    String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    boolean flag(String name) {
        return switches.contains(name);
    }

    /** {@code options} with {@code --follow-links} (storage) and {@code --lenient-positions} applied. */
    org.mmu.LoadOptions withInputPolicies(org.mmu.LoadOptions options) {
        org.mmu.LoadOptions.Builder b = options.toBuilder();
        if (flag(FOLLOW_LINKS)) {
            b.storage(options.storage().toBuilder().followLinks(true).build());
        }
        if (flag(LENIENT_POSITIONS)) {
            b.lenientPositions(true);
        }
        return b.build();
    }

    int intOption(String name, int fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command, "--" + name + " must be an integer, got " + quote(v));
        }
    }

    /** An integer flag within [min, max] (as docs/cli.md states it); else a usage error naming flag, range and value. */
    int intOption(String name, int fallback, int min, int max) {
        int v = intOption(name, fallback);
        requireWithin(name, v, min, max, Integer.MAX_VALUE);
        return v;
    }

    /** A number flag within [min, max]; else a usage error naming flag, range and value. */
    double doubleOption(String name, double fallback, double min, double max) {
        double v = doubleOption(name, fallback);
        requireWithin(name, v, min, max, Double.MAX_VALUE);
        return v;
    }

    /** @param unbounded a {@code max} this large means no upper bound ("at least MIN") */
    private void requireWithin(String name, double v, double min, double max, double unbounded) {
        if (has(name) && (v < min || v > max)) {
            String range = max >= unbounded ? "at least " + plain(min) : "between " + plain(min) + " and " + plain(max);
            throw new UsageException(command, "--" + name + " must be " + range + ", got " + quote(options.get(name)));
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : java.math.BigDecimal.valueOf(d).toPlainString();
    }

    double doubleOption(String name) {
        return parseFinite(name, required(name));
    }

    double doubleOption(String name, double fallback) {
        String v = options.get(name);
        return v == null ? fallback : parseFinite(name, v);
    }

    private double parseFinite(String name, String v) {
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command, "--" + name + " must be a number, got " + quote(v));
        }
        if (!Double.isFinite(d)) {
            throw new UsageException(command, "--" + name + " must be a finite number, got " + quote(v));
        }
        return d;
    }

    /**
     * Refuses outputs that would destroy each other or an input (the same file twice, a file
     * inside an input dataset), as a usage error naming the flags.
     */
    void requireSafeOutputs(Map<String, Path> outputs, List<String> inputs) {
        OutputPaths.problem(outputs, inputs).ifPresent(p -> {
            throw new UsageException(command, p);
        });
    }

    /** The given output flags that are set, in order, as paths. */
    Map<String, Path> outputFlags(String... names) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String n : names) {
            if (options.containsKey(n)) {
                out.put("--" + n, Path.of(options.get(n)));
            }
        }
        return out;
    }

    /** A value for a message, cut if long (a pasted file must not flood the terminal). */
    static String quote(String v) {
        return v.length() <= 60 ? "'" + v + "'" : "'" + v.substring(0, 60) + "...' (" + v.length() + " characters)";
    }
}
