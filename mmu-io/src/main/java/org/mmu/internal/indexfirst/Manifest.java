package org.mmu.internal.indexfirst;

import java.io.IOException;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.DataFormat;
import org.mmu.core.IdType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.PartitionRef;
import org.mmu.core.Schema;
import org.mmu.internal.storage.FileChecksum;

/**
 * The manifest {@value #FILE_NAME} at the root of an index-first dataset: everything needed to
 * use the dataset without listing a directory (so plain HTTP works). Specified in
 * {@code docs/format.md}; this class is the only code that reads or writes it. Immutable.
 *
 * @param name            survey name
 * @param order           HEALPix order of the partitioning (NESTED)
 * @param objectsPerGroup maximum objects per group file
 * @param dataFormat      format of the data partitions
 * @param idType          type of object ids
 * @param idColumn        data column holding the object id
 * @param raColumn        data column holding right ascension (degrees)
 * @param decColumn       data column holding declination (degrees)
 * @param rowCount        number of objects
 * @param columns         schema of the data partitions
 * @param indexFiles      the {@code _index} files
 * @param partitions      the data partitions, sorted by (healpix, object_group_id)
 * @param createdBy       writer and version
 * @param checksums       block checksums of the index files and partitions, by path (format 1.1; empty
 *                        for 1.0 datasets)
 * @param metadataBytes   per Parquet partition path, the bytes of its page index and footer at the
 *                        end of the file (format 1.1; absent for older datasets and HDF5 partitions)
 * @param indexColumns    data columns carried in the index files besides the six standard ones
 *                        (format 1.2), for filters before matching
 * @param revision        which version of the dataset this manifest describes (format 1.2; version 1
 *                        for older datasets)
 * @param added           columns added after the build and the column files that hold them beside
 *                        the partitions written before (format 1.4)
 */
