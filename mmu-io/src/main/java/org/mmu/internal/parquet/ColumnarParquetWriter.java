package org.mmu.internal.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.BinaryStatistics;
import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.FloatStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveComparator;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * Writes a flat table of scalar columns (match pairs) to Parquet a page at a time: each column's
 * values are copied into a PLAIN page in bulk and the pages handed to parquet-mr's
 * {@link ParquetFileWriter}, which writes the row groups, statistics, page index and page CRCs.
 * The record API of {@link ParquetBatchWriter} costs several calls per value (4-9 × 10^6 pairs
 * per CPU second), slower than our CSV; this writes the same schema (nullable scalars, SNAPPY),
 * which any Parquet reader reads as before. Absent values (outer joins) are nulls. Columns of
 * type {@code bool} are not supported (pair files have none). Not thread-safe.
 */
public final class ColumnarParquetWriter implements AutoCloseable {
    /** Rows per page: 512 KiB of int64 values, large enough to compress and scan well. */
    public static final int PAGE_ROWS = 1 << 16;
    /** Rows per row group (about 24 MB of pairs held until the group is written). */
    public static final int GROUP_ROWS = 16 * PAGE_ROWS;
    private static final CompressionCodecName CODEC = CompressionCodecName.SNAPPY;

    private final Path file;
    private final Schema schema;
    private final MessageType type;
    private final ParquetFileWriter writer;
    private final Map<String, String> metadata;
    private final List<List<Page>> pages = new ArrayList<>(); // per column, the current row group's pages
    private final ColumnBuffer[] buffers;
    private long groupRows;
    private long rows;

    /** A finished page: compressed bytes, sizes, statistics. */
    private record Page(BytesInput bytes, int uncompressedSize, int values, Statistics<?> stats) {
    }

    public ColumnarParquetWriter(Path file, Schema schema) {
        this.file = file;
        this.schema = schema;
        for (ColumnSpec c : schema) {
            if (!c.isScalar() || c.type() == DType.BOOL) {
                throw new MmuInputException(file + ": column '" + c.name() + "' (" + c.type().label()
                        + (c.isScalar() ? "" : " array") + ") cannot be written by the columnar Parquet writer");
            }
        }
        this.type = ParquetSchemas.toParquet(schema, "mmu", false);
        this.metadata = ParquetSchemas.shapeMetadata(schema);
        this.buffers = new ColumnBuffer[schema.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new ColumnBuffer(schema.get(i).type(), type.getColumns().get(i));
            pages.add(new ArrayList<>());
        }
        try {
            writer = new ParquetFileWriter(new LocalOutputFile(file), type, ParquetFileWriter.Mode.CREATE,
                    128L << 20, 0, 64, Integer.MAX_VALUE, true); // page CRCs on, as ParquetBatchWriter
            writer.start();
        } catch (IOException e) {
            throw new MmuStorageException(file.toString(), "cannot create Parquet file", e);
        }
    }

    /** Appends all rows of a batch (its schema must equal the writer's, by names and types). */
    public void write(RowBatch batch) {
        if (!batch.schema().equals(schema)) {
            throw new MmuInputException(file + ": batch columns " + batch.schema().names() + " differ from "
                    + schema.names());
        }
        int n = batch.rowCount();
        try {
            for (int from = 0; from < n; ) {
                int take = Math.min(n - from, PAGE_ROWS - buffers[0].rows);
                for (int c = 0; c < buffers.length; c++) {
                    buffers[c].append(batch.column(c), from, take);
                }
                from += take;
                groupRows += take;
                rows += take;
                if (buffers[0].rows == PAGE_ROWS) {
                    finishPages();
                }
                if (groupRows >= GROUP_ROWS) {
                    writeGroup();
                }
            }
        } catch (IOException e) {
            throw new MmuStorageException(file.toString(), "write failed", e);
        }
    }

    public long rowsWritten() {
        return rows;
    }

    /** Writes what is buffered and the footer. */
    @Override
    public void close() {
        try {
            if (buffers[0].rows > 0) {
                finishPages();
            }
            if (groupRows > 0) {
                writeGroup();
            }
            writer.end(metadata);
        } catch (IOException e) {
            throw new MmuStorageException(file.toString(), "cannot finish Parquet file", e);
        }
    }

    private void finishPages() throws IOException {
        for (int c = 0; c < buffers.length; c++) {
            pages.get(c).add(buffers[c].finishPage());
        }
    }

    private void writeGroup() throws IOException {
        writer.startBlock(groupRows);
        for (int c = 0; c < buffers.length; c++) {
            ColumnDescriptor d = type.getColumns().get(c);
            writer.startColumn(d, groupRows, CODEC);
            for (Page p : pages.get(c)) {
                writer.writeDataPage(p.values(), p.uncompressedSize(), p.bytes(), p.stats(), p.values(), Encoding.RLE,
                        Encoding.RLE, Encoding.PLAIN);
            }
            writer.endColumn();
            pages.get(c).clear();
        }
        writer.endBlock();
        groupRows = 0;
    }

