package org.mmu.io.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.mmu.core.MmuInputException;

/**
 * How storages are reached: cache, offline mode, timeouts, retries, parallelism, credentials.
 * Immutable and thread-safe; build with {@link #builder()} ({@code build()} leaves the builder
 * unchanged, so one builder can make several variants). {@link #defaults()} reads
 * {@code HF_TOKEN} and {@code HF_ENDPOINT} from the environment. The token is never logged,
 * never shown by {@link #toString()} or in exception messages, and only sent to the Hub endpoint.
 *
 * <pre>{@code
 * StorageOptions o = StorageOptions.builder()
 *         .cacheDir(Path.of("/scratch/mmu-cache"))
 *         .parallelRequests(16)
 *         .build();
 * }</pre>
 */
public final class StorageOptions {
    private final Path cacheDir;
    private final boolean offline;
    private final int cacheBlockBytes;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBaseDelay;
    private final int parallelRequests;
    private final long coalesceGapBytes;
    private final String hfToken;
    private final String hfEndpoint;
    private final Map<String, String> hadoopConf;
    private final boolean followLinks;

    private StorageOptions(Builder b) {
        if (b.offline && b.cacheDir == null) {
            throw new MmuInputException("offline mode needs a cache directory (cacheDir)");
        }
        this.cacheDir = b.cacheDir;
        this.offline = b.offline;
        this.cacheBlockBytes = b.cacheBlockBytes;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.retryBaseDelay = b.retryBaseDelay;
        this.parallelRequests = b.parallelRequests;
        this.coalesceGapBytes = b.coalesceGapBytes;
        this.hfToken = b.hfToken;
        this.hfEndpoint = b.hfEndpoint;
        this.hadoopConf = Map.copyOf(b.hadoopConf);
        this.followLinks = b.followLinks;
    }

