package org.mmu.io.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuException;
import org.mmu.core.MmuFormatException;
import org.mmu.core.RowBatch;
import org.mmu.io.build.DatasetBuilder;
import org.mmu.io.catalog.CatalogDatasets;
import org.mmu.io.dataset.OpenContext;
import org.mmu.io.dataset.PartitionedDataset;
import org.mmu.io.storage.ByteSource;
import org.mmu.io.storage.Storage;
import org.mmu.io.storage.StorageOptions;
import org.mmu.io.storage.Storages;
import org.mmu.io.testing.SyntheticSurvey;

/**
 * {@code hdfs://} against a real HDFS — Hadoop's MiniDFSCluster, one name node and one data node
 * on loopback ports chosen by the system — with the fault cases of remote storage: a file changed
 * on the server, and the server gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsDatasetTest {
    @TempDir
    static Path dir;
    static MiniDFSCluster cluster;
    static Path local;
    static String remote;

    @BeforeAll
    static void start() throws IOException {
        Configuration conf = new Configuration();
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        cluster = new MiniDFSCluster.Builder(conf, dir.resolve("hdfs").toFile()).numDataNodes(1).build();
        cluster.waitActive();
        double[][] p = SyntheticSurvey.box(500, 10, 30, -5, 5, 8);
        RowBatch cat = SyntheticSurvey.catalog(p[0], p[1], 1, 2, 4, true);
        local = dir.resolve("survey");
        try (PartitionedDataset src = CatalogDatasets.fromBatch("s", cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(80).build().build(src, local);
        }
        FileSystem fs = cluster.getFileSystem();
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path("/survey"));
        remote = cluster.getURI().toString() + "/survey";
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    /** Fail fast when the server is gone: one connection attempt, short waits. */
    private static LoadOptions options() {
        return LoadOptions.builder().storage(StorageOptions.builder().hfToken(null)
                .hadoopConf("ipc.client.connect.max.retries", "0")
                .hadoopConf("ipc.client.connect.max.retries.on.timeouts", "0")
                .hadoopConf("ipc.client.connect.timeout", "2000")
                .hadoopConf("dfs.client.failover.max.attempts", "0")
                .build()).build();
    }

    @Test
    void aDatasetOnHdfsReadsTheSameRowsAsLocally() {
        int[] some = {0, 17, 250, 499};
        try (MmuDataset h = MmuDatasets.load(remote, options()); MmuDataset l = MmuDatasets.load(local)) {
            assertEquals(l.index().size(), h.index().size());
            RowBatch a = h.read(some);
            RowBatch b = l.read(some);
            for (int k = 0; k < some.length; k++) {
                assertEquals(b.row(k).getLong("object_id"), a.row(k).getLong("object_id"));
                SyntheticSurvey.checkExample(a.row(k));
            }
            assertEquals(500, h.read(IntStream.range(0, 500).toArray()).rowCount());
        }
    }

    @Test
    void aPartitionChangedOnHdfsIsDetected() throws IOException {
        FileSystem fs = cluster.getFileSystem();
        String victim;
        try (MmuDataset l = MmuDatasets.load(local)) {
            victim = l.index().partition(0).path();
        }
        byte[] original = Files.readAllBytes(local.resolve(victim));
        byte[] changed = original.clone();
        changed[changed.length / 2] ^= 0x10;
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("/survey/" + victim);
        try {
            write(fs, p, changed);
            try (MmuDataset h = MmuDatasets.load(remote, options())) {
                var e = assertThrows(MmuFormatException.class, () -> h.read(IntStream.range(0, 80).toArray()));
                assertTrue(e.getMessage().contains(victim) && e.getMessage().contains("CRC-32C"), e.getMessage());
            }
        } finally {
            write(fs, p, original);
        }
    }

    @Test
    void aFileReplacedBetweenTwoReadsIsDetectedByItsPinnedValidator() throws Exception {
        FileSystem fs = cluster.getFileSystem();
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("/pinned.bin");
        write(fs, p, new byte[4096]);
        try (Storage s = Storages.open(cluster.getURI().toString() + "/", options().storage())) {
            try (ByteSource a = s.open("pinned.bin")) {
                a.read(0, 100);
            }
            Thread.sleep(5); // a new modification time
            byte[] other = new byte[4096];
            other[7] = 1;
            write(fs, p, other);
            try (ByteSource b = s.open("pinned.bin", 4096)) {
                var e = assertThrows(MmuFormatException.class, () -> b.read(0, 100));
                assertTrue(e.getMessage().contains("changed since it was first read"), e.getMessage());
            }
        }
    }

    private static void write(FileSystem fs, org.apache.hadoop.fs.Path p, byte[] data) throws IOException {
        try (FSDataOutputStream out = fs.create(p, true)) {
            out.write(data);
        }
    }

    /** Runs last (it stops the cluster the other tests share). */
    @Test
    @Order(Integer.MAX_VALUE)
    void aServerGoneIsAStorageErrorNotAHang() {
        try (MmuDataset h = MmuDatasets.load(remote, options())) {
            h.index();
            cluster.shutdown();
            cluster = null;
            long t0 = System.nanoTime();
            var e = assertThrows(MmuException.class, () -> h.read(new int[] {3}));
            assertTrue(e.getMessage().contains("survey"), e.getMessage());
            assertTrue((System.nanoTime() - t0) / 1e9 < 60, "failed within a minute");
        }
    }
}
