package org.mmu.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Every parallel path returns results in task order and maps failures one way. */
class ParallelTest {
    @Test
    void resultsComeBackInTaskOrderForAnyThreadCount() {
        List<Integer> expected = IntStream.range(0, 50).map(i -> i * i).boxed().toList();
        for (int threads : new int[] {1, 2, 7}) {
            assertEquals(expected, Parallel.map(50, threads, "squares", i -> i * i));
        }
        assertEquals(List.of("A", "B"), Parallel.map(List.of("a", "b"), 2, "upper", String::toUpperCase));
    }

    @Test
    void ourExceptionsPassUnchangedAndTheFirstFailingTaskInTaskOrderWins() {
        MmuFormatException ours = new MmuFormatException("f.parquet", "corrupt");
        for (int threads : new int[] {1, 3}) {
            MmuException e = assertThrows(MmuException.class, () -> Parallel.map(10, threads, "reading", i -> {
                if (i == 3) {
                    throw ours;
                }
                if (i == 8) {
                    throw new MmuInputException("later failure");
                }
                return i;
            }));
            assertSame(ours, e);
        }
    }

    @Test
    void otherExceptionsAreWrappedNamingTheWork() {
        for (int threads : new int[] {1, 2}) {
            MmuException e = assertThrows(MmuException.class, () -> Parallel.map(4, threads, "decoding pages", i -> {
                if (i == 1) {
                    throw new IllegalStateException("bad page");
                }
                return i;
            }));
            assertTrue(e.getMessage().startsWith("decoding pages failed") && e.getMessage().contains("bad page"),
                    e.getMessage());
            assertTrue(e.getCause() instanceof IllegalStateException);
        }
    }

    @Test
    void aPoolOnAnEmbeddersExecutorRunsEveryTaskThereButNeverMoreThanItsBoundAtOnce() throws Exception {
        java.util.concurrent.ExecutorService shared = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Parallel.Pool pool = Parallel.pool("test", 3, shared)) {
            List<Integer> out = pool.map(40, "bounded", i -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                threads.add(Thread.currentThread().getName());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return i;
            });
            assertEquals(IntStream.range(0, 40).boxed().toList(), out);
        } finally {
            shared.shutdownNow();
        }
        assertTrue(most.get() <= 3 && most.get() >= 1, "at most 3 at once, saw " + most.get());
        assertTrue(threads.stream().allMatch(n -> n.startsWith("pool-")), "the executor's threads: " + threads);
    }

    @Test
    void aPoolOnItsOwnThreadsNamesThemAndCloseCancelsWhatIsLeft() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.Future<String> name;
        java.util.concurrent.Future<Object> blocked;
        java.util.concurrent.Future<Object> queued;
        try (Parallel.Pool pool = Parallel.pool("fetch", 1, null)) {
            name = pool.submit(() -> Thread.currentThread().getName());
            assertEquals("mmu-fetch-1", Parallel.await(name, "naming"));
            blocked = pool.submit(() -> {
                started.countDown();
                Thread.sleep(60_000);
                return null;
            });
            queued = pool.submit(() -> "never runs");
            started.await();
        }
        assertTrue(blocked.isCancelled() && queued.isCancelled());
    }
}
