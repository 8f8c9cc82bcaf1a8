package org.mmu.matching;

import org.mmu.core.MmuInputException;

/**
 * Which output rows exist (STILTS' {@code join=} parameter). "Matched" means "part of a pair the
 * {@link MatchMode} kept": under {@link MatchMode#BEST} a row whose candidates all went to other
 * rows counts as unmatched. Rows without a partner have row {@code -1} and separation NaN on the
 * missing side.
 */
public enum JoinType {
    /** Matched pairs only (the default). */
    ONE_AND_TWO("1and2"),
    /** Matched pairs, then every unmatched left row and every unmatched right row. */
    ONE_OR_TWO("1or2"),
    /** Matched pairs and every unmatched left row. */
    ALL_ONE("all1"),
    /** Matched pairs and every unmatched right row. */
    ALL_TWO("all2"),
    /** Only left rows with no match. */
    ONE_NOT_TWO("1not2"),
    /** Only right rows with no match. */
    TWO_NOT_ONE("2not1"),
    /** Unmatched left rows and unmatched right rows, no pairs. */
    ONE_XOR_TWO("1xor2");

    private final String label;

    JoinType(String label) {
        this.label = label;
    }

    /** The STILTS name, e.g. {@code "1and2"}. */
    public String label() {
        return label;
    }

    /** Whether matched pairs are part of the output. */
    public boolean keepsPairs() {
        return this == ONE_AND_TWO || this == ONE_OR_TWO || this == ALL_ONE || this == ALL_TWO;
    }

    /** Whether left rows without a partner are part of the output. */
    public boolean keepsUnmatchedLeft() {
        return this == ONE_OR_TWO || this == ALL_ONE || this == ONE_NOT_TWO || this == ONE_XOR_TWO;
    }

    /** Whether right rows without a partner are part of the output. */
    public boolean keepsUnmatchedRight() {
        return this == ONE_OR_TWO || this == ALL_TWO || this == TWO_NOT_ONE || this == ONE_XOR_TWO;
    }

    /** The join with this label (case-insensitive); the error lists the valid labels. */
    public static JoinType fromLabel(String label) {
        for (JoinType j : values()) {
            if (j.label.equalsIgnoreCase(label == null ? "" : label.trim())) {
                return j;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (JoinType j : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(j.label);
        }
        throw new MmuInputException("unknown join type '" + label + "'; expected one of " + sb);
    }
}
