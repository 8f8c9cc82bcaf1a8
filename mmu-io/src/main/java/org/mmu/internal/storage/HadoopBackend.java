package org.mmu.internal.storage;

import org.mmu.StorageOptions;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.util.VersionInfo;
import org.apache.hadoop.util.functional.FutureIO;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/**
 * Files of a Hadoop {@link FileSystem} ({@code hdfs://}, {@code s3a://}, {@code abfs://},
 * {@code gs://}, {@code viewfs://}, ..., or {@code hadoop+file://} for the local file system
 * through Hadoop). Reads are positioned reads ({@code readFully(position, ...)}) on a stream
 * opened once per file with the "random" read policy and, when known, the file length (which
 * spares S3A a HEAD). The Hadoop clients retry on their own, so this backend does not add
 * retries. Thread-safe (positioned reads are thread-safe by the Hadoop contract).
 */
final class HadoopBackend implements RemoteBackend {
    /** Scheme prefix that routes any Hadoop URI through this backend, e.g. {@code hadoop+file:///data}. */
    static final String PREFIX = "hadoop+";

    private final FileSystem fs;
    private final Path root;
    private final String displayRoot;   // ends with '/'
    private final String scheme;
    private final boolean owner;

    private HadoopBackend(FileSystem fs, Path root, String displayRoot, String scheme, boolean owner) {
        this.fs = fs;
        this.root = root;
        this.displayRoot = displayRoot.endsWith("/") ? displayRoot : displayRoot + "/";
        this.scheme = scheme;
        this.owner = owner;
    }

