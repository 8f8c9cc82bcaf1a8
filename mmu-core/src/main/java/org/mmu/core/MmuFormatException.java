package org.mmu.core;

/**
 * A file that is missing, truncated, corrupt, or in a layout or version this library cannot read.
 * {@link #location()} names the file (a path or URI).
 */
public class MmuFormatException extends MmuException {
    private static final long serialVersionUID = 1L;
    private final String location;

    public MmuFormatException(String location, String message) {
        super(location + ": " + message);
        this.location = location;
    }

    public MmuFormatException(String location, String message, Throwable cause) {
        super(location + ": " + message + causeSuffix(cause), cause);
        this.location = location;
    }

    /** The file (path or URI) the problem was found in. */
    public String location() {
        return location;
    }

    static String causeSuffix(Throwable cause) {
        if (cause == null || cause.getMessage() == null || cause.getMessage().isBlank()) {
            return cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")";
        }
        return " (" + cause.getMessage() + ")";
    }
}
