package org.mmu.internal.storage;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/** The body subscribers {@link HttpTransport} chooses from once it has seen a response's headers. */
final class HttpBodies {
    private HttpBodies() {
    }

    /** A body subscriber the transport can watch for progress and abort. */
    abstract static class Watched implements HttpResponse.BodySubscriber<Void> {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private volatile long lastActivityNanos = System.nanoTime();
        private boolean dead;

        long lastActivityNanos() {
            return lastActivityNanos;
        }

        /** Stops the body: the connection is closed, and no byte is accepted after this returns. */
        final synchronized void abort() {
            dead = true;
            if (subscription != null) {
                subscription.cancel();
            }
            done.complete(null);
        }

        @Override
        public final CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public final synchronized void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (dead || wantsNothing()) {
                dead = true;
                s.cancel();
                done.complete(null);
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public final synchronized void onNext(List<ByteBuffer> items) {
            if (dead) {
                return;
            }
            lastActivityNanos = System.nanoTime();
            for (ByteBuffer b : items) {
                RuntimeException failure = accept(b);
                if (failure != null || dead) {
                    dead = true;
                    subscription.cancel();
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else {
                        done.complete(null);
                    }
                    return;
                }
            }
        }

        @Override
        public final void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public final void onComplete() {
            done.complete(null);
        }

        /** True to abort before any byte arrives. */
        boolean wantsNothing() {
            return false;
        }

        /** Takes one buffer; returns a failure to stop with, or null. May call {@link #stop()}. */
        abstract RuntimeException accept(ByteBuffer b);

        /** Stops after the current buffer without failing (called from {@link #accept}). */
        final void stop() {
            dead = true;
        }
    }

    /** Cancels the body at once: used when a server answers a Range request with the whole file. */
    static final class Abort extends Watched {
        @Override
        boolean wantsNothing() {
            return true;
        }

        @Override
        RuntimeException accept(ByteBuffer b) {
            return null;
        }
    }

    /** Keeps at most {@code cap} bytes (error pages, JSON listings); more is cut off (or fails). */
    static final class Capped extends Watched {
        private final int cap;
        private final boolean failOnOverflow;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private boolean overflowed;

        Capped(int cap, boolean failOnOverflow) {
            this.cap = cap;
            this.failOnOverflow = failOnOverflow;
        }

        @Override
        RuntimeException accept(ByteBuffer b) {
            int n = Math.min(b.remaining(), cap - out.size());
            byte[] tmp = new byte[n];
            b.get(tmp);  // the client's buffers may be read-only: no array()
            out.write(tmp, 0, n);
            if (b.hasRemaining()) {
                overflowed = true;
                if (failOnOverflow) {
                    return new IllegalStateException("response body is larger than " + cap + " bytes");
                }
                stop();
            }
            return null;
        }

        synchronized byte[] bytes() {
            return out.toByteArray();
        }

        synchronized boolean overflowed() {
            return overflowed;
        }
    }

    /**
     * Where the body of one ranged GET goes: straight into the caller's array, so that a retry
     * after a cut connection resumes from the first byte not yet received. Headers are validated
     * before any byte is accepted (a wrong Content-Range or a changed ETag never mixes into data).
     */
    static final class RangeSink extends Watched {
        private final byte[] dst;
        private final int off;
        private final int length;
        private final Function<HttpHeaders, RuntimeException> check;
        private int received;
        private RuntimeException rejection;

        RangeSink(byte[] dst, int off, int length, Function<HttpHeaders, RuntimeException> check) {
            this.dst = dst;
            this.off = off;
            this.length = length;
            this.check = check;
        }

        /** Validates a 206's headers; false means the body is refused and {@link #rejection()} says why. */
        synchronized boolean admit(HttpHeaders headers) {
            rejection = check.apply(headers);
            return rejection == null;
        }

        @Override
        RuntimeException accept(ByteBuffer b) {
            if (received + (long) b.remaining() > length) {
                return new IllegalStateException("the server sent more than the " + length + " bytes asked for");
            }
            int n = b.remaining();
            b.get(dst, off + received, n);
            received += n;
            return null;
        }

        /** Bytes written into the caller's array so far (final once the exchange is over). */
        synchronized int received() {
            return received;
        }

        synchronized RuntimeException rejection() {
            return rejection;
        }

        int length() {
            return length;
        }
    }
}
