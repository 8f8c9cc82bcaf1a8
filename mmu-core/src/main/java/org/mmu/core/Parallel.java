package org.mmu.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The one way this SDK runs independent tasks in parallel: results come back in task order,
 * and failures map the same way everywhere — the first failing task in task order wins, the
 * remaining tasks are cancelled, our exceptions ({@link MmuException}) and {@link Error}s are
 * rethrown unchanged, any other exception is wrapped in an {@link MmuException} naming the work,
 * and an interrupt becomes an {@link MmuException} with the thread's interrupt flag restored.
 */
public final class Parallel {
    private Parallel() {
    }

    /** {@code task(0..tasks-1)} on at most {@code threads} short-lived daemon threads; results in task order. */
    public static <R> List<R> map(int tasks, int threads, String what, IntFunction<R> task) {
        int n = Math.max(1, Math.min(threads, tasks));
        if (n == 1) {
            List<R> out = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                out.add(run(what, i, task));
            }
            return out;
        }
        try (Pool pool = pool(what, n, null)) {
            return pool.map(tasks, what, task);
        }
    }

    /**
     * A named pool of at most {@code threads} tasks at once: on its own daemon threads named
     * {@code mmu-<name>-1, -2, ...}, or, when {@code executor} is given (an embedder's, see
     * {@code LoadOptions.Builder.executor}), on that executor's threads, never more than
     * {@code threads} of them at a time. Close it to cancel what is left.
     */
    public static Pool pool(String name, int threads, Executor executor) {
        return new Pool(name, threads, executor);
    }

    /** {@code task} applied to every item on at most {@code threads} threads; results in item order. */
    public static <T, R> List<R> map(List<T> items, int threads, String what, Function<T, R> task) {
        return map(items.size(), threads, what, i -> task.apply(items.get(i)));
    }

    /** Waits for one future, mapping its failure as every parallel path does (see the class comment). */
    public static <R> R await(Future<R> f, String what) {
        return await(f, what, List.of());
    }

    private static <R> R await(Future<R> f, String what, List<? extends Future<?>> others) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            others.forEach(o -> o.cancel(true));
            Thread.currentThread().interrupt();
            throw new MmuException("interrupted during " + what, e);
        } catch (ExecutionException e) {
            others.forEach(o -> o.cancel(true));
            throw unwrap(what, e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            others.forEach(o -> o.cancel(true));
            throw new MmuException(what + " was cancelled", e);
        }
    }

    private static <R> R run(String what, int i, IntFunction<R> task) {
        try {
            return task.apply(i);
        } catch (MmuException | Error e) {
            throw e;
        } catch (RuntimeException e) {
            throw unwrap(what, e);
        }
    }

    private static RuntimeException unwrap(String what, Throwable cause) {
        if (cause instanceof MmuException m) {
            return m;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new MmuException(what + " failed: " + cause, cause);
    }

    /** Daemon threads named {@code name-1, name-2, ...}: a pool that is never shut down cannot keep the JVM alive. */
    public static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Work that outlives one {@link #map} call (read-ahead, regions matched ahead): a name, a
     * bound, and the threads it runs on. Tasks start in submission order; at most the bound run
     * at once. {@link #close()} cancels queued and running tasks (running ones are interrupted)
     * and, on its own threads, stops them. Thread-safe.
     */
    public static final class Pool implements AutoCloseable {
        private final String name;
        private final int threads;
        private final Executor executor;      // the embedder's, else null until own threads are needed
        private ExecutorService own;
        private final ArrayDeque<FutureTask<?>> queued = new ArrayDeque<>();
        private final Set<FutureTask<?>> live = new HashSet<>();
        private int running;
        private boolean closed;

        private Pool(String name, int threads, Executor executor) {
            if (threads < 1) {
                throw new MmuInputException("pool '" + name + "' needs at least 1 thread, got " + threads);
            }
            this.name = name;
            this.threads = threads;
            this.executor = executor;
        }

        public String name() {
            return name;
        }

        /** Runs a task when a slot is free; its failure comes back through the future ({@link Parallel#await}). */
        public <R> Future<R> submit(Callable<R> task) {
            FutureTask<R> f = new FutureTask<>(task);
            synchronized (this) {
                if (closed) {
                    f.cancel(false);
                    return f;
                }
                queued.add(f);
                live.add(f);
            }
            dispatch();
            return f;
        }

        /** {@code task(0..tasks-1)} on this pool; results in task order, failures as {@link Parallel#map}. */
        public <R> List<R> map(int tasks, String what, IntFunction<R> task) {
            List<Future<R>> futures = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                int k = i;
                futures.add(submit(() -> task.apply(k)));
            }
            List<R> out = new ArrayList<>(tasks);
            for (Future<R> f : futures) {
                out.add(await(f, what, futures));
            }
            return out;
        }

        private void dispatch() {
            while (true) {
                FutureTask<?> next;
                Executor on;
                synchronized (this) {
                    if (closed || running >= threads || queued.isEmpty()) {
                        return;
                    }
                    next = queued.poll();
                    running++;
                    on = executor != null ? executor : ownThreads();
                }
                try {
                    on.execute(() -> {
                        try {
                            next.run();
                        } finally {
                            synchronized (this) {
                                running--;
                                live.remove(next);
                            }
                            dispatch();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    synchronized (this) {
                        running--;
                        live.remove(next);
                    }
                    next.cancel(false);
                    throw new MmuException("the executor refused work for '" + name + "'", e);
                }
            }
        }

        private ExecutorService ownThreads() {
            if (own == null) { // idle threads time out: a pool nobody closed holds no threads
                ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(), daemonThreads("mmu-" + name));
                e.allowCoreThreadTimeOut(true);
                own = e;
            }
            return own;
        }

        @Override
        public void close() {
            List<FutureTask<?>> cancel;
            ExecutorService stop;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                cancel = new ArrayList<>(live);
                queued.clear();
                live.clear();
                stop = own;
            }
            cancel.forEach(f -> f.cancel(true)); // before the threads stop, so a task interrupted here reads as cancelled
            if (stop != null) {
                stop.shutdownNow();
            }
        }
    }
}
