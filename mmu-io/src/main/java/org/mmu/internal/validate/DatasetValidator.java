package org.mmu.internal.validate;

import org.mmu.ValidationReport;

import org.mmu.core.CoordinateColumns;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.RowBatch;
import org.mmu.internal.build.SkyHashes;
import org.mmu.internal.dataset.CellPlacement;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.indexfirst.CellTable;
import org.mmu.internal.indexfirst.IndexFirstDatasets;
import org.mmu.internal.indexfirst.Manifest;
import org.mmu.internal.storage.ByteSource;
import org.mmu.internal.storage.ChecksummedStorage;
import org.mmu.internal.storage.Storage;

/**
 * Checks a dataset thoroughly and reports every problem instead of stopping at the first:
 * <ol>
 *   <li>required columns: id (integer or string), ra and dec (numeric scalars);</li>
 *   <li>the index loads: coordinates finite and in range, ids unique;</li>
 *   <li>every partition file exists and has the size the metadata says;</li>
 *   <li>index ↔ partitions: each partition's objects fill its rows exactly once, and the id,
 *       ra and dec stored in each data row equal the index's;</li>
 *   <li>each object lies in the HEALPix cell of its partition, or within
 *       {@link CellPlacement#BORDER_RAD} of it (other HEALPix code and float32 coordinates round
 *       border objects either way): an error, a warning for the objects a dataset opened with
 *       lenient positions tolerated, and not checked for HATS margin catalogs, whose rows lie
 *       outside their pixel by design.</li>
 * </ol>
 * Reads only the id/ra/dec columns of the data, unless {@code deep}: then every byte of every
 * file is verified against its recorded checksum (index-first datasets of format 1.1) or its
 * fingerprint (inputs read in place that have one) and every
 * row of every column of every partition is decoded. Thread-safe (stateless).
 */
public final class DatasetValidator {
    /** Problems reported per check before the rest are summarised. */
    static final int MAX_PER_CHECK = 20;

    private DatasetValidator() {
    }

    public static ValidationReport validate(MmuDataset ds) {
        return validate(ds, false);
    }

    /** @param deep also verify every byte (checksums) and decode every value */
    public static ValidationReport validate(MmuDataset ds, boolean deep) {
        List<String> checks = new ArrayList<>();
        List<ValidationReport.Problem> problems = new ArrayList<>();
        String where = ds.location();
        var coords = ds instanceof PartitionedDataset pd ? pd.descriptor().coordinates()
                : org.mmu.core.CoordinateColumns.DEFAULT;

        checks.add("required columns and types");
        int before = problems.size();
        checkColumn(ds, coords.id(), true, problems, where);
        checkColumn(ds, coords.ra(), false, problems, where);
        checkColumn(ds, coords.dec(), false, problems, where);
        if (problems.size() > before) {
            return new ValidationReport(ds.name() + " at " + where, checks, problems);
        }

        if (ds instanceof PartitionedDataset pd && ds.layout() == DatasetLayout.INDEX_FIRST
                && IndexFirstDatasets.index(pd).filter() != null) {
            problems.add(error(where, "validation checks the whole dataset: open it without a filter ('where')"));
            return new ValidationReport(ds.name() + " at " + where, checks, problems);
        }
        checks.add("index: coordinates in range, ids unique");
        ObjectIndex idx;
        try {
            idx = ds.index();
        } catch (MmuException e) {
            problems.add(error(where, e.getMessage()));
            return new ValidationReport(ds.name() + " at " + where, checks, problems);
        }

        if (ds instanceof PartitionedDataset pd) {
            checks.add("partition files exist with the sizes in the metadata");
            checkFiles(pd.storage(), ds.partitions(), problems);
            if (ds.layout() == DatasetLayout.INDEX_FIRST) {
                checks.add("manifest agrees with the index");
                Manifest m = IndexFirstDatasets.manifestOf(pd);
                if (m.rowCount() != idx.size()) {
                    problems.add(error(where, "manifest row_count " + m.rowCount() + " but the index has " + idx.size()));
                }
                if (m.indexFiles().stream().anyMatch(f -> f.cells() != null)) {
                    checks.add("cell tables describe their index files");
                    checkCellTables(pd, m, idx, problems);
                }
            }
        }

        checks.add("index and partitions agree (rows, ids, positions)");
        checkRows(ds, idx, coords, problems);

        if (!"margin".equals(props(ds).get("catalog_type"))) {
            checks.add("objects lie in their partition's HEALPix cell");
            long tolerated = ds instanceof PartitionedDataset pd ? pd.positionsTolerated() : 0;
            checkCells(idx, tolerated, problems);
        }
        if (deep && ds instanceof PartitionedDataset pd) {
            java.util.Set<String> damaged = new java.util.HashSet<>();
            if (ds.layout() == DatasetLayout.INDEX_FIRST) {
                checks.add("deep: every byte of every file matches its checksum");
                checkEveryByte(pd, problems, damaged);
            } else if (pd.storage() instanceof ChecksummedStorage fingerprinted) {
                checks.add("deep: every byte of every file matches its fingerprint");
                readWhole(pd, fingerprinted.checkedPaths(), p -> -1L, problems, damaged);
            }
            checks.add("deep: every value of every partition decodes");
            decodeEverything(pd, problems, damaged);
        }
        // a fault several checks run into (a damaged file the row check and the deep checks read) is one problem
        return new ValidationReport(ds.name() + " at " + where, checks, List.copyOf(new java.util.LinkedHashSet<>(problems)));
    }

