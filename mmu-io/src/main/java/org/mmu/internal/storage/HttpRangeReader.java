package org.mmu.internal.storage;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/**
 * Ranged GETs of one URL. Every 206 answer must carry the requested Content-Range and the file's
 * size; the first ETag seen is pinned and every later answer must carry the same one (it is also
 * sent as If-Match to the URL that gave it), so a file that changes mid-read is a clear
 * {@link MmuFormatException}, never mixed data. A redirect's target is remembered, so only the
 * first read pays for the redirect; an expired target (401/403/404/410) is dropped and the
 * original URL asked again. A SHA-256 the host publishes for the whole file (listing,
 * {@code Repr-Digest}/{@code Digest}, the Hub's {@code X-Linked-Etag} on the redirect) is pinned
 * the same way: an answer publishing another one means the file changed. Thread-safe.
 */
final class HttpRangeReader implements RangeReader {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpTransport transport;
    private final Retry retry;
    private final String location;
    private final URI source;
    private final long size;
    private final String deniedHint;
    private final StorageCounters counters;
    private final AtomicReference<String> pinnedEtag;
    private final AtomicReference<PublishedDigest> pinnedDigest;
    private final boolean hub;
    /** The URL whose answers carried the pinned ETag: If-Match goes there only. */
    private final AtomicReference<URI> etagUrl = new AtomicReference<>();
    private final AtomicReference<URI> redirectTarget = new AtomicReference<>();

    HttpRangeReader(HttpTransport transport, Retry retry, String location, URI source, RemoteFile file, boolean hub,
            String deniedHint, StorageCounters counters) {
        this.hub = hub;
        this.pinnedDigest = new AtomicReference<>(file.digest());
        this.transport = transport;
        this.retry = retry;
        this.location = location;
        this.source = source;
        this.size = file.size();
        this.deniedHint = deniedHint;
        this.counters = counters;
        this.pinnedEtag = new AtomicReference<>(file.validator());
    }

    @Override
    public String validator() {
        return pinnedEtag.get();
    }

    @Override
    public PublishedDigest digest() {
        return pinnedDigest.get();
    }

    @Override
    public void fetch(long offset, byte[] dst, int dstOff, int length) {
        if (length == 0) {
            return;
        }
        int[] filled = {0};
        retry.call(location, "GET bytes " + offset + "-" + (offset + length - 1), () -> {
            attempt(offset, dst, dstOff, length, filled, true);
            return null;
        });
    }

    /** One request for the bytes not yet received; progress survives a failed attempt. */
    private void attempt(long offset, byte[] dst, int dstOff, int length, int[] filled, boolean mayUseTarget) {
        long from = offset + filled[0];
        long to = offset + length - 1;
        URI remembered = mayUseTarget ? redirectTarget.get() : null;
        URI start = remembered != null ? remembered : source;
        HttpBodies.RangeSink sink = new HttpBodies.RangeSink(dst, dstOff + filled[0], length - filled[0],
                h -> checkHeaders(h, from, to));
        HttpTransport.Reply r;
        try {
            r = transport.send(location, "GET", start, u -> headers(u, from, to), sink, this::checkRedirect, counters);
        } finally {
            filled[0] += sink.received();
        }
        int s = r.status();
        if (s == 206) {
            if (sink.rejection() != null) {
                throw sink.rejection();
            }
            if (!r.uri().equals(source)) {
                redirectTarget.set(r.uri());
            }
            String etag = r.headers().firstValue("ETag").orElse(null);
            if (etag != null && etag.equals(pinnedEtag.get()) && !etag.startsWith("W/")) {
                etagUrl.compareAndSet(null, r.uri());
            }
            if (filled[0] < length) {
                throw new RetryableException("body cut short: received " + sink.received() + " of " + sink.length()
                        + " bytes from " + r.uri().getHost());
            }
            return;
        }
        if (remembered != null && (s == 401 || s == 403 || s == 404 || s == 410)) {
            // a signed redirect target expired: ask the original URL for a fresh one
            redirectTarget.compareAndSet(remembered, null);
            attempt(offset, dst, dstOff, length, filled, false);
            return;
        }
        if (s == 200 && r.aborted()) {
            String len = r.headers().firstValue("Content-Length").map(v -> ", Content-Length " + v).orElse("");
            throw new MmuStorageException(location, "the server ignored the Range request for bytes " + from + "-" + to
                    + " and answered HTTP 200 with the whole file" + len + " (" + r.uri()
                    + "); the download was aborted rather than fetching the whole file. Serve the data from a server"
                    + " that supports HTTP range requests (Accept-Ranges: bytes)");
        }
        if (s == 412) {
            throw new MmuFormatException(location, "changed on the server while being read (HTTP 412: ETag "
                    + pinnedEtag.get() + " no longer matches)");
        }
        if (s == 416) {
            String cr = r.headers().firstValue("Content-Range").orElse("none");
            throw new MmuFormatException(location, "truncated or replaced: the server cannot serve bytes " + from + "-" + to
                    + " of the expected " + size + " (HTTP 416, Content-Range: " + cr + ")");
        }
        throw HttpStatus.failure(location, "GET", r, deniedHint, transport);
    }

