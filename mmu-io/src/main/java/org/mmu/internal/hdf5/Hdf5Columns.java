package org.mmu.internal.hdf5;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.NodeType;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.message.DataLayout;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuException;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.Schema;
import org.mmu.internal.storage.ByteSource;

/**
 * Reads the top-level datasets of one HDF5 file as columns: dataset {@code x} of shape
 * {@code (N, d1, d2, ...)} is column {@code x} with N rows of shape {@code [d1, d2, ...]}. This is
 * how h5py surveys (MMU v1) store a table, one dataset per column.
 *
 * <pre>{@code
 * try (Hdf5Columns file = Hdf5Columns.open(storage.open("healpix=1104/001-of-001.hdf5"))) {
 *     Hdf5ColumnInfo image = file.describe("image_array");   // float32[5,16,16], gzip+shuffle, no data read
 *     Column some = file.read("image_array", new int[] {0, 1, 7});
 * }
 * }</pre>
 *
 * <p>Reading selected rows touches only what holds them: consecutive wanted rows are read with
 * one slab read ({@code Dataset.getData(offset, shape)}), so jhdf decodes only the chunks that
 * the slab overlaps; nearby rows in the same or the next chunk (or a few KiB apart in a
 * contiguous dataset) share a read so no chunk is decoded twice. Values come back in the
 * column's {@link DType}: big-endian data is swapped, unsigned integers widened, and strings
 * normalised with {@link Hdf5Strings#normalise}.
 *
 * <p>Every byte goes through the given {@link ByteSource} (via {@link ByteSourceChannel}), so
 * the file may live on any storage. Failures are {@link MmuFormatException}s naming the file and
 * the dataset (with jhdf's own message): not HDF5, truncated, a filter jhdf lacks (szip, blosc),
 * a layout it cannot read (virtual datasets).
 *
 * <p>Not thread-safe: open one instance per task (opening reads the superblock and root group
 * only). Closing it closes the byte source.
 */
public final class Hdf5Columns implements AutoCloseable {
    /** Upper bound of one slab read, so a read of many rows never holds more than this decoded. */
    static final long MAX_READ_BYTES = 32L << 20;
    /** In contiguous datasets, wanted rows at most this many bytes apart are read together. */
    static final long CONTIGUOUS_GAP_BYTES = 64L << 10;

    private final ByteSource source;
    private final HdfFile hdf;
    private final String location;
    private final Map<String, Hdf5ColumnInfo> described = new HashMap<>();
    private Map<String, Dataset> datasets;
    private long unwrapped;

    private Hdf5Columns(ByteSource source, HdfFile hdf) {
        this.source = source;
        this.hdf = hdf;
        this.location = source.location();
    }

    /**
     * Opens an HDF5 file: checks its signature and that it is not shorter than its superblock
     * says. Takes ownership of {@code source} (closed on failure and by {@link #close()}).
     */
    public static Hdf5Columns open(ByteSource source) {
        String location = source.location();
        HdfFile hdf = null;
        try {
            hdf = new HdfFile(new ByteSourceChannel(source), uriOf(location));
            checkNotTruncated(hdf, source);
            return new Hdf5Columns(source, hdf);
        } catch (RuntimeException e) {
            closeQuietly(hdf);
            source.close();
            if (e instanceof MmuException m) {
                throw m;
            }
            throw new MmuFormatException(location, "cannot open as HDF5" + reason(e), e);
        }
    }

    /** The file's superblock records where the file ends; a shorter file lost its tail. */
    private static void checkNotTruncated(HdfFile hdf, ByteSource source) {
        Superblock sb = hdf.getHdfBackingStorage().getSuperblock();
        long end = sb.getBaseAddressByte() + sb.getEndOfFileAddress();
        if (end > source.size()) {
            throw new MmuFormatException(source.location(), "HDF5 file is truncated: it has " + source.size()
                    + " bytes but its superblock says it ends at byte " + end);
        }
    }

    /** The file's path or URI. */
    public String location() {
        return location;
    }

    /** The file's size in bytes. */
    public long sizeInBytes() {
        return source.size();
    }

    /**
     * How many strings read so far carried a literal {@code b'...'} wrapper (removed): a quirk
     * of some MMU build scripts worth reporting.
     */
    public long bytesWrappersRemoved() {
        return unwrapped;
    }

    /** The names of the top-level datasets (groups and other nodes are ignored), in file order. */
    public List<String> names() {
        return List.copyOf(datasets().keySet());
    }

    public boolean has(String name) {
        return datasets().containsKey(name);
    }

