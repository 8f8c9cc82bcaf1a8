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
        Path t = target.toAbsolutePath().normalize();
        Path tmp = temporaryFor(t, overwrite);
        try {
            Files.createDirectories(t.getParent());
            writer.write(tmp);
            moveIntoPlace(tmp, t);
        } catch (IOException e) {
            throw new MmuStorageException(t.toString(), "cannot write output", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // the temporary name starts with '.' and says .tmp-
            }
        }
    }

    /**
     * The temporary name a file is written under before it is moved to {@code target} (absolute,
     * normalized); an error now if {@code target} exists (unless {@code overwrite}) or is a directory.
     */
    static Path temporaryFor(Path target, boolean overwrite) {
        if (!overwrite && Files.exists(target)) {
            throw new MmuInputException(target + ": output already exists (remove it or pass --overwrite)");
        }
        if (Files.isDirectory(target)) {
            throw new MmuInputException(target + ": output is a directory");
        }
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Renames a finished temporary file into place (atomically where the file system can). */
    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
