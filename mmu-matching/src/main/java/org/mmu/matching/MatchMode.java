package org.mmu.matching;

import org.mmu.core.MmuInputException;

/**
 * Which of the pairs within the match criteria survive (STILTS' {@code find=} parameter, plus
 * LSDB's k nearest neighbours). Every mode breaks ties in separation by object id (see
 * {@link MatchResult} for the full rule), never by input position.
 */
public enum MatchMode {
    /** Every pair within the criteria; {@link MatchResult#groupId} links connected pairs. */
    ALL("all"),
    /**
     * Symmetric one-to-one, exactly STILTS {@code tmatch2 find=best}: each row of the side with
     * more rows in the common sky coverage keeps its nearest partner, then each row of the other
     * side keeps the nearest of the rows that chose it (see {@code docs/matching.md}).
     */
    BEST("best"),
    /** For each left row, its nearest right row; a right row may serve several left rows. */
    BEST1("best1"),
    /** For each right row, its nearest left row; a left row may serve several right rows. */
    BEST2("best2"),
    /** For each left row, its {@code k} nearest right rows ({@link MatchCriteria#k()}). */
    KNN("knn");

    private final String label;

    MatchMode(String label) {
        this.label = label;
    }

    /** The lower-case name used in specs and on the command line, e.g. {@code "best1"}. */
    public String label() {
        return label;
    }

    /** The mode with this label (case-insensitive); the error lists the valid labels. */
    public static MatchMode fromLabel(String label) {
        for (MatchMode m : values()) {
            if (m.label.equalsIgnoreCase(label == null ? "" : label.trim())) {
                return m;
            }
        }
        throw new MmuInputException("unknown match mode '" + label + "'; expected one of " + labels());
    }

    static String labels() {
        StringBuilder sb = new StringBuilder();
        for (MatchMode m : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(m.label);
        }
        return sb.toString();
    }
}
