package org.mmu.internal.hats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.CoordinateColumns;
import org.mmu.core.IndexSort;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.ProgressListener;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.build.SkyHashes;
import org.mmu.internal.output.Temporaries;
import org.mmu.internal.parquet.ParquetBatchWriter;

/**
 * Writes a dataset as a HATS object catalog, laid out as hats-import writes one:
 * {@code dataset/Norder=K/Dir=D/Npix=N.parquet} partitions ({@link HatsPartitioning}: adaptive,
 * under a row cap), each holding {@code _healpix_29} (the order-29 NESTED cell of ra/dec) and then
 * the dataset's columns, rows sorted by {@code _healpix_29}; {@code dataset/_metadata} and
 * {@code _common_metadata}; {@code partition_info.csv}; {@code skymap.fits} (row counts at the
 * highest order); {@code hats.properties} and {@code properties}.
 *
 * <p>Memory: the index, two longs and an int per object, and one bounded chunk of rows: each
 * partition is read from the source through its row-level reader a chunk at a time, never the
 * whole survey. Written under a temporary name beside the output and renamed into place.
 */
public final class HatsObjectWriter {
    /** The column hats-import adds: the order-29 NESTED cell of each row's position. */
    public static final String HEALPIX_COLUMN = HatsTable.DEFAULT_HEALPIX_COLUMN;
    public static final int DEFAULT_MAX_ROWS = HatsPartitioning.DEFAULT_MAX_ROWS;
    public static final int DEFAULT_HIGHEST_ORDER = HatsPartitioning.DEFAULT_HIGHEST_ORDER;
    public static final int MAX_ORDER = HatsPartitioning.MAX_ORDER;
    /** The deepest {@code skymap.fits} written: 12 * 4^10 pixels are 96 MiB, hats-import's default map. */
    public static final int MAX_SKYMAP_ORDER = 10;
    /** Bytes of decoded rows read from the source at a time (at most a sixteenth of the heap). */
    static final long CHUNK_BYTES = 64L << 20;

    /** Options; see {@code org.mmu.HatsExport}. */
    public record Options(String name, long maxRows, int lowestOrder, int highestOrder, double marginArcsec,
            boolean overwrite, int threads, ProgressListener progress) {
    }

    /** What was written; {@code marginRows} is -1 without a margin catalog. */
    public record Written(Path catalog, long rows, List<HatsPixel> partitions, long marginRows) {
    }

    private HatsObjectWriter() {
    }

