package org.mmu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's project, built the way they would build it: exactly the {@code pom.xml} and the
 * first program of the README's "Use it from your own project", plus a program of this test's
 * own. Our artifacts come from a repository that holds exactly what we publish (the POMs Maven
 * deploys, the jars we package: what the README's {@code mvn install} puts into ~/.m2),
 * third-party artifacts from a stand-in for Maven Central that has never heard of
 * cds-healpix-java, into an empty local repository. It must compile, crossmatch-load, and stay
 * free of Hadoop.
 */
class ConsumerProjectIT {
    /** The published modules, in the order a consumer resolves them. */
    private static final List<String> PUBLISHED = List.of("mmu-parent", "mmu-bom", "mmu-core", "mmu-matching", "mmu-io");
    private static final long LOCAL_CLASSPATH_BUDGET_BYTES = 30_000_000L;

    @TempDir
    static Path work;
    static Path repoDir;
    static String version;
    static Path staging;
    static Path central;
    static Path settings;

    @BeforeAll
    static void publishOurArtifacts() throws Exception {
        repoDir = Path.of(System.getProperty("mmu.repo.dir"));
        version = System.getProperty("mmu.version");
        staging = work.resolve("staging");
        central = centralWithoutCdsHealpix(Path.of(System.getProperty("mmu.local.repo")), work.resolve("central"));
        settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <profiles>
                    <profile>
                      <id>mmu-staging</id>
                      <activation><activeByDefault>true</activeByDefault></activation>
                      <repositories>
                        <repository>
                          <id>mmu-staging</id>
                          <url>%s</url>
                          <snapshots><enabled>true</enabled></snapshots>
                        </repository>
                      </repositories>
                    </profile>
                  </profiles>
                  <mirrors>
                    <mirror>
                      <id>central-stand-in</id>
                      <mirrorOf>*,!mmu-staging</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(staging.toUri(), central.toUri()));
        deploy();
    }

    /** Removes the stand-in's links first, so cleaning the temporary directory never looks through them. */
    @AfterAll
    static void unlinkCentral() throws IOException {
        try (Stream<Path> links = Files.walk(central, 2)) {
            for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                Files.delete(link);
            }
        }
    }

    @Test
    void aConsumerWithoutCdsHealpixCompilesAndRunsACrossmatchLoad() throws Exception {
        Path project = copyConsumerProject();
        Path localRepo = work.resolve("fresh-local-repo");
        Path cpFile = project.resolve("classpath.txt");
        mvn(project, localRepo, "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=" + cpFile, "-Dmdep.includeScope=runtime");

        assertFalse(Files.exists(localRepo.resolve("fr/unistra")),
                "the consumer's local repository must never see cds-healpix-java");
        List<Path> classpath = Arrays.stream(Files.readString(cpFile).trim().split(java.io.File.pathSeparator))
                .map(Path::of).toList();
        List<String> hadoop = classpath.stream().map(Path::toString).filter(p -> p.contains("/org/apache/hadoop/")).toList();
        assertEquals(List.of(), hadoop, "local use needs no Hadoop jars");
        long bytes = 0;
        for (Path jar : classpath) {
            bytes += Files.size(jar);
        }
        System.out.printf("consumer runtime classpath: %d jars, %.1f MB%n", classpath.size(), bytes / 1e6);
        assertTrue(bytes <= LOCAL_CLASSPATH_BUDGET_BYTES,
                "runtime classpath for local use is " + bytes + " bytes, over the " + LOCAL_CLASSPATH_BUDGET_BYTES + " budget");

        String cp = project.resolve("target/classes") + java.io.File.pathSeparator
                + Files.readString(cpFile).trim();
        Map<String, String> out = run(project, List.of("java", "-Xmx256m", "-cp", cp, "example.Main",
                work.resolve("run").toString()));
        assertEquals("100", out.get("pairs"));
        assertEquals("100", out.get("first_match_pairs"), "the README's FirstMatch on the same catalogs");
        assertEquals("9900", out.get("a_id_sum"));
        assertEquals(14850.0, Double.parseDouble(out.get("b_flux_sum")), 1e-9);
        String hdfs = out.get("hdfs_error");
        assertTrue(hdfs != null && hdfs.contains("org.apache.hadoop:hadoop-client-api"),
                "an hdfs:// location without Hadoop names the artifact to add, got: " + out);
    }

    @Test
    void noPublishedPomDependsOnCdsHealpix() throws IOException {
        Pattern dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
        int poms = 0;
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path pom : files.filter(p -> p.toString().endsWith(".pom")).toList()) {
                poms++;
                Matcher m = dependency.matcher(Files.readString(pom));
                while (m.find()) {
                    assertFalse(m.group(1).contains("fr.unistra.cds"), pom.getFileName() + " depends on " + m.group(1));
                }
            }
        }
        assertEquals(PUBLISHED.size(), poms, "one POM per published module");
    }

    /** Deploys the POMs and jars exactly as `mvn deploy` would publish them (the shade plugin's reduced POMs). */
    private static void deploy() throws Exception {
        StringBuilder executions = new StringBuilder();
        for (String module : PUBLISHED) {
            Path dir = module.equals("mmu-parent") ? repoDir : repoDir.resolve(module);
            Path reduced = dir.resolve("target/dependency-reduced-pom.xml");
            Path pom = Files.exists(reduced) ? reduced : dir.resolve("pom.xml");
            boolean isPom = module.equals("mmu-parent") || module.equals("mmu-bom");
            Path file = isPom ? pom : dir.resolve("target/" + module + "-" + version + ".jar");
            if (!Files.exists(file)) {
                throw new IllegalStateException(file + " is missing: run this test through `mvn verify` (after package)");
            }
            executions.append("""
                    <execution>
                      <id>%s</id>
                      <phase>validate</phase>
                      <goals><goal>deploy-file</goal></goals>
                      <configuration>
                        <file>%s</file>
                        <pomFile>%s</pomFile>
                        <url>%s</url>
                        <repositoryId>mmu-staging</repositoryId>
                      </configuration>
                    </execution>
                    """.formatted(module, file, pom, staging.toUri()));
        }
        Path deployer = Files.createDirectories(work.resolve("deployer"));
        Files.writeString(deployer.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>it</groupId><artifactId>deployer</artifactId><version>1</version><packaging>pom</packaging>
                  <build><plugins><plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-deploy-plugin</artifactId>
                    <version>3.1.4</version>
                    <executions>%s</executions>
                  </plugin></plugins></build>
                </project>
                """.formatted(executions));
        mvn(deployer, work.resolve("deployer-local-repo"), "validate");
    }

    /**
     * A stand-in for Maven Central: a view of the build's local repository (symbolic links, nothing
     * copied) without cds-healpix-java, which Central does not have, and without any org.mmu
     * artifacts, which must come from the staging repository.
     */
    private static Path centralWithoutCdsHealpix(Path localRepo, Path view) throws IOException {
        Map<String, Set<String>> hidden = Map.of("fr", Set.of("unistra"), "org", Set.of("mmu"));
        Files.createDirectories(view);
        try (Stream<Path> top = Files.list(localRepo)) {
            for (Path group : top.toList()) {
                String name = group.getFileName().toString();
                Set<String> hide = hidden.get(name);
                if (hide == null) {
                    Files.createSymbolicLink(view.resolve(name), group);
                    continue;
                }
                Path sub = Files.createDirectories(view.resolve(name));
                try (Stream<Path> children = Files.list(group)) {
                    for (Path child : children.filter(c -> !hide.contains(c.getFileName().toString())).toList()) {
                        Files.createSymbolicLink(sub.resolve(child.getFileName()), child);
                    }
                }
            }
        }
        return view;
    }

    /** The README's project, byte for byte, and this test's own program beside its first program. */
    private static Path copyConsumerProject() throws IOException {
        Path project = work.resolve("consumer");
        Path main = Files.createDirectories(project.resolve("src/main/java/example"));
        MarkdownBlocks readme = MarkdownBlocks.of(repoDir.resolve("README.md"));
        String pom = readme.file("pom.xml");
        assertTrue(pom.contains("<artifactId>mmu-io</artifactId>\n      <version>" + version + "</version>"),
                "the README's pom.xml must name mmu-io " + version + ", the version this build makes:\n" + pom);
        Files.writeString(project.resolve("pom.xml"), pom);
        Files.writeString(main.resolve("FirstMatch.java"), readme.file("src/main/java/example/FirstMatch.java"));
        Files.writeString(main.resolve("Main.java"), resource("consumer/src/main/java/example/Main.java"));
        return project;
    }

    private static String resource(String name) throws IOException {
        try (var in = ConsumerProjectIT.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void mvn(Path project, Path localRepo, String... goals) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q", "-s", settings.toString(),
                "-Dmaven.repo.local=" + localRepo));
        cmd.addAll(List.of(goals));
        run(project, cmd);
    }

    /** Runs a process; fails with its output unless it exits 0; returns its key=value lines. */
    private static Map<String, String> run(Path dir, List<String> cmd) throws Exception {
        Path log = Files.createTempFile(work, "run", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 10 minutes");
        }
        String output = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + output);
        }
        return output.lines().filter(l -> l.matches("[a-z_]+=.*"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (x, y) -> y));
    }
}
