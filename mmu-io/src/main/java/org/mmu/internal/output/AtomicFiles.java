package org.mmu.internal.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;

/**
 * Writes an output file under a temporary name in the same directory and renames it into
 * place, so that a reader never sees a half-written file and a failure leaves nothing behind.
 * Without {@code overwrite}, a file that appears at the target while the output is being written
 * is never replaced: the rename is refused and the temporary deleted. Temporaries are those of
 * {@link Temporaries} (deleted on SIGINT/SIGTERM, stale ones swept by the next write).
 */
public final class AtomicFiles {
    /** Writes the content of a file given its (temporary) path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path tmp) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * @param overwrite replace an existing file; otherwise an existing {@code target} is an error
     */
    public static void write(Path target, boolean overwrite, Writer writer) {
        Path t = target.toAbsolutePath().normalize();
        Path tmp = temporaryFor(t, overwrite);
        try {
            Files.createDirectories(t.getParent());
            writer.write(tmp);
            moveIntoPlace(tmp, t, overwrite);
        } catch (IOException e) {
            throw new MmuStorageException(t.toString(), "cannot write output", e);
        } finally {
            Temporaries.discard(tmp);
        }
    }

    /**
     * The temporary name (a {@link Temporaries} sibling) a file is written under before it is
     * moved to {@code target} (absolute, normalized); an error now if {@code target} exists (unless
     * {@code overwrite}) or is a directory. Stale temporaries of earlier runs are swept first.
     */
    static Path temporaryFor(Path target, boolean overwrite) {
        if (!overwrite && Files.exists(target)) {
            throw new MmuInputException(target + ": output already exists (remove it or pass --overwrite)");
        }
        if (Files.isDirectory(target)) {
            throw new MmuInputException(target + ": output is a directory");
        }
        Temporaries.sweep(target);
        return Temporaries.sibling(target);
    }

    /**
     * Renames a finished temporary into place: over an existing file only with {@code overwrite}
     * (atomically where the file system can); otherwise never over a file that appeared meanwhile.
     */
    static void moveIntoPlace(Path tmp, Path target, boolean overwrite) throws IOException {
        if (overwrite) {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            publishNew(tmp, target);
        }
        Temporaries.published(tmp);
    }

    /**
     * Renames {@code tmp} (a file or a directory) to {@code target} only if nothing is there: a
     * file is published as a hard link (which the file system refuses atomically when the name is
     * taken), a directory by a rename that does not replace.
     */
    public static void publishNew(Path tmp, Path target) throws IOException {
        boolean directory = Files.isDirectory(tmp);
        if (!tryPublishNew(tmp, target)) {
            // a dataset (a directory) is never replaced, so there is no flag to suggest for it
            throw new MmuInputException(target + ": output appeared while it was being written; nothing was replaced"
                    + (directory ? " (another run wrote it: use it, or remove it and run again)"
                            : " (pass --overwrite to replace it)"));
        }
    }

    /**
     * {@link #publishNew}, answering false (and leaving {@code tmp}) when {@code target} exists:
     * the create-if-absent that commits a dataset version.
     */
    public static boolean tryPublishNew(Path tmp, Path target) throws IOException {
        try {
            if (Files.isDirectory(tmp)) {
                Files.move(tmp, target); // no REPLACE_EXISTING: refuses an existing target
            } else {
                try {
                    Files.createLink(target, tmp);
                    Files.delete(tmp);
                } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                    if (e instanceof FileAlreadyExistsException fae) {
                        throw fae;
                    }
                    Files.move(tmp, target); // no hard links here: check-and-rename
                }
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }
}
