package org.mmu.internal.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/**
 * The on-disk cache of remote files, kept as aligned blocks so that row-level reads stay cheap:
 * a read fetches and stores only the blocks it touches, never the whole file.
 *
 * <pre>
 * {cacheDir}/mmu-storage-v1/{h2}/{sha256(url)}/url                   the URL, for people
 * {cacheDir}/mmu-storage-v1/{h2}/{sha256(url)}/digest                the published SHA-256 seen first
 * {cacheDir}/mmu-storage-v1/{h2}/{sha256(url)}/{size}/etag           validator seen first
 * {cacheDir}/mmu-storage-v1/{h2}/{sha256(url)}/{size}/b{blockBytes}-{index}
 * {cacheDir}/mmu-storage-v1/lists/{sha256(url)}                      cached directory listings
 * </pre>
 *
 * An entry is keyed by URL and size, so a file opened with a manifest size is found without any
 * request; the ETag is recorded and compared whenever the server is contacted, and a mismatch
 * drops the entry and fails. Every file is written to a temporary name, forced to disk and
 * atomically renamed, so concurrent threads and processes only ever see complete blocks; two
 * writers of the same block write the same bytes and the last rename wins. Thread-safe.
 */
final class BlockCache {
    private static final String LAYOUT = "mmu-storage-v1";
    private final Path root;
    private final int blockBytes;

    BlockCache(Path cacheDir, int blockBytes) {
        this.root = cacheDir.toAbsolutePath().normalize().resolve(LAYOUT);
        this.blockBytes = blockBytes;
    }

    int blockBytes() {
        return blockBytes;
    }

    Path root() {
        return root;
    }

    /** The entry of one version (URL and size) of a remote file; nothing is created on disk yet. */
    Entry entry(String url, long size) {
        return new Entry(url, urlDir(url).resolve(Long.toString(size)), size);
    }

    /**
     * What the first run that saw a published SHA-256 for {@code url} recorded: the file's size
     * and that digest; later runs must see the same. Keyed by URL only, so a new size is a change.
     *
     * @param file where it is recorded (delete it to accept a new version)
     */
    record Pin(long size, PublishedDigest digest, Path file) {
    }

