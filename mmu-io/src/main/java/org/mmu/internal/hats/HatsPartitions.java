package org.mmu.internal.hats;

import org.mmu.core.Parallel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.mmu.core.DataFormat;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.PartitionRef;
import org.mmu.internal.storage.Storage;

/**
 * Finds a HATS table's partition files and their row counts while reading as little as
 * possible: pixels from {@code partition_info.csv} (else the row groups of {@code dataset/_metadata},
 * else a listing of {@code dataset/}, which plain HTTP cannot do); files per pixel from
 * {@code hats_npix_suffix}; rows from {@code _metadata} row groups, else from each file's footer.
 * {@code partition_info.csv} and {@code _metadata} are cross-checked: a file one lists and the
 * other lacks is an error naming it.
 */
final class HatsPartitions {

    /** The partitions found, in nested sky order, and where each fact came from (for {@code mmu inspect}). */
    record Found(List<PartitionRef> partitions, String pixelSource, String rowSource) {
    }

    private final Storage storage;
    private final String prefix;
    private final String suffix;
    private final ParquetFooters.Footer metadata;
    private final int threads;
    private final boolean checkOverlap;
    private final String leafTemplate;
    private final String healpixColumn;
    private final int healpixOrder;

    /**
     * @param prefix       the table's directory inside the storage ({@code ""} or {@code "name/"})
     * @param metadata     the {@code dataset/_metadata} footer, or null when absent
     * @param checkOverlap whether partitions must not overlap (true for object/source tables)
     * @param leafTemplate where each pixel's file lives instead of the Norder/Dir/Npix tree
     *                     ({@link HatsPaths#expand}), or null
     * @param healpixColumn the HEALPix column, whose row-group statistics place files that
     *                      {@code _metadata} names outside the Norder/Dir/Npix tree
     */
    HatsPartitions(Storage storage, String prefix, String suffix, ParquetFooters.Footer metadata, int threads,
            boolean checkOverlap, String leafTemplate, String healpixColumn, int healpixOrder) {
        this.storage = storage;
        this.prefix = prefix;
        this.suffix = suffix;
        this.metadata = metadata;
        this.threads = threads;
        this.checkOverlap = checkOverlap;
        this.leafTemplate = leafTemplate;
        this.healpixColumn = healpixColumn;
        this.healpixOrder = healpixOrder;
        if (leafTemplate != null && isDirectorySuffix()) {
            throw new MmuInputException(where(HatsPaths.PROPERTIES) + ": hats_npix_suffix is '/' (a directory of files per "
                    + "pixel), which a leaf path template cannot name; open the catalog without one");
        }
    }

    private String where(String path) {
        return storage.location() + "/" + HatsPaths.join(prefix, path);
    }

    record Pixel(int order, long npix) {
        /** Position on the sky in nested order: a pixel's first order-29 cell (hats sorts partitions this way). */
        long nestedStart() {
            return npix << (2 * (29 - order));
        }

        long nestedEnd() {
            return (npix + 1) << (2 * (29 - order));
        }

        String label() {
            return "Norder=" + order + "/Npix=" + npix;
        }
    }

    static final Comparator<Pixel> SKY_ORDER = Comparator.comparingLong(Pixel::nestedStart)
            .thenComparingInt(Pixel::order);

