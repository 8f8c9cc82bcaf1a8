package org.mmu.core;

/**
 * Reading or writing bytes failed: an I/O error, a network failure after retries, a remote file
 * that changed. {@link #location()} names the file (a path or URI).
 */
public class MmuStorageException extends MmuException {
    private static final long serialVersionUID = 1L;
    private final String location;

    public MmuStorageException(String location, String message) {
        super(location + ": " + message);
        this.location = Messages.redact(location);
    }

    public MmuStorageException(String location, String message, Throwable cause) {
        super(location + ": " + message + MmuFormatException.causeSuffix(cause), cause);
        this.location = Messages.redact(location);
    }

    public String location() {
        return location;
    }
}
