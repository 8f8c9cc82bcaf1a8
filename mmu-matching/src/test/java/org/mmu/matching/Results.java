package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Compares match results row by row, exactly (separations bit for bit). */
final class Results {
    private Results() {
    }

    static void assertSame(MatchResult expected, MatchResult actual, String what) {
        List<String> diffs = new ArrayList<>();
        if (expected.size() != actual.size()) {
            diffs.add("size " + expected.size() + " != " + actual.size());
        }
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n && diffs.size() < 10; i++) {
            if (expected.leftRow(i) != actual.leftRow(i) || expected.rightRow(i) != actual.rightRow(i)
                    || Double.doubleToLongBits(expected.separationArcsec(i))
                            != Double.doubleToLongBits(actual.separationArcsec(i))
                    || expected.groupId(i) != actual.groupId(i) || expected.groupSize(i) != actual.groupSize(i)) {
                diffs.add("row " + i + ": expected " + row(expected, i) + " got " + row(actual, i));
            }
        }
        if (!diffs.isEmpty()) {
            fail(what + ": results differ (" + expected.size() + " expected rows)\n  " + String.join("\n  ", diffs));
        }
    }

    /** Row i described by ids, so results over differently ordered inputs can be compared. */
    static String row(MatchResult r, int i) {
        String l = r.leftRow(i) < 0 ? "-" : r.left().ids().getString(r.leftRow(i));
        String rr = r.rightRow(i) < 0 ? "-" : r.right().ids().getString(r.rightRow(i));
        return "(" + l + ", " + rr + ", " + r.separationArcsec(i) + ", g" + r.groupId(i) + "/" + r.groupSize(i) + ")";
    }

    static List<String> rowsById(MatchResult r) {
        List<String> out = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
            out.add(row(r, i));
        }
        return out;
    }
}
