package org.mmu.core;

import java.util.List;
import java.util.Objects;

/**
 * The in-memory index of a dataset: for each object its id, position (ICRS degrees) and where
 * its data lives (a partition and the row inside that partition's file). Columnar, primitive
 * arrays only: about 32 bytes per object with integer ids.
 *
 * <p>The arrays passed to {@link #of} are owned by the index afterwards and never copied; this
 * is what keeps a 10⁷-object index at a few hundred MB. Read them through the accessors.
 */
public final class ObjectIndex {
    private final String name;
    private final ObjectIds ids;
    private final double[] ra;
    private final double[] dec;
    private final int[] partition;
    private final int[] row;
    private final List<PartitionRef> partitions;

    private ObjectIndex(String name, ObjectIds ids, double[] ra, double[] dec, int[] partition, int[] row,
            List<PartitionRef> partitions) {
        this.name = Objects.requireNonNull(name, "name");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.ra = Objects.requireNonNull(ra, "ra");
        this.dec = Objects.requireNonNull(dec, "dec");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.row = Objects.requireNonNull(row, "row");
        this.partitions = List.copyOf(partitions);
        int n = ids.size();
        if (ra.length != n || dec.length != n || partition.length != n || row.length != n) {
            throw new IllegalArgumentException("index '" + name + "': column lengths differ (ids " + n + ", ra "
                    + ra.length + ", dec " + dec.length + ", partition " + partition.length + ", row " + row.length + ")");
        }
    }

    /**
     * An index over the given columns (taken, not copied).
     *
     * @param partition for each object, its position in {@code partitions}
     * @param row       for each object, its row inside that partition's file
     */
    public static ObjectIndex of(String name, ObjectIds ids, double[] ra, double[] dec, int[] partition, int[] row,
            List<PartitionRef> partitions) {
        return new ObjectIndex(name, ids, ra, dec, partition, row, partitions);
    }

    /** An index of bare positions (ids 0..n-1, no partitions): for matching arrays directly. */
    public static ObjectIndex ofPositions(String name, double[] raDeg, double[] decDeg) {
        long[] ids = new long[raDeg.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return ofPositions(name, ObjectIds.ofLongs(ids), raDeg, decDeg);
    }

    /** An index of positions with ids and no partitions. */
    public static ObjectIndex ofPositions(String name, ObjectIds ids, double[] raDeg, double[] decDeg) {
        return new ObjectIndex(name, ids, raDeg, decDeg, new int[raDeg.length], new int[raDeg.length],
                List.of(new PartitionRef(0, 0, -1, "(memory)", DataFormat.PARQUET, raDeg.length, -1)));
    }

    /** The survey or dataset name, used in messages and output column prefixes. */
    public String name() {
        return name;
    }

    public int size() {
        return ids.size();
    }

    public ObjectIds ids() {
        return ids;
    }

    /** Right ascension in degrees. */
    public double ra(int i) {
        return ra[i];
    }

    /** Declination in degrees. */
    public double dec(int i) {
        return dec[i];
    }

    /** The position in {@link #partitions()} of the partition holding object {@code i}. */
    public int partitionOrdinal(int i) {
        return partition[i];
    }

    public PartitionRef partition(int i) {
        return partitions.get(partition[i]);
    }

    /** The row of object {@code i} inside its partition's file. */
    public int row(int i) {
        return row[i];
    }

    public List<PartitionRef> partitions() {
        return partitions;
    }

    /** Approximate heap bytes held by the index. */
    public long sizeInBytes() {
        return ids.sizeInBytes() + 24L * size() + 100L * partitions.size();
    }

    /** A copy of the right ascensions. */
    public double[] raCopy() {
        return ra.clone();
    }

    /** A copy of the declinations. */
    public double[] decCopy() {
        return dec.clone();
    }

    /** The same index under another name. */
    public ObjectIndex renamed(String newName) {
        return new ObjectIndex(newName, ids, ra, dec, partition, row, partitions);
    }

    /**
     * Checks what matching relies on: finite coordinates with {@code dec} in [-90, 90] and
     * {@code ra} in [0, 360], and unique ids. Throws {@link MmuInputException} naming the source,
     * the row, the id and the value.
     */
    public ObjectIndex validate(String source) {
        for (int i = 0; i < size(); i++) {
            String problem = coordinateProblem(ra[i], dec[i]);
            if (problem != null) {
                throw new MmuInputException(source + ": object " + ids.getString(i) + " (row " + i + " of index '"
                        + name + "') " + problem);
            }
        }
        int[] dup = ids.firstDuplicate();
        if (dup != null) {
            throw new MmuInputException(source + ": duplicate object_id " + ids.getString(dup[0]) + " in index '" + name
                    + "' (rows " + dup[0] + " and " + dup[1] + ")");
        }
        return this;
    }

    /** Why a position is unusable, or null when it is fine. */
    public static String coordinateProblem(double raDeg, double decDeg) {
        if (!Double.isFinite(raDeg) || !Double.isFinite(decDeg)) {
            return "has non-finite coordinates ra=" + raDeg + ", dec=" + decDeg;
        }
        if (decDeg < -90 || decDeg > 90) {
            return "has dec=" + decDeg + " outside [-90, 90]";
        }
        if (raDeg < 0 || raDeg > 360) {
            return "has ra=" + raDeg + " outside [0, 360]";
        }
        return null;
    }

    @Override
    public String toString() {
        return "ObjectIndex[" + name + ", " + size() + " objects, " + partitions.size() + " partitions]";
    }
}
