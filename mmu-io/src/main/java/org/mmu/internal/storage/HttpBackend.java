package org.mmu.internal.storage;

import java.net.URI;
import java.util.Map;

import org.mmu.core.MmuStorageException;

/**
 * Files under an HTTP(S) URL prefix, and (with a {@link HubTree} and Hub URL mapping) files of a
 * Hugging Face dataset repository. Sizes come from HEAD; the Hub's 302 answers carry the size
 * (X-Linked-Size), so a HEAD does not follow them to the CDN. Plain HTTP cannot list.
 * Thread-safe; sub-backends share the transport.
 */
final class HttpBackend implements RemoteBackend {
    private final HttpTransport transport;
    private final Retry retry;
    private final String scheme;
    private final String displayRoot;   // ends with '/'
    private final String fetchRoot;     // ends with '/'
    private final HubTree tree;         // null for plain HTTP
    private final String deniedHint;

    HttpBackend(HttpTransport transport, Retry retry, String scheme, String displayRoot, String fetchRoot,
            HubTree tree, String deniedHint) {
        this.transport = transport;
        this.retry = retry;
        this.scheme = scheme;
        this.displayRoot = withSlash(displayRoot);
        this.fetchRoot = withSlash(fetchRoot);
        this.tree = tree;
        this.deniedHint = deniedHint;
    }

    private static String withSlash(String s) {
        return s.endsWith("/") ? s : s + "/";
    }

    @Override
    public String location() {
        return displayRoot;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String displayName(String path) {
        return displayRoot + path;
    }

    @Override
    public String cacheKey(String path) {
        return fetchRoot + UrlPaths.encodePath(path);
    }

    private URI uri(String path) {
        return URI.create(cacheKey(path));
    }

    @Override
    public RemoteFile stat(String path, StorageCounters counters) {
        String location = displayName(path);
        HttpTransport.Reply r = head(path, counters);
        if (r.status() / 100 != 2 && !r.isRedirect()) {
            throw HttpStatus.failure(location, "HEAD", r, deniedHint, transport);
        }
        String linked = r.headers().firstValue("X-Linked-Size").orElse(null);
        String length = r.isRedirect() ? linked : r.headers().firstValue("Content-Length").orElse(linked);
        if (length == null) {
            throw new MmuStorageException(location, "HEAD " + r.uri() + " gave no Content-Length, so the file's size is"
                    + " unknown; open it with the size from the dataset manifest");
        }
        long size;
        try {
            size = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            throw new MmuStorageException(location, "HEAD " + r.uri() + " gave an invalid Content-Length '" + length + "'");
        }
        // A redirect's ETag describes the redirect, not the bytes: pin from the first 206 instead.
        String etag = r.isRedirect() ? null : r.headers().firstValue("ETag").orElse(null);
        return new RemoteFile(size, etag, PublishedDigest.of(r.headers(), tree != null, location));
    }

    private HttpTransport.Reply head(String path, StorageCounters counters) {
        URI u = uri(path);
        return retry.call(displayName(path), "HEAD", () -> {
            HttpTransport.Reply r = transport.send(displayName(path), "HEAD", u, x -> Map.of(), null,
                    x -> x.headers().firstValue("X-Linked-Size").isPresent(), counters);
            if (HttpStatus.retryable(r.status())) {
                throw HttpStatus.failure(displayName(path), "HEAD", r, deniedHint, transport);
            }
            return r;
        });
    }

    @Override
    public boolean exists(String path, StorageCounters counters) {
        HttpTransport.Reply r = head(path, counters);
        if (r.status() / 100 == 2 || r.isRedirect()) {
            return true;
        }
        if (r.status() == 404 || r.status() == 410) {
            return false;
        }
        throw HttpStatus.failure(displayName(path), "HEAD", r, deniedHint, transport);
    }

    @Override
    public Map<String, Long> list(String dir, StorageCounters counters) {
        if (tree == null) {
            throw new UnsupportedOperationException(displayName(dir) + ": plain HTTP(S) cannot list directories;"
                    + " a dataset served over HTTP must carry a manifest that names its files");
        }
        return tree.list(dir, counters);
    }

    @Override
    public PublishedDigest listedDigest(String path) {
        String sha = tree == null ? null : tree.sha256(path);
        return sha == null ? null : new PublishedDigest(sha, PublishedDigest.HUB_TREE);
    }

    @Override
    public RangeReader reader(String path, RemoteFile file, StorageCounters counters) {
        return new HttpRangeReader(transport, retry, displayName(path), uri(path), file, tree != null, deniedHint,
                counters);
    }

    @Override
    public RemoteBackend sub(String dir) {
        if (dir.isEmpty()) {
            return this;
        }
        return new HttpBackend(transport, retry, scheme, displayRoot + dir, fetchRoot + UrlPaths.encodePath(dir),
                tree == null ? null : tree.sub(dir), deniedHint);
    }

    @Override
    public String toString() {
        return "HttpBackend[" + displayRoot + "]";
    }

    /** Checks that an http(s) root URL is usable: absolute, with a host, without query or credentials. */
    static URI parseRoot(String location) {
        URI u;
        try {
            u = URI.create(location);
        } catch (IllegalArgumentException e) {
            throw new org.mmu.core.MmuInputException("not a valid URL: '" + location + "' (" + e.getMessage() + ")");
        }
        if (u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new org.mmu.core.MmuInputException("an http(s) storage root must be a URL with a host and no query"
                    + " or fragment, got '" + location + "'");
        }
        if (u.getRawUserInfo() != null) {
            throw new org.mmu.core.MmuInputException("credentials in storage URLs are not supported (they would show up"
                    + " in messages): " + u.getScheme() + "://" + u.getHost() + "/...");
        }
        return u;
    }
}