    /** The pin recorded for {@code url}, or null. */
    Pin pin(String url) {
        Path p = urlDir(url).resolve("digest");
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new MmuStorageException(p.toString(), "cannot read the cache", e);
        }
        String[] f = text.strip().split("\t");
        try {
            return new Pin(Long.parseLong(f[0]), new PublishedDigest(f[1], "pinned in " + p + " by an earlier run ("
                    + f[2] + ")"), p);
        } catch (RuntimeException e) {
            throw new MmuStorageException(p.toString(), "corrupt pin in the cache (delete it): '" + text.strip() + "'");
        }
    }

    /** Records the first published SHA-256 seen for {@code url}; an existing pin is kept. */
    void writePin(String url, long size, PublishedDigest digest) {
        Path dir = urlDir(url);
        if (!Files.isRegularFile(dir.resolve("digest"))) {
            byte[] b = (size + "\t" + digest.sha256() + "\t" + digest.source() + "\n").getBytes(StandardCharsets.UTF_8);
            writeAtomically(dir, "digest", b, 0, b.length);
        }
    }

    /** Sizes of the versions of {@code url} held in the cache, for opening without a manifest size offline. */
    List<Long> cachedSizes(String url) {
        Path dir = urlDir(url);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Long> sizes = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && name.chars().allMatch(Character::isDigit)) {
                    sizes.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new MmuStorageException(dir.toString(), "cannot read the cache directory", e);
        }
        sizes.sort(null);
        return sizes;
    }

    /** A listing (relative path to size) cached by {@link #writeListing}, or null. */
    Map<String, Long> readListing(String url) {
        Path p = root.resolve("lists").resolve(sha256(url));
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                out.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new MmuStorageException(p.toString(), "cannot read the cached listing of " + url, e);
        }
    }

    void writeListing(String url, Map<String, Long> files) {
        StringBuilder sb = new StringBuilder();
        files.forEach((path, size) -> sb.append(size).append('\t').append(path).append('\n'));
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        writeAtomically(root.resolve("lists"), sha256(url), b, 0, b.length);
    }

    private Path urlDir(String url) {
        String h = sha256(url);
        return root.resolve(h.substring(0, 2)).resolve(h);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Writes {@code dir/name} via a temporary file, fsync and atomic rename. */
    private static void writeAtomically(Path dir, String name, byte[] data, int off, int len) {
        Path target = dir.resolve(name);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(data, off, len);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            if (Files.isRegularFile(target)) {
                return;  // another writer won the race (or the platform refuses to replace): same bytes
            }
            throw new MmuStorageException(target.toString(), "cannot write to the cache", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless
                }
            }
        }
    }

    /** The cached blocks and validator of one version of one remote file. Thread-safe. */
    final class Entry {
        private final String url;
        private final Path dir;
        private final long size;

        private Entry(String url, Path dir, long size) {
            this.url = url;
            this.dir = dir;
            this.size = size;
        }

        Path dir() {
            return dir;
        }

        long blockCount() {
            return (size + blockBytes - 1) / blockBytes;
        }

        /** Length of block {@code index} (the last block is shorter). */
        int blockLength(long index) {
            return (int) Math.min(blockBytes, size - index * blockBytes);
        }

        /** Marks the entry as present (so offline opens can find the size) and records the URL. */
        void create() {
            if (!Files.isDirectory(dir)) {
                byte[] u = url.getBytes(StandardCharsets.UTF_8);
                writeAtomically(dir.getParent(), "url", u, 0, u.length);
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new MmuStorageException(dir.toString(), "cannot create the cache directory", e);
                }
            }
        }

        /** Block {@code index}, or null when it is not cached (or damaged, in which case it is removed). */
        byte[] readBlock(long index) {
            Path p = dir.resolve(blockName(index));
            int expected = blockLength(index);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                if (ch.size() == expected) {
                    ByteBuffer b = ByteBuffer.allocate(expected);
                    while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                        // keep reading
                    }
                    if (!b.hasRemaining()) {
                        return b.array();
                    }
                }
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new MmuStorageException(p.toString(), "cannot read the cache", e);
            }
            // Wrong length: written by something else, or damaged outside our atomic writes. Fetch it again.
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the fresh copy will replace it
            }
            return null;
        }

        void writeBlock(long index, byte[] data, int off) {
            create();
            writeAtomically(dir, blockName(index), data, off, blockLength(index));
        }

        private String blockName(long index) {
            return "b" + blockBytes + "-" + index;
        }

        /** The validator (ETag) recorded for this entry, or null. */
        String validator() {
            try {
                return Files.readString(dir.resolve("etag"), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new MmuStorageException(dir.resolve("etag").toString(), "cannot read the cache", e);
            }
        }

        /**
         * Records {@code seen} as this entry's validator if none is recorded yet; if a different one
         * is recorded, the remote file changed since it was cached: the entry is dropped and an
         * {@link MmuFormatException} names the file.
         */
        void checkValidator(String seen) {
            if (seen == null) {
                return;
            }
            String recorded = validator();
            if (recorded == null) {
                create();
                byte[] b = seen.getBytes(StandardCharsets.UTF_8);
                writeAtomically(dir, "etag", b, 0, b.length);
            } else if (!recorded.equals(seen)) {
                invalidate();
                throw new MmuFormatException(url, "changed on the server since it was cached (ETag " + recorded
                        + " in the cache, " + seen + " now); the stale cache entry was removed, open the file again");
            }
        }

        /** Moves the entry aside (atomic, so concurrent readers see all or nothing) and deletes it. */
        void invalidate() {
            Path aside = dir.resolveSibling(dir.getFileName() + ".stale-" + UUID.randomUUID());
            try {
                Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                return;  // already gone
            }
            try (Stream<Path> s = Files.walk(aside)) {
                s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // best effort: a stale directory left behind is never read (its name is not a size)
            }
        }
    }
}
