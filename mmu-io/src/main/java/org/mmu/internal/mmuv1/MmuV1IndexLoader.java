package org.mmu.internal.mmuv1;

import org.mmu.core.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.IdType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.ProgressListener;
import org.mmu.internal.dataset.CellPlacement;
import org.mmu.internal.dataset.IndexLoader;
import org.mmu.internal.hdf5.Hdf5Columns;
import org.mmu.internal.storage.Storage;

/**
 * Builds the index of an MMU v1 survey by reading only {@code object_id}, {@code ra} and
 * {@code dec} of every file (in parallel, on a bounded pool): partition ordinal = the file's
 * position, row = the row in the file. Ids are normalised exactly as the partition reader
 * returns them. Non-finite or out-of-range coordinates and duplicate ids are
 * {@link MmuInputException}s naming the file(s), row, id and value; an object outside its
 * file's {@code healpix=N} cell is an error or counted, as {@link CellPlacement} says.
 * Thread-safe (the tolerated count is the only state).
 */
final class MmuV1IndexLoader implements IndexLoader {
    private static final ColumnSpec RA = ColumnSpec.scalar(MmuV1Probe.RA, DType.FLOAT64);
    private static final ColumnSpec DEC = ColumnSpec.scalar(MmuV1Probe.DEC, DType.FLOAT64);

    private final String name;
    private final Storage storage;
    private final List<PartitionRef> partitions;
    private final IdType idType;
    private final int threads;
    private final CellPlacement cells;

    MmuV1IndexLoader(String name, Storage storage, List<PartitionRef> partitions, IdType idType, int threads,
            CellPlacement cells) {
        this.cells = cells;
        this.name = name;
        this.storage = storage;
        this.partitions = List.copyOf(partitions);
        this.idType = idType;
        this.threads = threads;
    }

    /** One file's part of the index. */
    private record Part(String location, Object ids, double[] ra, double[] dec) {
    }

    @Override
    public long positionsTolerated() {
        return cells.tolerated();
    }

    @Override
    public ObjectIndex load(ProgressListener progress) {
        String stage = "index " + name;
        AtomicLong done = new AtomicLong();
        List<Part> parts = Parallel.map(partitions.size(), threads, stage, i -> {
            Part p = readPart(partitions.get(i));
            progress.onProgress(stage, done.incrementAndGet(), partitions.size());
            return p;
        });
        int n = 0;
        for (Part p : parts) {
            n = Math.addExact(n, p.ra.length);
        }
        double[] ra = new double[n];
        double[] dec = new double[n];
        int[] partition = new int[n];
        int[] row = new int[n];
        long[] longIds = idType == IdType.INT64 ? new long[n] : null;
        List<ObjectIds> stringIds = new ArrayList<>();
        int k = 0;
        for (int f = 0; f < parts.size(); f++) {
            Part p = parts.get(f);
            int m = p.ra.length;
            System.arraycopy(p.ra, 0, ra, k, m);
            System.arraycopy(p.dec, 0, dec, k, m);
            for (int r = 0; r < m; r++) {
                partition[k + r] = f;
                row[k + r] = r;
            }
            if (longIds != null) {
                System.arraycopy((long[]) p.ids, 0, longIds, k, m);
            } else {
                stringIds.add(ObjectIds.ofStrings((String[]) p.ids));
            }
            k += m;
        }
        ObjectIds ids = longIds != null ? ObjectIds.ofLongs(longIds) : ObjectIds.concat(stringIds);
        checkUnique(ids, partition, row, parts);
        // Coordinates were checked per file (naming file and row); ids just above.
        return ObjectIndex.of(name, ids, ra, dec, partition, row, partitions);
    }

    private Part readPart(PartitionRef ref) {
        try (Hdf5Columns h5 = Hdf5Columns.open(storage.open(ref.path(), ref.bytes()))) {
            String where = h5.location();
            Column id = h5.read(MmuV1Probe.ID, null,
                    ColumnSpec.scalar(MmuV1Probe.ID, idType == IdType.INT64 ? DType.INT64 : DType.STRING));
            double[] ra = (double[]) h5.read(MmuV1Probe.RA, null, RA).unsafeData();
            double[] dec = (double[]) h5.read(MmuV1Probe.DEC, null, DEC).unsafeData();
            if (ra.length != ref.rows()) {
                throw new MmuFormatException(where, "has " + ra.length + " rows now but had " + ref.rows()
                        + " when the dataset was opened; was it replaced?");
            }
            for (int r = 0; r < ra.length; r++) {
                String problem = ObjectIndex.coordinateProblem(ra[r], dec[r]);
                if (problem != null) {
                    throw new MmuInputException(where + ": object " + id.getString(r) + " (row " + r + ") " + problem);
                }
            }
            cells.check(where, MmuV1Datasets.ORDER, ref.healpix(), ra, dec, id::getString);
            return new Part(where, id.unsafeData(), ra, dec);
        }
    }

    private void checkUnique(ObjectIds ids, int[] partition, int[] row, List<Part> parts) {
        int[] dup = ids.firstDuplicate();
        if (dup == null) {
            return;
        }
        int a = dup[0];
        int b = dup[1];
        String subsetA = subsetOf(partition[a]);
        String subsetB = subsetOf(partition[b]);
        throw new MmuInputException("duplicate object_id " + ids.getString(a) + ": " + parts.get(partition[a]).location
                + " row " + row[a] + " and " + parts.get(partition[b]).location + " row " + row[b]
                + (subsetA.equals(subsetB) ? "" : "; the files belong to different subsets ('" + subsetA + "' and '"
                        + subsetB + "') that share objects: open one subset directory at a time"));
    }

    private String subsetOf(int partitionOrdinal) {
        MmuV1File f = MmuV1File.parse(partitions.get(partitionOrdinal).path(), "");
        return f == null ? "" : f.subset();
    }
}
