package org.mmu.cli;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mmu.LoadOptions;
import org.mmu.core.MmuInputException;

/**
 * The flags that pick what of a growing (index-first) dataset is read: {@code --version N} and
 * {@code --where EXPR}, where EXPR filters on index columns before matching and may be given per
 * dataset as {@code "hsc: mag_i < 22; desi: z < 0.5"} (dataset names as in their manifests).
 */
final class VersionArgs {
    static final String USAGE = """
              --version N               read version N of index-first datasets (default: the latest)
              --where EXPR              keep only objects satisfying EXPR on index columns, before matching:
                                        "mag_i < 22 and z between 0.1 and 0.5"; per dataset:
                                        "hsc: mag_i < 22; desi: z < 0.5" (see docs/user-guide.md)""";

    /** A clause's dataset prefix: {@code name:}. The expression language has no ':' of its own. */
    private static final Pattern PREFIXED = Pattern.compile("\\s*([A-Za-z0-9_.\\-]+)\\s*:(.*)", Pattern.DOTALL);

    private VersionArgs() {
    }

    /** {@code options} with the command line's {@code --version} and {@code --where}. */
    static LoadOptions apply(Args a, String command, LoadOptions options) {
        if (!a.has("version") && !a.has("where")) {
            return options;
        }
        LoadOptions.Builder b = options.toBuilder();
        if (a.has("version")) {
            b.version(a.intOption("version", 0, 1, Integer.MAX_VALUE));
        }
        if (a.has("where")) {
            try {
                for (Map.Entry<String, String> e : clauses(a.get("where", "")).entrySet()) {
                    b.where(e.getKey(), e.getValue());
                }
            } catch (MmuInputException e) {
                throw new UsageException(command, "--where: " + e.getMessage().replaceFirst("^where: ", ""));
            }
        }
        return b.build();
    }

    /**
     * A {@code --where} clause for a dataset that is not among those opened would filter nothing:
     * a typo, refused.
     */
    static void requireNamedDatasets(Args a, String command, List<String> names) {
        if (!a.has("where")) {
            return;
        }
        for (String n : clauses(a.get("where", "")).keySet()) {
            if (!n.isEmpty() && !names.contains(n)) {
                throw new UsageException(command, "--where names dataset '" + n + "', which is not among those given: "
                        + names + " (names as in their manifests; see 'mmu inspect')");
            }
        }
    }

    /** Clauses by dataset name ("" for one without a prefix). Strings may hold ';' inside quotes. */
    static Map<String, String> clauses(String text) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ';';
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                String clause = cur.toString();
                cur.setLength(0);
                if (clause.isBlank()) {
                    continue;
                }
                Matcher m = PREFIXED.matcher(clause);
                String name = m.matches() ? m.group(1) : "";
                String expr = m.matches() ? m.group(2) : clause;
                if (out.put(name, expr.trim()) != null) {
                    throw new MmuInputException(name.isEmpty() ? "give one expression without a dataset prefix"
                            : "dataset '" + name + "' has two expressions; join them with AND");
                }
            } else {
                cur.append(c);
            }
        }
        if (out.isEmpty()) {
            throw new MmuInputException("the expression is empty");
        }
        return out;
    }
}
