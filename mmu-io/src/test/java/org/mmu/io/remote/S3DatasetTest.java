package org.mmu.io.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
 * {@code s3a://} (hadoop-aws) against a real S3-compatible server — s3proxy with its in-memory
 * store, started by this test in its own JVM on a loopback port — with the fault cases of
 * remote storage: a file changed on the server, a file replaced between two reads, the server gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3DatasetTest {
    static final Path S3PROXY_JAR = Path.of("target/s3proxy/s3proxy.jar"); // copied by the build (mmu-io/pom.xml)
    static final String BUCKET = "mmu-test";

    @TempDir
    static Path dir;
    static Process server;
    static Map<String, String> conf;
    static Path local;
    static String endpoint;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isRegularFile(S3PROXY_JAR), "s3proxy is copied to " + S3PROXY_JAR + " by mvn test");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        endpoint = "http://127.0.0.1:" + port;
        Path props = dir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=none",
                "s3proxy.identity=test-identity",
                "s3proxy.credential=test-credential",
                "jclouds.provider=transient") + "\n");
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", S3PROXY_JAR.toString(), "--properties", props.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        waitForPort(port);
        put(BUCKET, new byte[0]); // create the bucket
        conf = Map.of(
                "fs.s3a.endpoint", "http://127.0.0.1:" + port,
                "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.path.style.access", "true",
                "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.access.key", "test-identity",
                "fs.s3a.secret.key", "test-credential",
                "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                "fs.s3a.attempts.maximum", "1",
                "fs.s3a.retry.limit", "1",
                "fs.s3a.connection.establish.timeout", "2s");
        double[][] p = SyntheticSurvey.box(400, 10, 30, -5, 5, 12);
        RowBatch cat = SyntheticSurvey.catalog(p[0], p[1], 1, 2, 4, true);
        local = dir.resolve("survey");
        try (PartitionedDataset src = CatalogDatasets.fromBatch("s", cat, CoordinateColumns.DEFAULT, OpenContext.defaults())) {
            DatasetBuilder.builder().objectsPerGroup(80).build().build(src, local);
        }
        // objects are put with plain HTTP PUTs: s3proxy does not implement the upload headers of
        // this AWS SDK, and reading through s3a is what is under test
        try (var files = Files.walk(local)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                write("survey/" + local.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
    }

    private static void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("s3proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("s3proxy did not start: " + Files.readString(dir.resolve("s3proxy.log")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    private static LoadOptions options() {
        StorageOptions.Builder b = StorageOptions.builder().hfToken(null);
        conf.forEach(b::hadoopConf);
        return LoadOptions.builder().storage(b.build()).build();
    }

    /** Puts (or replaces) an object. */
    private static void write(String key, byte[] data) throws IOException {
        put(BUCKET + "/" + key, data);
    }

    private static void put(String path, byte[] data) throws IOException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/" + path))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("PUT " + path + ": HTTP " + r.statusCode() + " " + r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    @Order(1)
    void aDatasetOnS3ReadsTheSameRowsAsLocally() {
        int[] some = {0, 33, 210, 399};
        try (MmuDataset s3 = MmuDatasets.load("s3a://" + BUCKET + "/survey", options());
                MmuDataset l = MmuDatasets.load(local)) {
            assertEquals(l.index().size(), s3.index().size());
            RowBatch a = s3.read(some);
            RowBatch b = l.read(some);
            for (int k = 0; k < some.length; k++) {
                assertEquals(b.row(k).getLong("object_id"), a.row(k).getLong("object_id"));
                SyntheticSurvey.checkExample(a.row(k));
            }
            assertEquals(400, s3.read(IntStream.range(0, 400).toArray()).rowCount());
        }
    }

    @Test
    @Order(2)
    void aPartitionChangedOnS3IsDetected() throws IOException {
        String victim;
        try (MmuDataset l = MmuDatasets.load(local)) {
            victim = l.index().partition(0).path();
        }
        byte[] original = Files.readAllBytes(local.resolve(victim));
        byte[] changed = original.clone();
        changed[changed.length / 2] ^= 0x10; // same size, different bytes
        try {
            write("survey/" + victim, changed);
            try (MmuDataset s3 = MmuDatasets.load("s3a://" + BUCKET + "/survey", options())) {
                var e = assertThrows(MmuFormatException.class, () -> s3.read(IntStream.range(0, 80).toArray()));
                assertTrue(e.getMessage().contains(victim) && e.getMessage().contains("CRC-32C"), e.getMessage());
            }
        } finally {
            write("survey/" + victim, original);
        }
    }

    @Test
    @Order(3)
    void aFileReplacedBetweenTwoReadsIsDetectedByItsPinnedETag() throws IOException {
        write("pinned.bin", new byte[4096]);
        try (Storage s = Storages.open("s3a://" + BUCKET + "/", options().storage())) {
            try (ByteSource a = s.open("pinned.bin")) {
                a.read(0, 100);
            }
            byte[] other = new byte[4096];
            other[7] = 1;
            write("pinned.bin", other);
            try (ByteSource b = s.open("pinned.bin", 4096)) {
                var e = assertThrows(MmuFormatException.class, () -> b.read(0, 100));
                assertTrue(e.getMessage().contains("changed since it was first read"), e.getMessage());
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aServerGoneIsAStorageErrorNotAHang() throws Exception {
        try (MmuDataset s3 = MmuDatasets.load("s3a://" + BUCKET + "/survey", options())) {
            s3.index();
            server.destroyForcibly().waitFor();
            long t0 = System.nanoTime();
            var e = assertThrows(MmuException.class, () -> s3.read(new int[] {5}));
            assertTrue(e.getMessage().contains("survey"), e.getMessage());
            assertTrue((System.nanoTime() - t0) / 1e9 < 60, "failed within a minute");
        }
    }
}
