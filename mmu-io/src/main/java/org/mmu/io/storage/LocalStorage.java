package org.mmu.io.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/**
 * Files under a local directory, read with positional {@link FileChannel} reads (no cache: the
 * operating system's page cache does that job). Every file opened must resolve — symbolic links
 * followed — to a place inside the root's real path, unless links are explicitly allowed
 * ({@link StorageOptions#followLinks()}). Thread-safe.
 */
final class LocalStorage implements Storage {
    private final Path root;
    private final StorageCounters counters;
    private final boolean followLinks;
    private volatile Path realRoot; // resolved on first use: the root may be created after this object

    LocalStorage(Path root, boolean followLinks) {
        this(root.toAbsolutePath().normalize(), new StorageCounters(), followLinks);
    }

    private LocalStorage(Path root, StorageCounters counters, boolean followLinks) {
        this.root = root;
        this.counters = counters;
        this.followLinks = followLinks;
    }

    Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String scheme() {
        return "file";
    }

    /** The file of a relative path; absolute paths and paths leaving the root are an MmuInputException. */
    Path resolve(String relativePath) {
        String rel = RelativePaths.normalize(root.toString(), relativePath);
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /**
     * {@link #resolve}, then refuses a path whose real location (links followed) is outside the
     * root's real location. A path that does not exist yet is returned as is.
     */
    Path resolveInside(String relativePath) {
        Path p = resolve(relativePath);
        if (followLinks) {
            return p;
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            return p; // missing: the caller reports it
        }
        Path r = realRoot();
        if (!real.startsWith(r)) {
            throw new MmuFormatException(p.toString(), "resolves to " + real + ", outside the dataset root " + r
                    + " (a symbolic link?); refused. Allow links with StorageOptions.followLinks(true) or --follow-links");
        }
        return p;
    }

    private Path realRoot() {
        Path r = realRoot;
        if (r == null) {
            try {
                r = root.toRealPath();
            } catch (IOException e) {
                r = root;
            }
            realRoot = r;
        }
        return r;
    }

    @Override
    public ByteSource open(String relativePath) {
        Path p = resolveInside(relativePath);
        try {
            return new FileSource(p, FileChannel.open(p, StandardOpenOption.READ), counters);
        } catch (NoSuchFileException e) {
            throw new MmuFormatException(p.toString(), "file not found");
        } catch (IOException e) {
            throw new MmuStorageException(p.toString(), "cannot open", e);
        }
    }

    @Override
    public ByteSource open(String relativePath, long expectedSize) {
        ByteSource s = open(relativePath);
        if (expectedSize >= 0 && s.size() != expectedSize) {
            long actual = s.size();
            s.close();
            throw new MmuFormatException(s.location(), "file has " + actual + " bytes but the manifest says "
                    + expectedSize + " (truncated or replaced?)");
        }
        return s;
    }

    @Override
    public boolean exists(String relativePath) {
        return Files.isRegularFile(resolveInside(relativePath));
    }

    @Override
    public List<String> list(String relativeDir) {
        Path dir = resolve(relativeDir);
        if (!Files.isDirectory(dir)) {
            throw new MmuFormatException(dir.toString(), "not a directory");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new MmuStorageException(dir.toString(), "cannot list", e);
        }
    }

    @Override
    public Storage subStorage(String relativeDir) {
        return new LocalStorage(resolveInside(relativeDir), counters.child(), followLinks);
    }

    @Override
    public StorageStats stats() {
        return counters.snapshot();
    }

    @Override
    public String toString() {
        return "LocalStorage[" + root + "]";
    }

    private static final class FileSource implements ByteSource {
        private final Path path;
        private final FileChannel channel;
        private final StorageCounters counters;
        private final long size;

        FileSource(Path path, FileChannel channel, StorageCounters counters) throws IOException {
            this.path = path;
            this.channel = channel;
            this.counters = counters;
            this.size = channel.size();
        }

        @Override
        public String location() {
            return path.toString();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public ByteBuffer read(long offset, int length) {
            if (offset < 0 || offset + length > size) {
                throw new MmuFormatException(path.toString(), "read of " + length + " bytes at offset " + offset
                        + " goes past the end of the file (" + size + " bytes): truncated?");
            }
            ByteBuffer buf = ByteBuffer.allocate(length);
            try {
                while (buf.hasRemaining()) {
                    int n = channel.read(buf, offset + buf.position());
                    if (n < 0) {
                        throw new MmuFormatException(path.toString(), "unexpected end of file at offset "
                                + (offset + buf.position()));
                    }
                }
            } catch (IOException e) {
                throw new MmuStorageException(path.toString(), "read failed at offset " + offset, e);
            }
            counters.recordRead(length);
            return buf.flip();
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new MmuStorageException(path.toString(), "close failed", e);
            }
        }
    }
}