    /** Connects to the file system of {@code location} with a Configuration built from the options. */
    static HadoopBackend open(String location, StorageOptions options) {
        String uriText = location.startsWith(PREFIX) ? location.substring(PREFIX.length()) : location;
        URI uri;
        try {
            uri = URI.create(uriText);
        } catch (IllegalArgumentException e) {
            throw new org.mmu.core.MmuInputException("not a valid URI: '" + location + "' (" + e.getMessage() + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Configuration conf = new Configuration();
        options.hadoopConf().forEach(conf::set);
        FileSystem fs;
        try {
            fs = FileSystem.newInstance(uri, conf);  // a private instance: closing it affects no one else
        } catch (UnsupportedFileSystemException e) {
            throw missingFileSystem(location, scheme, e);
        } catch (RuntimeException | LinkageError e) {
            if (e instanceof LinkageError || e.getCause() instanceof ClassNotFoundException) {
                throw missingFileSystem(location, scheme, e);
            }
            if (e instanceof UnsupportedOperationException && Runtime.version().feature() >= 23) {
                // Hadoop's UserGroupInformation calls Subject.getSubject, which JDK 23+ no longer supports
                throw new MmuStorageException(location, "cannot connect to the Hadoop file system: Hadoop does not run on Java "
                        + Runtime.version().feature() + " (" + e.getMessage() + "); run with JDK 17 to 22 "
                        + "(scripts/mmu picks one for Hadoop locations)", e);
            }
            throw new MmuStorageException(location, "cannot connect to the Hadoop file system", e);
        } catch (IOException e) {
            throw new MmuStorageException(location, "cannot connect to the Hadoop file system", e);
        }
        Path root = fs.makeQualified(new Path(uri));
        return new HadoopBackend(fs, root, location, location.startsWith(PREFIX) ? PREFIX + scheme : scheme, true);
    }

    /** A message naming the artifact that provides the scheme's FileSystem. */
    static MmuStorageException missingFileSystem(String location, String scheme, Throwable cause) {
        String v = VersionInfo.getVersion();
        String add = switch (scheme) {
            case "s3a" -> "add org.apache.hadoop:hadoop-aws:" + v + " (and the AWS SDK bundle it names,"
                    + " software.amazon.awssdk:bundle) to the classpath";
            case "s3", "s3n" -> "Hadoop reads S3 through the s3a:// scheme: use s3a://... and add"
                    + " org.apache.hadoop:hadoop-aws:" + v;
            case "abfs", "abfss", "wasb", "wasbs" -> "add org.apache.hadoop:hadoop-azure:" + v + " to the classpath";
            case "gs" -> "add the Google Cloud Storage connector (com.google.cloud.bigdataoss:gcs-connector,"
                    + " hadoop3 flavour) to the classpath";
            case "oss" -> "add org.apache.hadoop:hadoop-aliyun:" + v + " to the classpath";
            case "cosn" -> "add org.apache.hadoop:hadoop-cos:" + v + " to the classpath";
            default -> "add the jar providing a Hadoop FileSystem for '" + scheme + "' to the classpath, or set"
                    + " fs." + scheme + ".impl in hadoopConf";
        };
        return new MmuStorageException(location, "no Hadoop FileSystem for scheme '" + scheme + "': " + add, cause);
    }

    @Override
    public String location() {
        return displayRoot;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    private Path path(String rel) {
        return rel.isEmpty() ? root : new Path(root, new Path(null, null, rel));
    }

    @Override
    public String displayName(String path) {
        return displayRoot + path;
    }

    @Override
    public String cacheKey(String path) {
        return path(path).toString();
    }

    @Override
    public RemoteFile stat(String path, StorageCounters counters) {
        FileStatus st = status(path, counters);
        if (st.isDirectory()) {
            throw new MmuFormatException(displayName(path), "is a directory, not a file");
        }
        return new RemoteFile(st.getLen(), validatorOf(st));
    }

    /** The ETag where the file system has one (s3a, abfs), else the modification time. */
    private static String validatorOf(FileStatus st) {
        String etag = st instanceof EtagSource es ? es.getEtag() : null;
        return etag != null && !etag.isEmpty() ? etag : "mtime:" + st.getModificationTime();
    }

    private FileStatus status(String path, StorageCounters counters) {
        counters.recordRequest();
        try {
            return fs.getFileStatus(path(path));
        } catch (FileNotFoundException e) {
            throw new MmuFormatException(displayName(path), "not found");
        } catch (IOException e) {
            throw new MmuStorageException(displayName(path), "cannot get the file status", e);
        }
    }

    @Override
    public boolean exists(String path, StorageCounters counters) {
        try {
            return status(path, counters).isFile();
        } catch (MmuFormatException e) {
            return false;
        }
    }

    @Override
    public Map<String, Long> list(String dir, StorageCounters counters) {
        if (!status(dir, counters).isDirectory()) {
            throw new MmuFormatException(displayName(dir), "not a directory");
        }
        String rootPath = root.toUri().getPath();
        String prefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            counters.recordRequest();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(path(dir), true);
            while (it.hasNext()) {
                LocatedFileStatus st = it.next();
                String p = fs.makeQualified(st.getPath()).toUri().getPath();
                if (!p.startsWith(prefix)) {
                    throw new MmuStorageException(displayName(dir), "Hadoop listed " + p + ", outside " + prefix);
                }
                out.put(p.substring(prefix.length()), st.getLen());
            }
        } catch (FileNotFoundException e) {
            throw new MmuFormatException(displayName(dir), "not found");
        } catch (IOException e) {
            throw new MmuStorageException(displayName(dir), "cannot list", e);
        }
        return out;
    }

    @Override
    public RangeReader reader(String path, RemoteFile file, StorageCounters counters) {
        return new Reader(displayName(path), path(path), file, counters);
    }

    @Override
    public RemoteBackend sub(String dir) {
        return dir.isEmpty() ? this : new HadoopBackend(fs, path(dir), displayRoot + dir, scheme, false);
    }

    @Override
    public void close() {
        if (owner) {
            try {
                fs.close();
            } catch (IOException e) {
                throw new MmuStorageException(displayRoot, "cannot close the Hadoop file system", e);
            }
        }
    }

    @Override
    public String toString() {
        return "HadoopBackend[" + displayRoot + "]";
    }

    /** Positioned reads of one file; the stream is opened on first use and closed with the source. */
    private final class Reader implements RangeReader {
        private final String location;
        private final Path path;
        private final RemoteFile file;
        private final StorageCounters counters;
        private FSDataInputStream in;

        Reader(String location, Path path, RemoteFile file, StorageCounters counters) {
            this.location = location;
            this.path = path;
            this.file = file;
            this.counters = counters;
        }

        private synchronized FSDataInputStream stream() {
            if (in == null) {
                if (file.validator() != null) {
                    checkUnchanged();
                }
                counters.recordRequest();
                try {
                    in = FutureIO.awaitFuture(fs.openFile(path)
                            .opt("fs.option.openfile.read.policy", "random")
                            .opt("fs.option.openfile.length", Long.toString(file.size()))
                            .build());
                } catch (FileNotFoundException e) {
                    throw new MmuFormatException(location, "not found");
                } catch (IOException | RuntimeException e) {
                    throw new MmuStorageException(location, "cannot open", e);
                }
            }
            return in;
        }

        @Override
        public void fetch(long offset, byte[] dst, int dstOff, int length) {
            FSDataInputStream s = stream();
            try {
                s.readFully(offset, dst, dstOff, length);
            } catch (EOFException e) {
                throw new MmuFormatException(location, "truncated: cannot read bytes " + offset + "-" + (offset + length - 1)
                        + " of the expected " + file.size() + " (the file is shorter, or was replaced)");
            } catch (FileNotFoundException e) {
                throw new MmuFormatException(location, "not found");
            } catch (IOException e) {
                throw new MmuStorageException(location, "read of " + length + " bytes at offset " + offset + " failed", e);
            } finally {
                counters.recordRequest();
            }
            counters.recordBytes(length);
        }

        /** A file pinned earlier (by its validator) must still be the same file: same size, same ETag/mtime. */
        private void checkUnchanged() {
            FileStatus st;
            try {
                counters.recordRequest();
                st = fs.getFileStatus(path);
            } catch (FileNotFoundException e) {
                throw new MmuFormatException(location, "not found (it existed when first read)");
            } catch (IOException e) {
                throw new MmuStorageException(location, "cannot check the file's status", e);
            }
            String now = validatorOf(st);
            if (st.getLen() != file.size() || !now.equals(file.validator())) {
                throw new MmuFormatException(location, "changed since it was first read (size " + file.size() + ", "
                        + file.validator() + "; now size " + st.getLen() + ", " + now + ")");
            }
        }

        @Override
        public String validator() {
            return file.validator();
        }

        @Override
        public synchronized void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    throw new MmuStorageException(location, "close failed", e);
                } finally {
                    in = null;
                }
            }
        }
    }
}