    /** Writes {@code source} (whose id/ra/dec columns are {@code columns}) as a HATS catalog at {@code out}. */
    public static Written write(MmuDataset source, CoordinateColumns columns, Path out, Options o) {
        if (o.maxRows() < 1) {
            throw new MmuInputException("the rows per partition must be >= 1, got " + o.maxRows());
        }
        if (o.lowestOrder() < 0 || o.highestOrder() > MAX_ORDER || o.lowestOrder() > o.highestOrder()) {
            throw new MmuInputException("the partition orders must satisfy 0 <= lowest <= highest <= " + MAX_ORDER
                    + ", got lowest " + o.lowestOrder() + ", highest " + o.highestOrder());
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !o.overwrite()) {
            throw new MmuInputException(target + ": output already exists (remove it or pass --overwrite)");
        }
        ObjectIndex idx = source.index();
        int n = idx.size();
        if (n == 0) {
            throw new MmuInputException(source.location() + ": no objects to export: a HATS catalog needs at least one partition");
        }
        Schema data = dataSchema(source);
        o.progress().onProgress("hash positions", 0, n);
        long[] h29 = SkyHashes.order29(idx, o.threads());
        int[] sorted = IndexSort.argsort(n, (a, b) -> {
            int c = Long.compare(h29[a], h29[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        long[] cells = new long[n];
        for (int i = 0; i < n; i++) {
            cells[i] = h29[sorted[i]];
        }
        o.progress().onProgress("hash positions", n, n);
        List<HatsPartitioning.Leaf> plan = HatsPartitioning.plan(cells, o.lowestOrder(), o.highestOrder(), o.maxRows());
        for (HatsPartitioning.Leaf leaf : plan) {
            if (leaf.rows() > o.maxRows()) {
                throw new MmuInputException(source.location() + ": the pixel " + leaf.pixel() + " holds " + leaf.rows()
                        + " objects, more than the " + o.maxRows() + " rows per partition allowed, at the highest order "
                        + o.highestOrder() + ": raise the highest order or the rows per partition");
            }
        }
        String name = o.name() != null ? o.name() : target.getFileName().toString();
        boolean margin = o.marginArcsec() > 0;
        if (margin && !name.matches("[A-Za-z0-9_.\\-]+")) {
            throw new MmuInputException("the catalog name '" + name + "' names a directory of the collection: use letters, "
                    + "digits, '_', '.' and '-' only");
        }
        Temporaries.sweep(target); // what a killed export left
        Path tmp = Temporaries.sibling(target);
        try {
            Files.createDirectories(tmp);
            Leaves rows = new Leaves(source, data, sorted, cells, rowsPerChunk(data));
            Path primary = margin ? tmp.resolve(name) : tmp;
            List<HatsPixel> pixels = new ArrayList<>();
            List<String> files = new ArrayList<>();
            for (HatsPartitioning.Leaf leaf : plan) {
                files.add(rows.write(primary, leaf.pixel(), java.util.stream.IntStream.range(leaf.from(), leaf.to()).toArray()));
                pixels.add(leaf.pixel());
                o.progress().onProgress("write partitions", pixels.size(), plan.size());
            }
            o.progress().onProgress("write summary files", 0, 1);
            ParquetSummaryFiles.write(primary.resolve(HatsPaths.DATASET_DIR), files);
            o.progress().onProgress("write summary files", 1, 1);
            HatsCatalogFiles.writePartitionInfo(primary, pixels);
            int skymapOrder = Math.min(o.highestOrder(), MAX_SKYMAP_ORDER);
            writeSkymap(primary, cells, skymapOrder);
            o.progress().onProgress("write skymap", 1, 1);
            Map<String, String> p = tableProperties(name, "object", n, columns);
            p.put(HatsProperties.SKYMAP_ORDER, Integer.toString(skymapOrder));
            p.put(HatsProperties.MAX_ROWS, Long.toString(o.maxRows()));
            finishTable(primary, p, pixels);
            long marginRows = 0;
            if (margin) {
                String marginName = name + "_" + arcsec(o.marginArcsec()) + "arcs";
                HatsMarginWriter.Result m = HatsMarginWriter.write(tmp.resolve(marginName), plan, idx, sorted,
                        o.marginArcsec(), rows, o.progress());
                marginRows = m.rows();
                Map<String, String> c = new LinkedHashMap<>();
                c.put(HatsProperties.NAME, target.getFileName().toString());
                c.put(HatsProperties.PRIMARY, name);
                if (marginRows > 0) {
                    Map<String, String> mp = tableProperties(marginName, "margin", marginRows, columns);
                    mp.put(HatsProperties.PRIMARY, target.getFileName() + "/" + name);
                    mp.put(HatsProperties.MARGIN_THRESHOLD, Double.toString(o.marginArcsec()));
                    finishTable(tmp.resolve(marginName), mp, m.pixels());
                    c.put(HatsProperties.ALL_MARGINS, marginName);
                    c.put(HatsProperties.DEFAULT_MARGIN, marginName);
                }
                HatsCatalogFiles.putProvenance(c);
                c.put(HatsProperties.ESTSIZE, Long.toString(HatsCatalogFiles.sizeKib(tmp)));
                c.put(HatsProperties.RELEASE_DATE, HatsCatalogFiles.HATS_RELEASE_DATE);
                HatsCatalogFiles.writeCollectionProperties(tmp, c);
            }
            HatsCatalogFiles.publish(tmp, target, o.overwrite());
            return new Written(target, n, List.copyOf(pixels), margin ? marginRows : -1);
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot write the HATS catalog: " + e.getMessage(), e);
        } finally {
            Temporaries.discard(tmp);
        }
    }

    /** {@code 10} for 10.0, {@code 1.5} for 1.5: the threshold in a margin catalog's name. */
    private static String arcsec(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    /** The keys every table we write starts with, in hats' order. */
    private static Map<String, String> tableProperties(String name, String type, long rows, CoordinateColumns columns) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(HatsProperties.NAME, name);
        p.put(HatsProperties.TYPE, type);
        p.put(HatsProperties.NROWS, Long.toString(rows));
        p.put(HatsProperties.RA, columns.ra());
        p.put(HatsProperties.DEC, columns.dec());
        p.put(HatsProperties.HEALPIX, HEALPIX_COLUMN);
        p.put(HatsProperties.HEALPIX_ORDER, Integer.toString(SkyHashes.MAX_ORDER));
        p.put(HatsProperties.NPIX_SUFFIX, HatsPaths.DEFAULT_SUFFIX);
        return p;
    }

    /** Ends a table's properties (order, sky fraction, provenance, size) and writes them: the table's last file. */
    private static void finishTable(Path dir, Map<String, String> p, List<HatsPixel> pixels) throws IOException {
        p.put(HatsProperties.ORDER, Integer.toString(HatsCatalogFiles.maxOrder(pixels)));
        p.put(HatsProperties.SKY_FRACTION, HatsCatalogFiles.skyFraction(pixels));
        HatsCatalogFiles.putProvenance(p);
        p.put(HatsProperties.ESTSIZE, Long.toString(HatsCatalogFiles.sizeKib(dir)));
        p.put(HatsProperties.RELEASE_DATE, HatsCatalogFiles.HATS_RELEASE_DATE);
        HatsCatalogFiles.writeProperties(dir, p);
    }

    /**
     * Writes partition files of the source's rows: each a pixel's rows, given as positions in the
     * objects sorted by {@code _healpix_29}, read from the source a chunk at a time.
     */
    static final class Leaves {
        private final MmuDataset source;
        private final Schema data;
        private final int[] sorted;
        private final long[] cells;
        private final int rowsPerChunk;

        Leaves(MmuDataset source, Schema data, int[] sorted, long[] cells, int rowsPerChunk) {
            this.source = source;
            this.data = data;
            this.sorted = sorted;
            this.cells = cells;
            this.rowsPerChunk = rowsPerChunk;
        }

        /** Writes {@code catalog/dataset/Norder=K/Dir=D/Npix=N.parquet}; returns its path relative to {@code dataset/}. */
        String write(Path catalog, HatsPixel pixel, int[] ranks) throws IOException {
            String rel = HatsPaths.pixelStem(pixel.order(), pixel.pixel()) + HatsPaths.DEFAULT_SUFFIX;
            Path file = catalog.resolve(HatsPaths.DATASET_DIR).resolve(rel);
            Files.createDirectories(file.getParent());
            try (ParquetBatchWriter w = new ParquetBatchWriter(file, data, Map.of(), ParquetBatchWriter.Profile.DATA)) {
                for (int from = 0; from < ranks.length; from += rowsPerChunk) {
                    int to = Math.min(ranks.length, from + rowsPerChunk);
                    int[] positions = new int[to - from];
                    long[] h = new long[to - from];
                    for (int j = from; j < to; j++) {
                        positions[j - from] = sorted[ranks[j]];
                        h[j - from] = cells[ranks[j]];
                    }
                    w.write(withHealpix(source.read(positions), h, data));
                }
            }
            return rel;
        }
    }

    /** {@code _healpix_29} first, then the source's columns (a source {@code _healpix_29} is replaced: it is recomputed). */
    private static Schema dataSchema(MmuDataset source) {
        List<ColumnSpec> cols = new ArrayList<>();
        cols.add(ColumnSpec.scalar(HEALPIX_COLUMN, org.mmu.core.DType.INT64));
        for (ColumnSpec c : source.schema()) {
            if (!c.name().equals(HEALPIX_COLUMN)) {
                cols.add(c);
            }
        }
        return Schema.of(cols);
    }

    private static RowBatch withHealpix(RowBatch rows, long[] cells, Schema data) {
        List<Column> cols = new ArrayList<>(data.size());
        cols.add(Column.of(HEALPIX_COLUMN, cells));
        for (int i = 1; i < data.size(); i++) {
            cols.add(rows.column(data.get(i).name()));
        }
        return RowBatch.of(cols);
    }

    /** Rows per read: a chunk of about {@link #CHUNK_BYTES} (at most a sixteenth of the heap) of decoded values. */
    static int rowsPerChunk(Schema schema) {
        long rowBytes = 0;
        for (ColumnSpec c : schema) {
            long elements = c.elementsPerRow() < 0 ? 1024 : c.elementsPerRow(); // variable shapes: a guess
            rowBytes += elements * (c.type().byteWidth() < 0 ? 32 : c.type().byteWidth());
        }
        long budget = Math.min(CHUNK_BYTES, Math.max(4L << 20, Runtime.getRuntime().maxMemory() / 16));
        return (int) Math.max(1, Math.min(1 << 20, budget / Math.max(1, rowBytes)));
    }

    /** The row counts at {@code order} of the sorted cells, sparse (counted first: no array per object), written as the dense map. */
    private static void writeSkymap(Path dir, long[] sortedCells, int order) throws IOException {
        int shift = 2 * (SkyHashes.MAX_ORDER - order);
        int occupied = 0;
        for (int i = 0; i < sortedCells.length; i++) {
            if (i == 0 || sortedCells[i] >>> shift != sortedCells[i - 1] >>> shift) {
                occupied++;
            }
        }
        long[] pixels = new long[occupied];
        long[] counts = new long[occupied];
        int k = -1;
        for (int i = 0; i < sortedCells.length; i++) {
            if (i == 0 || sortedCells[i] >>> shift != sortedCells[i - 1] >>> shift) {
                pixels[++k] = sortedCells[i] >>> shift;
            }
            counts[k]++;
        }
        HatsSkymap.write(dir.resolve(HatsSkymap.FILE), order, pixels, counts);
    }
}
