package org.mmu.internal.storage;

import java.time.Duration;

import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/** What an unwanted HTTP status means for the caller: shared by ranged GETs, HEADs and listings. */
final class HttpStatus {
    private HttpStatus() {
    }

    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * The exception for a failed reply: retryable (5xx, 408, 429, honouring Retry-After), "not
     * found" (404, 410) as an {@link MmuFormatException}, anything else an {@link MmuStorageException}.
     */
    static RuntimeException failure(String location, String what, HttpTransport.Reply r, String deniedHint,
            HttpTransport transport) {
        String detail = transport.redact(r.detail());
        int s = r.status();
        if (retryable(s)) {
            return new RetryableException("HTTP " + s + " from " + r.uri().getHost() + detail, null, retryAfter(r));
        }
        if (s == 404 || s == 410) {
            return new MmuFormatException(location, "not found (HTTP " + s + " for " + what + " " + r.uri() + ")"
                    + detail);
        }
        if (s == 401 || s == 403) {
            return new MmuStorageException(location, "access denied (HTTP " + s + " for " + what + " " + r.uri()
                    + ")" + detail + (deniedHint == null ? "" : "; " + deniedHint));
        }
        return new MmuStorageException(location, "unexpected HTTP " + s + " for " + what + " " + r.uri() + detail);
    }

    private static Duration retryAfter(HttpTransport.Reply r) {
        String v = r.headers().firstValue("Retry-After").orElse(null);
        if (v == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            return null;  // an HTTP date: use the normal backoff
        }
    }
}
