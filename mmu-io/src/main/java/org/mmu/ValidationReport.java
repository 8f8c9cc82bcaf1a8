package org.mmu;

import java.util.List;

/**
 * What {@link MmuDatasets#validate} found. Immutable.
 *
 * @param dataset  name and location
 * @param checks   the checks that ran, in order
 * @param problems every problem found (errors and warnings), each naming file, column, row or value
 */
public record ValidationReport(String dataset, List<String> checks, List<Problem> problems) {

    public enum Severity { ERROR, WARNING }

    /** One problem: where it is and what is wrong. */
    public record Problem(Severity severity, String location, String message) {
        @Override
        public String toString() {
            return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + location + ": " + message;
        }
    }

    public ValidationReport {
        checks = List.copyOf(checks);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.stream().noneMatch(p -> p.severity() == Severity.ERROR);
    }

    public long errors() {
        return problems.stream().filter(p -> p.severity() == Severity.ERROR).count();
    }

    public long warnings() {
        return problems.size() - errors();
    }
}