public record Manifest(String name, int order, int objectsPerGroup, DataFormat dataFormat, IdType idType,
        String idColumn, String raColumn, String decColumn, long rowCount, Schema columns, List<FileEntry> indexFiles,
        List<PartitionRef> partitions, String createdBy, Map<String, FileChecksum> checksums,
        Map<String, Long> metadataBytes, List<String> indexColumns, Revision revision, AddedColumns added) {

    public static final String FILE_NAME = "mmu_dataset.json";
    public static final String FORMAT = "mmu-index-first";
    /** Major.minor. Readers accept any minor version of their major (minor bumps only add fields). */
    public static final String FORMAT_VERSION = "1.4";
    public static final int FORMAT_MAJOR = 1;
    /** From this minor version on, every file carries a checksum and the manifest its own. */
    static final int CHECKSUMS_SINCE_MINOR = 1;
    /** The manifest's own CRC-32C: computed over the file with this field's value set to eight zeros. */
    static final String SELF_CRC_FIELD = "manifest_crc32c";
    private static final Pattern SELF_CRC = Pattern.compile("\"" + SELF_CRC_FIELD + "\"\\s*:\\s*\"([0-9a-f]{8})\"");
    private static final String ZERO_CRC = "00000000";

    /** Reads manifests: jackson-core's streaming parser, which opening a dataset needs alone. */
    private static final JsonFactory PARSER = new JsonFactory();

    /**
     * Writes manifests; made on the first write only. An {@code ObjectMapper} loads and initialises
     * some 300 classes (25-35 ms of CPU in a fresh JVM, as long again for its first tree), which
     * every {@code mmu} command that opens a dataset paid before it read a byte.
     */
    private static final class Writer {
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** An index file, its size and (format 1.3) its cell table; {@code cells} null: none. */
    public record FileEntry(String path, long rows, long bytes, CellTableRef cells) {
        public FileEntry(String path, long rows, long bytes) {
            this(path, rows, bytes, null);
        }
    }

    /** An index file's cell table ({@link CellTable}, format 1.3): its file, size and cell depth. */
    public record CellTableRef(String path, long bytes, int depth) {
    }

    /** A column file: one added column of one partition, row by row aligned to the partition's file. */
    public record ColumnFile(String column, String path, long bytes) {
    }

    /**
     * Columns added after the build (format 1.4): the version that added each, and per partition
     * path the column files holding added columns its own file lacks (partitions written after
     * the columns were added hold them themselves and have none).
     */
    public record AddedColumns(Map<String, Integer> addedIn, Map<String, List<ColumnFile>> files) {
        public static final AddedColumns NONE = new AddedColumns(Map.of(), Map.of());

        public AddedColumns {
            addedIn = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(addedIn));
            Map<String, List<ColumnFile>> f = new HashMap<>();
            files.forEach((k, v) -> f.put(k, List.copyOf(v)));
            files = Map.copyOf(f);
        }

        /** The column files of one partition (none when its own file holds every column). */
        public List<ColumnFile> of(String partitionPath) {
            return files.getOrDefault(partitionPath, List.of());
        }

        /** Only the column files of the partitions still listed. */
        AddedColumns restrictedTo(List<PartitionRef> partitions) {
            Map<String, List<ColumnFile>> kept = new HashMap<>();
            for (PartitionRef p : partitions) {
                if (files.containsKey(p.path())) {
                    kept.put(p.path(), files.get(p.path()));
                }
            }
            return new AddedColumns(addedIn, kept);
        }
    }

    /**
     * The version a manifest describes, when it was committed and by what operation (e.g.
     * {@code "build"}, {@code "append 1000 objects"}).
     */
    public record Revision(int version, String committedAt, String operation) {
        public Revision {
            if (version < 1) {
                throw new IllegalArgumentException("version must be >= 1, got " + version);
            }
            Objects.requireNonNull(committedAt);
            Objects.requireNonNull(operation);
        }

        /** What datasets older than format 1.2 are: their build, version 1, time unknown. */
        public static final Revision FIRST = new Revision(1, "", "build");

        /** The revision of a build: no time, so that builds stay deterministic. */
        public static Revision build() {
            return FIRST;
        }
    }

    /** A manifest without checksums or per-partition metadata sizes (as format 1.0 wrote). */
    public Manifest(String name, int order, int objectsPerGroup, DataFormat dataFormat, IdType idType, String idColumn,
            String raColumn, String decColumn, long rowCount, Schema columns, List<FileEntry> indexFiles,
            List<PartitionRef> partitions, String createdBy) {
        this(name, order, objectsPerGroup, dataFormat, idType, idColumn, raColumn, decColumn, rowCount, columns,
                indexFiles, partitions, createdBy, Map.of(), Map.of());
    }

    /** A version-1 manifest with checksums and no index columns (as format 1.1 wrote). */
    public Manifest(String name, int order, int objectsPerGroup, DataFormat dataFormat, IdType idType, String idColumn,
            String raColumn, String decColumn, long rowCount, Schema columns, List<FileEntry> indexFiles,
            List<PartitionRef> partitions, String createdBy, Map<String, FileChecksum> checksums,
            Map<String, Long> metadataBytes) {
        this(name, order, objectsPerGroup, dataFormat, idType, idColumn, raColumn, decColumn, rowCount, columns,
                indexFiles, partitions, createdBy, checksums, metadataBytes, List.of(), Revision.FIRST);
    }

    /** A manifest without added columns (as format 1.2 wrote, and every build). */
    public Manifest(String name, int order, int objectsPerGroup, DataFormat dataFormat, IdType idType, String idColumn,
            String raColumn, String decColumn, long rowCount, Schema columns, List<FileEntry> indexFiles,
            List<PartitionRef> partitions, String createdBy, Map<String, FileChecksum> checksums,
            Map<String, Long> metadataBytes, List<String> indexColumns, Revision revision) {
        this(name, order, objectsPerGroup, dataFormat, idType, idColumn, raColumn, decColumn, rowCount, columns,
                indexFiles, partitions, createdBy, checksums, metadataBytes, indexColumns, revision, AddedColumns.NONE);
    }

    public Manifest {
        Objects.requireNonNull(name);
        Objects.requireNonNull(revision);
        Objects.requireNonNull(added);
        indexColumns = List.copyOf(indexColumns);
        metadataBytes = Map.copyOf(metadataBytes);
        indexFiles = List.copyOf(indexFiles);
        partitions = List.copyOf(partitions);
        checksums = Map.copyOf(checksums);
    }

    /** This dataset's version number (1 for a build and for datasets older than format 1.2). */
    public int version() {
        return revision.version();
    }

    /**
     * The manifest of the next version: the same dataset with other files, written by
     * {@code operation}. Checksums and metadata sizes are kept for the files still listed, and
     * the column files of the partitions still listed.
     */
    public Manifest next(List<FileEntry> newIndexFiles, List<PartitionRef> newPartitions,
            Map<String, FileChecksum> newChecksums, Map<String, Long> newMetadataBytes, String operation) {
        return next(columns, newIndexFiles, newPartitions, added.restrictedTo(newPartitions), newChecksums,
                newMetadataBytes, operation);
    }

    /**
     * The manifest of the next version with the same partitions plus added columns: {@code specs}
     * after the existing columns, held by {@code columnFiles} (by partition path) beside the
     * partitions; with {@code newIndexFiles} (null: the same) carrying {@code newIndexColumns}.
     */
    public Manifest withAddedColumns(List<ColumnSpec> specs, Map<String, List<ColumnFile>> columnFiles,
            List<FileEntry> newIndexFiles, List<String> newIndexColumns, Map<String, FileChecksum> newChecksums,
            Map<String, Long> newMetadataBytes, String operation) {
        List<ColumnSpec> all = new ArrayList<>();
        columns.forEach(all::add);
        all.addAll(specs);
        Map<String, Integer> addedIn = new java.util.LinkedHashMap<>(added.addedIn());
        specs.forEach(c -> addedIn.put(c.name(), version() + 1));
        Map<String, List<ColumnFile>> files = new HashMap<>(added.files());
        columnFiles.forEach((p, fs) -> files.merge(p, fs, (a, b) -> {
            List<ColumnFile> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        Manifest m = next(Schema.of(all), newIndexFiles == null ? indexFiles : newIndexFiles, partitions,
                new AddedColumns(addedIn, files), newChecksums, newMetadataBytes, operation);
        return new Manifest(m.name, m.order, m.objectsPerGroup, m.dataFormat, m.idType, m.idColumn, m.raColumn,
                m.decColumn, m.rowCount, m.columns, m.indexFiles, m.partitions, m.createdBy, m.checksums,
                m.metadataBytes, newIndexColumns, m.revision, m.added);
    }

    private Manifest next(Schema newColumns, List<FileEntry> newIndexFiles, List<PartitionRef> newPartitions,
            AddedColumns newAdded, Map<String, FileChecksum> newChecksums, Map<String, Long> newMetadataBytes,
            String operation) {
        Map<String, FileChecksum> sums = new HashMap<>();
        Map<String, Long> meta = new HashMap<>();
        for (String path : paths(newIndexFiles, newPartitions, newAdded)) {
            FileChecksum c = newChecksums.containsKey(path) ? newChecksums.get(path) : checksums.get(path);
            if (c != null) {
                sums.put(path, c);
            }
            Long mb = newMetadataBytes.containsKey(path) ? newMetadataBytes.get(path) : metadataBytes.get(path);
            if (mb != null) {
                meta.put(path, mb);
            }
        }
        long rows = newIndexFiles.stream().mapToLong(FileEntry::rows).sum();
        return new Manifest(name, order, objectsPerGroup, dataFormat, idType, idColumn, raColumn, decColumn, rows,
                newColumns, newIndexFiles, newPartitions, createdBy, sums, meta, indexColumns,
                new Revision(version() + 1, java.time.Instant.now().toString(), operation), newAdded);
    }

    /**
     * Every file this manifest references (index files, their cell tables, then partitions each
     * followed by its column files), relative to the dataset root.
     */
    public List<String> files() {
        return paths(indexFiles, partitions, added);
    }

    private static List<String> paths(List<FileEntry> index, List<PartitionRef> parts, AddedColumns added) {
        List<String> out = new ArrayList<>();
        index.forEach(f -> out.add(f.path()));
        index.stream().filter(f -> f.cells() != null).forEach(f -> out.add(f.cells().path()));
        for (PartitionRef p : parts) {
            out.add(p.path());
            added.of(p.path()).forEach(c -> out.add(c.path()));
        }
        return out;
    }

    /** All columns of the index files: the six standard ones, then the {@link #indexColumns}. */
    public List<String> allIndexColumns() {
        List<String> all = new ArrayList<>(IndexFiles.COLUMNS);
        all.addAll(indexColumns);
        return all;
    }

    public int nside() {
        return 1 << order;
    }

    /** Total bytes of the index files. */
    public long indexBytes() {
        return indexFiles.stream().mapToLong(FileEntry::bytes).sum();
    }

    /** Total bytes of the data partitions. */
    public long dataBytes() {
        return partitions.stream().mapToLong(PartitionRef::bytes).sum();
    }

    public byte[] toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.put(SELF_CRC_FIELD, ZERO_CRC);
        root.put("name", name);
        root.put("created_by", createdBy);
        root.put("version", revision.version());
        if (!revision.committedAt().isEmpty()) {
            root.put("committed_at", revision.committedAt());
        }
        root.put("operation", revision.operation());
        ObjectNode hp = root.putObject("healpix");
        hp.put("scheme", "nested");
        hp.put("order", order);
        hp.put("nside", nside());
        root.put("objects_per_group", objectsPerGroup);
        root.put("data_format", dataFormat.label());
        root.put("id_type", idType.label());
        ObjectNode coords = root.putObject("coordinates");
        coords.put("frame", "icrs");
        coords.put("unit", "deg");
        coords.put("id_column", idColumn);
        coords.put("ra_column", raColumn);
        coords.put("dec_column", decColumn);
        root.put("row_count", rowCount);
        ArrayNode cols = root.putArray("columns");
        for (ColumnSpec c : columns) {
            ObjectNode o = cols.addObject();
            o.put("name", c.name());
            o.put("type", c.type().label());
            ArrayNode shape = o.putArray("shape");
            for (int d : c.shape()) {
                shape.add(d);
            }
            Integer addedIn = added.addedIn().get(c.name());
            if (addedIn != null) {
                o.put("added_in", addedIn);
            }
        }
        ObjectNode index = root.putObject("index");
        ArrayNode icols = index.putArray("columns");
        for (String c : allIndexColumns()) {
            icols.add(c);
        }
        ArrayNode files = index.putArray("files");
        for (FileEntry f : indexFiles) {
            ObjectNode e = files.addObject().put("path", f.path()).put("rows", f.rows()).put("bytes", f.bytes());
            putChecksum(e, f.path());
            if (f.cells() != null) {
                ObjectNode c = e.putObject("cells").put("path", f.cells().path()).put("bytes", f.cells().bytes())
                        .put("depth", f.cells().depth());
                putChecksum(c, f.cells().path());
            }
        }
        ArrayNode parts = root.putArray("partitions");
        for (PartitionRef p : partitions) {
            ObjectNode e = parts.addObject().put("healpix", p.healpix()).put("object_group_id", p.objectGroupId())
                    .put("path", p.path()).put("rows", p.rows()).put("bytes", p.bytes());
            Long meta = metadataBytes.get(p.path());
            if (meta != null) {
                e.put("metadata_bytes", meta);
            }
            putChecksum(e, p.path());
            List<ColumnFile> cfs = added.of(p.path());
            if (!cfs.isEmpty()) {
                ArrayNode a = e.putArray("column_files");
                for (ColumnFile cf : cfs) {
                    ObjectNode o = a.addObject().put("column", cf.column()).put("path", cf.path()).put("bytes", cf.bytes());
                    Long cm = metadataBytes.get(cf.path());
                    if (cm != null) {
                        o.put("metadata_bytes", cm);
                    }
                    putChecksum(o, cf.path());
                }
            }
        }
        byte[] json;
        try {
            json = Writer.JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String text = new String(json, StandardCharsets.ISO_8859_1); // one char per byte: offsets match
        Matcher m = SELF_CRC.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("manifest lacks its " + SELF_CRC_FIELD + " placeholder");
        }
        byte[] crc = HexFormat.of().toHexDigits(crc32c(json)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(crc, 0, json, m.start(1), crc.length);
        return json;
    }

    private void putChecksum(ObjectNode entry, String path) {
        FileChecksum c = checksums.get(path);
        if (c != null) {
            entry.putObject("checksum").put("algorithm", FileChecksum.ALGORITHM).put("block_bytes", c.blockBytes())
                    .put("blocks", c.encodedBlocks());
        }
    }

    private static int crc32c(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return (int) c.getValue();
    }

    /**
     * Checks the manifest's own CRC-32C; returns whether it carried one. A manifest edited by hand
     * must have the field removed or recomputed.
     */
    private static boolean verifySelfCrc(byte[] json, String location) {
        String text = new String(json, StandardCharsets.ISO_8859_1);
        Matcher m = SELF_CRC.matcher(text);
        if (!m.find()) {
            return false;
        }
        byte[] zeroed = json.clone();
        System.arraycopy(ZERO_CRC.getBytes(StandardCharsets.US_ASCII), 0, zeroed, m.start(1), ZERO_CRC.length());
        String actual = HexFormat.of().toHexDigits(crc32c(zeroed)); // not String.format: its locale data costs ~10 ms at start
        if (!actual.equals(m.group(1))) {
            throw new MmuFormatException(location, "the manifest does not match its " + SELF_CRC_FIELD + " (recorded "
                    + m.group(1) + ", computed " + actual + "): it is corrupt or was edited");
        }
        return true;
    }

    /** Parses and validates a manifest; every problem names the file and the field. */
    public static Manifest parse(byte[] json, String location) {
        JsonNode root;
        try {
            root = readTree(json);
        } catch (IOException e) {
            throw new MmuFormatException(location, "not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new MmuFormatException(location, "not a JSON object");
        }
        Fields f = new Fields(root, null, location, -1);
        String format = f.text("format");
        if (!FORMAT.equals(format)) {
            throw new MmuFormatException(location, "field 'format' is '" + format + "', expected '" + FORMAT + "'");
        }
        String version = f.text("format_version");
        int major;
        int minor;
        try {
            String[] mm = version.split("\\.", -1);
            if (mm.length != 2) {
                throw new NumberFormatException(version);
            }
            major = Integer.parseInt(mm[0]);
            minor = Integer.parseInt(mm[1]);
        } catch (NumberFormatException e) {
            throw new MmuFormatException(location, "field 'format_version' is '" + version + "', expected MAJOR.MINOR");
        }
        if (major != FORMAT_MAJOR) {
            throw new MmuFormatException(location, "format version " + version + " is not supported (this mmu-java reads "
                    + FORMAT_MAJOR + ".x" + (major > FORMAT_MAJOR ? "; upgrade mmu-java" : "") + ")");
        }
        boolean selfChecked = verifySelfCrc(json, location);
        boolean checksumsRequired = minor >= CHECKSUMS_SINCE_MINOR || selfChecked;
        if (checksumsRequired && !selfChecked) {
            throw new MmuFormatException(location, "missing field '" + SELF_CRC_FIELD + "' (required since format 1."
                    + CHECKSUMS_SINCE_MINOR + ")");
        }
        Map<String, FileChecksum> checksums = new HashMap<>();
        Fields hp = f.object("healpix");
        String scheme = hp.text("scheme");
        if (!"nested".equalsIgnoreCase(scheme)) {
            throw new MmuFormatException(location, "healpix.scheme is '" + scheme + "'; only 'nested' is supported");
        }
        int order = (int) hp.integer("order", 0, 29);
        DataFormat dataFormat = parseEnum(() -> DataFormat.fromLabel(f.text("data_format")), location, "data_format");
        IdType idType = parseEnum(() -> IdType.fromLabel(f.text("id_type")), location, "id_type");
        Fields coords = f.object("coordinates");
        List<ColumnSpec> cols = new ArrayList<>();
        Map<String, Integer> addedIn = new java.util.LinkedHashMap<>();
        for (JsonNode c : f.array("columns")) {
            Fields cf = new Fields(c, f, "columns", cols.size());
            JsonNode shapeNode = cf.array("shape");
            String cname = cf.text("name");
            int[] shape = new int[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.isIntegralNumber() || !d.canConvertToInt() || d.asInt() < -1 || d.asInt() == 0) {
                    throw new MmuFormatException(location, "field 'columns[" + cname + "].shape[" + i
                            + "]' must be a positive integer or -1 (varying), got " + d);
                }
                shape[i] = d.asInt();
            }
            DType t = parseEnum(() -> DType.fromLabel(cf.text("type")), location, "columns[" + cname + "].type");
            cols.add(ColumnSpec.of(cname, t, shape));
            if (c.has("added_in")) { // format 1.4
                addedIn.put(cname, (int) cf.integer("added_in", 2, Integer.MAX_VALUE));
            }
        }
        List<FileEntry> indexFiles = new ArrayList<>();
        for (JsonNode n : f.object("index").array("files")) {
            Fields e = new Fields(n, f, "index.files", indexFiles.size());
            CellTableRef cells = null;
            if (n.has("cells")) { // format 1.3
                Fields c = e.object("cells");
                cells = new CellTableRef(c.relativePath("path"), c.integer("bytes", 0, Long.MAX_VALUE),
                        (int) c.integer("depth", 0, org.mmu.matching.SkyCells.MAX_REGION_DEPTH));
                String cellsPath = cells.path();
                c.checksum(cellsPath, cells.bytes(), checksumsRequired).ifPresent(sum -> checksums.put(cellsPath, sum));
            }
            FileEntry entry = new FileEntry(e.relativePath("path"), e.integer("rows", 0, Long.MAX_VALUE),
                    e.integer("bytes", 0, Long.MAX_VALUE), cells);
            e.checksum(entry.path(), entry.bytes(), checksumsRequired).ifPresent(c -> checksums.put(entry.path(), c));
            indexFiles.add(entry);
        }
        List<PartitionRef> parts = new ArrayList<>();
        Map<String, Long> metadataBytes = new java.util.HashMap<>();
        Map<String, List<ColumnFile>> columnFiles = new HashMap<>();
        long maxPixel = (12L << (2 * order)) - 1;
        for (JsonNode n : f.array("partitions")) {
            Fields e = new Fields(n, f, "partitions", parts.size());
            String path = e.relativePath("path");
            long bytes = e.integer("bytes", 0, Long.MAX_VALUE);
            parts.add(new PartitionRef(order, e.integer("healpix", 0, maxPixel),
                    (int) e.integer("object_group_id", 0, Integer.MAX_VALUE), path,
                    dataFormat, e.integer("rows", 0, Integer.MAX_VALUE), bytes));
            e.checksum(path, bytes, checksumsRequired).ifPresent(c -> checksums.put(path, c));
            if (n.has("metadata_bytes")) { // format 1.1
                metadataBytes.put(path, e.integer("metadata_bytes", 8, bytes < 8 ? Long.MAX_VALUE : bytes));
            }
            if (n.has("column_files")) { // format 1.4
                List<ColumnFile> cfs = new ArrayList<>();
                for (JsonNode cn : e.array("column_files")) {
                    Fields ce = new Fields(cn, e, "column_files", cfs.size());
                    String column = ce.text("column");
                    if (!addedIn.containsKey(column) || cfs.stream().anyMatch(x -> x.column().equals(column))) {
                        throw new MmuFormatException(location, "column file of '" + column + "' for " + path
                                + ": the column must be listed in 'columns' with 'added_in', once per partition");
                    }
                    String cpath = ce.relativePath("path");
                    long cbytes = ce.integer("bytes", 0, Long.MAX_VALUE);
                    ce.checksum(cpath, cbytes, checksumsRequired).ifPresent(c -> checksums.put(cpath, c));
                    if (cn.has("metadata_bytes")) {
                        metadataBytes.put(cpath, ce.integer("metadata_bytes", 8, cbytes < 8 ? Long.MAX_VALUE : cbytes));
                    }
                    cfs.add(new ColumnFile(column, cpath, cbytes));
                }
                columnFiles.put(path, cfs);
            }
        }
        long rowCount = f.integer("row_count", 0, Long.MAX_VALUE);
        long inPartitions = parts.stream().mapToLong(PartitionRef::rows).sum();
        long inIndex = indexFiles.stream().mapToLong(FileEntry::rows).sum();
        if (inPartitions != rowCount || inIndex != rowCount) {
            throw new MmuFormatException(location, "row_count is " + rowCount + " but the partitions hold " + inPartitions
                    + " rows and the index files " + inIndex);
        }
        Schema schema = Schema.of(cols);
        for (String c : List.of(coords.text("id_column"), coords.text("ra_column"), coords.text("dec_column"))) {
            if (!schema.contains(c)) {
                throw new MmuFormatException(location, "coordinates name column '" + c + "' which is not in 'columns'");
            }
        }
        List<String> indexColumns = indexColumns(f.object("index").array("columns"), schema, location);
        Revision revision = Revision.FIRST;
        if (root.has("version")) { // format 1.2
            revision = new Revision((int) f.integer("version", 1, Integer.MAX_VALUE),
                    root.has("committed_at") ? f.text("committed_at") : "", root.has("operation") ? f.text("operation") : "");
        }
        return new Manifest(f.text("name"), order, (int) f.integer("objects_per_group", 1, Integer.MAX_VALUE),
                dataFormat, idType, coords.text("id_column"), coords.text("ra_column"), coords.text("dec_column"),
                rowCount, schema, indexFiles, parts, createdBy(root, location), checksums,
                metadataBytes, indexColumns, revision, new AddedColumns(addedIn, columnFiles));
    }

    /**
     * The index columns beyond the standard six, which must come first; each extra one must be a
     * scalar data column (its values are the data's, carried for filtering).
     */
    private static List<String> indexColumns(JsonNode names, Schema schema, String location) {
        List<String> all = new ArrayList<>();
        for (JsonNode n : names) {
            if (!n.isTextual()) {
                throw new MmuFormatException(location, "field 'index.columns' must hold strings, got " + n);
            }
            all.add(n.asText());
        }
        if (all.size() < IndexFiles.COLUMNS.size() || !all.subList(0, IndexFiles.COLUMNS.size()).equals(IndexFiles.COLUMNS)) {
            throw new MmuFormatException(location, "field 'index.columns' must start with " + IndexFiles.COLUMNS + ", got "
                    + all);
        }
        List<String> extra = all.subList(IndexFiles.COLUMNS.size(), all.size());
        for (String c : extra) {
            if (!schema.contains(c) || !schema.column(c).isScalar() || IndexFiles.COLUMNS.contains(c)
                    || extra.indexOf(c) != extra.lastIndexOf(c)) {
                throw new MmuFormatException(location, "index column '" + c + "' must be a scalar data column listed in"
                        + " 'columns', once, and not one of " + IndexFiles.COLUMNS);
            }
        }
        return List.copyOf(extra);
    }

    /**
     * The JSON tree of a manifest, as {@code ObjectMapper.readTree} builds it (duplicate keys: the
     * last wins; integers as int, long or big-integer nodes), from the streaming parser.
     */
    private static JsonNode readTree(byte[] json) throws IOException {
        try (JsonParser p = PARSER.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            JsonNode root = node(p, first);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "content after the top-level value");
            }
            return root;
        }
    }

    private static JsonNode node(JsonParser p, JsonToken token) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (token) {
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    o.set(name, node(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = f.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    a.add(node(p, t));
                }
                return a;
            }
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> f.numberNode(p.getIntValue());
                    case LONG -> f.numberNode(p.getLongValue());
                    default -> f.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return f.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            case VALUE_NULL:
                return f.nullNode();
            default:
                throw new JsonParseException(p, "unexpected " + token);
        }
    }

    private static String createdBy(JsonNode root, String location) {
        JsonNode v = root.get("created_by");
        if (v != null && !v.isNull() && !v.isTextual()) {
            throw new MmuFormatException(location, "field 'created_by' must be a string, got " + v);
        }
        return v == null || v.isNull() ? "unknown" : v.asText();
    }

    private static <T> T parseEnum(java.util.function.Supplier<T> parse, String location, String field) {
        try {
            return parse.get();
        } catch (org.mmu.core.MmuInputException e) {
            throw new MmuFormatException(location, "field '" + field + "': " + e.getMessage());
        }
    }

    /**
     * Typed, located access to JSON fields. The location for messages ("FILE partitions[12]
     * checksum") is built only when a message needs it: a manifest has thousands of entries.
     */
    private record Fields(JsonNode node, Fields parent, String name, int index) {
        String location() {
            return parent == null ? name : parent.location() + " " + name + (index >= 0 ? "[" + index + "]" : "");
        }

        JsonNode get(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw new MmuFormatException(location(), "missing field '" + field + "'");
            }
            return v;
        }

        String text(String field) {
            JsonNode v = get(field);
            if (!v.isTextual()) {
                throw new MmuFormatException(location(), "field '" + field + "' must be a string, got " + v);
            }
            return v.asText();
        }

        long integer(String field, long min, long max) {
            JsonNode v = get(field);
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
                throw new MmuFormatException(location(), "field '" + field + "' must be an integer in [" + min + ", "
                        + max + "], got " + v);
            }
            return v.asLong();
        }

        Fields object(String field) {
            JsonNode v = get(field);
            if (!v.isObject()) {
                throw new MmuFormatException(location(), "field '" + field + "' must be an object");
            }
            return new Fields(v, this, field, -1);
        }

        JsonNode array(String field) {
            JsonNode v = get(field);
            if (!v.isArray()) {
                throw new MmuFormatException(location(), "field '" + field + "' must be an array");
            }
            return v;
        }

        /** The {@code checksum} of a file entry, if present; required when {@code required}. */
        Optional<FileChecksum> checksum(String path, long bytes, boolean required) {
            JsonNode v = node.get("checksum");
            if (v == null || v.isNull()) {
                if (required) {
                    throw new MmuFormatException(location(), "missing field 'checksum' of " + path);
                }
                return Optional.empty();
            }
            Fields c = object("checksum");
            String algorithm = c.text("algorithm");
            if (!FileChecksum.ALGORITHM.equals(algorithm)) {
                throw new MmuFormatException(location(), "field 'checksum.algorithm' is '" + algorithm + "', expected '"
                        + FileChecksum.ALGORITHM + "'");
            }
            int block = (int) c.integer("block_bytes", 1, 1 << 30);
            try {
                return Optional.of(FileChecksum.decode(bytes, block, c.text("blocks")));
            } catch (IllegalArgumentException e) {
                throw new MmuFormatException(location(), "field 'checksum.blocks' of " + path + ": " + e.getMessage());
            }
        }

        /** A relative path that stays inside the dataset (no absolute paths, no '..'). */
        String relativePath(String field) {
            String p = text(field);
            if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.contains("://")
                    || ("/" + p + "/").contains("/../")) {  // a ".." segment
                throw new MmuFormatException(location(), "field '" + field + "' must be a relative path inside the dataset, got '"
                        + p + "'");
            }
            return p;
        }
    }
}
