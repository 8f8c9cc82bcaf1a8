package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What surprised a new user in the first hour: each one, fixed. */
class FirstHourCliTest {
    @TempDir
    Path dir;

    private Path catalog(String name, String header, int n, double offsetArcsec) throws IOException {
        StringBuilder b = new StringBuilder(header + "\n");
        for (int i = 0; i < n; i++) {
            b.append(i).append(',').append(40 + i * 0.02).append(',').append(-3 + i * 0.02 + offsetArcsec / 3600).append('\n');
        }
        return Files.writeString(dir.resolve(name), b);
    }

    @Test
    void planOnlyWithPlotDrawsThePlotAndKeepsStdoutForThePlan() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        CliTest.mmuOk("index", catalog("a.csv", "object_id,ra,dec", 50, 0).toString(), a.toString());
        CliTest.mmuOk("index", catalog("b.csv", "object_id,ra,dec", 50, 0.3).toString(), b.toString());
        Path png = dir.resolve("plan.png");
        CliTest.Run r = CliTest.mmuOk("load", a.toString(), b.toString(), "--radius-arcsec", "1", "--plan-only",
                "--plot", png.toString());
        assertTrue(Files.size(png) > 1000, "a PNG was written");
        assertEquals(50, new ObjectMapper().readTree(r.out()).get("match_rows").asInt(), "stdout is the plan's JSON alone");
        CliTest.Run again = CliTest.mmu("load", a.toString(), b.toString(), "--radius-arcsec", "1", "--plan-only",
                "--plot", png.toString());
        assertEquals(1, again.status(), "an existing plot is not replaced without --overwrite");
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void indexNamesEveryMissingColumnAndTheFlagsThatNameThem() throws IOException {
        Path csv = catalog("vizier.csv", "id,RAJ2000,DEJ2000", 5, 0);
        CliTest.Run r = CliTest.mmu("index", csv.toString(), dir.resolve("v").toString());
        assertEquals(1, r.status(), r.err());
        String m = r.err();
        assertTrue(m.contains("[object_id, ra, dec] are missing") && m.contains("[id, RAJ2000, DEJ2000]"), m);
        assertTrue(m.contains("--id-column") && m.contains("--ra-column") && m.contains("--dec-column"), m);
        CliTest.mmuOk("index", csv.toString(), dir.resolve("v").toString(), "--id-column", "id", "--ra-column", "RAJ2000",
                "--dec-column", "DEJ2000");
    }

    @Test
    void theDemoPrintsASummaryWithoutTerminalCodesAndWritesTheReportToAFile() throws IOException {
        Path demo = dir.resolve("demo");
        CliTest.Run r = CliTest.mmuOk("demo", "--objects", "1000", "--dir", demo.toString());
        String all = r.out() + r.err();
        assertFalse(all.contains("\u001b"), "no escape codes when the output is not a terminal");
        assertFalse(r.out().contains("\"per_survey\""), "no JSON report in the middle of the output");
        Path report = demo.resolve("report.json");
        assertTrue(r.out().contains("report (JSON, keys in docs/cli.md): " + report), r.out());
        assertTrue(new ObjectMapper().readTree(report.toFile()).has("per_survey"));
        Matcher stages = Pattern.compile("stages:((?: [a-z]+ [0-9.]+ s)+)").matcher(r.out());
        assertTrue(stages.find(), r.out());
        for (String t : stages.group(1).trim().split(" s ?")) {
            String seconds = t.substring(t.indexOf(' ') + 1);
            assertTrue(seconds.matches("[0-9]+\\.[0-9]{2}"), "stage times with two decimals: " + t);
        }
        assertEquals(List.of(), r.err().lines().filter(l -> l.contains("\r")).toList(), "one line per finished stage");
        List<String> fetch = r.err().lines().filter(l -> l.startsWith("fetch partitions: ")).toList();
        assertEquals(1, fetch.size(), "one overall counter for the fetch, not one per step and survey: " + r.err());
        assertTrue(fetch.get(0).matches("fetch partitions: ([0-9,]+) / \\1 \\(100%\\), [0-9.]+ [KMG]iB"), fetch.get(0));
        assertFalse(r.err().contains("read imaging") || r.err().contains("read spectro"), r.err());
    }
}