    /** Defaults, with {@code HF_TOKEN}/{@code HF_ENDPOINT} taken from the environment. */
    public static StorageOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.cacheDir = cacheDir;
        b.offline = offline;
        b.cacheBlockBytes = cacheBlockBytes;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.maxRetries = maxRetries;
        b.retryBaseDelay = retryBaseDelay;
        b.parallelRequests = parallelRequests;
        b.coalesceGapBytes = coalesceGapBytes;
        b.hfToken = hfToken;
        b.hfEndpoint = hfEndpoint;
        b.followLinks = followLinks;
        b.hadoopConf = new HashMap<>(hadoopConf);
        return b;
    }

    /** Directory of the local cache of remote files, if caching is on. */
    public Optional<Path> cacheDir() {
        return Optional.ofNullable(cacheDir);
    }

    /** Use only the cache; any read that would touch the network fails, naming what is missing. */
    public boolean offline() {
        return offline;
    }

    /** Granularity of the cache: remote files are cached as aligned blocks of this many bytes. */
    public int cacheBlockBytes() {
        return cacheBlockBytes;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Longest wait for a response's headers, or for the next piece of its body. A request that
     * stalls this long is aborted and retried (it is an idle timeout, so large bodies that keep
     * flowing are never cut).
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Retries after a 5xx or 429 answer, a timeout, a reset connection or a truncated body. */
    public int maxRetries() {
        return maxRetries;
    }

    /** First retry delay; doubles each retry (with jitter), capped at 30 s. */
    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    /** Concurrent requests per remote storage root (shared by its sub-storages). */
    public int parallelRequests() {
        return parallelRequests;
    }

    /** In {@link ByteSource#readRanges}, ranges closer than this are merged into one request. */
    public long coalesceGapBytes() {
        return coalesceGapBytes;
    }

    /** The Hugging Face token, if any. Never print it. */
    public Optional<String> hfToken() {
        return Optional.ofNullable(hfToken);
    }

    /** The Hub endpoint ({@code https://huggingface.co} unless {@code HF_ENDPOINT} is set), without a trailing '/'. */
    public String hfEndpoint() {
        return hfEndpoint;
    }

    /**
     * Whether local files may resolve (through symbolic links) to places outside the dataset root.
     * Off by default: a link leading out of the root is an error naming both paths.
     */
    public boolean followLinks() {
        return followLinks;
    }

    /** Extra Hadoop configuration for {@code hdfs://}, {@code s3a://}, ... (over core-site.xml). */
    public Map<String, String> hadoopConf() {
        return hadoopConf;
    }

    @Override
    public String toString() {
        // never print the token, nor Hadoop settings (they may hold secret keys)
        return "StorageOptions[cacheDir=" + cacheDir + ", offline=" + offline + ", cacheBlockBytes=" + cacheBlockBytes
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", retryBaseDelay=" + retryBaseDelay
                + ", parallelRequests=" + parallelRequests + ", coalesceGapBytes=" + coalesceGapBytes
                + ", hfEndpoint=" + hfEndpoint + ", hfToken=" + (hfToken == null ? "unset" : "set")
                + ", hadoopConf=" + hadoopConf.keySet() + ", followLinks=" + followLinks + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private Path cacheDir;
        private boolean offline;
        private int cacheBlockBytes = 256 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int maxRetries = 4;
        private Duration retryBaseDelay = Duration.ofMillis(200);
        private int parallelRequests = 8;
        private long coalesceGapBytes = 8 * 1024; // row-level reads: bytes matter more than a few extra parallel requests
        private String hfToken = emptyToNull(System.getenv("HF_TOKEN"));
        private String hfEndpoint = normalizeEndpoint(
                Optional.ofNullable(emptyToNull(System.getenv("HF_ENDPOINT"))).orElse("https://huggingface.co"));
        private Map<String, String> hadoopConf = new HashMap<>();
        private boolean followLinks;

        private Builder() {
        }

        private static String emptyToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        private static String normalizeEndpoint(String endpoint) {
            String e = endpoint.strip();
            while (e.endsWith("/")) {
                e = e.substring(0, e.length() - 1);
            }
            URI u;
            try {
                u = URI.create(e);
            } catch (IllegalArgumentException ex) {
                throw new MmuInputException("hfEndpoint '" + endpoint + "' is not a URL: " + ex.getMessage());
            }
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawUserInfo() != null) {
                throw new MmuInputException("hfEndpoint must be an http(s) URL like https://huggingface.co, got '"
                        + endpoint + "'");
            }
            return e;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new MmuInputException(name + " must be positive, got " + d);
            }
            return d;
        }

        /** Turns on the local cache of remote files in {@code dir} (created if missing); null turns it off. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /** Reads only from the cache (needs {@link #cacheDir}). */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public Builder cacheBlockBytes(int n) {
            if (n < 4096) {
                throw new MmuInputException("cacheBlockBytes must be >= 4096, got " + n);
            }
            this.cacheBlockBytes = n;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive("connectTimeout", d);
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive("requestTimeout", d);
            return this;
        }

        public Builder maxRetries(int n) {
            if (n < 0) {
                throw new MmuInputException("maxRetries must be >= 0, got " + n);
            }
            this.maxRetries = n;
            return this;
        }

        public Builder retryBaseDelay(Duration d) {
            Objects.requireNonNull(d, "retryBaseDelay");
            if (d.isNegative()) {
                throw new MmuInputException("retryBaseDelay must be >= 0, got " + d);
            }
            this.retryBaseDelay = d;
            return this;
        }

        public Builder parallelRequests(int n) {
            if (n < 1) {
                throw new MmuInputException("parallelRequests must be >= 1, got " + n);
            }
            this.parallelRequests = n;
            return this;
        }

        public Builder coalesceGapBytes(long n) {
            if (n < 0) {
                throw new MmuInputException("coalesceGapBytes must be >= 0, got " + n);
            }
            this.coalesceGapBytes = n;
            return this;
        }

        /** The Hugging Face token (overrides {@code HF_TOKEN}); null or blank means none. */
        public Builder hfToken(String token) {
            this.hfToken = emptyToNull(token);
            return this;
        }

        public Builder hfEndpoint(String endpoint) {
            this.hfEndpoint = normalizeEndpoint(Objects.requireNonNull(endpoint, "hfEndpoint"));
            return this;
        }

        public Builder hadoopConf(String key, String value) {
            this.hadoopConf.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Allow local files that symbolic links resolve to outside the dataset root (default: refused). */
        public Builder followLinks(boolean follow) {
            this.followLinks = follow;
            return this;
        }

        public StorageOptions build() {
            return new StorageOptions(this);
        }
    }
}