    private Map<String, String> headers(URI u, long from, long to) {
        Map<String, String> h = new HashMap<>();
        h.put("Range", "bytes=" + from + "-" + to);
        String etag = pinnedEtag.get();
        if (etag != null && u.equals(etagUrl.get())) {
            h.put("If-Match", etag);
        }
        return h;
    }

    /** A redirect is followed (false) unless it publishes another digest than the pinned one. */
    private boolean checkRedirect(HttpTransport.Reply redirect) {
        RuntimeException changed = checkDigest(redirect.headers());
        if (changed != null) {
            throw changed;
        }
        return false;
    }

    /** Null if {@code h} publishes no digest or the pinned one (pinning it if none was); else the failure. */
    private RuntimeException checkDigest(HttpHeaders h) {
        PublishedDigest d;
        try {
            d = PublishedDigest.of(h, hub, location);
        } catch (RuntimeException e) {
            return e;
        }
        if (d == null || pinnedDigest.compareAndSet(null, d) || d.sameContent(pinnedDigest.get())) {
            return null;
        }
        return PublishedDigest.changed(location, pinnedDigest.get(), d);
    }

    /** Null if a 206's headers fit the request and the pinned file; else the failure to report. */
    private RuntimeException checkHeaders(HttpHeaders h, long from, long to) {
        String cr = h.firstValue("Content-Range").orElse(null);
        Matcher m = cr == null ? null : CONTENT_RANGE.matcher(cr.strip());
        if (m == null || !m.matches()) {
            return new MmuStorageException(location, "HTTP 206 with a missing or malformed Content-Range ('" + cr
                    + "') for bytes " + from + "-" + to);
        }
        if (!m.group(3).equals("*") && Long.parseLong(m.group(3)) != size) {
            return new MmuFormatException(location, "the server reports " + m.group(3) + " bytes but " + size
                    + " were expected (from the manifest or the first response): the file was replaced or the"
                    + " manifest is out of date");
        }
        if (Long.parseLong(m.group(1)) != from || Long.parseLong(m.group(2)) != to) {
            return new MmuStorageException(location, "asked for bytes " + from + "-" + to
                    + " but the server answered Content-Range '" + cr + "'");
        }
        String etag = h.firstValue("ETag").orElse(null);
        if (etag != null && !pinnedEtag.compareAndSet(null, etag) && !etag.equals(pinnedEtag.get())) {
            return new MmuFormatException(location, "changed on the server while being read (ETag was "
                    + pinnedEtag.get() + ", now " + etag + "); reopen the dataset to read the new version");
        }
        return checkDigest(h);
    }
}
