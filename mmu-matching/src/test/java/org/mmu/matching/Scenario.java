package org.mmu.matching;

import java.util.List;
import java.util.function.Supplier;
import org.mmu.core.ObjectIndex;

/** Two catalogues and a radius that exercise one kind of hard geometry. */
record Scenario(String name, ObjectIndex left, ObjectIndex right, double radiusArcsec) {
    private static final double ARCSEC = 1 / 3600.0;
    private static final double MAS = ARCSEC / 1000;

    @Override
    public String toString() {
        return name + " (" + left.size() + " x " + right.size() + ", r=" + radiusArcsec + "\")";
    }

    static Scenario of(String name, double radiusArcsec, long seed, Supplier<Sky[]> make) {
        Sky[] s = make.get();
        return new Scenario(name, s[0].index("left"), s[1].index("right"), radiusArcsec);
    }

    /** Every hard place, at sizes the brute force handles in well under a second. */
    static List<Scenario> all() {
        return List.of(
                of("uniform sphere, radius 1 degree", 3600, 1, () -> {
                    Sky l = new Sky(11).uniform(700);
                    return new Sky[] {l, new Sky(12).near(l, 0.6, 0.8).uniform(300)};
                }),
                of("within 0.01 deg of both poles, across RA 0/360", 20, 2, () -> {
                    Sky l = new Sky(21).poles(250, 0.01);
                    return new Sky[] {l, new Sky(22).poles(200, 0.01).near(l, 0.5, 4 * ARCSEC)};
                }),
                of("RA 0/360 seam", 5, 3, () -> {
                    Sky l = new Sky(31).raWrap(500, 0.003);
                    return new Sky[] {l, new Sky(32).near(l, 0.7, 4 * ARCSEC).raWrap(200, 0.003)};
                }),
                of("base-cell corners and edges", 5, 4, () -> {
                    Sky l = new Sky(41).cellBorders(0, 500, 3 * ARCSEC);
                    return new Sky[] {l, new Sky(42).near(l, 0.7, 4 * ARCSEC).cellBorders(0, 200, 3 * ARCSEC)};
                }),
                of("cell vertices and edges at depth 9", 30, 5, () -> {
                    Sky l = new Sky(51).cellBorders(9, 500, 20 * ARCSEC);
                    return new Sky[] {l, new Sky(52).near(l, 0.7, 25 * ARCSEC).cellBorders(9, 200, 20 * ARCSEC)};
                }),
                of("cell vertices and edges at depth 16", 1, 6, () -> {
                    Sky l = new Sky(61).cellBorders(16, 500, 0.5 * ARCSEC);
                    return new Sky[] {l, new Sky(62).near(l, 0.8, 0.8 * ARCSEC).cellBorders(16, 200, 0.5 * ARCSEC)};
                }),
                of("dense cluster (big groups)", 1, 7, () -> new Sky[] {
                        new Sky(71).cap(250, 150, -30, 3 * ARCSEC), new Sky(71).cap(250, 150, -30, 3 * ARCSEC)}),
                of("duplicate positions (exact ties)", 1, 8, () -> {
                    Sky l = new Sky(81).cap(150, 200, 45, 20 * ARCSEC).duplicates(60);
                    return new Sky[] {l, new Sky(82).near(l, 0.7, 0).duplicates(40).near(l, 0.3, 0.5 * ARCSEC)};
                }),
                of("radius 1 mas", 0.001, 9, () -> {
                    Sky l = new Sky(91).cap(600, 300, 60, 0.3 * ARCSEC);
                    return new Sky[] {l, new Sky(92).near(l, 0.9, 1.2 * MAS)};
                }));
    }
}
