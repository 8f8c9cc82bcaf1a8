package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmu.cli.CliTest.mmu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.core.RowBatch;
import org.mmu.internal.parquet.ParquetBatchWriter;
import org.mmu.internal.testing.SyntheticSurvey;

/** Growing a dataset from the command line: index, append, inspect, --version, --where, vacuum. */
class GrowCliTest {
    @TempDir
    Path dir;

    static List<double[]> field(int n, double ra0, double dec0, long seed) {
        Random r = new Random(seed);
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            p.add(new double[] {ra0 + 5 * r.nextDouble(), dec0 + 5 * r.nextDouble()});
        }
        return p;
    }

    /**
     * A Parquet table of {@link SyntheticSurvey#addedColumns} for every id of {@code [first, last]}
     * but multiples of {@code skip}, last first.
     */
    static Path writeColumns(Path file, long first, long last, int skip, int dims) {
        List<Long> ids = new ArrayList<>();
        for (long id = last; id >= first; id--) {
            if (id % skip != 0) {
                ids.add(id);
            }
        }
        RowBatch b = SyntheticSurvey.addedColumns(ids, dims);
        try (ParquetBatchWriter w = new ParquetBatchWriter(file, b.schema(), java.util.Map.of(),
                ParquetBatchWriter.Profile.TABLE)) {
            w.write(b);
        }
        return file;
    }

    @Test
    void addColumnsThenLoadThemLikeAnyOther() throws IOException {
        Path a = CliTest.writeCsv(dir.resolve("a.csv"), field(400, 10, 10, 1), 1);
        Path ds = dir.resolve("wide");
        assertEquals(0, mmu("index", a.toString(), ds.toString(), "--objects-per-group", "50").status());
        Path table = writeColumns(dir.resolve("emb.parquet"), 1, 400, 9, 16);
        CliTest.Run r = mmu("add-columns", ds.toString(), table.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--on C is required"), r.err());
        r = mmu("add-columns", ds.toString(), table.toString(), "--on", "object_id", "--require-all");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("lacks 44 objects of " + ds.toAbsolutePath()), r.err());
        Path stray = writeColumns(dir.resolve("stray.parquet"), 1, 401, 9, 16);
        r = mmu("add-columns", ds.toString(), stray.toString(), "--on", "object_id");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("1 object id is not in " + ds.toAbsolutePath() + " (version 1), e.g. 401"), r.err());

        r = mmu("add-columns", ds.toString(), table.toString(), "--on", "object_id");
        assertEquals(0, r.status(), r.err());
        int partitions;
        try (MmuDataset d = MmuDatasets.load(ds)) {
            partitions = d.partitions().size();
        }
        assertTrue(r.out().startsWith("committed version 2 of " + ds.toAbsolutePath() + ": columns added to 400 objects; "
                + 2 * partitions + " files"), r.out()); // one per partition and column
        r = mmu("inspect", ds.toString());
        assertTrue(r.out().contains("added_columns") && r.out().contains("emb (version 2)"), r.out());
        assertTrue(r.out().contains("emb") && r.out().contains("float32[16]"), r.out());
        assertEquals(0, mmu("validate", ds.toString(), "--deep").status());
        Path out = dir.resolve("m.jsonl");
        r = mmu("load", ds.toString(), ds.toString(), "--radius-arcsec", "0.001", "--columns", "object_id,photo_z,emb",
                "--out", out.toString(), "--report", dir.resolve("r.json").toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = java.nio.file.Files.readAllLines(out);
        assertEquals(400, lines.size());
        String row18 = lines.stream().filter(l -> l.contains("\"left_object_id\":18,")).findFirst().orElseThrow();
        assertTrue(row18.contains("\"left_photo_z\":null,\"left_emb\":null"), row18);
        String row17 = lines.stream().filter(l -> l.contains("\"left_object_id\":17,")).findFirst().orElseThrow();
        assertTrue(row17.contains("\"left_photo_z\":0.017") && row17.contains("[17.0,17.01,17.02"), row17);
    }

    @Test
    void appendWithReplaceSupersedesObjectsAlreadyThere() throws IOException {
        Path a = CliTest.writeCsv(dir.resolve("a.csv"), field(400, 10, 10, 1), 1);
        Path again = CliTest.writeCsv(dir.resolve("again.csv"), field(3, 12, 12, 3), 399); // 399, 400 and a new 401
        Path ds = dir.resolve("wide");
        assertEquals(0, mmu("index", a.toString(), ds.toString(), "--objects-per-group", "50").status());
        CliTest.Run r = mmu("append", ds.toString(), again.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("2 object ids are already in") && r.err().contains("--replace"), r.err());
        r = mmu("append", ds.toString(), again.toString(), "--replace");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("committed version 2 of " + ds + ": 3 objects appended (401 in all)"), r.out());
        assertEquals(0, mmu("validate", ds.toString(), "--deep").status());
        try (MmuDataset d = MmuDatasets.load(ds)) {
            int[] all = java.util.stream.IntStream.range(0, d.index().size()).toArray();
            var rows = d.read(all);
            for (int i = 0; i < rows.rowCount(); i++) {
                long id = rows.column("object_id").getLong(i);
                if (id >= 399) { // the new rows: mag = 18 + row % 7 of again.csv
                    assertEquals(18.0 + (id - 399), rows.column("mag").getDouble(i), "object " + id);
                }
            }
        }
    }

    @Test
    void appendInspectVersionWhereAndVacuum() throws IOException {
        Path a = CliTest.writeCsv(dir.resolve("a.csv"), field(400, 10, 10, 1), 1);
        Path b = CliTest.writeCsv(dir.resolve("b.csv"), field(100, 12, 12, 2), 1001);
        Path clash = CliTest.writeCsv(dir.resolve("clash.csv"), field(3, 12, 12, 3), 399);
        Path ds = dir.resolve("wide");
        assertEquals(0, mmu("index", a.toString(), ds.toString(), "--index-columns", "mag", "--objects-per-group", "50")
                .status());
        CliTest.Run r = mmu("append", ds.toString(), b.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("committed version 2 of " + ds + ": 100 objects appended (500 in all)"), r.out());

        r = mmu("append", ds.toString(), clash.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("2 object ids are already in " + ds + " (version 2), e.g. 399, 400"), r.err());

        r = mmu("inspect", ds.toString());
        assertTrue(r.out().matches("(?s).*versions:\n  1 +- +400 objects  build\n  2 +\\S+Z +500 objects  append 100 objects\n.*"),
                r.out());
        assertTrue(mmu("inspect", ds.toString(), "--version", "1").out().matches("(?s).*\n  version +1\n.*objects: +400\n.*")
                || mmu("inspect", ds.toString(), "--version", "1").out().matches("(?s).*objects: +400\n.*\n  version +1\n.*"));

        // mag = 18 + row % 7: "mag < 19" keeps rows 0, 7, 14, ... of each file
        try (MmuDataset bright = MmuDatasets.load(ds.toString(), LoadOptions.builder().where("mag < 19").build())) {
            assertEquals(58 + 15, bright.index().size());
        }
        r = mmu("load", ds.toString(), ds.toString(), "--radius-arcsec", "1", "--plan-only", "--where", "wide: mag < 1x9");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--where: at position 7 ('1x9'): not a number"), r.err());
        r = mmu("load", ds.toString(), ds.toString(), "--radius-arcsec", "1", "--plan-only", "--where", "deep: mag < 19");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--where names dataset 'deep', which is not among those given: [wide, wide]"), r.err());

        r = mmu("vacuum", ds.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--keep is required"), r.err());
        r = mmu("vacuum", ds.toString(), "--keep", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("kept versions [2], removed versions [1]; deleted 1 files"), r.out());
        r = mmu("inspect", ds.toString(), "--version", "1");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("version 1 does not exist (or was removed by 'mmu vacuum'); versions are [2]"), r.err());
    }
}
