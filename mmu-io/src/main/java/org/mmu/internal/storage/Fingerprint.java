package org.mmu.internal.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.Parallel;
import org.mmu.internal.output.AtomicFiles;

/**
 * What a local input read in place (an MMU v1 survey, a HATS catalog) looked like when it was
 * fingerprinted: per file, its size, modification time and block CRC-32Cs ({@link FileChecksum},
 * as format 1.1 records them), so that later reads are verified block by block
 * ({@link ChecksummedStorage#of(Storage, Fingerprint)}). Such inputs carry no checksums of their own.
 *
 * <p>Stored as JSON in {@value #FILE_NAME} at the input's root when that directory is writable,
 * else in {@code {cacheDir}/mmu-fingerprints-v1/{sha256(real root path)}.json}, where the cache
 * directory is {@code StorageOptions.cacheDir} or, when none is set, {@link #defaultCacheDir()}. Files under hidden
 * directories (download caches) and the store itself are not covered. Immutable.
 *
 * @param root     the input's real path
 * @param storedAt where the fingerprint is kept
 * @param taken    when it was taken
 * @param files    per path relative to the root, '/'-separated
 */
public record Fingerprint(Path root, Path storedAt, Instant taken, Map<String, Fingerprint.Entry> files) {
    public static final String FILE_NAME = ".mmu_fingerprint.json";
    static final int VERSION = 1;

    /** One file: its block checksums (which include the size) and modification time in milliseconds. */
    public record Entry(FileChecksum checksum, long modifiedMillis) {
    }

    public Fingerprint {
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** The fingerprint of a local input, if one was taken (beside the data first, then in the cache directory). */
    public static Optional<Fingerprint> find(Path root, Optional<Path> cacheDir) {
        Path real = realPath(root);
        for (Path p : candidates(real, cacheDir)) {
            if (Files.isRegularFile(p)) {
                return Optional.of(read(real, p));
            }
        }
        return Optional.empty();
    }

    /**
     * Reads every file of a local input once (in parallel) and stores its fingerprint.
     *
     * @param update replace an existing fingerprint; without it, an existing one is an error (a
     *               changed input is never re-fingerprinted by accident)
     */
    public static Fingerprint take(Path root, Optional<Path> cacheDir, boolean update, int threads) {
        Path real = realPath(root);
        Optional<Fingerprint> old = find(real, cacheDir);
        if (old.isPresent() && !update) {
            throw new MmuInputException(real + ": already fingerprinted (" + old.get().storedAt() + ", "
                    + old.get().taken() + "); pass --update to take the input's present state as the reference");
        }
        List<String> paths = filesOf(real);
        if (paths.isEmpty()) {
            throw new MmuInputException(real + ": no files to fingerprint");
        }
        List<Entry> entries = Parallel.map(paths.size(), threads, "fingerprint " + real, i -> {
            Path f = real.resolve(paths.get(i));
            long modified = modifiedMillis(f);
            FileChecksum c = FileChecksum.of(f);
            if (modifiedMillis(f) != modified) {
                throw new MmuStorageException(f.toString(), "changed while it was being fingerprinted");
            }
            return new Entry(c, modified);
        });
        Map<String, Entry> files = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            files.put(paths.get(i), entries.get(i));
        }
        Path target = old.map(Fingerprint::storedAt).orElseGet(() -> storeFor(real, cacheDir));
        Fingerprint fp = new Fingerprint(real, target, Instant.now(), files);
        AtomicFiles.write(target, true, tmp -> Files.writeString(tmp, fp.toJson()));
        return fp;
    }

