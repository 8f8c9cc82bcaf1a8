package org.mmu.io.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;

/**
 * Opens the {@link Storage} for a location string. Supported locations:
 * <ul>
 *   <li>local paths ({@code /data/hsc}, {@code data/hsc}) and {@code file:///data/hsc};</li>
 *   <li>{@code http://} and {@code https://} URL prefixes, read with range requests (cannot list:
 *       such datasets must carry a manifest);</li>
 *   <li>{@code hf://datasets/ORG/REPO[@REVISION][/PATH]}: a Hugging Face Hub dataset repository;</li>
 *   <li>any other scheme ({@code hdfs://}, {@code s3a://}, {@code abfs://}, {@code gs://},
 *       {@code viewfs://}, ...) through Hadoop's {@code FileSystem}; {@code hadoop+SCHEME://...}
 *       forces Hadoop for a scheme handled natively otherwise (e.g. {@code hadoop+file:///data}).</li>
 * </ul>
 * See {@code docs/storage.md} for caching, retries and credentials.
 */
public final class Storages {
    private Storages() {
    }

    /** Opens a storage rooted at {@code location}; close it to release connections and threads. */
    public static Storage open(String location, StorageOptions options) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
        if (location.isBlank()) {
            throw new MmuInputException("storage location is empty");
        }
        String scheme = schemeOf(location);
        return switch (scheme) {
            case "file" -> new LocalStorage(location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location),
                    options.followLinks());
            case "http", "https" -> http(location, options);
            case "hf" -> hub(location, options);
            default -> {
                requireHadoop(location, scheme);
                yield new RemoteStorage(HadoopBackend.open(location, options), options);
            }
        };
    }

    /**
     * Hadoop is an optional dependency (local files, HTTP and the Hub do not need it): without it,
     * a Hadoop URI fails here with the artifacts to add, not with a NoClassDefFoundError later.
     */
    private static void requireHadoop(String location, String scheme) {
        try {
            Class.forName("org.apache.hadoop.fs.FileSystem", false, Storages.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            String v = BuildVersions.HADOOP;
            throw new MmuStorageException(location, "'" + scheme + "://' locations are read through Hadoop, which is"
                    + " not on the classpath: add org.apache.hadoop:hadoop-client-api:" + v
                    + " and org.apache.hadoop:hadoop-client-runtime:" + v + " (runtime scope) to your build"
                    + " (see docs/dependencies.md)", e);
        }
    }

    /** A storage of the local directory {@code root}. */
    public static Storage local(Path root) {
        return new LocalStorage(root, false);
    }

    /** The scheme of a location: {@code "file"} for plain paths, {@code "hadoop+file"} for forced Hadoop. */
    public static String schemeOf(String location) {
        int colon = location.indexOf("://");
        if (colon <= 0) {
            return "file";
        }
        String s = location.substring(0, colon).toLowerCase(Locale.ROOT);
        // a Windows path such as C:\data has no "://", so any scheme here is a URI scheme
        return s;
    }

    private static Storage http(String location, StorageOptions options) {
        URI root = HttpBackend.parseRoot(location);
        HttpTransport transport = new HttpTransport(options, null);
        Retry retry = new Retry(options.maxRetries(), options.retryBaseDelay());
        String r = root.toString();
        return new RemoteStorage(new HttpBackend(transport, retry, root.getScheme().toLowerCase(Locale.ROOT), r, r,
                null, null), options);
    }

    private static Storage hub(String location, StorageOptions options) {
        HubLocation hub = HubLocation.parse(location);
        String endpoint = options.hfEndpoint();
        HttpTransport.BearerToken token = options.hfToken()
                .map(t -> new HttpTransport.BearerToken(URI.create(endpoint), t)).orElse(null);
        HttpTransport transport = new HttpTransport(options, token);
        Retry retry = new Retry(options.maxRetries(), options.retryBaseDelay());
        String hint = token == null
                ? "the repository may be private or gated: set HF_TOKEN (or StorageOptions.hfToken) to a token with access"
                : "check that the token (HF_TOKEN) has access to " + hub.org() + "/" + hub.repo()
                        + " and that its terms were accepted on the Hub";
        HubTree tree = new HubTree(transport, retry, endpoint, hub, hint);
        return new RemoteStorage(new HttpBackend(transport, retry, "hf", hub.toString(), hub.resolveRoot(endpoint),
                tree, hint), options);
    }
}
