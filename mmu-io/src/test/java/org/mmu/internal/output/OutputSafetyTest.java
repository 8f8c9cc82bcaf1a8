package org.mmu.internal.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;

/** Outputs cannot destroy anything: not each other, not inputs, not a file that appeared meanwhile; no temporaries left. */
class OutputSafetyTest {
    @TempDir
    Path dir;

    private List<String> namesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFileThatAppearsWhileWritingIsNeverReplaced() throws IOException {
        Path out = dir.resolve("out.jsonl");
        var e = assertThrows(MmuInputException.class, () -> AtomicFiles.write(out, false, tmp -> {
            Files.writeString(tmp, "ours");
            Files.writeString(out, "theirs"); // another process creates the output meanwhile
        }));
        assertTrue(e.getMessage().contains("appeared while it was being written"), e.getMessage());
        assertEquals("theirs", Files.readString(out));
        assertEquals(List.of("out.jsonl"), namesIn(dir), "no temporary left");
    }

    @Test
    void withOverwriteTheFileIsReplaced() throws IOException {
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "old");
        AtomicFiles.write(out, true, tmp -> Files.writeString(tmp, "new"));
        assertEquals("new", Files.readString(out));
    }

    @Test
    void staleTemporariesOfDeadProcessesAreSweptByTheNextWrite() throws IOException {
        Path out = dir.resolve("out.parquet");
        long dead = ProcessHandle.current().pid() + 1_000_000; // pids are below 2^22 on Linux
        Path staleFile = dir.resolve(".out.parquet.tmp-" + dead + "-0123abcd");
        Path staleDir = dir.resolve(".out.parquet.tmp-" + dead + "-89abcdef");
        Files.writeString(staleFile, "x");
        Files.createDirectories(staleDir.resolve("healpix=1"));
        Path live = dir.resolve(".out.parquet.tmp-" + ProcessHandle.current().pid() + "-00000000");
        Files.writeString(live, "a write of this process in progress");
        Path notOurs = dir.resolve(".out.parquet.tmp-somebody-else");
        Files.writeString(notOurs, "y");
        AtomicFiles.write(out, false, tmp -> Files.writeString(tmp, "z"));
        assertEquals(List.of(".out.parquet.tmp-" + ProcessHandle.current().pid() + "-00000000",
                ".out.parquet.tmp-somebody-else", "out.parquet"), namesIn(dir));
    }

    @Test
    void sigtermDuringAWriteLeavesNoTemporary() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), SlowWriterMain.class.getName(), out.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            assertTrue(line != null && line.startsWith("writing "), "child said " + line);
            Path tmp = Path.of(line.substring("writing ".length()));
            assertTrue(Files.exists(tmp));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(tmp), "the shutdown hook deleted " + tmp);
            assertEquals(List.of(), namesIn(dir));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void anUnwritableOutputSaysWhatTheOperatingSystemSaid() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "not a directory");
        var e = assertThrows(MmuStorageException.class,
                () -> AtomicFiles.write(file.resolve("out.jsonl"), false, tmp -> Files.writeString(tmp, "x")));
        assertTrue(e.getMessage().contains("already exists") || e.getMessage().contains("Not a directory"), e.getMessage());
    }

    @Test
    void outEqualToReportIsRefused() {
        Map<String, Path> outs = new LinkedHashMap<>();
        outs.put("--out", dir.resolve("x.jsonl"));
        outs.put("--report", dir.resolve("sub/../x.jsonl"));
        String problem = OutputPaths.problem(outs, List.of()).orElseThrow();
        assertTrue(problem.contains("--out and --report are the same file"), problem);
    }

    @Test
    void anOutputInsideAnInputDatasetIsRefusedEvenThroughALink() throws IOException {
        Path input = Files.createDirectories(dir.resolve("survey/healpix=1"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), input);
        String problem = OutputPaths.problem(Map.of("--out", link.resolve("001-of-001.hdf5")),
                List.of(dir.resolve("survey").toString())).orElseThrow();
        assertTrue(problem.contains("lies inside the input"), problem);
        assertTrue(OutputPaths.problem(Map.of("--out", dir.resolve("elsewhere.jsonl")),
                List.of(dir.resolve("survey").toString(), "https://example.org/x")).isEmpty());
    }

    /** The loser of two runs building the same dataset is not told to pass a flag that datasets do not have. */
    @Test
    void aDatasetThatAppearedMeanwhileIsKeptWithoutSuggestingOverwrite() throws IOException {
        Path target = Files.createDirectories(dir.resolve("winner"));
        Files.writeString(target.resolve("mmu_dataset.json"), "{}");
        Path mine = Files.createDirectories(dir.resolve(".winner.tmp-loser"));
        MmuInputException e = assertThrows(MmuInputException.class, () -> AtomicFiles.publishNew(mine, target));
        assertTrue(e.getMessage().contains("output appeared while it was being written"), e.getMessage());
        assertFalse(e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals("{}", Files.readString(target.resolve("mmu_dataset.json")), "the winner's dataset stays");
        Path file = Files.writeString(dir.resolve("a.csv"), "winner");
        Path tmp = Files.writeString(dir.resolve(".a.csv.tmp-loser"), "loser");
        MmuInputException f = assertThrows(MmuInputException.class, () -> AtomicFiles.publishNew(tmp, file));
        assertTrue(f.getMessage().contains("pass --overwrite"), "files have --overwrite: " + f.getMessage());
    }
}
