package org.mmu.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/** The pure parts: backoff with an injected sleeper and jitter, and range coalescing. */
class RetryAndPlanTest {

    @Test
    void backoffDoublesHonoursRetryAfterAndIsCapped() {
        List<Duration> slept = new ArrayList<>();
        Retry retry = new Retry(3, Duration.ofMillis(100), slept::add, () -> 1.0);
        int[] calls = {0};
        String out = retry.call("u", "GET", () -> {
            if (++calls[0] < 4) {
                throw new RetryableException("HTTP 503", null, calls[0] == 2 ? Duration.ofSeconds(2) : null);
            }
            return "ok";
        });
        assertEquals("ok", out);
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(400)), slept);
        assertEquals(Retry.MAX_DELAY, retry.delay(20, null));
        assertEquals(Retry.MAX_DELAY, retry.delay(1, Duration.ofHours(1)));
    }

    @Test
    void givesUpWithTheLocationAndLastErrorAndPassesOtherFailuresThrough() {
        Retry retry = new Retry(1, Duration.ZERO, d -> { }, () -> 1.0);
        MmuStorageException e = assertThrows(MmuStorageException.class,
                () -> retry.call("http://h/f", "GET bytes 0-9", () -> {
                    throw new RetryableException("HTTP 500 from h");
                }));
        assertEquals("http://h/f: GET bytes 0-9 failed after 2 attempts; last error: HTTP 500 from h",
                e.getMessage());
        int[] calls = {0};
        assertThrows(MmuFormatException.class, () -> retry.call("u", "GET", () -> {
            calls[0]++;
            throw new MmuFormatException("u", "not found");
        }));
        assertEquals(1, calls[0], "not retried");
    }

    @Test
    void planMergesByGapAndCapAndKeepsRequestOrder() {
        List<ByteRange> ranges = List.of(new ByteRange(100, 10), new ByteRange(0, 10), new ByteRange(15, 5),
                new ByteRange(105, 20), new ByteRange(50, 0), new ByteRange(1000, 10));
        RangePlan plan = RangePlan.of(ranges, 10, 1 << 20);
        assertEquals(List.of(new ByteRange(0, 20), new ByteRange(100, 25), new ByteRange(1000, 10)), plan.fetches());
        byte[][] data = new byte[3][];
        for (int i = 0; i < 3; i++) {
            ByteRange f = plan.fetches().get(i);
            data[i] = new byte[(int) f.length()];
            for (int j = 0; j < data[i].length; j++) {
                data[i][j] = (byte) (f.offset() + j);
            }
        }
        var out = plan.slice(data);
        for (int i = 0; i < ranges.size(); i++) {
            assertEquals(ranges.get(i).length(), out.get(i).remaining());
            if (out.get(i).hasRemaining()) {
                assertEquals((byte) ranges.get(i).offset(), out.get(i).get(0));
            }
        }
        assertEquals(2, RangePlan.of(List.of(new ByteRange(0, 10), new ByteRange(10, 10)), 0, 15).fetches().size(),
                "the cap stops merging");
        assertEquals(1, RangePlan.of(List.of(new ByteRange(0, 10), new ByteRange(10, 10)), 0, 20).fetches().size(),
                "touching ranges merge even with no gap allowed");
        assertTrue(RangePlan.of(List.of(), 10, 10).fetches().isEmpty());
    }
}
