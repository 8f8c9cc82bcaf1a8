package org.mmu.io.hats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.mmu.core.MmuException;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/** Per-file work (footers, index columns) on a bounded, short-lived pool of daemon threads. */
final class Parallel {
    private Parallel() {
    }

    /**
     * Applies {@code task} to every item on at most {@code threads} threads, keeping the order of
     * {@code items}. The first failure (ours unwrapped) is rethrown; remaining tasks are cancelled.
     */
    static <T, R> List<R> map(List<T> items, int threads, String what, String location, Function<T, R> task) {
        if (items.size() <= 1 || threads <= 1) {
            return items.stream().map(task).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
            Thread t = new Thread(r, "mmu-hats-" + what);
            t.setDaemon(true);
            return t;
        });
        List<Future<R>> futures = new ArrayList<>(items.size());
        try {
            for (T item : items) {
                futures.add(pool.submit(() -> task.apply(item)));
            }
            List<R> out = new ArrayList<>(items.size());
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MmuStorageException(location, "interrupted during " + what, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof MmuException m) {
                throw m;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new MmuFormatException(location, what + " failed", c);
        } finally {
            pool.shutdownNow();
        }
    }
}