    /** Each index file's cell table equals the one its rows (in index order) give. */
    private static void checkCellTables(PartitionedDataset ds, Manifest m, ObjectIndex idx,
            List<ValidationReport.Problem> problems) {
        long start = 0;
        for (Manifest.FileEntry f : m.indexFiles()) {
            if (f.cells() != null && start + f.rows() <= idx.size()) {
                String loc = ds.storage().location() + "/" + f.cells().path();
                try {
                    CellTable.Writer w = new CellTable.Writer(f.cells().depth());
                    for (long i = start; i < start + f.rows(); i++) {
                        w.add(org.mmu.matching.SkyCells.hash29(idx.ra((int) i), idx.dec((int) i)));
                    }
                    if (!CellTable.read(ds.storage(), f).sameAs(w.build())) {
                        problems.add(error(loc, "the cell table does not describe the rows of " + f.path()
                                + " (rebuild the dataset, or run 'mmu compact' to rewrite its index)"));
                    }
                } catch (MmuException e) {
                    problems.add(error(loc, withoutLocation(e, loc)));
                }
            }
            start += f.rows();
        }
    }

    /**
     * Reads every file of the manifest whole through the dataset's (verifying) storage; adds the
     * paths of files found damaged to {@code damaged}.
     */
    private static void checkEveryByte(PartitionedDataset ds, List<ValidationReport.Problem> problems,
            java.util.Set<String> damaged) {
        Manifest m = IndexFirstDatasets.manifestOf(ds);
        if (m.checksums().isEmpty()) {
            problems.add(warning(ds.location(), "format 1.0 dataset: no checksums recorded (rebuild it to get them)"));
            return;
        }
        readWhole(ds, m.files(), p -> m.checksums().get(p).size(), problems, damaged);
    }

    /**
     * Reads each file whole through the dataset's verifying storage, reporting the files that fail
     * and adding their paths to {@code damaged}.
     */
    private static void readWhole(PartitionedDataset ds, List<String> paths, java.util.function.ToLongFunction<String> size,
            List<ValidationReport.Problem> problems, java.util.Set<String> damaged) {
        int reported = 0;
        for (String path : paths) {
            String loc = ds.storage().location() + "/" + path;
            try (ByteSource s = ds.storage().open(path, size.applyAsLong(path))) {
                for (long off = 0; off < s.size(); off += 8 << 20) {
                    s.read(off, (int) Math.min(8 << 20, s.size() - off));
                }
            } catch (MmuException e) {
                problems.add(error(loc, withoutLocation(e, loc)));
                damaged.add(path);
                if (++reported >= MAX_PER_CHECK) {
                    problems.add(error(ds.location(), "more files have problems; stopped after " + MAX_PER_CHECK));
                    return;
                }
            }
        }
    }

