package org.mmu.internal.hats;

import org.mmu.HatsOptions;

import org.mmu.core.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.mmu.core.Column;
import org.mmu.core.MmuFormatException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.ProgressListener;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.dataset.CellPlacement;
import org.mmu.internal.dataset.IndexAssembler;
import org.mmu.internal.dataset.IndexLoader;
import org.mmu.internal.parquet.ParquetFile;

/**
 * Builds the {@link ObjectIndex} of a HATS table by reading only the id, ra, dec and HEALPix
 * columns of every partition file (in parallel, on a bounded number of threads), then
 * assembling them in partition order (partition ordinal = position in the partition list, row =
 * row inside its file). Every file is checked on the way: its row count against what opening
 * learned, every HEALPix value against the file's (Norder, Npix) — a row outside its partition's
 * pixel is an error naming the file and the row, and so (outside margins) is an object whose
 * ra/dec lie outside the partition's cell, unless {@link CellPlacement} is lenient.
 *
 * <p>Margin tables are not sets of unique objects: an object near a pixel corner is copied into
 * several partitions' margins. Their index lists each object once, at its first copy in partition
 * order; the same id twice inside one margin file is an error (the id column is then not an id).
 * Thread-safe: each {@link #load} call works on its own state.
 */
final class HatsIndexLoader implements IndexLoader {
    private final HatsTable table;
    private final IdRule id;
    private final int threads;
    private final CellPlacement cells;

    HatsIndexLoader(HatsTable table, IdRule id, int threads, CellPlacement cells) {
        this.table = table;
        this.cells = cells;
        this.id = id;
        this.threads = Math.max(1, threads);
    }

    /** One file's coordinate columns, checked. */
    private record Part(Column id, Column ra, Column dec, Column healpix) {
    }

    @Override
    public long positionsTolerated() {
        return cells.tolerated();
    }