    /** One column's current page: definition levels (1 present, 0 null) and PLAIN values. */
    private static final class ColumnBuffer {
        private final DType type;
        private final ColumnDescriptor descriptor;
        private final int width; // bytes per value, 0 for strings
        private ByteBuffer values;
        private final boolean[] present = new boolean[PAGE_ROWS];
        private int rows;
        private int nulls;
        // statistics of the page's non-null values
        private long minL = Long.MAX_VALUE;
        private long maxL = Long.MIN_VALUE;
        private double minD = Double.POSITIVE_INFINITY;
        private double maxD = Double.NEGATIVE_INFINITY;
        private Binary minB;
        private Binary maxB;

        ColumnBuffer(DType type, ColumnDescriptor descriptor) {
            this.type = type;
            this.descriptor = descriptor;
            this.width = switch (type) {
                case INT64, FLOAT64 -> 8;
                case STRING -> 0;
                default -> 4; // int32, float32 and the small integers, widened as Parquet stores them
            };
            this.values = ByteBuffer.allocate(width == 0 ? 1 << 16 : width * PAGE_ROWS).order(ByteOrder.LITTLE_ENDIAN);
        }

        void append(Column col, int from, int n) {
            Object data = col.unsafeData();
            for (int r = from; r < from + n; r++) {
                boolean p = !col.isNull(r);
                present[rows++] = p;
                if (!p) {
                    nulls++;
                    continue;
                }
                switch (type) {
                    case INT64 -> {
                        long v = ((long[]) data)[r];
                        values.putLong(v);
                        minL = Math.min(minL, v);
                        maxL = Math.max(maxL, v);
                    }
                    case FLOAT64 -> {
                        double v = ((double[]) data)[r];
                        values.putDouble(v);
                        if (!Double.isNaN(v)) {
                            minD = Math.min(minD, v);
                            maxD = Math.max(maxD, v);
                        }
                    }
                    case FLOAT32 -> {
                        float v = ((float[]) data)[r];
                        values.putFloat(v);
                        if (!Float.isNaN(v)) {
                            minD = Math.min(minD, v);
                            maxD = Math.max(maxD, v);
                        }
                    }
                    case STRING -> putString(((String[]) data)[r]);
                    default -> {
                        int v = switch (type) {
                            case INT32 -> ((int[]) data)[r];
                            case INT16 -> ((short[]) data)[r];
                            case INT8 -> ((byte[]) data)[r];
                            case UINT8 -> ((byte[]) data)[r] & 0xff;
                            default -> throw new IllegalStateException(type.toString());
                        };
                        values.putInt(v);
                        minL = Math.min(minL, v);
                        maxL = Math.max(maxL, v);
                    }
                }
            }
        }

        private void putString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (values.remaining() < 4 + b.length) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * values.capacity(), values.position() + 4 + b.length))
                        .order(ByteOrder.LITTLE_ENDIAN);
                bigger.put(values.array(), 0, values.position());
                values = bigger;
            }
            values.putInt(b.length).put(b);
            Binary v = Binary.fromConstantByteArray(b);
            PrimitiveComparator<Binary> order = descriptor.getPrimitiveType().comparator();
            if (minB == null || order.compare(v, minB) < 0) {
                minB = v;
            }
            if (maxB == null || order.compare(v, maxB) > 0) {
                maxB = v;
            }
        }

        Page finishPage() throws IOException {
            RunLengthBitPackingHybridEncoder levels = new RunLengthBitPackingHybridEncoder(1, 64, 1 << 16,
                    HeapByteBufferAllocator.getInstance());
            for (int r = 0; r < rows; r++) {
                levels.writeInt(present[r] ? 1 : 0);
            }
            BytesInput dl = levels.toBytes();
            int valueBytes = values.position();
            byte[] page = new byte[4 + (int) dl.size() + valueBytes];
            ByteBuffer out = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt((int) dl.size()).put(dl.toByteArray()).put(values.array(), 0, valueBytes);
            Page p = new Page(BytesInput.from(PlainCodecs.compress(CODEC, page)), page.length, rows, stats());
            values.clear();
            rows = 0;
            nulls = 0;
            minL = Long.MAX_VALUE;
            maxL = Long.MIN_VALUE;
            minD = Double.POSITIVE_INFINITY;
            maxD = Double.NEGATIVE_INFINITY;
            minB = null;
            maxB = null;
            return p;
        }

        private Statistics<?> stats() {
            Statistics<?> s = Statistics.createStats(descriptor.getPrimitiveType());
            boolean any = rows > nulls;
            if (any) {
                switch (type) {
                    case INT64 -> ((LongStatistics) s).setMinMax(minL, maxL);
                    case FLOAT64 -> {
                        if (minD <= maxD) {
                            ((DoubleStatistics) s).setMinMax(minD, maxD);
                        }
                    }
                    case FLOAT32 -> {
                        if (minD <= maxD) {
                            ((FloatStatistics) s).setMinMax((float) minD, (float) maxD);
                        }
                    }
                    case STRING -> ((BinaryStatistics) s).setMinMax(minB, maxB);
                    default -> ((IntStatistics) s).setMinMax((int) minL, (int) maxL);
                }
            }
            s.incrementNumNulls(nulls);
            return s;
        }
    }
}
