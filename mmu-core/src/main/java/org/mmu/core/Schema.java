package org.mmu.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An ordered list of uniquely named columns. Immutable. */
public final class Schema implements Iterable<ColumnSpec> {
    private final List<ColumnSpec> columns;
    private final Map<String, Integer> positions;

    private Schema(List<ColumnSpec> columns) {
        this.columns = List.copyOf(columns);
        this.positions = new HashMap<>();
        for (int i = 0; i < this.columns.size(); i++) {
            if (positions.put(this.columns.get(i).name(), i) != null) {
                throw new MmuInputException("duplicate column name '" + this.columns.get(i).name() + "'");
            }
        }
    }

    public static Schema of(Collection<ColumnSpec> columns) {
        return new Schema(new ArrayList<>(columns));
    }

    public static Schema of(ColumnSpec... columns) {
        return new Schema(List.of(columns));
    }

    public List<ColumnSpec> columns() {
        return columns;
    }

    public List<String> names() {
        return columns.stream().map(ColumnSpec::name).toList();
    }

    public int size() {
        return columns.size();
    }

    public boolean contains(String name) {
        return positions.containsKey(name);
    }

    /** Position of a column, or -1. */
    public int indexOf(String name) {
        Integer i = positions.get(name);
        return i == null ? -1 : i;
    }

    public ColumnSpec get(int i) {
        return columns.get(i);
    }

    /** The named column; the error lists the columns that exist and suggests the closest. */
    public ColumnSpec column(String name) {
        Integer i = positions.get(name);
        if (i == null) {
            throw new MmuInputException(noSuchColumn(name));
        }
        return columns.get(i);
    }

    /** The columns named, in the order given; unknown names are an error. */
    public Schema select(Collection<String> names) {
        Set<String> unique = new LinkedHashSet<>(names);
        List<ColumnSpec> out = new ArrayList<>(unique.size());
        for (String n : unique) {
            out.add(column(n));
        }
        return new Schema(out);
    }

    /** This schema followed by the columns of {@code other} not already present. */
    public Schema union(Schema other) {
        List<ColumnSpec> out = new ArrayList<>(columns);
        for (ColumnSpec c : other) {
            if (!contains(c.name())) {
                out.add(c);
            }
        }
        return new Schema(out);
    }

    /** A message for an unknown column, naming the known ones and the likeliest typo fix. */
    public String noSuchColumn(String name) {
        String closest = names().stream()
                .min(Comparator.comparingInt(n -> editDistance(n, name)))
                .filter(n -> editDistance(n, name) <= Math.max(2, name.length() / 3))
                .orElse(null);
        return "no column '" + name + "'" + (closest != null ? " (did you mean '" + closest + "'?)" : "")
                + "; columns are " + names();
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @Override
    public Iterator<ColumnSpec> iterator() {
        return columns.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && s.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        return columns.toString();
    }
}