    /** Decodes every partition but those whose bytes were already found damaged (one fault, one error). */
    private static void decodeEverything(PartitionedDataset ds, List<ValidationReport.Problem> problems,
            java.util.Set<String> damaged) {
        var it = ds.batches();
        int reported = 0;
        for (int p = 0; it.hasNext(); p++) {
            String path = ds.partitions().get(p).path();
            String loc = ds.location() + "/" + path;
            try {
                it.next();
            } catch (MmuException e) {
                if (damaged.contains(path)) {
                    continue; // the checksum check reported this file already
                }
                problems.add(error(loc, withoutLocation(e, loc)));
                if (++reported >= MAX_PER_CHECK) {
                    problems.add(error(ds.location(), "more partitions have problems; stopped after " + MAX_PER_CHECK));
                    return;
                }
            }
        }
    }

    private static void checkColumn(MmuDataset ds, String name, boolean id, List<ValidationReport.Problem> problems,
            String where) {
        if (!ds.schema().contains(name)) {
            problems.add(error(where, "required column '" + name + "' is missing; columns are " + ds.schema().names()));
            return;
        }
        ColumnSpec c = ds.schema().column(name);
        boolean ok = c.isScalar() && (id ? c.type().isInteger() || c.type() == DType.STRING : c.type().isNumeric());
        if (!ok) {
            problems.add(error(where, "column '" + name + "' is " + c.typeString() + "; expected "
                    + (id ? "an integer or string" : "a numeric") + " scalar"));
        }
    }

    private static void checkFiles(Storage storage, List<PartitionRef> parts, List<ValidationReport.Problem> problems) {
        int reported = 0;
        for (PartitionRef p : parts) {
            String loc = storage.location() + "/" + p.path();
            try (ByteSource s = storage.open(p.path())) {
                if (p.bytes() >= 0 && s.size() != p.bytes()) {
                    problems.add(error(loc, "file has " + s.size() + " bytes, the metadata says " + p.bytes()));
                    reported++;
                }
            } catch (MmuException e) {
                problems.add(error(loc, withoutLocation(e, loc)));
                reported++;
            }
            if (reported >= MAX_PER_CHECK) {
                problems.add(error(storage.location(), "more partition files have problems; stopped after " + MAX_PER_CHECK));
                return;
            }
        }
    }

    private static void checkRows(MmuDataset ds, ObjectIndex idx, org.mmu.core.CoordinateColumns coords,
            List<ValidationReport.Problem> problems) {
        List<PartitionRef> parts = ds.partitions();
        // positions of the index objects in each partition
        int[] count = new int[parts.size()];
        for (int i = 0; i < idx.size(); i++) {
            count[idx.partitionOrdinal(i)]++;
        }
        int[][] members = new int[parts.size()][];
        for (int p = 0; p < parts.size(); p++) {
            members[p] = new int[count[p]];
            count[p] = 0;
        }
        for (int i = 0; i < idx.size(); i++) {
            int p = idx.partitionOrdinal(i);
            members[p][count[p]++] = i;
        }
        MmuDataset coordsOnly = ds.select(coords.id(), coords.ra(), coords.dec());
        int reported = 0;
        for (int p = 0; p < parts.size() && reported < MAX_PER_CHECK; p++) {
            PartitionRef part = parts.get(p);
            String loc = ds.location() + "/" + part.path();
            if (part.rows() >= 0 && members[p].length != part.rows()) {
                problems.add(error(loc, "the index has " + members[p].length + " objects in this partition, the metadata says "
                        + part.rows() + " rows"));
                reported++;
            }
            BitSet seen = new BitSet();
            for (int i : members[p]) {
                int row = idx.row(i);
                if (seen.get(row)) {
                    problems.add(error(loc, "row " + row + " is claimed by two index entries (object " + idx.ids().getString(i) + ")"));
                    reported++;
                }
                seen.set(row);
            }
            if (members[p].length == 0) {
                continue;
            }
            RowBatch data;
            try {
                data = coordsOnly.read(members[p]);
            } catch (MmuException e) {
                problems.add(error(loc, withoutLocation(e, loc)));
                reported++;
                continue;
            }
            Column id = data.column(coords.id());
            Column ra = data.column(coords.ra());
            Column dec = data.column(coords.dec());
            for (int k = 0; k < members[p].length && reported < MAX_PER_CHECK; k++) {
                int i = members[p][k];
                String stored = id.isNull(k) ? null : id.getString(k);
                if (!idx.ids().getString(i).equals(stored)) {
                    problems.add(error(loc, "row " + idx.row(i) + " holds object " + stored + " but the index says "
                            + idx.ids().getString(i)));
                    reported++;
                } else if (ra.isNull(k) || dec.isNull(k) || ra.getDouble(k) != idx.ra(i) || dec.getDouble(k) != idx.dec(i)) {
                    problems.add(error(loc, "row " + idx.row(i) + " (object " + stored + ") is at ("
                            + (ra.isNull(k) ? "null" : ra.getDouble(k)) + ", " + (dec.isNull(k) ? "null" : dec.getDouble(k))
                            + ") but the index says (" + idx.ra(i) + ", " + idx.dec(i) + ")"));
                    reported++;
                }
            }
        }
        if (reported >= MAX_PER_CHECK) {
            problems.add(error(ds.location(), "more rows disagree; stopped after " + MAX_PER_CHECK));
        }
    }

