package org.mmu.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.spark.launcher.JavaModuleOptions;
import org.mmu.cli.Mmu;

/** What the multi-JVM tests share: a driver JVM of its own, run to its end, and the {@code mmu} command to compare with. */
final class Jvms {
    private Jvms() {
    }

    /** {@code java} with Spark's module options and a heap; small data, so the quick compiler and a small collector. */
    static List<String> java(String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx" + heap));
        return cmd;
    }

    /** Runs a command (output to {@code log}) and asserts it exits 0; kills it and its children whatever happens. */
    static void run(List<String> cmd, Map<String, String> env, Path log, Supplier<String> context)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().remove("SPARK_CONF_DIR");
        Process p = pb.start();
        try {
            if (!p.waitFor(4, TimeUnit.MINUTES)) {
                throw new AssertionError(cmd.get(cmd.size() - 1) + ": still running after 4 minutes\n"
                        + Files.readString(log));
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), Files.readString(log) + "\n" + context.get());
    }

    /** {@code mmu ARGS} in this JVM; asserts it exits 0. */
    static void mmu(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int s = Mmu.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, s, err.toString(StandardCharsets.UTF_8));
    }

    static String[] concat(List<String> head, String... more) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** A file's lines, sorted (row order aside). */
    static List<String> sortedLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.sort(null);
        return lines;
    }
}
