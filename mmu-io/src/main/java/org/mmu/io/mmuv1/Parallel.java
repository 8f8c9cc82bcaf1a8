package org.mmu.io.mmuv1;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.mmu.core.MmuStorageException;

/**
 * Runs one task per file on a bounded pool and returns the results in file order. The first
 * failure cancels the rest and is rethrown as it was (our exceptions carry the file name).
 */
final class Parallel {
    private Parallel() {
    }

    static <R> List<R> map(int tasks, int threads, String what, IntFunction<R> task) {
        int n = Math.max(1, Math.min(threads, tasks));
        if (n == 1) {
            List<R> out = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                out.add(task.apply(i));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "mmu-v1-" + what);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                int k = i;
                futures.add(pool.submit(() -> task.apply(k)));
            }
            List<R> out = new ArrayList<>(tasks);
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MmuStorageException(what, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new MmuStorageException(what, "failed", c);
        } finally {
            pool.shutdownNow();
        }
    }
}
