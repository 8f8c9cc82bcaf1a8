package org.mmu.core;

/** Invalid data or arguments supplied by the caller; the message names the value and the rule. */
public class MmuInputException extends MmuException {
    private static final long serialVersionUID = 1L;

    public MmuInputException(String message) {
        super(message);
    }

    public MmuInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