    private static java.util.Map<String, Object> props(MmuDataset ds) {
        return ds instanceof PartitionedDataset pd ? pd.descriptor().properties() : java.util.Map.of();
    }

    /** @param tolerated objects outside their cell the index loader kept (lenient positions): then warnings */
    private static void checkCells(ObjectIndex idx, long tolerated, List<ValidationReport.Problem> problems) {
        ValidationReport.Severity severity = tolerated > 0 ? ValidationReport.Severity.WARNING
                : ValidationReport.Severity.ERROR;
        int reported = 0;
        HashComputer[] byOrder = new HashComputer[30];
        for (int i = 0; i < idx.size(); i++) {
            PartitionRef p = idx.partition(i);
            if (!p.isSkyPartitioned()) {
                continue;
            }
            if (byOrder[p.order()] == null) {
                byOrder[p.order()] = Healpix.getNested(p.order()).newHashComputer();
            }
            double lon = Math.toRadians(SkyHashes.normalizeRa(idx.ra(i)));
            double lat = Math.toRadians(idx.dec(i));
            long cell = byOrder[p.order()].hash(lon, lat);
            if (cell != p.healpix() && !CellPlacement.nearCell(p.order(), p.healpix(), lon, lat)) {
                if (reported++ < MAX_PER_CHECK) {
                    problems.add(new ValidationReport.Problem(severity, p.path(), "row " + idx.row(i) + " (object "
                            + idx.ids().getString(i) + ") at (" + idx.ra(i) + ", " + idx.dec(i) + ") lies in cell " + cell
                            + ", not the partition's cell " + p.healpix() + " (order " + p.order() + ")"
                            + (tolerated > 0 ? "; tolerated (lenient positions)" : "")));
                }
            }
        }
        if (reported > MAX_PER_CHECK || tolerated > 0) {
            problems.add(new ValidationReport.Problem(severity, idx.name(), reported + " objects in all lie outside"
                    + " their partition's cell" + (tolerated > 0 ? " (tolerated: opened with lenient positions)" : "")));
        }
    }

    /** The exception's message without a leading "location: " already shown beside it. */
    private static String withoutLocation(MmuException e, String location) {
        String m = e.getMessage();
        return m.startsWith(location + ": ") ? m.substring(location.length() + 2) : m;
    }

    private static ValidationReport.Problem warning(String location, String message) {
        return new ValidationReport.Problem(ValidationReport.Severity.WARNING, location, message);
    }

    private static ValidationReport.Problem error(String location, String message) {
        return new ValidationReport.Problem(ValidationReport.Severity.ERROR, location, message);
    }
}
