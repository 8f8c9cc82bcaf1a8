package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Progress a person can read: one overall line per stage, with bytes where counted, and no terminal codes in a file. */
class ConsoleProgressTest {

    @Test
    void notOnATerminalEachStagePrintsOneLineWhenItCompletes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int i = 1; i <= 84; i++) {
            p.onProgress("fetch partitions", i, 84, i * 100_000L);
        }
        p.onProgress("write partitions", 3, 3);
        String err = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("fetch partitions: 84 / 84 (100%), 8.0 MiB", "write partitions: 3 / 3 (100%)"),
                err.lines().toList());
        assertFalse(err.contains("\r") || err.contains("\u001b"), err);
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceWithACarriageReturnOnly() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        p.onProgress("fetch partitions", 1, 4, 1024);
        p.onProgress("fetch partitions", 4, 4, 4096);
        String err = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(err.startsWith("\rfetch partitions: 1 / 4 (25%), 1.0 KiB"), err);
        assertTrue(err.endsWith("\rfetch partitions: 4 / 4 (100%), 4.0 KiB" + System.lineSeparator()), err);
        assertFalse(err.contains("\u001b"), err);
    }
}
