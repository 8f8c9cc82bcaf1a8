package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.RowBatch;
import org.mmu.examples.DemoSurveys;
import org.mmu.DatasetBuilder;
import org.mmu.internal.catalog.CatalogDatasets;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.PartitionedDataset;

/** {@code mmu epoch} as a user runs it: one epoch, its stats and ids, over a dataset and a crossmatch. */
class EpochCommandTest {
    static final int IMAGING = 1500;
    @TempDir
    static Path data;
    @TempDir
    Path out;

    /** The demo's two surveys: imaging (images, integer ids) and spectro (spectra, string ids). */
    @BeforeAll
    static void build() {
        RowBatch[] surveys = DemoSurveys.generate(IMAGING, 5);
        String[] names = {"imaging", "spectro"};
        for (int k = 0; k < 2; k++) {
            try (PartitionedDataset src = CatalogDatasets.fromBatch(names[k], surveys[k], CoordinateColumns.DEFAULT,
                    OpenContext.defaults())) {
                DatasetBuilder.builder().order(5).objectsPerGroup(100).build().build(src, data.resolve(names[k]));
            }
        }
    }

    static JsonNode json(Path p) throws IOException {
        return new ObjectMapper().readTree(p.toFile());
    }

    List<String> epoch(String name, String... more) throws IOException {
        Path stats = out.resolve(name + ".json");
        Path ids = out.resolve(name + ".txt");
        List<String> args = new java.util.ArrayList<>(List.of("epoch"));
        args.addAll(List.of(more));
        args.addAll(List.of("--stats", stats.toString(), "--ids", ids.toString()));
        CliTest.Run r = CliTest.mmu(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        return Files.readAllLines(ids);
    }

    @Test
    void anEpochOverADatasetDeliversEveryObjectOnceAndReadsItAboutOnce() throws IOException {
        String imaging = data.resolve("imaging").toString();
        List<String> ids = epoch("a", imaging, "--batch-size", "128", "--shuffle-buffer", "500", "--seed", "3");
        assertEquals(IMAGING, ids.size());
        assertEquals(IMAGING, new HashSet<>(ids).size());
        JsonNode s = json(out.resolve("a.json"));
        assertEquals(IMAGING, s.get("rows").asLong());
        assertEquals((IMAGING + 127) / 128, s.get("batches").asLong());
        long read = s.get("bytes_read").asLong();
        long onDisk = s.get("dataset_bytes").asLong();
        assertTrue(onDisk > 0 && read <= 1.2 * onDisk, read + " of " + onDisk);
        assertTrue(s.get("read_requests").asLong() > 0);
        assertTrue(s.get("rows_per_second").asDouble() > 0 && s.has("seconds"));

        assertEquals(ids, epoch("b", imaging, "--batch-size", "128", "--shuffle-buffer", "500", "--seed", "3"));
        assertNotEquals(ids, epoch("c", imaging, "--batch-size", "128", "--shuffle-buffer", "500", "--seed", "3", "--epoch", "1"));

        Set<String> shards = new HashSet<>(epoch("s0", imaging, "--batch-size", "64", "--shuffle-buffer", "500", "--shard", "0/2",
                "--columns", "object_id,image"));
        List<String> second = epoch("s1", imaging, "--batch-size", "64", "--shuffle-buffer", "500", "--shard", "1/2", "--drop-last");
        assertEquals(IMAGING / 2 / 64 * 64, second.size(), "the partial last batch is dropped");
        assertTrue(second.stream().noneMatch(shards::contains), "shards are disjoint");
    }

    @Test
    void anEpochOverACrossmatchDeliversEveryPairWithBothIds() throws IOException {
        List<String> pairs = epoch("x", data.resolve("spectro").toString(), data.resolve("imaging").toString(),
                "--radius-arcsec", "1", "--batch-size", "50", "--shuffle-buffer", "300", "--seed", "9");
        CliTest.Run xm = CliTest.mmu("xmatch", data.resolve("spectro").toString(), data.resolve("imaging").toString(),
                "--radius-arcsec", "1", "--out", out.resolve("pairs.csv").toString());
        assertEquals(0, xm.status(), xm.err());
        List<String> table = Files.readAllLines(out.resolve("pairs.csv"));
        Set<String> expected = new HashSet<>();
        for (String line : table.subList(1, table.size())) {
            String[] f = line.split(",");
            expected.add(f[0] + "\t" + f[1]);
        }
        assertFalse(pairs.isEmpty());
        assertEquals(expected, new HashSet<>(pairs));
        assertEquals(pairs.size(), new HashSet<>(pairs).size());
        JsonNode s = json(out.resolve("x.json"));
        assertEquals(pairs.size(), s.get("rows").asLong());

        // indices larger than two regions of the budget: the epoch runs region by region, sharded
        List<String> regional = new java.util.ArrayList<>();
        for (int shard = 0; shard < 3; shard++) {
            regional.addAll(epoch("r" + shard, data.resolve("spectro").toString(), data.resolve("imaging").toString(),
                    "--radius-arcsec", "1", "--batch-size", "50", "--shuffle-buffer", "300", "--seed", "9",
                    "--shard", shard + "/3", "--region-budget-mb", "0.002", "--prefetch-mib", "1"));
        }
        List<String> sortedPairs = new java.util.ArrayList<>(pairs);
        java.util.Collections.sort(sortedPairs);
        java.util.Collections.sort(regional);
        assertEquals(sortedPairs, regional, "every pair exactly once across the shards");
    }

    /** Files written by h5py (MMU v1) and by hats-import: their partition sizes come from the files themselves. */
    @Test
    void anEpochOverRealMmuV1AndHatsFilesReadsThemAboutOnce() throws IOException {
        Path v1 = Path.of("..", "mmu-io", "src", "test", "resources", "fixtures", "mmu_v1", "overlap_like", "dr16_south");
        List<String> ids = epoch("v1", v1.toString(), "--batch-size", "16", "--shuffle-buffer", "64", "--seed", "1");
        assertEquals(ids.size(), new HashSet<>(ids).size());
        JsonNode s = json(out.resolve("v1.json"));
        assertEquals(ids.size(), s.get("rows").asLong());
        assertTrue(s.get("read_amplification").asDouble() <= 1.2, s.toString());

        String shared = System.getProperty("mmu.shared.dir");
        org.junit.jupiter.api.Assumptions.assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "fixtures", "hats")),
                "HATS fixtures not found: skipping");
        Path hats = Path.of(shared, "fixtures", "hats", "small_sky_order1_collection");
        List<String> rows = epoch("hats", hats.toString(), "--batch-size", "32", "--shuffle-buffer", "64");
        JsonNode h = json(out.resolve("hats.json"));
        assertEquals(rows.size(), h.get("rows").asLong());
        assertTrue(h.get("dataset_bytes").asLong() > 0, "HATS records no file sizes: they are asked of the storage");
        assertTrue(h.get("read_amplification").asDouble() <= 1.2, h.toString());
        List<String> pairs = epoch("v1hats", v1.toString(), hats.toString(), "--radius-arcsec", "3600", "--batch-size", "8",
                "--shuffle-buffer", "64");
        assertFalse(pairs.isEmpty());
        assertTrue(pairs.stream().allMatch(p -> p.split("\t").length == 2), "one id per survey");
    }

    @Test
    void badEpochFlagsAreRefusedWithTheReason() {
        String imaging = data.resolve("imaging").toString();
        String stats = out.resolve("bad.json").toString();
        CliTest.Run r = CliTest.mmu("epoch", imaging, "--batch-size", "10", "--shard", "two/4", "--stats", stats);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--shard must be I/N"), r.err());
        r = CliTest.mmu("epoch", imaging, "--batch-size", "10", "--shard", "4/4", "--stats", stats);
        assertEquals(2, r.status(), "a shard that does not exist is a bad flag value");
        assertTrue(r.err().contains("--shard I/N needs N >= 1 and 0 <= I < N, got '4/4'"), r.err());
        r = CliTest.mmu("epoch", imaging, "--stats", stats);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--batch-size is required"), r.err());
        r = CliTest.mmu("epoch", imaging, "--batch-size", "10", "--radius-arcsec", "1", "--stats", stats);
        assertEquals(2, r.status());
        r = CliTest.mmu("epoch", imaging, "--batch-size", "10", "--region-budget-mb", "1", "--stats", stats);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--region-budget-mb sizes a crossmatch"), r.err());
        assertFalse(Files.exists(Path.of(stats)), "nothing half-written");
    }
}
