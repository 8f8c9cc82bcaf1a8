package org.mmu.internal.storage;

import org.mmu.StorageOptions;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

import org.mmu.core.MmuStorageException;

/**
 * One HTTP client per storage root (HTTP/1.1 with keep-alive, so consecutive range requests
 * reuse connections) and the rules every request follows:
 * <ul>
 *   <li>Redirects are followed here, not by {@link HttpClient}, so that the bearer token goes only
 *       to its own origin (scheme, host and port) and never to the host a redirect points at,
 *       and so that an https-to-http downgrade is refused.</li>
 *   <li>An idle timeout ({@link StorageOptions#requestTimeout()}) covers the wait for headers and
 *       every gap in the body: {@link HttpClient}'s own timeout stops at the headers.</li>
 *   <li>The body is consumed according to the status, decided on the headers: a ranged body goes
 *       straight into the caller's array; a 200 answer to a Range request is aborted at once;
 *       error bodies keep only a snippet for the message.</li>
 * </ul>
 * Retrying is the caller's job ({@link Retry}); here a failure worth retrying is a
 * {@link RetryableException}. The token never appears in messages: anything a server echoes is
 * redacted. Thread-safe.
 */
final class HttpTransport {
    static final int MAX_REDIRECTS = 10;
    private static final int SNIPPET_BYTES = 8 * 1024;
    private static final int MAX_BODY_BYTES = 64 << 20;

    /** A bearer token and the origin it may be sent to. */
    static final class BearerToken {
        private final URI origin;
        private final String token;

        BearerToken(URI origin, String token) {
            this.origin = Objects.requireNonNull(origin);
            this.token = Objects.requireNonNull(token);
        }

        @Override
        public String toString() {
            return "BearerToken[origin=" + origin + ", token=***]";
        }
    }

    /**
     * The final answer of a request (after redirects).
     *
     * @param uri     the URL that gave it
     * @param body    the body, or a snippet of it, or empty (ranged bodies go to the sink)
     * @param aborted whether the body was refused (a 200 to a Range request)
     */
    record Reply(int status, HttpHeaders headers, URI uri, byte[] body, boolean aborted) {
        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }

