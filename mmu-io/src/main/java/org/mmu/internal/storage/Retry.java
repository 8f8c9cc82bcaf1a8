package org.mmu.internal.storage;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import org.mmu.core.MmuStorageException;

/**
 * Repeats an attempt that failed with a {@link RetryableException}, waiting
 * {@code base * 2^retry} (times a jitter in [0.5, 1), capped at 30 s, and at least what the
 * server asked for in Retry-After) between attempts. Any other exception passes straight through.
 * Immutable and thread-safe.
 */
final class Retry {
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    /** How a retry waits; replaceable so tests need not sleep. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final int maxRetries;
    private final Duration baseDelay;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    Retry(int maxRetries, Duration baseDelay) {
        this(maxRetries, baseDelay, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000),
                () -> 0.5 + 0.5 * ThreadLocalRandom.current().nextDouble());
    }

    Retry(int maxRetries, Duration baseDelay, Sleeper sleeper, DoubleSupplier jitter) {
        this.maxRetries = maxRetries;
        this.baseDelay = baseDelay;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    int maxRetries() {
        return maxRetries;
    }

    /** The wait before retry number {@code retry} (0-based). */
    Duration delay(int retry, Duration retryAfter) {
        long base = baseDelay.toNanos();
        long exp = retry >= 62 || base > (Long.MAX_VALUE >> retry) ? Long.MAX_VALUE : base << retry;
        long nanos = (long) (Math.min(exp, MAX_DELAY.toNanos()) * jitter.getAsDouble());
        if (retryAfter != null) {
            nanos = Math.max(nanos, Math.min(retryAfter.toNanos(), MAX_DELAY.toNanos()));
        }
        return Duration.ofNanos(nanos);
    }

    /**
     * Runs {@code attempt} until it succeeds, fails with a non-retryable exception, or has failed
     * {@code maxRetries + 1} times; the last failure becomes an {@link MmuStorageException}
     * saying what was attempted on which {@code location}.
     */
    <T> T call(String location, String what, Supplier<T> attempt) {
        for (int retry = 0;; retry++) {
            try {
                return attempt.get();
            } catch (RetryableException e) {
                if (retry >= maxRetries) {
                    String msg = what + " failed after " + (retry + 1) + (retry == 0 ? " attempt" : " attempts")
                            + "; last error: " + e.getMessage();
                    throw e.getCause() == null ? new MmuStorageException(location, msg)
                            : new MmuStorageException(location, msg, e.getCause());
                }
                try {
                    sleeper.sleep(delay(retry, e.retryAfter()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new MmuStorageException(location, what + " was interrupted while waiting to retry", ie);
                }
            }
        }
    }
}