    /** What the dataset's metadata says about it as a column; reads no data. */
    public Hdf5ColumnInfo describe(String name) {
        Hdf5ColumnInfo info = described.get(name);
        if (info == null) {
            info = describe(dataset(name));
            described.put(name, info);
        }
        return info;
    }

    /** {@link #describe(String)} of every top-level dataset, in file order. */
    public Map<String, Hdf5ColumnInfo> describeAll() {
        Map<String, Hdf5ColumnInfo> out = new LinkedHashMap<>();
        for (String n : names()) {
            out.put(n, describe(n));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The readable datasets as columns ({@link #describe} of each, unreadable ones left out), in
     * file order: the schema probe of a file.
     */
    public Schema schema() {
        List<ColumnSpec> specs = new ArrayList<>();
        for (Hdf5ColumnInfo info : describeAll().values()) {
            if (info.readable()) {
                specs.add(info.spec());
            }
        }
        return Schema.of(specs);
    }

    /**
     * Reads some rows of a dataset as a column of its own type and shape.
     *
     * @param rows row numbers, ascending and distinct; {@code null} for all rows
     */
    public Column read(String name, int[] rows) {
        return read(name, rows, null);
    }

    /**
     * Reads some rows of a dataset as a column of the given spec: its name; a type the file's
     * type widens to losslessly (int to wider int or float64, float32 to float64); the file's
     * per-row shape, where a dimension may be {@link ColumnSpec#VARIABLE} (then every row carries
     * this file's length, e.g. spectra whose length differs between files).
     *
     * @param rows row numbers, ascending and distinct; {@code null} for all rows
     * @param as   the column to produce, or {@code null} for the file's own type and shape
     */
    public Column read(String name, int[] rows, ColumnSpec as) {
        Hdf5ColumnInfo info = describe(name);
        if (!info.readable()) {
            throw new MmuFormatException(location, "dataset '" + name + "' (" + info.storedType()
                    + ") cannot be read as a column: " + info.unsupported());
        }
        ColumnSpec own = info.spec();
        ColumnSpec spec = as == null ? own : as;
        checkCompatible(name, own, spec);
        int total = rowCount(info);
        checkRows(name, rows, total);
        int n = rows == null ? total : rows.length;
        long perRowLong = own.elementsPerRow();
        long elements = n * perRowLong;
        if (elements > Integer.MAX_VALUE - 16) {
            throw new MmuInputException(location + ": reading " + n + " rows of dataset '" + name + "' needs " + elements
                    + " elements, more than one column holds; read fewer rows at a time");
        }
        int perRow = (int) perRowLong;
        Object out = spec.type().newArray((int) elements);
        if (elements > 0) {
            fill(dataset(name), info, rows == null ? identity(total) : rows, perRow, spec.type(), out);
        }
        return build(spec, own, out, n);
    }

    private void fill(Dataset d, Hdf5ColumnInfo info, int[] wanted, int perRow, DType type, Object out) {
        String name = info.name();
        if (isUnallocated(d, name)) {
            // h5py created the dataset but never wrote it: every value is the default fill value
            if (type == DType.STRING) {
                Arrays.fill((String[]) out, "");
            }
            return;
        }
        int elementBytes = info.spec().type() == DType.STRING ? 16 : Math.max(1, info.spec().type().byteWidth());
        long rowBytes = Math.max(1, (long) perRow * elementBytes);
        int maxRows = (int) Math.max(1, Math.min(Integer.MAX_VALUE, MAX_READ_BYTES / rowBytes));
        RowRuns plan = RowRuns.plan(wanted, maxRows, joiner(info, rowBytes));
        int[] dims = d.getDimensions();
        for (int r = 0; r < plan.reads(); r++) {
            int start = plan.start(r);
            int count = plan.count(r);
            Object flat = readSlab(d, name, dims, start, count, perRow);
            for (int k = plan.firstPick(r); k < plan.endPick(r); k++) {
                int srcPos = (plan.row(k) - start) * perRow;
                unwrapped += Hdf5Arrays.convert(flat, srcPos, type, out, k * perRow, perRow,
                        i -> location + ": dataset '" + name + "' row " + (start + i / Math.max(1, perRow)));
            }
        }
    }

    /** Rows {@code [start, start + count)} of a dataset, flattened, in jhdf's element type. */
    private Object readSlab(Dataset d, String name, int[] dims, int start, int count, int perRow) {
        long[] offset = new long[dims.length];
        offset[0] = start;
        int[] shape = dims.clone();
        shape[0] = count;
        Object nested;
        try {
            nested = d.getData(offset, shape);
        } catch (RuntimeException e) {
            throw readFailure(name, start, count, e);
        }
        if (dims.length == 1) {
            return nested;
        }
        Object flat = java.lang.reflect.Array.newInstance(Hdf5Arrays.leafType(nested), count * perRow);
        Hdf5Arrays.flatten(nested, flat, 0);
        return flat;
    }

    /** How jhdf words a filter it does not have (any other filter failure is damaged data). */
    private static final String MISSING_FILTER = "filter is not available";

    private RuntimeException readFailure(String name, int start, int count, RuntimeException e) {
        String what = "failed to read dataset '" + name + "' (rows " + start + ".." + (start + count - 1) + ")";
        if (e instanceof HdfFilterException && String.valueOf(e.getMessage()).contains(MISSING_FILTER)) {
            return new MmuFormatException(location, what + ": it is compressed with an HDF5 filter jhdf does not"
                    + " implement; jhdf reads deflate/gzip, shuffle, LZF, LZ4, bitshuffle and fletcher32, so rewrite"
                    + " the file with one of those", e);
        }
        if (e instanceof HdfFilterException) {
            // a filter jhdf has, failing on the bytes: the chunk is damaged, not the file's choice of filter
            return new MmuFormatException(location, what + ": a compressed chunk is damaged and does not decode (jhdf: "
                    + rootMessage(e) + "); the file is corrupt or truncated: copy or download it again", e);
        }
        if (e instanceof MmuStorageException) {
            return new MmuStorageException(location, what, e);
        }
        return new MmuFormatException(location, what + reason(e), e);
    }

    /** Reading the gap between two wanted rows costs less than a second read when... */
    private static RowRuns.Joiner joiner(Hdf5ColumnInfo info, long rowBytes) {
        return switch (info.layout()) {
            // ... they sit in the same or adjacent chunks: no chunk is decoded that is not needed anyway
            case "chunked" -> {
                int c = Math.max(1, info.chunkRows());
                yield (a, b) -> b / c - a / c <= 1;
            }
            // ... the data is inside the object header anyway
            case "compact" -> (a, b) -> true;
            // ... the gap is a few KiB (one request instead of two on remote storage)
            default -> (a, b) -> (long) (b - a - 1) * rowBytes <= CONTIGUOUS_GAP_BYTES;
        };
    }

    private boolean isUnallocated(Dataset d, String name) {
        try {
            return d.isEmpty();
        } catch (RuntimeException e) {
            throw readFailure(name, 0, 0, e);
        }
    }

    private static Column build(ColumnSpec spec, ColumnSpec own, Object data, int n) {
        if (spec.isScalar()) {
            return Column.ofScalars(spec, data, n);
        }
        if (!spec.isVariableShape()) {
            return Column.ofFixedArrays(spec, data, n);
        }
        // the dataset's shape says some dimension varies between files: each row carries this file's
        int rank = own.rank();
        int[] shape = own.shape();
        long per = own.elementsPerRow();
        long[] offsets = new long[n + 1];
        int[] rowShapes = new int[n * rank];
        for (int r = 0; r < n; r++) {
            offsets[r + 1] = (r + 1) * per;
            System.arraycopy(shape, 0, rowShapes, r * rank, rank);
        }
        return Column.ofVariableArrays(spec, data, offsets, rowShapes, n, null);
    }

    private void checkCompatible(String name, ColumnSpec own, ColumnSpec as) {
        if (!Hdf5Arrays.canWiden(own.type(), as.type())) {
            throw new MmuInputException(location + ": dataset '" + name + "' holds " + own.typeString()
                    + " values, which cannot be read as " + as.type().label());
        }
        int[] mine = own.shape();
        int[] want = as.shape();
        boolean ok = mine.length == want.length;
        for (int i = 0; ok && i < mine.length; i++) {
            ok = want[i] == ColumnSpec.VARIABLE || want[i] == mine[i];
        }
        if (!ok) {
            throw new MmuInputException(location + ": dataset '" + name + "' has rows of shape "
                    + Arrays.toString(mine) + ", not " + Arrays.toString(want));
        }
    }

    private void checkRows(String name, int[] rows, int total) {
        if (rows == null) {
            return;
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= total) {
                throw new MmuInputException(location + ": row " + rows[i] + " of dataset '" + name
                        + "' does not exist (the file has " + total + " rows)");
            }
            if (i > 0 && rows[i] <= rows[i - 1]) {
                throw new MmuInputException(location + ": rows to read must be ascending and distinct; got "
                        + rows[i - 1] + " then " + rows[i]);
            }
        }
    }

    private int rowCount(Hdf5ColumnInfo info) {
        if (info.rows() > Integer.MAX_VALUE - 16) {
            throw new MmuFormatException(location, "dataset '" + info.name() + "' has " + info.rows()
                    + " rows; at most " + (Integer.MAX_VALUE - 16) + " per file are supported");
        }
        return (int) info.rows();
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private Hdf5ColumnInfo describe(Dataset d) {
        String name = d.getName();
        try {
            long[] dims = d.getDimensionsAsLong();
            Hdf5Types.Mapped m = Hdf5Types.map(d.getDataType());
            String layout = layoutName(d.getDataLayout());
            int chunkRows = d instanceof ChunkedDataset c && c.getChunkDimensions().length > 0
                    ? c.getChunkDimensions()[0] : 0;
            List<String> filters = filterNames(d);
            String why = m.unsupported();
            ColumnSpec spec = null;
            if (why == null && dims.length == 0) {
                why = "a scalar (rank-0) dataset is not a column";
            }
            if (why == null && m.type() == DType.STRING && dims.length > 1) {
                why = "arrays of strings are not supported (rows of shape "
                        + Arrays.toString(Arrays.copyOfRange(dims, 1, dims.length)) + ")";
            }
            if (why == null) {
                int[] shape = new int[dims.length - 1];
                for (int i = 1; i < dims.length; i++) {
                    shape[i - 1] = Math.toIntExact(dims[i]);
                }
                spec = ColumnSpec.of(name, m.type(), shape);
            }
            return new Hdf5ColumnInfo(name, spec, dims.length == 0 ? -1 : dims[0], m.kind(), m.storedType(),
                    m.bigEndian(), layout, chunkRows, filters, why);
        } catch (MmuException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MmuFormatException(location, "cannot read the metadata of dataset '" + name + "'"
                    + reason(e), e);
        }
    }

    private static String layoutName(DataLayout layout) {
        return layout == null ? "unknown" : layout.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> filterNames(Dataset d) {
        try {
            List<String> out = new ArrayList<>();
            for (PipelineFilterWithData f : d.getFilters()) {
                out.add(f.getName());
            }
            return out;
        } catch (HdfFilterException e) {
            // reading the data will fail; say so now, keep the metadata usable
            return List.of("unavailable: " + e.getMessage());
        }
    }

    private Dataset dataset(String name) {
        Dataset d = datasets().get(name);
        if (d == null) {
            throw new MmuFormatException(location, "no dataset '" + name + "'; datasets are " + datasets().keySet());
        }
        return d;
    }

    private Map<String, Dataset> datasets() {
        if (datasets == null) {
            Map<String, Dataset> out = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Node> e : hdf.getChildren().entrySet()) {
                    Node node = e.getValue();
                    if (node.getType() == NodeType.DATASET && node instanceof Dataset d) {
                        out.put(e.getKey(), d);
                    }
                }
            } catch (RuntimeException e) {
                throw new MmuFormatException(location, "cannot read the datasets of the root group" + reason(e), e);
            }
            datasets = out;
        }
        return datasets;
    }

    /**
     * The most specific message in a chain of causes: jhdf wraps the real reason ("Virtual
     * storage is not supported") in generic ones ("Failed to load children for group '/'").
     */
    static String rootMessage(Throwable e) {
        String msg = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                msg = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return msg != null ? msg : e.getClass().getSimpleName();
    }

    /**
     * {@code ": <root cause>"} when the root cause says more than the exception itself (whose
     * message {@link MmuFormatException} appends anyway), else nothing.
     */
    private static String reason(Throwable e) {
        String root = rootMessage(e);
        return root.equals(e.getMessage()) ? "" : ": " + root;
    }

    /** jhdf keeps a URI for messages and external links; it must have a path. */
    private static URI uriOf(String location) {
        try {
            URI u = new URI(location);
            if (u.getScheme() != null && u.getPath() != null) {
                return u;
            }
        } catch (URISyntaxException ignored) {
            // a local path: made into a file URI below
        }
        try {
            return new URI("file", null, location.startsWith("/") ? location : "/" + location, null);
        } catch (URISyntaxException e) {
            return URI.create("file:/unnamed.hdf5");
        }
    }

    private static void closeQuietly(HdfFile hdf) {
        if (hdf != null) {
            try {
                hdf.close();
            } catch (RuntimeException ignored) {
                // already failing: the first error is the one to report
            }
        }
    }

    @Override
    public void close() {
        try {
            hdf.close();
        } finally {
            source.close();
        }
    }

    @Override
    public String toString() {
        return "Hdf5Columns[" + location + "]";
    }
}
