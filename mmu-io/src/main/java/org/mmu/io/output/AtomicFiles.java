package org.mmu.io.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;

/**
 * Writes an output file under a temporary name in the same directory and renames it into
 * place, so that a reader never sees a half-written file and a failure leaves nothing behind.
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
        Path t = checkedTarget(target, overwrite);
        Path tmp = temporarySibling(t);
        try {
            Files.createDirectories(t.getParent());
            writer.write(tmp);
            moveIntoPlace(tmp, t);
        } catch (IOException e) {
            throw new MmuStorageException(t.toString(), "cannot write output", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The absolute target, after refusing an existing file (unless {@code overwrite}) or a directory. */
    static Path checkedTarget(Path target, boolean overwrite) {
        Path t = target.toAbsolutePath().normalize();
        if (!overwrite && Files.exists(t)) {
            throw new MmuInputException(t + ": output already exists (remove it or pass --overwrite)");
        }
        if (Files.isDirectory(t)) {
            throw new MmuInputException(t + ": output is a directory");
        }
        return t;
    }

    /** A hidden name next to {@code t} for writing before the rename. */
    static Path temporarySibling(Path t) {
        return t.resolveSibling("." + t.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Renames {@code tmp} to {@code t}, atomically where the file system can. */
    static void moveIntoPlace(Path tmp, Path t) throws IOException {
        try {
            Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, t, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the temporary name starts with '.' and says .tmp-
        }
    }
}
