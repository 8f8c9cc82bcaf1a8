package org.mmu.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code mmu-spark} reports usage errors as {@code mmu} does (docs/cli.md): one line
 * {@code mmu-spark COMMAND: error: MESSAGE}, then one line {@code see 'mmu-spark COMMAND --help'},
 * and exit status 2 — before any Spark session starts.
 */
class SparkUsageErrorsTest {

    private static List<String> fails(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = MmuSparkCommand.run(args, new PrintStream(out), new PrintStream(err));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, text);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing on stdout");
        return text.lines().toList();
    }

    @Test
    void anUnknownFlagNamesItAndPointsAtTheCommandsHelp() {
        List<String> err = fails("xmatch", "a", "b", "--out", "p.csv", "--bogus", "1");
        assertEquals(2, err.size(), String.join("\n", err));
        assertEquals(true, err.get(0).startsWith("mmu-spark xmatch: error: ") && err.get(0).contains("--bogus"), err.get(0));
        assertEquals("see 'mmu-spark xmatch --help'", err.get(1));
    }

    @Test
    void aMissingInputOrABadOutputIsAUsageError() {
        List<String> err = fails("load", "only-one", "--out", "m.parquet", "--report", "r.json");
        assertEquals(true, err.get(0).startsWith("mmu-spark load: error: "), err.get(0));
        assertEquals(List.of("see 'mmu-spark load --help'"), err.subList(1, err.size()));
        err = fails("load", "a", "b", "--out", "m.txt", "--report", "r.json");
        assertEquals(true, err.get(0).startsWith("mmu-spark load: error: --out must end in .parquet, .arrow, .csv or .jsonl"), err.get(0));
    }

    @Test
    void anUnknownCommandListsTheCommands() {
        assertEquals(List.of("mmu-spark: error: unknown command 'join'; commands are xmatch, load", "see 'mmu-spark --help'"),
                fails("join", "a", "b"));
        assertEquals(List.of("mmu-spark: error: no command; commands are xmatch, load", "see 'mmu-spark --help'"), fails());
    }
}