    @Override
    public ObjectIndex load(ProgressListener progress) {
        List<PartitionRef> parts = table.partitions();
        String stage = "load index " + table.name();
        AtomicLong done = new AtomicLong();
        List<Integer> ordinals = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            ordinals.add(i);
        }
        List<Part> loaded = Parallel.map(ordinals, threads, "loading the index of " + table.location(), p -> {
            Part part = readPart(parts.get(p));
            progress.onProgress(stage, done.incrementAndGet(), parts.size());
            return part;
        });
        return assemble(loaded);
    }

    private String location(PartitionRef p) {
        return table.storage().location() + "/" + p.path();
    }

    private Part readPart(PartitionRef p) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        if (!id.synthesized()) {
            names.add(id.column());
        }
        names.add(table.raColumn());
        names.add(table.decColumn());
        if (table.healpixColumn() != null) {
            names.add(table.healpixColumn());
        }
        Schema columns = table.schema().select(names);
        RowBatch b;
        try (ParquetFile f = ParquetFile.open(table.storage().open(p.path(), p.bytes()))) {
            if (p.rows() >= 0 && f.rowCount() != p.rows()) {
                throw new MmuFormatException(location(p), "the file has " + f.rowCount() + " rows but "
                        + table.rowSource() + " says " + p.rows() + " (stale metadata, or a replaced file)");
            }
            b = f.read(null, columns);
        }
        Column hp = table.healpixColumn() == null ? null : b.column(table.healpixColumn());
        Column idCol = id.synthesized() ? null : b.column(id.column());
        if (hp != null) {
            checkHealpix(p, hp, idCol);
        }
        if (table.type() != CatalogType.MARGIN && p.isSkyPartitioned()) { // margin rows lie outside their pixel by design
            cells.check(location(p), p.order(), p.healpix(), b.column(table.raColumn()), b.column(table.decColumn()),
                    r -> idCol == null || idCol.isNull(r) ? "row " + r : idCol.getString(r));
        }
        // keep the HEALPix column only when ids are made from it: it is 8 more bytes per object until assembly
        return new Part(idCol, b.column(table.raColumn()), b.column(table.decColumn()), id.synthesized() ? hp : null);
    }

    /** Every row's HEALPix index must be valid, and (outside margins) lie in the file's pixel. */
    private void checkHealpix(PartitionRef p, Column hp, Column idCol) {
        int order = table.healpixOrder();
        long cells = 12L << (2 * order);
        boolean inPixel = table.type() != CatalogType.MARGIN && order >= p.order();
        int shift = 2 * (order - p.order());
        String col = table.healpixColumn();
        for (int r = 0; r < hp.rows(); r++) {
            if (hp.isNull(r)) {
                throw new MmuFormatException(location(p), "row " + r + ": " + col + " is empty");
            }
            long h = hp.getLong(r);
            if (h < 0 || h >= cells) {
                throw new MmuFormatException(location(p), "row " + r + ": " + col + "=" + h
                        + " is not a HEALPix index at order " + order + " (hats_col_healpix_order)");
            }
            if (inPixel && (h >>> shift) != p.healpix()) {
                String who = idCol == null || idCol.isNull(r) ? "" : " (object " + idCol.getString(r) + ")";
                throw new MmuFormatException(location(p), "row " + r + who + ": " + col + "=" + h + " lies in Norder="
                        + p.order() + "/Npix=" + (h >>> shift) + ", not in this partition's Npix=" + p.healpix()
                        + ": the row is misplaced or the partition list is wrong");
            }
        }
    }

    private ObjectIndex assemble(List<Part> loaded) {
        List<PartitionRef> parts = table.partitions();
        String idLabel = id.label(table);
        IndexAssembler a = new IndexAssembler(table.name(), idLabel, table.raColumn(), table.decColumn(), parts);
        boolean margin = table.type() == CatalogType.MARGIN;
        Map<Object, Integer> firstPartition = margin ? new HashMap<>() : null;
        int[][] keptRows = new int[parts.size()][];
        IdRule.Synthesizer synth = null;
        PartitionRef synthPixel = null;
        for (int p = 0; p < parts.size(); p++) {
            PartitionRef ref = parts.get(p);
            Part part = loaded.get(p);
            Column ids = part.id();
            if (id.synthesized()) {
                boolean samePixel = synthPixel != null && synthPixel.order() == ref.order()
                        && synthPixel.healpix() == ref.healpix();
                if (!samePixel) { // counters run across the files of one pixel (Npix=N/ directories)
                    synth = new IdRule.Synthesizer(table.healpixOrder());
                    synthPixel = ref;
                }
                ids = Column.of(idLabel, synth.ids(part.healpix(), location(ref)));
            }
            Column ra = part.ra();
            Column dec = part.dec();
            int[] kept = null;
            if (margin) {
                kept = firstCopies(ref, p, ids, firstPartition);
                if (kept.length < ids.rows()) {
                    ids = ids.gather(kept);
                    ra = ra.gather(kept);
                    dec = dec.gather(kept);
                }
            }
            keptRows[p] = kept;
            int[] rowOf = kept;
            a.add(location(ref), ids, ra, dec, r -> "row " + (rowOf == null ? r : rowOf[r]));
        }
        ObjectIndex index = a.build();
        return margin ? remapRows(index, keptRows) : index;
    }

    /** The rows of a margin file whose id no earlier margin file held; a repeat inside the file is an error. */
    private int[] firstCopies(PartitionRef ref, int ordinal, Column ids, Map<Object, Integer> firstPartition) {
        int[] kept = new int[ids.rows()];
        int n = 0;
        for (int r = 0; r < ids.rows(); r++) {
            if (ids.isNull(r)) {
                kept[n++] = r; // the assembler reports it, naming the row
                continue;
            }
            Object key = ids.type().isInteger() ? (Object) ids.getLong(r) : ids.getString(r);
            Integer first = firstPartition.putIfAbsent(key, ordinal);
            if (first == null) {
                kept[n++] = r;
            } else if (first == ordinal) {
                throw new MmuFormatException(location(ref), "row " + r + ": id " + key + " (column '" + id.label(table)
                        + "') appears twice in this margin file, so it does not identify rows"
                        + (table.schema().contains("source_id") ? "; for source catalogs use HatsOptions.idColumn(\"source_id\")" : "")
                        + "; a margin only repeats an object across partitions");
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /** The assembler numbered the kept rows 0..n-1; point them back at their rows in the files. */
    private static ObjectIndex remapRows(ObjectIndex index, int[][] keptRows) {
        int n = index.size();
        int[] partition = new int[n];
        int[] row = new int[n];
        for (int i = 0; i < n; i++) {
            partition[i] = index.partitionOrdinal(i);
            int[] kept = keptRows[partition[i]];
            row[i] = kept == null ? index.row(i) : kept[index.row(i)];
        }
        return ObjectIndex.of(index.name(), index.ids(), index.raCopy(), index.decCopy(), partition, row,
                index.partitions());
    }
}
