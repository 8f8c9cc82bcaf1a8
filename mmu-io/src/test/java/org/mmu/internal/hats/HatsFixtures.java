package org.mmu.internal.hats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.mmu.core.ProgressListener;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.parquet.ParquetBatchWriter;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/**
 * The real HATS catalogs in {@code <shared>/fixtures/hats} (written by hats-import 0.6), and
 * deterministic ways to derive variants of them in a temporary directory. Tests that need the
 * fixtures skip, saying why, when the shared directory is absent.
 */
final class HatsFixtures {
    static final String SMALL_SKY = "small_sky";
    static final String COLLECTION = "small_sky_order1_collection";
    static final String PRIMARY = COLLECTION + "/small_sky_order1";
    static final String MARGIN_1DEG = COLLECTION + "/small_sky_order1_margin_1deg";
    static final String MARGIN_2DEG = COLLECTION + "/small_sky_order1_margin_2deg";
    static final String ID_INDEX = COLLECTION + "/small_sky_order1_id_index";
    static final String SOURCE_COLLECTION = "small_sky_order1_source_collection";
    static final String SOURCE = SOURCE_COLLECTION + "/small_sky_order1_source";
    static final String SOURCE_MARGIN = SOURCE_COLLECTION + "/small_sky_order1_source_margin";
    static final String OBJECT_ID_INDEX = SOURCE_COLLECTION + "/small_sky_order1_source_object_id_index";
    static final String BAND_INDEX = SOURCE_COLLECTION + "/small_sky_order1_source_band_index";

    private HatsFixtures() {
    }

    /** The fixtures directory; skips the test when {@code mmu.shared.dir} does not hold it. */
    static Path root() {
        String shared = System.getProperty("mmu.shared.dir");
        assumeTrue(shared != null, "system property mmu.shared.dir is not set (surefire sets it to <repo>/../shared)");
        Path dir = Path.of(shared, "fixtures", "hats");
        assumeTrue(Files.isDirectory(dir.resolve(SMALL_SKY)), "HATS fixtures not found at " + dir + ": skipping");
        return dir;
    }

    static Path path(String fixture) {
        return root().resolve(fixture);
    }

    static Storage storage(String fixture) {
        return Storages.local(path(fixture));
    }

    static OpenContext ctx() {
        return new OpenContext(2, 2, ProgressListener.NONE);
    }

    /** {@code src/test/resources/fixtures/hats_lsdb}: the rest of LSDB's test catalogs (see its README). */
    static Path lsdb() {
        try {
            return Path.of(HatsFixtures.class.getResource("/fixtures/hats_lsdb/README.md").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A catalog of LSDB's test data: from the shared fixtures when it is there, else from {@link #lsdb()}. */
    static Path lsdb(String name) {
        Path own = lsdb().resolve(name);
        return Files.isDirectory(own) ? own : path(name);
    }

    /** A writable copy of a fixture directory under {@code dir}. */
    static Path copy(String fixture, Path dir) {
        Path from = path(fixture);
        Path to = dir.resolve(from.getFileName().toString());
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
                target.toFile().setWritable(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** Sets (or, with a null value, removes) a key in both properties files of a catalog or collection. */
    static void setProperty(Path catalog, String key, String value) {
        for (String name : List.of("hats.properties", "properties", "collection.properties")) {
            Path f = catalog.resolve(name);
            if (!Files.exists(f)) {
                continue;
            }
            List<String> out = new ArrayList<>();
            boolean done = false;
            for (String line : read(f).split("\n")) {
                if (line.startsWith(key + "=")) {
                    if (value != null) {
                        out.add(key + "=" + value);
                    }
                    done = true;
                } else {
                    out.add(line);
                }
            }
            if (!done && value != null) {
                out.add(key + "=" + value);
            }
            write(f, String.join("\n", out) + "\n");
        }
    }

    /** A properties file's keys and values, in file order (comments skipped). */
    static Map<String, String> properties(Path file) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : read(file).split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** The regular files under {@code root}, relative to it, sorted. */
    static List<String> files(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path f, String text) {
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path f) {
        try {
            Files.delete(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void move(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row and readable column of a Parquet file. */
    static RowBatch readAll(Path file) {
        try (ParquetFile f = ParquetFile.open(Storages.local(file.getParent()).open(file.getFileName().toString()))) {
            return f.read(null, f.schema());
        }
    }

    /** Writes (replacing) a Parquet file with our writer. */
    static void writeParquet(Path file, RowBatch rows) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ParquetBatchWriter w = new ParquetBatchWriter(file, rows.schema(), Map.of(), ParquetBatchWriter.Profile.DATA)) {
            w.write(rows);
        }
    }

    /** Rows {@code [from, to)} of a batch. */
    static RowBatch slice(RowBatch b, int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return b.gather(rows);
    }

    /** The leaf file of a pixel in a catalog directory. */
    static Path leaf(Path catalog, int order, long npix) {
        return catalog.resolve(HatsPaths.leafPath(order, npix, ".parquet"));
    }
}