    /**
     * The checksum of a file, after checking that its size and modification time are those
     * fingerprinted; a file changed, added or removed since is an error naming it.
     */
    public FileChecksum checksumOf(String relativePath) {
        Path f = root.resolve(relativePath);
        Entry e = files.get(relativePath);
        if (e == null) {
            throw new MmuFormatException(f.toString(), "is not in the fingerprint of " + root + " taken " + taken
                    + " (added since?); " + updateHint());
        }
        long size;
        try {
            size = Files.size(f);
        } catch (IOException x) {
            throw new MmuFormatException(f.toString(), "was fingerprinted " + taken + " but cannot be read now ("
                    + x.getMessage() + "); " + updateHint());
        }
        long modified = modifiedMillis(f);
        if (size != e.checksum().size() || modified != e.modifiedMillis()) {
            throw new MmuFormatException(f.toString(), "changed since its fingerprint was taken " + taken + ": "
                    + (size != e.checksum().size() ? "size " + e.checksum().size() + " -> " + size + " bytes"
                            : "modified " + Instant.ofEpochMilli(e.modifiedMillis()) + " -> " + Instant.ofEpochMilli(modified))
                    + "; " + updateHint());
        }
        return e.checksum();
    }

    private String updateHint() {
        return "if the change is deliberate, run 'mmu fingerprint --update " + root + "'";
    }

    /** Where a new fingerprint goes: beside the data when the root is writable, else the cache directory. */
    static Path storeFor(Path real, Optional<Path> cacheDir) {
        return Files.isWritable(real) ? real.resolve(FILE_NAME) : cacheFile(real, cacheDir);
    }

    /** {@code $XDG_CACHE_HOME/mmu}, else {@code ~/.cache/mmu}: where fingerprints of read-only inputs go by default. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("mmu");
    }

    private static List<Path> candidates(Path real, Optional<Path> cacheDir) {
        return List.of(real.resolve(FILE_NAME), cacheFile(real, cacheDir));
    }

    private static Path cacheFile(Path real, Optional<Path> cacheDir) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(real.toString().getBytes(StandardCharsets.UTF_8));
            return cacheDir.orElseGet(Fingerprint::defaultCacheDir).resolve("mmu-fingerprints-v1")
                    .resolve(HexFormat.of().formatHex(h) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> filesOf(Path real) {
        try (Stream<Path> s = Files.walk(real)) {
            return s.filter(Files::isRegularFile).map(p -> real.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith(".") && !p.contains("/.")).sorted().toList();
        } catch (IOException e) {
            throw new MmuStorageException(real.toString(), "cannot list the files to fingerprint", e);
        }
    }

    private static Path realPath(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new MmuInputException(root + ": not found (" + e.getMessage() + ")");
        }
    }

    private static long modifiedMillis(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            throw new MmuStorageException(f.toString(), "cannot read its modification time", e);
        }
    }

    String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = json.createObjectNode();
        o.put("mmu_fingerprint", VERSION);
        o.put("root", root.toString());
        o.put("taken", taken.toString());
        o.put("algorithm", FileChecksum.ALGORITHM);
        ObjectNode fs = o.putObject("files");
        files.forEach((path, e) -> {
            ObjectNode f = fs.putObject(path);
            f.put("size", e.checksum().size());
            f.put("modified_ms", e.modifiedMillis());
            f.put("block_bytes", e.checksum().blockBytes());
            f.put("blocks", e.checksum().encodedBlocks());
        });
        try {
            return json.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Fingerprint read(Path real, Path at) {
        try {
            JsonNode o = new ObjectMapper().readTree(Files.readString(at));
            if (o == null || o.path("mmu_fingerprint").asInt() != VERSION
                    || !FileChecksum.ALGORITHM.equals(o.path("algorithm").asText())) {
                throw new MmuFormatException(at.toString(), "not a version " + VERSION + " fingerprint ("
                        + FileChecksum.ALGORITHM + "); take a new one with 'mmu fingerprint --update " + real + "'");
            }
            Map<String, Entry> files = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> f : o.path("files").properties()) {
                JsonNode v = f.getValue();
                FileChecksum c = FileChecksum.decode(v.path("size").asLong(), v.path("block_bytes").asInt(),
                        v.path("blocks").asText());
                files.put(f.getKey(), new Entry(c, v.path("modified_ms").asLong()));
            }
            return new Fingerprint(real, at, Instant.parse(o.path("taken").asText()), files);
        } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new MmuFormatException(at.toString(), "unreadable fingerprint (" + e.getMessage()
                    + "); take a new one with 'mmu fingerprint --update " + real + "'", e);
        }
    }
}
