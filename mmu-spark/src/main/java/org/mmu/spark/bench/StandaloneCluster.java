package org.mmu.spark.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on this machine, on loopback only: a master and {@code workers}
 * workers ({@code org.apache.spark.deploy.master.Master} and {@code worker.Worker} from
 * spark-core), each its own JVM on free ports of 127.0.0.1. The workers launch the executors as
 * further JVMs, as on any cluster. {@link #close} stops every JVM it started and their children,
 * whatever state they are in.
 *
 * <p>The cluster's Spark home ({@code SPARK_HOME}) holds {@code jars/}: the class path every
 * executor starts with, as in a Spark distribution. An application brings its own classes with
 * {@code spark.jars} (the runtime jar) or {@code spark.executor.extraClassPath}.
 *
 * <p>As a command (scripts/bench-spark.sh): {@code StandaloneCluster DIR WORKERS WORKER_MEMORY_MB
 * [--runtime-jar JAR] -- COMMAND...} starts the cluster, runs the command with {@code {master}}
 * replaced by the master URL, stops the cluster and exits with the command's status. With a
 * runtime jar, the Spark home holds {@link #sparkJars} of this JVM's class path (the command must
 * ship the runtime jar, as {@code scripts/mmu-spark} does); without, it holds none and executors
 * need {@code spark.executor.extraClassPath}.
 */
public final class StandaloneCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final long START_SECONDS = 120;

    private final Path dir;
    private final Path home;
    private final String masterUrl;
    private final List<Process> daemons = new ArrayList<>();
    private final List<Path> workDirs = new ArrayList<>();

    private StandaloneCluster(Path dir, List<Path> sparkJars) throws IOException {
        this.dir = dir;
        this.home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        for (Path jar : sparkJars) {
            Path link = home.resolve("jars").resolve(jar.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
        this.masterUrl = "spark://" + HOST + ":" + freePort();
        // INFO logs for every daemon and, through the environment they inherit, every executor:
        // the lines this class waits for, and what a failure report needs
        Files.writeString(dir.resolve("log4j2.properties"), """
                rootLogger.level = info
                rootLogger.appenderRef.stderr.ref = stderr
                appender.stderr.type = Console
                appender.stderr.name = stderr
                appender.stderr.target = SYSTEM_ERR
                appender.stderr.layout.type = PatternLayout
                appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
                """);
    }

    /**
     * Starts a master and {@code workers} workers of {@code cores} cores and {@code memoryMb} MB
     * each, and waits until every worker has registered.
     *
     * @param dir        where the Spark home, the workers' work directories and the daemons' logs go
     * @param sparkJars  the Spark home's {@code jars/} (empty: executors get their class path from
     *                   {@code spark.executor.extraClassPath} alone)
     * @param classPath  the daemons' own class path (Spark's jars)
     * @param daemonHeap the master's and workers' {@code -Xmx} (they launch executors, they hold no data)
     */
    public static StandaloneCluster start(Path dir, List<Path> sparkJars, String classPath, int workers, int cores,
            int memoryMb, String daemonHeap) {
        StandaloneCluster c = null;
        try {
            c = new StandaloneCluster(dir, sparkJars);
            String port = c.masterUrl.substring(c.masterUrl.lastIndexOf(':') + 1);
            Path masterLog = c.launch("master", classPath, daemonHeap, "org.apache.spark.deploy.master.Master",
                    "--host", HOST, "--port", port, "--webui-port", "0");
            c.await(masterLog, "I have been elected leader");
            List<Path> logs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + w));
                c.workDirs.add(work);
                logs.add(c.launch("worker-" + w, classPath, daemonHeap, "org.apache.spark.deploy.worker.Worker",
                        "--host", HOST, "--port", "0", "--webui-port", "0", "--cores", Integer.toString(cores),
                        "--memory", memoryMb + "m", "--work-dir", work.toString(), c.masterUrl));
            }
            for (Path log : logs) {
                c.await(log, "Successfully registered with master");
            }
            return c;
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** Each worker's work directory: {@code app-.../<executor>/stderr} holds an executor's log. */
    public List<Path> workDirs() {
        return List.copyOf(workDirs);
    }

    /** The Spark home the workers launch executors from. */
    public Path sparkHome() {
        return home;
    }

    /** The last lines of every daemon's log, for a failure message. */
    public String logTails() {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                b.append("== ").append(log).append('\n').append(tail(log, 30));
            }
        } catch (IOException e) {
            b.append("(logs unreadable: ").append(e.getMessage()).append(")\n");
        }
        return b.toString();
    }

    /** Stops the workers (and the executors they launched), then the master; kills what does not stop. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (int i = daemons.size() - 1; i >= 0; i--) {
            all.addAll(daemons.get(i).descendants().toList()); // executors, before their worker is gone
            all.add(daemons.get(i).toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        daemons.clear();
    }

    private Path launch(String name, String classPath, String heap, String mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.add("-Xmx" + heap);
        // daemons only pass messages: a small collector and the quick compiler start them sooner
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13"); // Spark's launcher asks; a distribution's scripts set it
        env.put("SPARK_LOCAL_IP", HOST);
        env.remove("SPARK_CONF_DIR");
        env.put("LOG4J_CONFIGURATION_FILE", dir.resolve("log4j2.properties").toString());
        daemons.add(pb.start());
        return log;
    }

    /** Waits for a line in a daemon's log; fails with the logs if the daemon dies or the wait is too long. */
    private void await(Path log, String line) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        Process p = daemons.get(daemons.size() - 1);
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
                    return;
                }
                if (!daemons.stream().allMatch(Process::isAlive)) {
                    break;
                }
                Thread.sleep(200);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("Spark standalone cluster: no '" + line + "' in " + log + " (alive: "
                + p.isAlive() + ")\n" + logTails());
    }

    private static String tail(Path file, int lines) throws IOException {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /**
     * What a Spark distribution's {@code jars/} holds beside a runtime jar: the class path's jars
     * except ours and those whose classes the runtime jar carries (relocated packages are not the
     * same classes, so Spark keeps its own Parquet).
     */
    public static List<Path> sparkJars(String classPath, Path runtimeJar) {
        Set<String> carried = new HashSet<>();
        try (JarFile jar = new JarFile(runtimeJar.toFile())) {
            jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(carried::add);
        } catch (IOException e) {
            throw new UncheckedIOException(runtimeJar + ": cannot read the runtime jar", e);
        }
        List<Path> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
                continue; // class directories are a build's own
            }
            try (JarFile jar = new JarFile(p.toFile())) {
                String first = jar.stream().map(JarEntry::getName)
                        .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                        .findFirst().orElse("");
                if (!first.startsWith("org/mmu/") && !carried.contains(first)) {
                    out.add(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(p + ": cannot read a class path jar", e);
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        int dash = argv.indexOf("--");
        if (dash < 3 || dash == args.length - 1 || (dash != 3 && !(dash == 5 && args[3].equals("--runtime-jar")))) {
            System.err.println("usage: StandaloneCluster DIR WORKERS WORKER_MEMORY_MB [--runtime-jar JAR] -- COMMAND..."
                    + " ({master} in COMMAND becomes the master URL)");
            System.exit(2);
        }
        String cp = System.getProperty("java.class.path");
        // with a runtime jar: executors start with Spark's jars only (the application ships the runtime
        // jar); without: with this JVM's whole class path
        List<Path> jars = dash == 5 ? sparkJars(cp, Path.of(args[4])) : List.of();
        String daemonCp = dash == 5 ? String.join(File.pathSeparator, jars.stream().map(Path::toString).toList()) : cp;
        int status;
        try (StandaloneCluster c = start(Path.of(args[0]), jars, daemonCp, Integer.parseInt(args[1]), 1,
                Integer.parseInt(args[2]), "256m")) {
            System.err.println("Spark standalone cluster at " + c.masterUrl() + " (logs in " + args[0] + ")");
            List<String> cmd = argv.subList(dash + 1, args.length).stream().map(a -> a.replace("{master}", c.masterUrl()))
                    .toList();
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().put("SPARK_LOCAL_IP", HOST);
            Process p = pb.start();
            try {
                status = p.waitFor();
            } finally {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        }
        System.exit(status);
    }
}
