package org.mmu.internal.storage;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/**
 * Lists a Hub dataset directory with the tree API
 * ({@code /api/datasets/ORG/REPO/tree/REV/PATH?recursive=true}), following the pages the Hub
 * announces in {@code Link: <...>; rel="next"} headers, and remembers the SHA-256 the Hub
 * publishes for each LFS file listed ({@code lfs.oid}). Thread-safe.
 */
final class HubTree {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_PAGES = 100_000;

    private final HttpTransport transport;
    private final Retry retry;
    private final String endpoint;
    private final HubLocation root;
    private final String deniedHint;
    private final Map<String, String> sha256; // LFS oids listed so far, by path in the repository; shared with sub-trees

    HubTree(HttpTransport transport, Retry retry, String endpoint, HubLocation root, String deniedHint) {
        this(transport, retry, endpoint, root, deniedHint, new java.util.concurrent.ConcurrentHashMap<>());
    }

    private HubTree(HttpTransport transport, Retry retry, String endpoint, HubLocation root, String deniedHint,
            Map<String, String> sha256) {
        this.sha256 = sha256;
        this.transport = transport;
        this.retry = retry;
        this.endpoint = endpoint;
        this.root = root;
        this.deniedHint = deniedHint;
    }

    HubTree sub(String dir) {
        return new HubTree(transport, retry, endpoint, root.child(dir), deniedHint, sha256);
    }

    /**
     * The SHA-256 (lowercase hex) the Hub publishes for an LFS file below this tree's root, if a
     * listing of this repository has shown it; null otherwise (not listed yet, or not an LFS file).
     */
    String sha256(String path) {
        return sha256.get(HubLocation.join(root.path(), path));
    }

    /** Files below {@code dir} (relative to this tree's root), recursively, with their sizes. */
    Map<String, Long> list(String dir, StorageCounters counters) {
        String location = root.child(dir).toString();
        String inRepo = HubLocation.join(root.path(), dir);
        String prefix = root.path().isEmpty() ? "" : root.path() + "/";
        Map<String, Long> out = new LinkedHashMap<>();
        URI page = URI.create(root.treeUrl(endpoint, inRepo));
        for (int n = 0; page != null; n++) {
            if (n >= MAX_PAGES) {
                throw new MmuStorageException(location, "the Hub listing did not end after " + MAX_PAGES + " pages");
            }
            URI u = page;
            HttpTransport.Reply r = retry.call(location, "list", () -> {
                HttpTransport.Reply x = transport.send(location, "GET", u, h -> Map.of("Accept", "application/json"),
                        null, y -> false, counters);
                if (x.status() != 200) {
                    throw HttpStatus.failure(location, "listing", x, deniedHint, transport);
                }
                return x;
            });
            JsonNode entries;
            try {
                entries = JSON.readTree(r.body());
            } catch (IOException e) {
                throw new MmuFormatException(location, "the Hub answered the listing " + u + " with invalid JSON", e);
            }
            if (!entries.isArray()) {
                throw new MmuFormatException(location, "the Hub answered the listing " + u + " with JSON that is not an array");
            }
            for (JsonNode e : entries) {
                if (!"file".equals(e.path("type").asText())) {
                    continue;
                }
                String p = e.path("path").asText();
                if (!p.startsWith(prefix)) {
                    throw new MmuFormatException(location, "the Hub listed '" + p + "', outside the directory listed");
                }
                JsonNode lfs = e.path("lfs");
                long size = lfs.has("size") ? lfs.path("size").asLong() : e.path("size").asLong(-1);
                String oid = lfs.path("oid").asText("");
                if (oid.matches("[0-9a-f]{64}")) {
                    sha256.put(p, oid);
                }
                out.put(p.substring(prefix.length()), size);
            }
            page = next(r, u);
        }
        return out;
    }

    private static URI next(HttpTransport.Reply r, URI current) {
        for (String link : r.headers().allValues("Link")) {
            Matcher m = NEXT.matcher(link);
            if (m.find()) {
                return current.resolve(m.group(1));
            }
        }
        return null;
    }
}
