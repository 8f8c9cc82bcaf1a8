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
        this.location = Messages.redact(location);
    }

    public MmuFormatException(String location, String message, Throwable cause) {
        super(location + ": " + message + causeSuffix(cause), cause);
        this.location = Messages.redact(location);
    }

    /** The file (path or URI) the problem was found in. */
    public String location() {
        return location;
    }

    static String causeSuffix(Throwable cause) {
        if (cause instanceof java.nio.file.FileSystemException fse) {
            // their message is often just the path: say what the operating system said
            return " (" + fileSystemReason(fse) + ")";
        }
        if (cause == null || cause.getMessage() == null || cause.getMessage().isBlank()) {
            return cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")";
        }
        return " (" + cause.getMessage() + ")";
    }

    private static String fileSystemReason(java.nio.file.FileSystemException e) {
        if (e.getReason() != null && !e.getReason().isBlank()) {
            return e.getReason() + (e.getFile() != null ? ": " + e.getFile() : "");
        }
        String what = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                : e instanceof java.nio.file.NotDirectoryException ? "not a directory"
                : e instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
                : e.getClass().getSimpleName();
        return what + (e.getFile() != null ? ": " + e.getFile() : "");
    }
}
