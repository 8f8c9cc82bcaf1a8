package org.mmu.internal.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.StorageOptions;
import org.mmu.core.MmuDataset;
import org.mmu.internal.mmuv1.MmuV1Fixtures;
import org.mmu.internal.storage.FakeHub;

/** An MMU v1 survey read in place from the Hub says what its reads were checked against: the LFS SHA-256s. */
class PublishedDigestInputsTest {
    private static final Pattern COUNTS = Pattern.compile("published SHA-256 \\((.*)\\): (\\d+) file\\(s\\) read whole"
            + " and verified, (\\d+) read by range and pinned by SHA-256 and ETag \\(not checksummed\\), (\\d+) without"
            + " a published SHA-256 \\(unverified\\)");

    @Test
    void anMmuV1SurveyOnTheHubReportsItsReadsAsCheckedAgainstTheLfsSha256s(@TempDir Path dir) throws IOException {
        Path from = MmuV1Fixtures.root().resolve(MmuV1Fixtures.expected("hsc_like").openDir());
        int files = 0;
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(from.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
                files++;
            }
        }
        try (FakeHub hub = FakeHub.start().addRepo("org", "hsc", "main", dir, true)) {
            LoadOptions o = LoadOptions.builder().storage(StorageOptions.builder().hfEndpoint(hub.endpoint())
                    .hfToken(null).build()).build();
            try (MmuDataset ds = MmuDatasets.load("hf://datasets/org/hsc", o)) {
                int[] all = new int[ds.index().size()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                assertEquals(all.length, ds.read(all).rowCount());
                String v = ((PartitionedDataset) ds).verification();
                Matcher m = COUNTS.matcher(v);
                assertTrue(m.matches(), v);
                assertTrue(m.group(1).contains("Hub tree API lfs.oid"), v);
                assertEquals(files, Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3)),
                        "every file was read, each verified whole or pinned: " + v);
                assertEquals("0", m.group(4), v);
            }
        }
    }
}
