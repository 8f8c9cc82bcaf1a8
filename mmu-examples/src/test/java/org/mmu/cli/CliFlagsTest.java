package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every numeric flag of every command, given a value that is not a number or out of the range
 * docs/cli.md states: exit status 2, before any dataset is opened (the datasets here do not
 * exist), and exactly two lines on stderr: {@code mmu COMMAND: error: MESSAGE} naming the flag
 * and the value, then {@code see 'mmu COMMAND --help'}.
 */
class CliFlagsTest {
    /** A metavar that stands for a number in a usage text: {@code --k N}, {@code --radius-arcsec R}, ... */
    private static final Pattern NUMERIC_FLAG = Pattern.compile("--([a-z-]+) (N|K|R|B|E|S|ROWS|I/N)\\b");

    @TempDir
    Path dir;

    /** The command line before the flag under test, per command (inputs that do not exist, outputs in a temp dir). */
    private Map<String, List<String>> base() {
        String a = dir.resolve("no-such-a").toString();
        String b = dir.resolve("no-such-b").toString();
        String out = dir.resolve("out").toString();
        return Map.ofEntries(
                Map.entry("index", List.of("index", a, dir.resolve("built").toString())),
                Map.entry("append", List.of("append", a, b)),
                Map.entry("add-columns", List.of("add-columns", a, b, "--on", "object_id")),
                Map.entry("compact", List.of("compact", a)),
                Map.entry("export", List.of("export", a, out, "--format", "hats")),
                Map.entry("vacuum", List.of("vacuum", a, "--keep", "1")),
                Map.entry("xmatch", List.of("xmatch", a, b, "--radius-arcsec", "1", "--out", out + ".csv")),
                Map.entry("load", List.of("load", a, b, "--radius-arcsec", "1", "--out", out + ".parquet", "--report", out + ".json")),
                Map.entry("epoch", List.of("epoch", a, b, "--radius-arcsec", "1", "--batch-size", "8", "--stats", out + ".json")),
                Map.entry("inspect", List.of("inspect", a)),
                Map.entry("fingerprint", List.of("fingerprint", a)),
                Map.entry("estimate-memory", List.of("estimate-memory", "1000")),
                Map.entry("demo", List.of("demo")));
    }

    /** Bad values of each numeric flag, and what the message must say besides the flag's name. */
    private static final List<String[]> CASES = List.of(
            // command, flag, value, expected in the message
            new String[] {"index", "order", "14", "between 0 and 13"},
            new String[] {"index", "order", "-1", "between 0 and 13"},
            new String[] {"index", "order", "four", "must be an integer"},
            new String[] {"index", "nside", "12", "power of two"},
            new String[] {"index", "nside", "16384", "between 1 and 8192"},
            new String[] {"index", "objects-per-group", "0", "at least 1"},
            new String[] {"index", "threads", "0", "at least 1"},
            new String[] {"append", "threads", "0", "at least 1"},
            new String[] {"add-columns", "threads", "0", "at least 1"},
            new String[] {"compact", "threads", "-1", "at least 1"},
            new String[] {"export", "max-rows-per-partition", "0", "at least 1"},
            new String[] {"export", "lowest-order", "30", "between 0 and 29"},
            new String[] {"export", "highest-order", "-1", "between 0 and 29"},
            new String[] {"export", "margin-arcsec", "36001", "between 0 and 36000"},
            new String[] {"export", "margin-arcsec", "NaN", "finite"},
            new String[] {"export", "threads", "0", "at least 1"},
            new String[] {"vacuum", "keep", "0", "at least 1"},
            new String[] {"xmatch", "version", "0", "at least 1"},
            new String[] {"load", "version", "-2", "at least 1"},
            new String[] {"epoch", "version", "x", "must be an integer"},
            new String[] {"inspect", "version", "0", "at least 1"},
            new String[] {"xmatch", "radius-arcsec", "0.0005", "between 0.001 and 3600"},
            new String[] {"xmatch", "radius-arcsec", "3601", "between 0.001 and 3600"},
            new String[] {"xmatch", "radius-arcsec", "NaN", "finite"},
            new String[] {"xmatch", "min-radius-arcsec", "2", "less than --radius-arcsec"},
            new String[] {"xmatch", "min-radius-arcsec", "-1", "between 0 and 3600"},
            new String[] {"xmatch", "k", "0", "at least 1"},
            new String[] {"xmatch", "threads", "-2", "at least 1"},
            new String[] {"xmatch", "region-budget-mb", "0", "between 0.001 and"},
            new String[] {"load", "prefetch-mib", "-5", "between 1 and"},
            new String[] {"load", "region-budget-mb", "0", "between 0.001 and"},
            new String[] {"load", "min-radius-arcsec", "1", "less than --radius-arcsec"},
            new String[] {"load", "threads", "0", "at least 1"},
            new String[] {"load", "radius-arcsec", "1e9", "between 0.001 and 3600"},
            new String[] {"load", "k", "x", "must be an integer"},
            new String[] {"epoch", "batch-size", "0", "at least 1"},
            new String[] {"epoch", "shuffle-buffer", "0", "at least 1"},
            new String[] {"epoch", "epoch", "-1", "at least 0"},
            new String[] {"epoch", "start-at", "-3", "at least 0"},
            new String[] {"epoch", "seed", "s", "must be an integer"},
            new String[] {"epoch", "shard", "4/4", "0 <= I < N"},
            new String[] {"epoch", "radius-arcsec", "0", "between 0.001 and 3600"},
            new String[] {"epoch", "k", "-1", "at least 1"},
            new String[] {"epoch", "min-radius-arcsec", "5", "less than --radius-arcsec"},
            new String[] {"epoch", "threads", "none", "must be an integer"},
            new String[] {"epoch", "prefetch-mib", "0", "between 1 and"},
            new String[] {"epoch", "region-budget-mb", "-1", "between 0.001 and"},
            new String[] {"inspect", "order", "14", "between 0 and 13"},
            new String[] {"fingerprint", "threads", "0", "at least 1"},
            new String[] {"estimate-memory", "id-bytes", "0", "between 1 and"},
            new String[] {"estimate-memory", "pairs", "-1", "whole number"},
            new String[] {"demo", "objects", "10", "between 1000 and"},
            new String[] {"demo", "seed", "x", "must be an integer"});

