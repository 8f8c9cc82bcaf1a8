package org.mmu.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The object ids of an index, columnar: a {@code long[]} for integer ids, or all strings' UTF-8
 * bytes back to back with their offsets (no String object per row). Immutable.
 */
public abstract sealed class ObjectIds permits ObjectIds.Longs, ObjectIds.Strings {

    public static ObjectIds ofLongs(long[] ids) {
        return new Longs(ids);
    }

    public static ObjectIds ofStrings(String[] ids) {
        int[] offsets = new int[ids.length + 1];
        byte[][] parts = new byte[ids.length][];
        long total = 0;
        for (int i = 0; i < ids.length; i++) {
            parts[i] = ids[i].getBytes(StandardCharsets.UTF_8);
            total += parts[i].length;
            if (total > Integer.MAX_VALUE - 16) {
                throw new MmuInputException("string object ids exceed 2 GiB in one index");
            }
            offsets[i + 1] = (int) total;
        }
        byte[] bytes = new byte[(int) total];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(parts[i], 0, bytes, offsets[i], parts[i].length);
        }
        return new Strings(bytes, offsets, ids.length);
    }

    /** Takes the UTF-8 bytes and offsets ({@code n+1} entries) without copying. */
    public static ObjectIds ofUtf8(byte[] bytes, int[] offsets, int n) {
        return new Strings(bytes, offsets, n);
    }

    public abstract IdType type();

    public abstract int size();

    /** The id as a long; string ids fail. */
    public abstract long getLong(int i);

    /** The id as text (integers in decimal). */
    public abstract String getString(int i);

    /**
     * The ids as a column named {@code name}: int64 for integer ids, string for string ids; for
     * consumers that take whole columns (a tensor library, a writer) rather than one id at a time.
     */
    public abstract Column toColumn(String name);

    /** Orders two ids of this column (numeric for integers, code-point order for strings). */
    public abstract int compare(int i, int j);

    /** The ids at the given positions. */
    public abstract ObjectIds gather(int[] positions);

    /** Approximate heap bytes held. */
    public abstract long sizeInBytes();

    /**
     * For each position, the rank of its id among all ids (0 = smallest). Gives a tie-break
     * order that does not depend on the order rows were read in.
     */
    public int[] ranks() {
        int[] order = sortedPositions();
        int[] rank = new int[order.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }

    /** Positions ordered by id. */
    public int[] sortedPositions() {
        return IndexSort.argsort(size(), this::compare);
    }

    /** Two positions holding the same id, or null when all ids are distinct. */
    public int[] firstDuplicate() {
        int[] order = sortedPositions();
        for (int k = 1; k < order.length; k++) {
            if (compare(order[k - 1], order[k]) == 0) {
                int a = Math.min(order[k - 1], order[k]);
                int b = Math.max(order[k - 1], order[k]);
                return new int[] {a, b};
            }
        }
        return null;
    }

    /** All ids of several columns of the same type, one after another. */
    public static ObjectIds concat(java.util.List<ObjectIds> parts) {
        if (parts.isEmpty()) {
            return ofLongs(new long[0]);
        }
        IdType t = parts.get(0).type();
        for (ObjectIds p : parts) {
            if (p.type() != t) {
                throw new MmuInputException("cannot combine " + t.label() + " and " + p.type().label() + " object ids");
            }
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = 0;
        for (ObjectIds p : parts) {
            n = Math.addExact(n, p.size());
        }
        if (t == IdType.INT64) {
            long[] all = new long[n];
            int k = 0;
            for (ObjectIds p : parts) {
                long[] v = ((Longs) p).values;
                System.arraycopy(v, 0, all, k, p.size());
                k += p.size();
            }
            return new Longs(all);
        }
        long bytes = 0;
        for (ObjectIds p : parts) {
            Strings s = (Strings) p;
            bytes += s.offsets[s.n];
        }
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new MmuInputException("string object ids exceed 2 GiB in one index");
        }
        byte[] all = new byte[(int) bytes];
        int[] offsets = new int[n + 1];
        int k = 0;
        int b = 0;
        for (ObjectIds p : parts) {
            Strings s = (Strings) p;
            System.arraycopy(s.bytes, 0, all, b, s.offsets[s.n]);
            for (int i = 0; i < s.n; i++) {
                offsets[k + i + 1] = b + s.offsets[i + 1];
            }
            k += s.n;
            b += s.offsets[s.n];
        }
        return new Strings(all, offsets, n);
    }

    /** Integer ids. */
    public static final class Longs extends ObjectIds {
        private final long[] values;

        Longs(long[] values) {
            this.values = values;
        }

        @Override
        public IdType type() {
            return IdType.INT64;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public long getLong(int i) {
            return values[i];
        }

        @Override
        public String getString(int i) {
            return Long.toString(values[i]);
        }

        @Override
        public Column toColumn(String name) {
            return Column.of(name, values); // shared: neither ever changes its array
        }

        @Override
        public int compare(int i, int j) {
            return Long.compare(values[i], values[j]);
        }

        @Override
        public ObjectIds gather(int[] positions) {
            long[] out = new long[positions.length];
            for (int k = 0; k < positions.length; k++) {
                out[k] = values[positions[k]];
            }
            return new Longs(out);
        }

        @Override
        public long sizeInBytes() {
            return 8L * values.length;
        }

        @Override
        public int[] firstDuplicate() {
            long[] sorted = values.clone();
            Arrays.parallelSort(sorted);
            for (int k = 1; k < sorted.length; k++) {
                if (sorted[k] == sorted[k - 1]) {
                    return positionsOf(sorted[k]);
                }
            }
            return null;
        }

        private int[] positionsOf(long v) {
            int a = -1;
            for (int i = 0; i < values.length; i++) {
                if (values[i] == v) {
                    if (a < 0) {
                        a = i;
                    } else {
                        return new int[] {a, i};
                    }
                }
            }
            throw new IllegalStateException();
        }
    }

    /** String ids as UTF-8 bytes with offsets. */
    public static final class Strings extends ObjectIds {
        private final byte[] bytes;
        private final int[] offsets;
        private final int n;

        Strings(byte[] bytes, int[] offsets, int n) {
            if (offsets.length < n + 1) {
                throw new IllegalArgumentException("need " + (n + 1) + " offsets, got " + offsets.length);
            }
            this.bytes = bytes;
            this.offsets = offsets;
            this.n = n;
        }

        @Override
        public IdType type() {
            return IdType.STRING;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public long getLong(int i) {
            throw new MmuInputException("object ids are strings; '" + getString(i) + "' has no integer value");
        }

        @Override
        public String getString(int i) {
            return new String(bytes, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.UTF_8);
        }

        /** The UTF-8 bytes of one id (a copy). */
        public byte[] utf8(int i) {
            return Arrays.copyOfRange(bytes, offsets[i], offsets[i + 1]);
        }

        @Override
        public Column toColumn(String name) {
            String[] text = new String[n];
            for (int i = 0; i < n; i++) {
                text[i] = getString(i);
            }
            return Column.of(name, text);
        }

        @Override
        public int compare(int i, int j) {
            return Arrays.compareUnsigned(bytes, offsets[i], offsets[i + 1], bytes, offsets[j], offsets[j + 1]);
        }

        @Override
        public ObjectIds gather(int[] positions) {
            long total = 0;
            for (int p : positions) {
                total += offsets[p + 1] - offsets[p];
            }
            byte[] out = new byte[Math.toIntExact(total)];
            int[] offs = new int[positions.length + 1];
            int b = 0;
            for (int k = 0; k < positions.length; k++) {
                int p = positions[k];
                int len = offsets[p + 1] - offsets[p];
                System.arraycopy(bytes, offsets[p], out, b, len);
                b += len;
                offs[k + 1] = b;
            }
            return new Strings(out, offs, positions.length);
        }

        @Override
        public long sizeInBytes() {
            return bytes.length + 4L * (n + 1);
        }
    }
}
