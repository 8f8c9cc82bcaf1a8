package org.mmu.internal.storage;

import java.time.Duration;

/**
 * A failed attempt worth repeating: a 5xx or 429 answer, a timeout, a reset connection, a body
 * cut short. Internal to the storage layer: after the last retry {@link Retry} turns it into an
 * {@code MmuStorageException} naming the file.
 */
final class RetryableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    RetryableException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    RetryableException(String message) {
        this(message, null, null);
    }

    /** The wait the server asked for (Retry-After), or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
