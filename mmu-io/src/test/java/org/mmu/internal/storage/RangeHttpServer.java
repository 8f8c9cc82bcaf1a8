package org.mmu.internal.storage;

import org.mmu.StorageOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP/1.1 server on 127.0.0.1 for tests: serves directory trees with single-range
 * requests (206, Content-Range, ETag, If-Match, 416), counts requests, bytes and connections,
 * and injects faults. Reusable by any test (it ships in the mmu-io test-jar).
 *
 * <pre>{@code
 * try (RangeHttpServer server = RangeHttpServer.serve(dir)) {
 *     server.inject(RangeHttpServer.Fault.status(503), 2);      // the next two requests fail
 *     Storage s = Storages.open(server.url(""), StorageOptions.defaults());
 *     ...
 *     assertEquals(3, server.requestCount());
 * }
 * }</pre>
 *
 * ETags are derived from each file's size and modification time (so rewriting a file changes
 * them) unless set with {@link #etag}. Thread-safe.
 */
public final class RangeHttpServer implements AutoCloseable {

    /** A misbehaviour for the next matching requests; see {@link #inject}. */
    public static final class Fault {
        enum Kind { STATUS, STALL, STALL_BODY, CUT, IGNORE_RANGE, WRONG_CONTENT_RANGE }

        final Kind kind;
        final int status;
        final Duration delay;
        final long bytes;
        final String retryAfter;

        private Fault(Kind kind, int status, Duration delay, long bytes, String retryAfter) {
            this.kind = kind;
            this.status = status;
            this.delay = delay;
            this.bytes = bytes;
            this.retryAfter = retryAfter;
        }

        /** Answer with this status (and a short text body) instead of serving. */
        public static Fault status(int status) {
            return new Fault(Kind.STATUS, status, null, 0, null);
        }

        /** Answer with this status and a Retry-After header (seconds). */
        public static Fault status(int status, int retryAfterSeconds) {
            return new Fault(Kind.STATUS, status, null, 0, Integer.toString(retryAfterSeconds));
        }

        /** Wait this long before sending the headers. */
        public static Fault stall(Duration delay) {
            return new Fault(Kind.STALL, 0, delay, 0, null);
        }

        /** Send headers and the first {@code bytes} of the body, then wait this long before the rest. */
        public static Fault stallBody(long bytes, Duration delay) {
            return new Fault(Kind.STALL_BODY, 0, delay, bytes, null);
        }

        /** Promise the full Content-Length, send {@code bytes} of the body, then close the connection. */
        public static Fault cutAfter(long bytes) {
            return new Fault(Kind.CUT, 0, null, bytes, null);
        }

        /** Ignore the Range header: answer 200 with the whole file. */
        public static Fault ignoreRange() {
            return new Fault(Kind.IGNORE_RANGE, 0, null, 0, null);
        }

        /** Answer 206 with a Content-Range one byte off from the one asked for. */
        public static Fault wrongContentRange() {
            return new Fault(Kind.WRONG_CONTENT_RANGE, 0, null, 0, null);
        }

        @Override
        public String toString() {
            return "Fault[" + kind + "]";
        }
    }

    /** One request as the server saw it. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, int status,
            long bytesSent, int remotePort) {
        /** The first value of a request header (case-insensitive name). */
        public Optional<String> header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return Optional.of(e.getValue().get(0));
                }
            }
            return Optional.empty();
        }
    }

    private record Pending(Fault fault, String pathPrefix, int[] left) {
    }

    private record Route(String prefix, Path dir, HttpHandler handler) {
    }

    private static final String SENT = "range-http-server.sent";
    private static final String FAULT = "range-http-server.fault";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final Deque<Pending> faults = new ArrayDeque<>();
    private final Map<String, String> etags = new ConcurrentHashMap<>();
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    private volatile DigestHeader digestHeader = DigestHeader.NONE;
    private final List<Request> log = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicInteger arrivals = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile boolean ignoreRanges;
    private volatile String requiredHeader;
    private volatile String requiredValue;

    private RangeHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "range-http-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** Starts a server with nothing mounted. */
    public static RangeHttpServer start() {
        try {
            return new RangeHttpServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test HTTP server", e);
        }
    }

    /** Starts a server serving {@code dir} at the root URL. */
    public static RangeHttpServer serve(Path dir) {
        return start().mount("/", dir);
    }

    /** Serves the files under {@code dir} at URL path {@code prefix} (raw, percent-encoded form; ends with '/'). */
    public RangeHttpServer mount(String prefix, Path dir) {
        routes.add(new Route(prefix, dir, null));
        return this;
    }

    /** Routes URL paths starting with {@code prefix} (raw form) to a custom handler; faults still apply. */
    public RangeHttpServer handle(String prefix, HttpHandler handler) {
        routes.add(new Route(prefix, null, handler));
        return this;
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** The URL of a path below the root, e.g. {@code url("data/a.parquet")}. */
    public String url(String path) {
        return baseUri() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Applies {@code fault} to each of the next {@code times} requests. */
    public RangeHttpServer inject(Fault fault, int times) {
        return inject(fault, times, "/");
    }

    /** Applies {@code fault} to each of the next {@code times} requests whose raw path starts with {@code pathPrefix}. */
    public synchronized RangeHttpServer inject(Fault fault, int times, String pathPrefix) {
        faults.add(new Pending(fault, pathPrefix, new int[] {times}));
        return this;
    }

    /** Drops every pending fault. */
    public synchronized RangeHttpServer clearFaults() {
        faults.clear();
        return this;
    }

    /** When on, every Range header is ignored (answers are 200 with the whole file). */
    public RangeHttpServer ignoreRanges(boolean on) {
        this.ignoreRanges = on;
        return this;
    }

    /** Which header publishes each file's SHA-256, as servers implementing RFC 9530 or RFC 3230 do. */
    public enum DigestHeader { NONE, REPR_DIGEST, LEGACY_DIGEST }

    /**
     * Publishes every served file's SHA-256 (of its current bytes) in {@code header}, on HEAD and on
     * every answer, 206 included: both headers describe the whole file.
     */
    public RangeHttpServer publishDigests(DigestHeader header) {
        this.digestHeader = header;
        return this;
    }

    /**
     * Fixes the SHA-256 (lowercase hex) published for a served file (by its path below the mount),
     * as a server whose metadata is out of date with its bytes would; null restores the real one.
     */
    public RangeHttpServer digest(String path, String sha256) {
        if (sha256 == null) {
            digests.remove(path);
        } else {
            digests.put(path, sha256);
        }
        return this;
    }

    /** Fixes the ETag of a served file (by its path below the mount, e.g. {@code "a.bin"}); null restores the default. */
    public RangeHttpServer etag(String path, String etag) {
        if (etag == null) {
            etags.remove(path);
        } else {
            etags.put(path, etag);
        }
        return this;
    }

    /**
     * Answers 401 to every request whose header {@code name} is not {@code value} (null turns the
     * check off). Like a careless server, the 401 answer echoes the value received (in its body
     * and an X-Error-Message header, which the Hub uses for messages), so tests can
     * check that clients keep it out of their messages.
     */
    public RangeHttpServer requireHeader(String name, String value) {
        this.requiredHeader = name;
        this.requiredValue = value;
        return this;
    }

    /** Requests received so far (including those still being answered). */
    public long requestCount() {
        return arrivals.get();
    }

    /** Waits until no request is being answered (e.g. until an aborted body has failed on the server side). */
    public void awaitIdle(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(inFlight.get() + " requests still in flight after " + timeout);
            }
            sleep(Duration.ofMillis(5));
        }
    }

    /** Body bytes written to clients (what they actually received, as far as the server can tell). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Most requests handled at the same time. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /** Distinct client connections seen (by remote port). */
    public int connectionCount() {
        Set<Integer> ports = new HashSet<>();
        for (Request r : log) {
            ports.add(r.remotePort());
        }
        return ports.size();
    }

    /** Every request answered so far, in completion order. */
    public List<Request> requests() {
        return Collections.unmodifiableList(new ArrayList<>(log));
    }

    /** Clears the request log and counters (not the faults). */
    public void resetCounters() {
        log.clear();
        arrivals.set(0);
        bytesSent.set(0);
        maxInFlight.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private synchronized Fault takeFault(String rawPath) {
        for (var it = faults.iterator(); it.hasNext();) {
            Pending p = it.next();
            if (rawPath.startsWith(p.pathPrefix())) {
                if (--p.left()[0] <= 0) {
                    it.remove();
                }
                return p.fault();
            }
        }
        return null;
    }

    private void dispatch(HttpExchange ex) throws IOException {
        arrivals.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        long[] sent = {0};
        int[] status = {0};
        try {
            String raw = ex.getRequestURI().getRawPath();
            Fault fault = takeFault(raw);
            if (fault != null && fault.kind == Fault.Kind.STALL) {
                sleep(fault.delay);
            }
            if (fault != null && fault.kind == Fault.Kind.STATUS) {
                if (fault.retryAfter != null) {
                    ex.getResponseHeaders().set("Retry-After", fault.retryAfter);
                }
                status[0] = fault.status;
                sendText(ex, fault.status, "injected fault: HTTP " + fault.status, sent);
                return;
            }
            String need = requiredHeader;
            if (need != null) {
                String got = ex.getRequestHeaders().getFirst(need);
                if (!requiredValue.equals(got)) {
                    status[0] = 401;
                    ex.getResponseHeaders().set("X-Error-Message", "Invalid credentials: got " + need + ": " + got);
                    sendText(ex, 401, "unauthorized: got " + need + ": " + got, sent);
                    return;
                }
            }
            Route route = null;
            for (Route r : routes) {
                if (raw.startsWith(r.prefix()) && (route == null || r.prefix().length() > route.prefix().length())) {
                    route = r;
                }
            }
            if (route == null) {
                status[0] = 404;
                sendText(ex, 404, "no route for " + raw, sent);
            } else if (route.handler() != null) {
                ex.setAttribute(SENT, sent);
                if (fault != null) {
                    ex.setAttribute(FAULT, fault);
                }
                route.handler().handle(ex);
                status[0] = ex.getResponseCode();
            } else {
                String rel = URLDecoder.decode(raw.substring(route.prefix().length()).replace("+", "%2B"),
                        StandardCharsets.UTF_8);
                Path root = route.dir().toAbsolutePath().normalize();
                Path file = root.resolve(rel).normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    status[0] = 404;
                    sendText(ex, 404, "not found: " + rel, sent);
                } else {
                    serveFile(ex, file, rel, fault, sent, status);
                }
            }
        } catch (IOException e) {
            // the client went away (or a fault cut the connection): nothing more to send
        } catch (RuntimeException e) {
            // a bug in a handler: say so loudly rather than just dropping the connection
            System.err.println("RangeHttpServer: handler failed for " + ex.getRequestURI() + ": " + e);
            e.printStackTrace();
            if (ex.getResponseCode() < 0) {
                status[0] = 500;
                sendText(ex, 500, "handler failed: " + e, sent);
            }
        } finally {
            inFlight.decrementAndGet();
            bytesSent.addAndGet(sent[0]);
            log.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                    new TreeMap<>(ex.getRequestHeaders()), status[0], sent[0], ex.getRemoteAddress().getPort()));
            ex.close();
        }
    }

    /**
     * Serves one file with the same Range, ETag and fault rules as mounted directories: for custom
     * handlers (see {@link #handle}) that decide which file answers a URL.
     */
    public void serve(HttpExchange ex, Path file) throws IOException {
        long[] sent = ex.getAttribute(SENT) instanceof long[] a ? a : new long[1];
        Fault fault = ex.getAttribute(FAULT) instanceof Fault f ? f : null;
        serveFile(ex, file, file.getFileName().toString(), fault, sent, new int[1]);
    }

    private void serveFile(HttpExchange ex, Path file, String rel, Fault fault, long[] sent, int[] status)
            throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        long size = attrs.size();
        String etag = etags.getOrDefault(rel, "\"" + Long.toHexString(size) + "-"
                + Long.toHexString(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)) + "\"");
        var h = ex.getResponseHeaders();
        h.set("ETag", etag);
        h.set("Accept-Ranges", "bytes");
        if (digestHeader != DigestHeader.NONE) {
            String hex = digests.containsKey(rel) ? digests.get(rel) : FakeHub.sha256(file);
            String b64 = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex));
            if (digestHeader == DigestHeader.REPR_DIGEST) {
                h.set("Repr-Digest", "sha-512=:" + b64 + b64 + ":, sha-256=:" + b64 + ":");
            } else {
                h.set("Digest", "MD5=1B2M2Y8AsgTpgAmY7PhCfg==,SHA-256=" + b64);
            }
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            h.set("Content-Length", Long.toString(size));
            status[0] = 200;
            ex.sendResponseHeaders(200, -1);
            return;
        }
        String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
        if (ifMatch != null && !ifMatch.equals(etag) && !ifMatch.equals("*")) {
            status[0] = 412;
            sendText(ex, 412, "precondition failed", sent);
            return;
        }
        long from = 0;
        long to = size - 1;
        int code = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        boolean ignore = ignoreRanges || (fault != null && fault.kind == Fault.Kind.IGNORE_RANGE);
        if (range != null && !ignore) {
            Matcher m = RANGE.matcher(range.strip());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                status[0] = 400;
                sendText(ex, 400, "bad range " + range, sent);
                return;
            }
            if (m.group(1).isEmpty()) {
                from = Math.max(0, size - Long.parseLong(m.group(2)));
            } else {
                from = Long.parseLong(m.group(1));
                to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            }
            if (from >= size || from > to) {
                h.set("Content-Range", "bytes */" + size);
                status[0] = 416;
                sendText(ex, 416, "range not satisfiable", sent);
                return;
            }
            code = 206;
            long shift = fault != null && fault.kind == Fault.Kind.WRONG_CONTENT_RANGE ? 1 : 0;
            h.set("Content-Range", "bytes " + (from + shift) + "-" + (to + shift) + "/" + size);
        }
        long length = to - from + 1;
        status[0] = code;
        ex.sendResponseHeaders(code, length == 0 ? -1 : length);
        long limit = fault != null && fault.kind == Fault.Kind.CUT ? Math.min(fault.bytes, length) : length;
        long pauseAt = fault != null && fault.kind == Fault.Kind.STALL_BODY ? fault.bytes : -1;
        OutputStream out = ex.getResponseBody();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long pos = 0;
            while (pos < limit) {
                if (pos == pauseAt) {
                    out.flush();
                    sleep(fault.delay);
                }
                long chunkEnd = pauseAt > pos ? Math.min(limit, pauseAt) : limit;
                buf.clear().limit((int) Math.min(buf.capacity(), chunkEnd - pos));
                int n = ch.read(buf, from + pos);
                if (n <= 0) {
                    break;
                }
                out.write(buf.array(), 0, n);
                pos += n;
                sent[0] += n;
            }
            out.flush();
        }
        if (limit < length) {
            // Closing the exchange with bytes missing makes the server drop the connection.
            throw new IOException("fault: connection cut after " + limit + " of " + length + " bytes");
        }
    }

    /** Sends a short text answer (no body for HEAD). Public so that custom handlers can use it. */
    public static void sendText(HttpExchange ex, int status, String text) throws IOException {
        sendText(ex, status, text, new long[1]);
    }

    private static void sendText(HttpExchange ex, int status, String text, long[] sent) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        sent[0] += b.length;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
