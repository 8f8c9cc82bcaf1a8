package org.mmu.core;

/** How a survey's object ids are typed: 64-bit integers (HSC, DESI, Gaia) or strings (SDSS, Legacy Survey). */
public enum IdType {
    INT64, STRING;

    public String label() {
        return this == INT64 ? "int64" : "string";
    }

    public static IdType fromLabel(String s) {
        return switch (s) {
            case "int64" -> INT64;
            case "string" -> STRING;
            default -> throw new MmuInputException("unknown id type '" + s + "'; expected int64 or string");
        };
    }
}
