package org.mmu.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming benchmark runs end to end on a tiny survey: every generated image comes back as its own. */
class StreamLoadBenchTest {
    @TempDir
    Path dir;

    @Test
    void generatesAndStreamsEveryImage() {
        StreamLoadBench.main(new String[] {"generate", dir.toString(), "12"});
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            StreamLoadBench.main(new String[] {"run", dir.toString(), "4"});
        } finally {
            System.setOut(before);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("matched rows 12 (plan 12"), text);
    }
}
