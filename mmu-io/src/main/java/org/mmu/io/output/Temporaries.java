package org.mmu.io.output;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temporary siblings outputs are written into before being renamed into place:
 * {@code .<name>.tmp-<pid>-<random>}. Live ones are deleted when the JVM exits (including on
 * SIGINT and SIGTERM, through a shutdown hook; kill -9 cannot be caught), and stale ones — those
 * of a process that is no longer running — are swept by the next write to the same output.
 * Thread-safe.
 */
public final class Temporaries {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final long PID = ProcessHandle.current().pid();
    /** Temporaries from before the pid was in the name are swept once they are this old. */
    static final Duration LEGACY_AGE = Duration.ofHours(1);
    private static volatile boolean hooked;

    private Temporaries() {
    }

    /** A fresh temporary path next to {@code target}, registered for deletion at exit. Not created. */
    public static Path sibling(Path target) {
        hook();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + PID + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        LIVE.add(tmp);
        return tmp;
    }

    /** Deletes a temporary (file or directory tree) if it still exists, and forgets it. */
    public static void discard(Path tmp) {
        deleteTree(tmp);
        LIVE.remove(tmp);
    }

    /** Forgets a temporary that was renamed into place. */
    public static void published(Path tmp) {
        LIVE.remove(tmp);
    }

    /**
     * Deletes stale temporaries of {@code target}: ours, named after a process that is no longer
     * running (or, for names without a pid, older than {@link #LEGACY_AGE}).
     *
     * @return how many were deleted
     */
    public static int sweep(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return 0;
        }
        Pattern ours = Pattern.compile(Pattern.quote("." + target.getFileName() + ".tmp-")
                + "(?:(\\d+)-)?[0-9a-f]{8}");
        int swept = 0;
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent)) {
            for (Path p : siblings) {
                Matcher m = ours.matcher(p.getFileName().toString());
                if (m.matches() && stale(p, m.group(1))) {
                    deleteTree(p);
                    swept++;
                }
            }
        } catch (IOException e) {
            return swept; // sweeping is housekeeping: never fail a run for it
        }
        return swept;
    }

    private static boolean stale(Path p, String pid) {
        if (pid != null) {
            long id = Long.parseLong(pid);
            return id != PID && ProcessHandle.of(id).map(h -> !h.isAlive()).orElse(true);
        }
        try {
            FileTime t = Files.getLastModifiedTime(p);
            return t.toInstant().isBefore(Instant.now().minus(LEGACY_AGE));
        } catch (IOException e) {
            return false;
        }
    }

    private static synchronized void hook() {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Temporaries::deleteTree),
                    "mmu-temporaries-cleanup"));
            hooked = true;
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // best effort: the name says .tmp- and the next run sweeps it
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort, as above
        }
    }
}
