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
        assertTrue(r.err().contains("--keep N is required"), r.err());
        r = mmu("vacuum", ds.toString(), "--keep", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("kept versions [2], removed versions [1]; deleted 1 files"), r.out());
        r = mmu("inspect", ds.toString(), "--version", "1");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("version 1 does not exist (or was removed by 'mmu vacuum'); versions are [2]"), r.err());
    }
}
