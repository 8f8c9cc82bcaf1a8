package org.mmu.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
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
        ExecutorService pool = Executors.newFixedThreadPool(n, daemonThreads("mmu-" + what));
        try {
            return map(pool, tasks, what, task);
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code task} applied to every item on at most {@code threads} threads; results in item order. */
    public static <T, R> List<R> map(List<T> items, int threads, String what, Function<T, R> task) {
        return map(items.size(), threads, what, i -> task.apply(items.get(i)));
    }

    /** {@code task(0..tasks-1)} on a pool the caller owns (and keeps); results in task order. */
    public static <R> List<R> map(ExecutorService pool, int tasks, String what, IntFunction<R> task) {
        List<Future<R>> futures = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            int k = i;
            futures.add(pool.submit(() -> task.apply(k)));
        }
        List<R> out = new ArrayList<>(tasks);
        for (Future<R> f : futures) {
            out.add(await(f, what, futures));
        }
        return out;
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
}
