package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.io.parquet.ParquetFile;
import org.mmu.io.storage.Storages;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchMode;
import org.mmu.matching.MatchResult;
import org.mmu.matching.NWayMatcher;

/** {@code mmu xmatch} streams region by region: the engine's rows, the same bytes for any region size. */
class XmatchRegionsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void datasets() throws IOException {
        CliTest.mmuOk("index", CliTest.writeCsv(dir.resolve("l.csv"), CliTest.hardGeometry(11, 3), 1).toString(),
                dir.resolve("left").toString(), "--objects-per-group", "40");
        CliTest.mmuOk("index", CliTest.writeCsv(dir.resolve("r.csv"), CliTest.hardGeometry(12, 3), 100_000).toString(),
                dir.resolve("right").toString(), "--order", "3");
    }

    private Path xmatch(String name, String... more) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("xmatch", dir.resolve("left").toString(),
                dir.resolve("right").toString(), "--radius-arcsec", "2.5", "--out", out.toString()));
        args.addAll(List.of(more));
        CliTest.mmuOk(args.toArray(String[]::new));
        return out;
    }

    @Test
    void rowsAreTheEnginesAndTheBytesDoNotDependOnRegionsOrThreads() throws IOException {
        for (String mode : List.of("all", "best")) {
            Path whole = xmatch(mode + "-whole.csv", "--mode", mode, "--groups", "--threads", "1");
            Path tiny = xmatch(mode + "-tiny.csv", "--mode", mode, "--groups", "--threads", "2",
                    "--region-budget-mb", "0.002");
            assertEquals(Files.readString(whole), Files.readString(tiny), mode + ": same bytes for one region and many");
            assertEquals(engineRows(MatchMode.fromLabel(mode)), csvRows(tiny), mode + ": the in-memory engine's rows");
        }
    }

    @Test
    void parquetHoldsTheCsvRows() throws IOException {
        Path csv = xmatch("p.csv", "--mode", "best1", "--join", "1or2", "--region-budget-mb", "0.01");
        Path parquet = xmatch("p.parquet", "--mode", "best1", "--join", "1or2", "--region-budget-mb", "0.01");
        List<String> lines = Files.readAllLines(csv);
        RowBatch b;
        try (ParquetFile f = ParquetFile.open(Storages.local(dir).open(parquet.getFileName().toString()))) {
            b = f.read(null, f.schema());
        }
        assertEquals(Schema.of(b.schema().columns()).names(), List.of(lines.get(0).split(",")));
        assertEquals(lines.size() - 1, b.rowCount());
        for (int i = 0; i < b.rowCount(); i++) {
            String l = b.column(0).isNull(i) ? "" : Long.toString(b.column(0).getLong(i));
            String r = b.column(1).isNull(i) ? "" : Long.toString(b.column(1).getLong(i));
            double sep = b.column(2).getDouble(i);
            String s = Double.isNaN(sep) ? "NaN" : String.format(Locale.ROOT, "%.9f", sep);
            assertEquals(lines.get(i + 1), l + "," + r + "," + s, "row " + i);
        }
        assertTrue(lines.stream().anyMatch(x -> x.startsWith(",")), "1or2 has right rows without a left partner");
    }

    private Set<String> engineRows(MatchMode mode) {
        try (MmuDataset l = MmuDatasets.load(dir.resolve("left")); MmuDataset r = MmuDatasets.load(dir.resolve("right"))) {
            CrossMatch spec = CrossMatch.of("left", "right").radiusArcsec(2.5).mode(mode).build();
            MatchResult m = NWayMatcher.matchPair(l.index(), r.index(), spec, Map.of());
            Set<String> rows = new HashSet<>();
            for (int i = 0; i < m.size(); i++) {
                rows.add(l.index().ids().getString(m.leftRow(i)) + "," + r.index().ids().getString(m.rightRow(i)) + ","
                        + String.format(Locale.ROOT, "%.9f", m.separationArcsec(i)));
            }
            assertTrue(rows.size() > 300, "hard geometry gives many pairs: " + rows.size());
            return rows;
        }
    }

    private static Set<String> csvRows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertEquals("left_object_id,right_object_id,separation_arcsec,group_id,group_size", lines.get(0));
        Set<String> rows = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            rows.add(f[0] + "," + f[1] + "," + f[2]);
        }
        assertEquals(lines.size() - 1, rows.size(), "each row once");
        return rows;
    }
}
