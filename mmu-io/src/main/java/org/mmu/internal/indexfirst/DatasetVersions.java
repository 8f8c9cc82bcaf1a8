package org.mmu.internal.indexfirst;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.internal.output.AtomicFiles;
import org.mmu.internal.output.Temporaries;
import org.mmu.internal.storage.Storage;

/**
 * The numbered versions of an index-first dataset (format 1.2, {@code docs/format.md} §7). Each
 * version is a complete manifest, {@code _versions/NNNNNNNN.json}, created once and never
 * changed; creating the next number is the commit, and only one writer can create it. The root
 * manifest {@code mmu_dataset.json} is a copy of a committed version, replaced after each commit:
 * readers start there and step forward while the next version file exists, so a writer killed
 * between the two steps leaves nothing a reader misses.
 */
public final class DatasetVersions {
    public static final String DIR = "_versions";

    private DatasetVersions() {
    }

    /** The path of version {@code v}'s manifest, relative to the dataset root. */
    public static String path(int version) {
        // not String.format: its Formatter loads locale data, ~10 ms of every open (the latest version is probed)
        String digits = Integer.toString(version);
        return DIR + "/" + "0".repeat(Math.max(0, 8 - digits.length())) + digits + ".json";
    }

    /**
     * The manifest of a version: the latest when {@code version} is 0. A version that does not
     * exist (or was removed by vacuum) is an error listing those that do.
     */
    public static Manifest open(Storage storage, int version) {
        if (version < 0) {
            throw new MmuInputException("version must be >= 1 (or 0 for the latest), got " + version);
        }
        Manifest root = IndexFirstDatasets.readManifest(storage);
        if (version == root.version()) {
            return root;
        }
        if (version == 0) {
            Manifest m = root;
            while (storage.exists(path(m.version() + 1))) {
                m = read(storage, m.version() + 1);
            }
            return m;
        }
        if (!storage.exists(path(version))) {
            List<Integer> kept = list(storage).stream().map(Manifest::version).toList();
            throw new MmuInputException(storage.location() + ": version " + version + " does not exist"
                    + (version < kept.get(kept.size() - 1) ? " (or was removed by 'mmu vacuum')" : "")
                    + "; versions are " + kept);
        }
        return read(storage, version);
    }

    /** The latest version. */
    public static Manifest latest(Storage storage) {
        return open(storage, 0);
    }

    /**
     * Every version still readable, oldest first (a dataset older than format 1.2, never
     * committed to, has just version 1: its root manifest).
     */
    public static List<Manifest> list(Storage storage) {
        Manifest latest = latest(storage);
        List<Manifest> out = new ArrayList<>();
        for (int v = 1; v < latest.version(); v++) {
            if (storage.exists(path(v))) {
                out.add(read(storage, v));
            }
        }
        out.add(latest);
        return out;
    }

    private static Manifest read(Storage storage, int version) {
        String location = storage.location() + "/" + path(version);
        Manifest m = Manifest.parse(storage.readAll(path(version)), location);
        if (m.version() != version) {
            throw new MmuFormatException(location, "the file of version " + version + " describes version " + m.version());
        }
        return m;
    }

    /** Writes version 1 (a build) into a dataset directory being built: its version file and root manifest. */
    public static void writeFirst(Path dir, Manifest m) {
        byte[] json = m.toJson();
        write(dir.resolve(path(m.version())), json);
        write(dir.resolve(Manifest.FILE_NAME), json);
    }

    private static void write(Path file, byte[] json) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, json);
        } catch (IOException e) {
            throw new MmuStorageException(file.toString(), "cannot write manifest", e);
        }
    }

    /**
     * Commits {@code next} to the local dataset at {@code dir}, whose files it references are
     * already written: creates its version file if no other writer has (atomically: a hard
     * link, which the file system refuses when the name is taken), then replaces the root
     * manifest. Throws {@link ConcurrentCommitException} when the version was taken.
     */
    public static void commit(Path dir, Manifest base, Manifest next) {
        if (next.version() != base.version() + 1) {
            throw new IllegalArgumentException("version " + next.version() + " does not follow " + base.version());
        }
        if (!Files.exists(dir.resolve(path(base.version())))) {
            // a dataset older than format 1.2 keeps its first version readable by number
            publish(dir.resolve(path(base.version())), base.toJson());
        }
        byte[] json = next.toJson();
        if (!publish(dir.resolve(path(next.version())), json)) {
            throw new ConcurrentCommitException(dir + ": another writer committed version " + next.version()
                    + " while this one was being prepared from version " + base.version()
                    + "; nothing was changed (run the command again)");
        }
        // the root manifest is a hint readers step forward from: replace it, atomically, unless a later commit did
        Manifest root = Manifest.parse(readRoot(dir), dir.resolve(Manifest.FILE_NAME).toString());
        if (root.version() < next.version()) {
            AtomicFiles.write(dir.resolve(Manifest.FILE_NAME), true, tmp -> Files.write(tmp, json));
        }
    }

    /** Points the root manifest at the latest version (after a writer was killed between its two steps). */
    public static void refreshRoot(Path dir, Manifest latest) {
        Manifest root = Manifest.parse(readRoot(dir), dir.resolve(Manifest.FILE_NAME).toString());
        if (root.version() < latest.version()) {
            byte[] json = latest.toJson();
            AtomicFiles.write(dir.resolve(Manifest.FILE_NAME), true, tmp -> Files.write(tmp, json));
        }
    }

    private static byte[] readRoot(Path dir) {
        try {
            return Files.readAllBytes(dir.resolve(Manifest.FILE_NAME));
        } catch (IOException e) {
            throw new MmuStorageException(dir.resolve(Manifest.FILE_NAME).toString(), "cannot read manifest", e);
        }
    }

    /** Creates {@code target} with {@code content} unless it exists; false when it does. */
    private static boolean publish(Path target, byte[] content) {
        Path tmp = Temporaries.sibling(target);
        try {
            Files.createDirectories(target.getParent());
            Files.write(tmp, content);
            return AtomicFiles.tryPublishNew(tmp, target);
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot write manifest", e);
        } finally {
            Temporaries.discard(tmp);
        }
    }

    /** Two writers committed from the same version; this one lost and changed nothing. */
    public static final class ConcurrentCommitException extends MmuInputException {
        private static final long serialVersionUID = 1L;

        public ConcurrentCommitException(String message) {
            super(message);
        }
    }
}
