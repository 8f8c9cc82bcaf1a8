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
}
