package org.mmu.spark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cds.healpix.FlatHashIterator;
import cds.healpix.Healpix;
import cds.healpix.HealpixNestedBMOC;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.mmu.core.PartitionRef;

/**
 * Which data partitions a scan must open: those whose {@code healpix} value passes the pushed
 * filters, and whose HEALPix cell touches the cone. Every row of a partition has its partition's
 * {@code healpix} value, so a filter on {@code healpix} decides whole partitions exactly and
 * Spark need not evaluate it again.
 */
final class HealpixPruning {
    /** The column holding each row's partition cell (NESTED, at the partition's order; -1 for flat catalogs). */
    static final String HEALPIX = "healpix";
    /** Cones are tested against cells no deeper than this: at most 12·4⁸ cells, whatever the radius. */
    private static final int MAX_CONE_DEPTH = 8;

    private HealpixPruning() {
    }

    /** Whether a filter reads only {@code healpix} in ways {@link #passes} evaluates. */
    static boolean canEvaluate(Filter f) {
        if (f instanceof And a) {
            return canEvaluate(a.left()) && canEvaluate(a.right());
        }
        if (f instanceof Or o) {
            return canEvaluate(o.left()) && canEvaluate(o.right());
        }
        if (f instanceof Not n) {
            return canEvaluate(n.child());
        }
        if (f instanceof IsNotNull n) {
            return n.attribute().equals(HEALPIX);
        }
        if (f instanceof In in) {
            if (!in.attribute().equals(HEALPIX)) {
                return false;
            }
            for (Object v : in.values()) {
                if (!(v instanceof Number)) {
                    return false;
                }
            }
            return true;
        }
        String[] refs = f.references();
        return refs.length == 1 && refs[0].equals(HEALPIX) && comparedValue(f) instanceof Number
                && (f instanceof EqualTo || f instanceof EqualNullSafe || f instanceof GreaterThan
                        || f instanceof GreaterThanOrEqual || f instanceof LessThan || f instanceof LessThanOrEqual);
    }

    /** The filter's verdict on a row whose {@code healpix} is {@code v} (only for filters {@link #canEvaluate} accepts). */
    static boolean passes(Filter f, long v) {
        if (f instanceof And a) {
            return passes(a.left(), v) && passes(a.right(), v);
        }
        if (f instanceof Or o) {
            return passes(o.left(), v) || passes(o.right(), v);
        }
        if (f instanceof Not n) {
            return !passes(n.child(), v);
        }
        if (f instanceof IsNotNull) {
            return true;
        }
        if (f instanceof In in) {
            for (Object x : in.values()) {
                if (compare(v, (Number) x) == 0) {
                    return true;
                }
            }
            return false;
        }
        int c = compare(v, (Number) comparedValue(f));
        if (f instanceof EqualTo || f instanceof EqualNullSafe) {
            return c == 0;
        }
        if (f instanceof GreaterThan) {
            return c > 0;
        }
        if (f instanceof GreaterThanOrEqual) {
            return c >= 0;
        }
        if (f instanceof LessThan) {
            return c < 0;
        }
        return c <= 0; // LessThanOrEqual
    }

    private static int compare(long v, Number x) {
        return x instanceof Double || x instanceof Float ? Double.compare(v, x.doubleValue()) : Long.compare(v, x.longValue());
    }

    private static Object comparedValue(Filter f) {
        if (f instanceof EqualTo e) {
            return e.value();
        }
        if (f instanceof EqualNullSafe e) {
            return e.value();
        }
        if (f instanceof GreaterThan g) {
            return g.value();
        }
        if (f instanceof GreaterThanOrEqual g) {
            return g.value();
        }
        if (f instanceof LessThan l) {
            return l.value();
        }
        if (f instanceof LessThanOrEqual l) {
            return l.value();
        }
        return null;
    }

    /** The ordinals of the partitions to open, ascending. */
    static int[] keep(List<PartitionRef> partitions, List<Filter> filters, ScanOptions.Cone cone) {
        ConeCells cells = cone == null ? null : ConeCells.of(cone, partitions);
        List<Integer> kept = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            PartitionRef ref = partitions.get(p);
            boolean ok = true;
            for (Filter f : filters) {
                ok &= passes(f, ref.healpix());
            }
            if (ok && cells != null && ref.isSkyPartitioned()) {
                ok = cells.touches(ref.order(), ref.healpix());
            }
            if (ok) {
                kept.add(p);
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The cells a cone overlaps, at one depth. */
    private record ConeCells(int depth, Set<Long> cells) {
        static ConeCells of(ScanOptions.Cone cone, List<PartitionRef> partitions) {
            int deepest = 0;
            for (PartitionRef r : partitions) {
                deepest = Math.max(deepest, r.order());
            }
            int depth = Math.min(deepest, MAX_CONE_DEPTH);
            HealpixNestedBMOC bmoc = Healpix.getNested(depth).newConeComputerApprox(Math.toRadians(cone.radiusDeg()))
                    .overlappingCells(Math.toRadians(cone.raDeg()), Math.toRadians(cone.decDeg()));
            Set<Long> cells = new HashSet<>();
            FlatHashIterator it = bmoc.flatHashIterator();
            while (it.hasNext()) {
                cells.add(it.next());
            }
            return new ConeCells(depth, cells);
        }

        /** Whether the cell {@code pixel} at {@code order} overlaps one of the cone's cells. */
        boolean touches(int order, long pixel) {
            if (order >= depth) {
                return cells.contains(pixel >>> (2 * (order - depth)));
            }
            long first = pixel << (2 * (depth - order));
            long count = 1L << (2 * (depth - order));
            for (long c = first; c < first + count; c++) {
                if (cells.contains(c)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether a position (degrees) lies within the cone: the angle from the chord between unit vectors. */
    static boolean inCone(ScanOptions.Cone cone, double raDeg, double decDeg) {
        double a1 = Math.toRadians(cone.raDeg());
        double d1 = Math.toRadians(cone.decDeg());
        double a2 = Math.toRadians(raDeg);
        double d2 = Math.toRadians(decDeg);
        double dx = Math.cos(d1) * Math.cos(a1) - Math.cos(d2) * Math.cos(a2);
        double dy = Math.cos(d1) * Math.sin(a1) - Math.cos(d2) * Math.sin(a2);
        double dz = Math.sin(d1) - Math.sin(d2);
        double chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
        return 2 * Math.asin(Math.min(1, chord / 2)) <= Math.toRadians(cone.radiusDeg());
    }
}
