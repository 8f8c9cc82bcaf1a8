package org.mmu.core;

/**
 * Root of every exception this library throws. Unchecked: a caller that wants to recover catches
 * the subclass that matches the cause.
 *
 * <ul>
 *   <li>{@link MmuInputException}: the caller's data or arguments are invalid (NaN coordinates,
 *       duplicate ids, a missing column, a non-positive radius, an output that exists).</li>
 *   <li>{@link MmuFormatException}: a file is missing, truncated, corrupt, or in a layout or
 *       version this library cannot read.</li>
 *   <li>{@link MmuStorageException}: reading or writing bytes failed (I/O, network, permissions).</li>
 * </ul>
 * Messages always name the file, column, row or value concerned; they never hold secrets and are
 * never overlong ({@link Messages#clean}).
 */
public class MmuException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MmuException(String message) {
        super(Messages.clean(message));
    }

    public MmuException(String message, Throwable cause) {
        super(Messages.clean(message), cause);
    }
}
