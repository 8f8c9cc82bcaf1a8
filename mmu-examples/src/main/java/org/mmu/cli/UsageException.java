package org.mmu.cli;

/** A command line that cannot be run as given: exit status 2, {@code mmu COMMAND: error: MESSAGE}, then where the usage is. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String command;

    UsageException(String command, String message) {
        super(message);
        this.command = command;
    }

    String command() {
        return command;
    }
}