    @Test
    void everyNumericFlagRefusesBadValuesWithExitTwoAndOneErrorLine() {
        List<String> wrong = new ArrayList<>();
        for (String[] c : CASES) {
            List<String> argv = new ArrayList<>(base().get(c[0]));
            argv.add("--" + c[1]);
            argv.add(c[2]);
            if (c[1].equals("shuffle-buffer") || c[1].equals("seed") && c[0].equals("epoch")) {
                argv.addAll(List.of(c[1].equals("seed") ? "--shuffle-buffer" : "--seed", "1"));
            }
            // a flag the base line already gives (--radius-arcsec, --batch-size): the case replaces it
            int given = argv.indexOf("--" + c[1]);
            if (argv.lastIndexOf("--" + c[1]) != given) {
                argv.remove(given);
                argv.remove(given);
            }
            CliTest.Run r = CliTest.mmu(argv.toArray(String[]::new));
            List<String> lines = r.err().lines().toList();
            boolean ok = r.status() == 2 && lines.size() == 2
                    && lines.get(0).startsWith("mmu " + c[0] + ": error: ")
                    && lines.get(0).contains("--" + c[1]) && lines.get(0).contains(c[3])
                    && (lines.get(0).contains(c[2]) || c[1].equals("min-radius-arcsec"))
                    && lines.get(1).equals("see 'mmu " + c[0] + " --help'");
            if (!ok) {
                wrong.add(String.join(" ", argv) + "\n  -> exit " + r.status() + ", stderr:\n" + r.err().indent(4));
            }
        }
        assertEquals(List.of(), wrong, "bad flag values must exit 2 with 'mmu CMD: error: ...' and 'see ...'");
    }

    @Test
    void theCasesCoverEveryNumericFlagOfEveryUsage() {
        Set<String> covered = new TreeSet<>();
        for (String[] c : CASES) {
            covered.add(c[0] + " --" + c[1]);
        }
        Set<String> missing = new TreeSet<>();
        for (Map.Entry<String, Mmu.Command> e : Mmu.commands().entrySet()) {
            Matcher m = NUMERIC_FLAG.matcher(e.getValue().usage());
            while (m.find()) {
                String key = e.getKey() + " --" + m.group(1);
                if (!covered.contains(key)) {
                    missing.add(key);
                }
            }
        }
        assertEquals(Set.of(), missing, "numeric flags no case tries a bad value of");
    }

    @Test
    void unknownFlagsAndCommandsUseTheSameTwoLines() {
        CliTest.Run flag = CliTest.mmu("inspect", "x", "--ordr", "3");
        assertEquals(2, flag.status());
        assertEquals(List.of("mmu inspect: error: unknown option --ordr (did you mean --order?)", "see 'mmu inspect --help'"),
                flag.err().lines().toList());
        CliTest.Run command = CliTest.mmu("xmatc");
        assertEquals(2, command.status());
        assertTrue(command.err().startsWith("mmu: error: unknown command 'xmatc'"), command.err());
        assertEquals("see 'mmu --help'", command.err().lines().toList().get(1));
    }
}