        /** A short, printable detail for messages: the Hub's X-Error-Message, else the start of the body. */
        String detail() {
            String m = headers.firstValue("X-Error-Message").orElse(null);
            if (m == null && body.length > 0) {
                m = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            }
            if (m == null || m.isBlank()) {
                return "";
            }
            return ": " + m.replaceAll("[\\p{Cntrl}]+", " ").strip();
        }
    }

    private final HttpClient client;
    private final Duration idleTimeout;
    private final BearerToken bearer;

    HttpTransport(StorageOptions options, BearerToken bearer) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout())
                .build();
        this.idleTimeout = options.requestTimeout();
        this.bearer = bearer;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** Replaces the token, should a server echo it, in any text bound for a message. */
    String redact(String s) {
        return bearer == null || s == null ? s : s.replace(bearer.token, "***");
    }

    /**
     * Sends one request and follows redirects. {@code headers} gives the request headers for each
     * URL (e.g. If-Match only where the ETag was seen); {@code sink} receives a 206 body;
     * {@code stopAt} may accept a redirect as the final answer (the Hub's 302 carries the size).
     */
    Reply send(String location, String method, URI start, Function<URI, Map<String, String>> headers,
            HttpBodies.RangeSink sink, Predicate<Reply> stopAt, StorageCounters counters) {
        URI uri = start;
        for (int hop = 0;; hop++) {
            Reply r = sendOnce(location, method, uri, headers.apply(uri), sink, counters);
            if (!r.isRedirect() || stopAt.test(r)) {
                return r;
            }
            String target = r.headers().firstValue("Location").orElseThrow(() -> new MmuStorageException(location,
                    "HTTP " + r.status() + " redirect without a Location header from " + r.uri()));
            if (hop >= MAX_REDIRECTS) {
                throw new MmuStorageException(location, "more than " + MAX_REDIRECTS + " redirects, starting at " + start);
            }
            URI next;
            try {
                next = uri.resolve(target);
            } catch (IllegalArgumentException e) {
                throw new MmuStorageException(location, "HTTP " + r.status() + " redirect to an invalid URL", e);
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new MmuStorageException(location, "redirect to a non-HTTP URL (scheme '" + scheme + "') refused");
            }
            if ("https".equalsIgnoreCase(uri.getScheme()) && scheme.equals("http")) {
                throw new MmuStorageException(location, "redirect from https to plain http (" + next.getHost()
                        + ") refused");
            }
            uri = next;
        }
    }

    private Reply sendOnce(String location, String method, URI uri, Map<String, String> headers,
            HttpBodies.RangeSink sink, StorageCounters counters) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(idleTimeout)
                .header("Accept-Encoding", "identity");  // sizes and ranges refer to the stored bytes
        headers.forEach(rb::header);
        if (bearer != null && sameOrigin(uri, bearer.origin)) {
            rb.header("Authorization", "Bearer " + bearer.token);
        }
        AtomicReference<HttpBodies.Watched> body = new AtomicReference<>();
        AtomicReference<Boolean> aborted = new AtomicReference<>(false);
        boolean ranged = headers.containsKey("Range");
        HttpResponse.BodyHandler<Void> handler = info -> {
            HttpBodies.Watched w;
            int status = info.statusCode();
            if (method.equals("HEAD")) {
                w = new HttpBodies.Capped(0, false);
            } else if (status == 206 && sink != null) {
                w = sink.admit(info.headers()) ? sink : new HttpBodies.Abort();
            } else if (status == 200 && ranged) {
                aborted.set(true);
                w = new HttpBodies.Abort();  // never download a whole file by accident
            } else if (status / 100 == 2) {
                w = new HttpBodies.Capped(MAX_BODY_BYTES, true);
            } else {
                w = new HttpBodies.Capped(SNIPPET_BYTES, false);
            }
            body.set(w);
            return w;
        };
        counters.recordRequest();
        long started = System.nanoTime();
        long idle = idleTimeout.toNanos();
        CompletableFuture<HttpResponse<Void>> f = client.sendAsync(rb.build(), handler);
        try {
            while (true) {
                HttpBodies.Watched w = body.get();
                long last = w == null ? started : w.lastActivityNanos();
                long wait = idle - (System.nanoTime() - last);
                if (wait <= 0) {
                    if (w != null) {
                        w.abort();
                    }
                    f.cancel(true);
                    throw new RetryableException((w == null ? "no response" : "the response stalled") + " for "
                            + idleTimeout.toMillis() + " ms (requestTimeout) from " + uri.getHost());
                }
                try {
                    HttpResponse<Void> resp = f.get(wait, TimeUnit.NANOSECONDS);
                    byte[] bytes = body.get() instanceof HttpBodies.Capped c ? c.bytes() : new byte[0];
                    return new Reply(resp.statusCode(), resp.headers(), uri, bytes, aborted.get());
                } catch (TimeoutException e) {
                    // loop: the body may still be flowing
                }
            }
        } catch (InterruptedException e) {
            f.cancel(true);
            HttpBodies.Watched w = body.get();
            if (w != null) {
                w.abort();
            }
            Thread.currentThread().interrupt();
            throw new MmuStorageException(location, "interrupted during " + method + " " + uri.getHost(), e);
        } catch (ExecutionException e) {
            throw classify(location, method, uri, e.getCause());
        } finally {
            HttpBodies.Watched w = body.get();
            if (w instanceof HttpBodies.RangeSink s) {
                counters.recordBytes(s.received());
            } else if (w instanceof HttpBodies.Capped c) {
                counters.recordBytes(c.bytes().length);
            }
        }
    }

    private RuntimeException classify(String location, String method, URI uri, Throwable cause) {
        Throwable c = cause;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof IllegalStateException ise) {
            // our own subscribers' protocol checks (too many bytes, body too large)
            return new MmuStorageException(location, method + " " + uri.getHost() + ": " + redact(ise.getMessage()));
        }
        if (c instanceof HttpConnectTimeoutException || c instanceof ConnectException) {
            return new RetryableException("cannot connect to " + uri.getHost() + ":" + port(uri) + " ("
                    + c.getClass().getSimpleName() + ")", c, null);
        }
        if (c instanceof HttpTimeoutException) {
            return new RetryableException("no response for " + idleTimeout.toMillis() + " ms (requestTimeout) from "
                    + uri.getHost(), c, null);
        }
        if (c instanceof IOException) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : redact(c.getMessage());
            return new RetryableException("connection to " + uri.getHost() + " failed: " + m, c, null);
        }
        return new MmuStorageException(location, method + " " + uri.getHost() + " failed", c);
    }

    @Override
    public String toString() {
        return "HttpTransport[idleTimeout=" + idleTimeout + (bearer != null ? ", " + bearer : "") + "]";
    }
}
