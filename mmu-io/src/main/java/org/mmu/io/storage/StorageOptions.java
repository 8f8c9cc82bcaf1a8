package org.mmu.io.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How storages are reached: cache, offline mode, timeouts, retries, parallelism, credentials.
 * Immutable; build with {@link #builder()}. {@link #defaults()} reads {@code HF_TOKEN} from the
 * environment (the token is never logged or shown in messages).
 */
public final class StorageOptions {
    private final Path cacheDir;
    private final boolean offline;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBaseDelay;
    private final int parallelRequests;
    private final long coalesceGapBytes;
    private final String hfToken;
    private final String hfEndpoint;
    private final Map<String, String> hadoopConf;

    private StorageOptions(Builder b) {
        this.cacheDir = b.cacheDir;
        this.offline = b.offline;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.retryBaseDelay = b.retryBaseDelay;
        this.parallelRequests = b.parallelRequests;
        this.coalesceGapBytes = b.coalesceGapBytes;
        this.hfToken = b.hfToken;
        this.hfEndpoint = b.hfEndpoint;
        this.hadoopConf = Map.copyOf(b.hadoopConf);
        if (offline && cacheDir == null) {
            throw new org.mmu.core.MmuInputException("offline mode needs a cache directory (cacheDir)");
        }
    }

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
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.maxRetries = maxRetries;
        b.retryBaseDelay = retryBaseDelay;
        b.parallelRequests = parallelRequests;
        b.coalesceGapBytes = coalesceGapBytes;
        b.hfToken = hfToken;
        b.hfEndpoint = hfEndpoint;
        b.hadoopConf = new java.util.HashMap<>(hadoopConf);
        return b;
    }

    /** Directory of the local cache of remote files, if caching is on. */
    public Optional<Path> cacheDir() {
        return Optional.ofNullable(cacheDir);
    }

    /** Use only the cache; any read that would touch the network fails. */
    public boolean offline() {
        return offline;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Retries after a 5xx answer, a timeout or a reset connection. */
    public int maxRetries() {
        return maxRetries;
    }

    /** First retry delay; doubles each retry. */
    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    /** Concurrent requests per remote storage. */
    public int parallelRequests() {
        return parallelRequests;
    }

    /** Ranges closer than this are merged into one request. */
    public long coalesceGapBytes() {
        return coalesceGapBytes;
    }

    /** The Hugging Face token, if any. */
    public Optional<String> hfToken() {
        return Optional.ofNullable(hfToken);
    }

    /** The Hub endpoint ({@code https://huggingface.co} unless {@code HF_ENDPOINT} is set). */
    public String hfEndpoint() {
        return hfEndpoint;
    }

    /** Extra Hadoop configuration for {@code hdfs://}, {@code s3a://}, ... */
    public Map<String, String> hadoopConf() {
        return hadoopConf;
    }

    @Override
    public String toString() {
        // never print the token
        return "StorageOptions[cacheDir=" + cacheDir + ", offline=" + offline + ", retries=" + maxRetries
                + ", parallel=" + parallelRequests + ", hfToken=" + (hfToken == null ? "unset" : "set") + "]";
    }

    public static final class Builder {
        private Path cacheDir;
        private boolean offline;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int maxRetries = 4;
        private Duration retryBaseDelay = Duration.ofMillis(200);
        private int parallelRequests = 8;
        private long coalesceGapBytes = 64 * 1024;
        private String hfToken = emptyToNull(System.getenv("HF_TOKEN"));
        private String hfEndpoint = Optional.ofNullable(emptyToNull(System.getenv("HF_ENDPOINT")))
                .orElse("https://huggingface.co");
        private Map<String, String> hadoopConf = new java.util.HashMap<>();

        private Builder() {
        }

        private static String emptyToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }

        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder maxRetries(int n) {
            if (n < 0) {
                throw new org.mmu.core.MmuInputException("maxRetries must be >= 0, got " + n);
            }
            this.maxRetries = n;
            return this;
        }

        public Builder retryBaseDelay(Duration d) {
            this.retryBaseDelay = Objects.requireNonNull(d);
            return this;
        }

        public Builder parallelRequests(int n) {
            if (n < 1) {
                throw new org.mmu.core.MmuInputException("parallelRequests must be >= 1, got " + n);
            }
            this.parallelRequests = n;
            return this;
        }

        public Builder coalesceGapBytes(long n) {
            if (n < 0) {
                throw new org.mmu.core.MmuInputException("coalesceGapBytes must be >= 0, got " + n);
            }
            this.coalesceGapBytes = n;
            return this;
        }

        public Builder hfToken(String token) {
            this.hfToken = emptyToNull(token);
            return this;
        }

        public Builder hfEndpoint(String endpoint) {
            this.hfEndpoint = Objects.requireNonNull(endpoint);
            return this;
        }

        public Builder hadoopConf(String key, String value) {
            this.hadoopConf.put(key, value);
            return this;
        }

        public StorageOptions build() {
            return new StorageOptions(this);
        }
    }
}