    Found find() {
        Map<Pixel, List<String>> listed = null; // dataset-relative files per pixel, when we had to list
        List<Pixel> pixels;
        String pixelSource;
        if (storage.exists(HatsPaths.join(prefix, HatsPaths.PARTITION_INFO))) {
            pixels = readPartitionInfo();
            pixelSource = HatsPaths.PARTITION_INFO;
        } else if (metadata != null) {
            String foreign = foreignMetadataPaths().stream().findFirst().orElse(null);
            if (foreign != null) {
                throw new MmuFormatException(where(HatsPaths.METADATA), "names '" + foreign + "', a file outside the "
                        + "Norder=K/Dir=D/Npix=N tree, and there is no " + HatsPaths.PARTITION_INFO
                        + " to say which pixels the catalog has");
            }
            pixels = pixelsOfMetadata();
            pixelSource = HatsPaths.METADATA + " (no " + HatsPaths.PARTITION_INFO + ")";
        } else {
            listed = listLeaves();
            pixels = new ArrayList<>(listed.keySet());
            pixelSource = "listing of " + HatsPaths.DATASET_DIR + "/ (no " + HatsPaths.PARTITION_INFO + " or _metadata)";
        }
        if (pixels.isEmpty()) {
            throw new MmuFormatException(where(HatsPaths.PARTITION_INFO), "the catalog has no partitions (" + pixelSource + ")");
        }
        pixels.sort(SKY_ORDER);
        checkDistinct(pixels, pixelSource);

        Map<Pixel, String> placed = metadata == null || isDirectorySuffix() ? Map.of() : placeForeignFiles(pixels);
        List<Pixel> filePixels = new ArrayList<>();
        List<String> files = new ArrayList<>(); // dataset-relative, as _metadata names them
        List<String> paths = new ArrayList<>(); // storage-relative, where they are read
        List<Integer> groupIds = new ArrayList<>();
        for (Pixel p : pixels) {
            List<String> own = placed.containsKey(p) ? List.of(placed.get(p)) : filesOf(p, listed);
            for (int i = 0; i < own.size(); i++) {
                filePixels.add(p);
                files.add(own.get(i));
                paths.add(leafTemplate != null ? HatsPaths.join(prefix, HatsPaths.expand(leafTemplate, p.order(), p.npix()))
                        : normalize(HatsPaths.join(prefix, HatsPaths.DATASET_DIR + "/" + own.get(i))));
                groupIds.add(isDirectorySuffix() ? i : -1);
            }
        }

        long[] rows = new long[files.size()];
        long[] bytes = new long[files.size()];
        String rowSource;
        if (metadata != null) {
            rowsFromMetadata(files, rows, pixelSource);
            java.util.Arrays.fill(bytes, -1);
            rowSource = HatsPaths.METADATA + " row groups";
        } else {
            List<ParquetFooters.Footer> footers = Parallel.map(paths, threads, "reading the footers of " + where(HatsPaths.DATASET_DIR),
                    f -> readLeafFooter(f, pixelSource));
            for (int i = 0; i < files.size(); i++) {
                rows[i] = footers.get(i).rows();
                bytes[i] = footers.get(i).bytes();
            }
            rowSource = "leaf file footers (no " + HatsPaths.METADATA + ")";
        }
        List<PartitionRef> refs = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            Pixel p = filePixels.get(i);
            refs.add(new PartitionRef(p.order(), p.npix(), groupIds.get(i), paths.get(i), DataFormat.PARQUET, rows[i], bytes[i]));
        }
        return new Found(List.copyOf(refs), pixelSource, rowSource);
    }

    private boolean isDirectorySuffix() {
        return HatsPaths.DIRECTORY_SUFFIX.equals(suffix);
    }

    /** {@code Norder,Npix} with any other columns ({@code Dir} in older catalogs) ignored; header names decide. */
    private List<Pixel> readPartitionInfo() {
        String path = HatsPaths.join(prefix, HatsPaths.PARTITION_INFO);
        String text = new String(storage.readAll(path), StandardCharsets.UTF_8);
        String[] lines = text.split("\\r?\\n");
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new MmuFormatException(where(HatsPaths.PARTITION_INFO), "empty file; expected a header 'Norder,Npix'");
        }
        List<String> header = List.of(lines[0].replace("\uFEFF", "").trim().split("\\s*,\\s*"));
        int orderCol = header.indexOf("Norder");
        int npixCol = header.indexOf("Npix");
        if (orderCol < 0 || npixCol < 0) {
            throw new MmuFormatException(where(HatsPaths.PARTITION_INFO), "header " + header
                    + " lacks Norder and Npix columns (expected 'Norder,Npix' or the older 'Norder,Dir,Npix')");
        }
        List<Pixel> out = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].trim().split("\\s*,\\s*");
            try {
                int order = Integer.parseInt(cells[orderCol]);
                long npix = Long.parseLong(cells[npixCol]);
                checkPixel(order, npix, "line " + (i + 1));
                out.add(new Pixel(order, npix));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new MmuFormatException(where(HatsPaths.PARTITION_INFO), "line " + (i + 1) + " '" + lines[i]
                        + "' is not 'Norder,Npix' integers");
            }
        }
        return out;
    }

    private void checkPixel(int order, long npix, String at) {
        if (order < 0 || order > 29 || npix < 0 || npix >= 12L << (2 * order)) {
            throw new MmuFormatException(where(HatsPaths.PARTITION_INFO), at + ": Norder=" + order + ", Npix=" + npix
                    + " is not a HEALPix pixel");
        }
    }

    private List<Pixel> pixelsOfMetadata() {
        Map<Pixel, Boolean> seen = new LinkedHashMap<>();
        for (ParquetFooters.RowGroup g : metadata.rowGroups()) {
            HatsPaths.Leaf leaf = g.path() == null ? null : HatsPaths.parse(g.path());
            if (leaf != null) {
                seen.put(new Pixel(leaf.order(), leaf.npix()), true);
            }
        }
        return new ArrayList<>(seen.keySet());
    }

    /** Data files under {@code dataset/}, grouped by pixel (dataset-relative paths, sorted). */
    private Map<Pixel, List<String>> listLeaves() {
        String dir = HatsPaths.join(prefix, HatsPaths.DATASET_DIR);
        List<String> all;
        try {
            all = storage.list(dir);
        } catch (UnsupportedOperationException e) {
            throw new MmuFormatException(where(HatsPaths.DATASET_DIR), "this catalog has neither " + HatsPaths.PARTITION_INFO
                    + " nor " + HatsPaths.METADATA + ", and " + storage.scheme()
                    + " storage cannot list directories, so its partitions cannot be found");
        }
        String datasetPrefix = dir + "/";
        Map<Pixel, List<String>> out = new TreeMap<>(SKY_ORDER);
        for (String path : all) {
            String rel = path.startsWith(datasetPrefix) ? path.substring(datasetPrefix.length()) : path;
            HatsPaths.Leaf leaf = HatsPaths.parse(rel);
            if (leaf == null || !matchesSuffix(leaf.rest())) {
                continue;
            }
            out.computeIfAbsent(new Pixel(leaf.order(), leaf.npix()), k -> new ArrayList<>()).add(rel);
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    private boolean matchesSuffix(String rest) {
        if (isDirectorySuffix()) {
            return rest.startsWith("/") && rest.indexOf('/', 1) < 0 && HatsPaths.isDataFileName(rest);
        }
        return rest.equals(suffix);
    }

    private void checkDistinct(List<Pixel> sorted, String source) {
        for (int i = 1; i < sorted.size(); i++) {
            Pixel a = sorted.get(i - 1);
            Pixel b = sorted.get(i);
            if (a.equals(b)) {
                throw new MmuFormatException(where(HatsPaths.PARTITION_INFO), source + " lists " + a.label() + " twice");
            }
            if (checkOverlap && a.nestedEnd() > b.nestedStart()) {
                throw new MmuFormatException(where(HatsPaths.PARTITION_INFO), source + " lists overlapping partitions "
                        + a.label() + " and " + b.label() + ": every sky position must belong to one partition");
            }
        }
    }

    /** The dataset-relative files of one pixel. */
    private List<String> filesOf(Pixel p, Map<Pixel, List<String>> listed) {
        String stem = HatsPaths.pixelStem(p.order(), p.npix());
        if (!isDirectorySuffix()) {
            return List.of(stem + suffix);
        }
        List<String> files;
        if (listed != null) {
            files = listed.getOrDefault(p, List.of());
        } else if (metadata != null) {
            String dirPrefix = stem + "/";
            files = metadata.rowGroups().stream().map(ParquetFooters.RowGroup::path)
                    .filter(path -> path != null).map(HatsPaths::datasetRelative)
                    .filter(path -> path.startsWith(dirPrefix) && matchesSuffix(path.substring(stem.length())))
                    .distinct().sorted().toList();
        } else {
            String dir = HatsPaths.join(prefix, HatsPaths.DATASET_DIR + "/" + stem);
            try {
                files = storage.list(dir).stream()
                        .map(path -> path.substring(HatsPaths.join(prefix, HatsPaths.DATASET_DIR + "/").length()))
                        .filter(rel -> matchesSuffix(rel.substring(stem.length())))
                        .sorted().toList();
            } catch (UnsupportedOperationException e) {
                throw new MmuFormatException(where(HatsPaths.DATASET_DIR + "/" + stem), "hats_npix_suffix is '/' (a directory "
                        + "of files per pixel) but there is no " + HatsPaths.METADATA + " naming them and " + storage.scheme()
                        + " storage cannot list directories");
            } catch (MmuFormatException e) {
                files = List.of(); // no such directory: reported below with the catalog's context
            }
        }
        if (files.isEmpty()) {
            throw new MmuFormatException(where(HatsPaths.DATASET_DIR + "/" + stem + "/"), "partition " + p.label()
                    + " has no Parquet files in its Npix directory (hats_npix_suffix is '/')");
        }
        return files;
    }

    /** Rows per file from {@code _metadata}; each side's extra files are errors naming them. */
    private void rowsFromMetadata(List<String> files, long[] rows, String pixelSource) {
        Map<String, Long> byPath = new LinkedHashMap<>();
        for (ParquetFooters.RowGroup g : metadata.rowGroups()) {
            if (g.path() == null) {
                throw new MmuFormatException(where(HatsPaths.METADATA), "a row group has no file path: this _metadata "
                        + "file does not summarise the leaf files");
            }
            byPath.merge(HatsPaths.datasetRelative(g.path()), g.rows(), Long::sum);
        }
        for (int i = 0; i < files.size(); i++) {
            Long n = byPath.remove(files.get(i));
            if (n == null) {
                throw new MmuFormatException(where(HatsPaths.DATASET_DIR + "/" + files.get(i)), "listed by " + pixelSource
                        + " (hats_npix_suffix '" + suffix + "') but " + HatsPaths.METADATA
                        + " has no row group for it: the partition list and _metadata disagree");
            }
            rows[i] = n;
        }
        for (String extra : byPath.keySet()) {
            if (HatsPaths.parse(extra) != null) {
                throw new MmuFormatException(where(HatsPaths.DATASET_DIR + "/" + extra), HatsPaths.METADATA
                        + " has row groups for this file but " + pixelSource + " (hats_npix_suffix '" + suffix
                        + "') does not list it: the partition list and _metadata disagree");
            }
        }
    }

    private ParquetFooters.Footer readLeafFooter(String path, String pixelSource) {
        if (!storage.exists(path)) {
            throw new MmuFormatException(storage.location() + "/" + path, "partition file is missing (listed by "
                    + pixelSource + (leafTemplate != null ? ", placed by the leaf path template '" + leafTemplate + "'"
                    : ", hats_npix_suffix '" + suffix + "'") + ")");
        }
        return ParquetFooters.read(storage, path);
    }

    /** Data files {@code _metadata} names outside the Norder/Dir/Npix tree, in order of first mention. */
    private List<String> foreignMetadataPaths() {
        return metadata.rowGroups().stream().map(ParquetFooters.RowGroup::path)
                .filter(path -> path != null && HatsPaths.parse(path) == null && HatsPaths.isDataFileName(path))
                .distinct().toList();
    }

    /**
     * The pixel of each file {@code _metadata} names outside the Norder/Dir/Npix tree: the listed
     * pixel holding the whole range of its HEALPix column's row-group statistics. A file that fits
     * no pixel, or a pixel claimed twice, is an error naming the file.
     */
    private Map<Pixel, String> placeForeignFiles(List<Pixel> pixels) {
        Map<Pixel, String> placed = new LinkedHashMap<>();
        List<String> foreign = foreignMetadataPaths();
        if (foreign.isEmpty()) {
            return placed;
        }
        java.util.Set<Pixel> inTree = new java.util.HashSet<>(pixelsOfMetadata());
        int shift = 2 * (29 - healpixOrder);
        for (String path : foreign) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (ParquetFooters.RowGroup g : metadata.rowGroups()) {
                if (!path.equals(g.path()) || g.rows() == 0) {
                    continue;
                }
                long[] range = healpixRange(g);
                if (range == null) {
                    throw new MmuFormatException(where(HatsPaths.METADATA), "names '" + path + "', a file outside the "
                            + "Norder=K/Dir=D/Npix=N tree, but has no min/max statistics of its HEALPix column '"
                            + healpixColumn + "' to say which pixel it holds");
                }
                min = Math.min(min, range[0]);
                max = Math.max(max, range[1]);
            }
            long start = min << shift;
            long end = (max + 1) << shift;
            Pixel home = null;
            for (Pixel p : pixels) {
                if (p.nestedStart() <= start && end <= p.nestedEnd()) {
                    home = p;
                    break;
                }
            }
            if (home == null) {
                throw new MmuFormatException(where(HatsPaths.METADATA), "names '" + path + "' (outside the Norder=K/Dir=D/Npix=N "
                        + "tree), whose " + healpixColumn + " values " + min + ".." + max + " lie in no single pixel of "
                        + HatsPaths.PARTITION_INFO + ": the two disagree");
            }
            String other = placed.put(home, path);
            if (other != null || inTree.contains(home)) {
                throw new MmuFormatException(where(HatsPaths.METADATA), "names both '" + path + "' and '"
                        + (other != null ? other : HatsPaths.pixelStem(home.order(), home.npix()) + suffix) + "' for "
                        + home.label() + ": a pixel has one file (hats_npix_suffix '" + suffix + "')");
            }
        }
        return placed;
    }

    /** The min and max of the HEALPix column in a row group, or null without statistics. */
    private long[] healpixRange(ParquetFooters.RowGroup g) {
        if (healpixColumn == null) {
            return null;
        }
        for (org.apache.parquet.hadoop.metadata.ColumnChunkMetaData c : g.block().getColumns()) {
            if (c.getPath().size() == 1 && c.getPath().toArray()[0].equals(healpixColumn)) {
                org.apache.parquet.column.statistics.Statistics<?> st = c.getStatistics();
                if (st == null || !st.hasNonNullValue() || !(st.genericGetMin() instanceof Number)) {
                    return null;
                }
                return new long[] {((Number) st.genericGetMin()).longValue(), ((Number) st.genericGetMax()).longValue()};
            }
        }
        return null;
    }

    /** A storage-relative path with {@code .} and {@code ..} resolved; leaving the storage is an error. */
    private String normalize(String path) {
        if (!path.contains("./")) {
            return path;
        }
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new MmuFormatException(where(HatsPaths.METADATA), "names '" + path + "', which lies outside the catalog");
                }
                parts.removeLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
