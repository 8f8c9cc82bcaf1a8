package org.mmu.internal.storage;

import org.mmu.StorageOptions;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * A local stand-in for the Hugging Face Hub: a "hub" {@link RangeHttpServer} answering
 * {@code /datasets/ORG/REPO/resolve/REV/PATH} and the tree API
 * {@code /api/datasets/ORG/REPO/tree/REV/PATH?recursive=true} (paginated with Link headers), and a
 * "cdn" server on another port that LFS-style repositories redirect to with a signed-looking URL.
 * Point {@code StorageOptions.hfEndpoint} at {@link #endpoint()}. Thread-safe.
 *
 * <pre>{@code
 * try (FakeHub hub = FakeHub.start().addRepo("org", "repo", "main", dir, true)) {
 *     Storage s = Storages.open("hf://datasets/org/repo", StorageOptions.builder()
 *             .hfEndpoint(hub.endpoint()).build());
 * }
 * }</pre>
 */
public final class FakeHub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Repo(Path dir, boolean lfs) {
    }

    private final RangeHttpServer hub = RangeHttpServer.start();
    private final RangeHttpServer cdn = RangeHttpServer.start();
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private volatile int pageSize = 1000;
    private final Map<Path, String> frozen = new ConcurrentHashMap<>();

    private FakeHub() {
        hub.handle("/datasets/", this::resolve);
        hub.handle("/api/datasets/", this::tree);
    }

    public static FakeHub start() {
        return new FakeHub();
    }

    /**
     * Publishes {@code dir} as revision {@code revision} of dataset {@code org/repo}. With {@code lfs},
     * resolve URLs answer 302 to the CDN (with X-Linked-Size and X-Linked-Etag, the LFS oid, like LFS files);
     * otherwise the hub serves the bytes itself.
     */
    public FakeHub addRepo(String org, String repo, String revision, Path dir, boolean lfs) {
        repos.put(org + "/" + repo + "@" + revision, new Repo(dir, lfs));
        cdn.mount("/cdn/" + org + "/" + repo + "/" + UrlPaths.encodeSegment(revision) + "/", dir);
        return this;
    }

    /**
     * Freezes the SHA-256 the tree API publishes for every file now in the repositories: files
     * changed on disk afterwards are then served with content that no longer matches (bit rot, a
     * bad cache), under the same ETag when their size and modification time are kept.
     */
    public FakeHub freezePublishedHashes() throws IOException {
        for (Repo r : repos.values()) {
            try (Stream<Path> s = Files.walk(r.dir())) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    frozen.put(f.toAbsolutePath().normalize(), sha256(f));
                }
            }
        }
        return this;
    }

    /** The hub answers 401 unless {@code Authorization: Bearer token} is sent (null: open access). */
    public FakeHub requireToken(String token) {
        hub.requireHeader("Authorization", token == null ? null : "Bearer " + token);
        return this;
    }

    /** Entries per page of the tree API. */
    public FakeHub pageSize(int n) {
        this.pageSize = n;
        return this;
    }

    /** The endpoint to use as {@code hfEndpoint}, e.g. {@code http://127.0.0.1:41234}. */
    public String endpoint() {
        String u = hub.baseUri().toString();
        return u.substring(0, u.length() - 1);
    }

    public RangeHttpServer hub() {
        return hub;
    }

    public RangeHttpServer cdn() {
        return cdn;
    }

    @Override
    public void close() {
        hub.close();
        cdn.close();
    }

    /** Splits "ORG/REPO/{verb}/REV[/PATH]" into the repo key, the decoded path and the raw revision. */
    private String[] parse(String rawRest, String verb) {
        String[] p = rawRest.split("/", 5);
        if (p.length < 4 || !p[2].equals(verb)) {
            return null;
        }
        String rev = URLDecoder.decode(p[3], StandardCharsets.UTF_8);
        String path = p.length == 5 ? URLDecoder.decode(p[4], StandardCharsets.UTF_8) : "";
        return new String[] {p[0] + "/" + p[1] + "@" + rev, path, p[3], p[0], p[1]};
    }

    private void resolve(HttpExchange ex) throws IOException {
        String[] p = parse(ex.getRequestURI().getRawPath().substring("/datasets/".length()), "resolve");
        Repo repo = p == null ? null : repos.get(p[0]);
        if (repo == null) {
            ex.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
            ex.getResponseHeaders().set("X-Error-Message", "Repository not found");
            RangeHttpServer.sendText(ex, 404, "Repository not found");
            return;
        }
        Path file = repo.dir().resolve(p[1]).normalize();
        if (!file.startsWith(repo.dir()) || !Files.isRegularFile(file)) {
            ex.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
            ex.getResponseHeaders().set("X-Error-Message", "Entry not found");
            RangeHttpServer.sendText(ex, 404, "Entry not found");
            return;
        }
        String rest = ex.getRequestURI().getRawPath().substring(("/datasets/" + p[3] + "/" + p[4] + "/resolve/" + p[2]
                + "/").length());
        if (repo.lfs()) {
            var h = ex.getResponseHeaders();
            h.set("Location", cdn.url("cdn/" + p[3] + "/" + p[4] + "/" + p[2] + "/" + rest)
                    + "?X-Amz-Signature=deadbeef&Expires=9999999999");
            h.set("X-Linked-Size", Long.toString(Files.size(file)));
            h.set("X-Linked-Etag", "\"" + publishedSha256(file) + "\"");  // the LFS oid, as the Hub sends it
            h.set("X-Repo-Commit", "0123456789abcdef0123456789abcdef01234567");
            RangeHttpServer.sendText(ex, 302, "Found. Redirecting");
        } else {
            hub.serve(ex, file);  // small (non-LFS) files come from the hub itself
        }
    }

    /** The oid published for an LFS file: frozen by {@link #freezePublishedHashes}, else its content's SHA-256. */
    private String publishedSha256(Path file) throws IOException {
        String f = frozen.get(file.toAbsolutePath().normalize());
        return f != null ? f : sha256(file);
    }

    /** What the Hub publishes as an LFS file's oid: the SHA-256 of its content, in lowercase hex. */
    static String sha256(Path file) throws IOException {
        return sha256Of(Files.readAllBytes(file));
    }

    static String sha256Of(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void tree(HttpExchange ex) throws IOException {
        String[] p = parse(ex.getRequestURI().getRawPath().substring("/api/datasets/".length()), "tree");
        Repo repo = p == null ? null : repos.get(p[0]);
        if (repo == null) {
            ex.getResponseHeaders().set("X-Error-Message", "Repository not found");
            RangeHttpServer.sendText(ex, 404, "Repository not found");
            return;
        }
        Path dir = repo.dir().resolve(p[1]).normalize();
        if (!Files.isDirectory(dir)) {
            ex.getResponseHeaders().set("X-Error-Message", "Entry not found");
            RangeHttpServer.sendText(ex, 404, "Entry not found");
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(x -> !x.equals(dir)).sorted().forEach(entries::add);
        }
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        int cursor = 0;
        for (String kv : query.split("&")) {
            if (kv.startsWith("cursor=")) {
                cursor = Integer.parseInt(kv.substring(7));
            }
        }
        ArrayNode page = JSON.createArrayNode();
        for (int i = cursor; i < Math.min(entries.size(), cursor + pageSize); i++) {
            Path e = entries.get(i);
            ObjectNode n = page.addObject();
            String rel = repo.dir().relativize(e).toString().replace('\\', '/');
            if (Files.isDirectory(e)) {
                n.put("type", "directory").put("oid", "tree").put("size", 0).put("path", rel);
            } else {
                long size = Files.size(e);
                n.put("type", "file").put("oid", "blob").put("size", size).put("path", rel);
                if (repo.lfs()) {
                    n.putObject("lfs").put("oid", publishedSha256(e)).put("size", size).put("pointerSize", 134);
                }
            }
        }
        if (cursor + pageSize < entries.size()) {
            String next = endpoint() + ex.getRequestURI().getRawPath() + "?recursive=true&expand=false&cursor="
                    + (cursor + pageSize);
            ex.getResponseHeaders().set("Link", "<" + next + ">; rel=\"next\"");
        }
        byte[] body = JSON.writeValueAsBytes(page);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }
}
