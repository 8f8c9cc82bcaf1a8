package org.mmu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles against the built modules, as a
 * user would copy it: only the public API (never {@code org.mmu.internal}), with the imports the
 * page shows. A block is one of:
 * <ul>
 * <li>{@code <!-- file: PATH -->} before it: a whole source file, compiled as is;</li>
 * <li>{@code <!-- imports: ... -->}: the page's import list, which every fragment of the page uses;</li>
 * <li>otherwise a fragment: its {@code import} lines go to the top of a generated class, the rest
 *     into a method whose parameters are the marker's {@code given: Type name, ...} (what earlier
 *     text of the page introduced); {@code members: ...} (after {@code |}) adds members the
 *     fragment calls (a user's own helper methods).</li>
 * <li>{@code <!-- run: /data/mmu -->}: a fragment that also runs, on the demo data: its string
 *     literals starting with {@code /data/mmu} point instead at a directory holding the surveys
 *     of {@code mmu demo} as {@code hsc} (its imaging survey: {@code image}) and {@code desi}
 *     (its spectroscopic survey: {@code spectrum}); it must finish without an exception.</li>
 * </ul>
 * The README's first program is also built and run by {@link ConsumerProjectIT}.
 */
class DocSnippetsIT {
    @TempDir
    Path work;

    @Test
    void everyJavaBlockOfTheDocsCompilesAgainstThePublicApiAndTheRunnableOnesRunOnTheDemoData() throws Exception {
        Path repo = Path.of(System.getProperty("mmu.repo.dir"));
        List<Path> pages = new ArrayList<>(List.of(repo.resolve("README.md")));
        try (Stream<Path> docs = Files.list(repo.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        Map<Path, MarkdownBlocks.Block> sources = new LinkedHashMap<>();
        List<String> runnable = new ArrayList<>();
        List<String> internal = new ArrayList<>();
        for (Path page : pages) {
            MarkdownBlocks blocks = MarkdownBlocks.of(page);
            List<String> pageImports = new ArrayList<>();
            for (MarkdownBlocks.Block b : blocks.language("java")) {
                if (b.markerValue("imports") != null) {
                    b.text().lines().filter(l -> l.startsWith("import ")).forEach(pageImports::add);
                }
            }
            for (MarkdownBlocks.Block b : blocks.language("java")) {
                if (b.text().contains("org.mmu.internal") || b.text().contains("org.mmu.matching.internal")) {
                    internal.add(b.where());
                }
                String file = b.markerValue("file");
                Path source;
                String text;
                if (file != null) {
                    source = work.resolve("files").resolve(className(b)).resolve(file.split(" ")[0]);
                    text = b.text();
                } else {
                    source = work.resolve("fragments").resolve(className(b) + ".java");
                    text = wrap(b, pageImports);
                    String base = b.markerValue("run");
                    if (base != null) {
                        text = text.replace("\"" + base, "\"" + demoSurveys().toString().replace("\\", "/"));
                        runnable.add(className(b));
                    }
                }
                Files.createDirectories(source.getParent());
                Files.writeString(source, text);
                sources.put(source, b);
            }
        }
        assertEquals(List.of(), internal, "doc snippets must use the public API only, not org.mmu.internal");
        assertTrue(sources.size() >= 20, "found only " + sources.size() + " java blocks: is the repository there?");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok;
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("--release", "17", "-proc:none", "-d", work.resolve("classes").toString(),
                    "-classpath", System.getProperty("java.class.path"));
            ok = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources.keySet())).call();
        }
        StringBuilder errors = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            MarkdownBlocks.Block b = sources.get(Path.of(d.getSource().toUri()));
            errors.append(b == null ? String.valueOf(d.getSource()) : b.where() + " (" + b.marker() + ")")
                    .append(": ").append(d.getMessage(Locale.ROOT)).append('\n')
                    .append("    in: ").append(lineOf(d)).append('\n');
        }
        assertTrue(ok && errors.isEmpty(), "doc snippets that do not compile:\n" + errors);
        assertTrue(runnable.size() >= 2, "the README's library example and the guide's first snippet run: " + runnable);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {work.resolve("classes").toUri().toURL()},
                getClass().getClassLoader())) {
            for (String name : runnable) {
                Class<?> c = loader.loadClass(name);
                Constructor<?> make = c.getDeclaredConstructor();
                make.setAccessible(true);
                Method snippet = c.getDeclaredMethod("snippet");
                snippet.setAccessible(true);
                try {
                    snippet.invoke(make.newInstance());
                } catch (InvocationTargetException e) {
                    throw new AssertionError("doc snippet " + name + " fails on the demo data: " + e.getCause(), e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(name + ": " + e, e);
                }
            }
        }
    }

    /**
     * The demo's surveys (built by the {@code mmu demo} command of this build, 2,000 objects) as
     * {@code hsc} and {@code desi} in one directory, made once per test.
     */
    private Path demoSurveys() throws IOException {
        Path surveys = work.resolve("mmu");
        if (Files.isDirectory(surveys)) {
            return surveys;
        }
        Path repo = Path.of(System.getProperty("mmu.repo.dir"));
        Path jar = repo.resolve("mmu-examples/target/mmu.jar");
        assertTrue(Files.isRegularFile(jar), "the mmu command is built before this module: " + jar);
        Path demo = work.resolve("demo");
        Path log = work.resolve("demo.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "demo", "--objects", "2000", "--dir", demo.toString(), "--keep")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertEquals(0, p.waitFor(), "mmu demo failed:\n" + Files.readString(log));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        copyTree(demo.resolve("imaging"), surveys.resolve("hsc"));
        copyTree(demo.resolve("spectro"), surveys.resolve("desi"));
        return surveys;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** A fragment as a class: the page's and its own imports, then its lines in a method taking what it is given. */
    private static String wrap(MarkdownBlocks.Block b, List<String> pageImports) {
        String given = "";
        String members = "";
        for (String part : b.marker().split("\\s+\\|\\s+")) {
            if (part.startsWith("given:")) {
                given = part.substring("given:".length()).trim();
            } else if (part.startsWith("members:")) {
                members = part.substring("members:".length()).trim();
            }
        }
        StringBuilder head = new StringBuilder();
        StringBuilder body = new StringBuilder();
        pageImports.forEach(i -> head.append(i).append('\n'));
        b.text().lines().forEach(l -> (l.startsWith("import ") ? head : body).append(l).append('\n'));
        return head + "\n@SuppressWarnings(\"unused\")\nclass " + className(b) + " {\n" + members + "\n"
                + "    void snippet(" + given + ") throws Exception {\n" + body + "    }\n}\n";
    }

    private static String className(MarkdownBlocks.Block b) {
        return b.page().getFileName().toString().replaceAll("[^A-Za-z0-9]", "_") + "_line" + b.line();
    }

    private static String lineOf(Diagnostic<? extends JavaFileObject> d) {
        try {
            List<String> lines = Files.readAllLines(Path.of(d.getSource().toUri()));
            int n = (int) d.getLineNumber();
            return n >= 1 && n <= lines.size() ? lines.get(n - 1).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }
}
