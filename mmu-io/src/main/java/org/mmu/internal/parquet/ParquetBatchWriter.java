package org.mmu.internal.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * Writes {@link RowBatch}es of one schema to a local Parquet file (see {@link ParquetSchemas}
 * for the layout). Two profiles: {@link Profile#DATA} writes small pages (a page is cut as soon
 * as it exceeds {@link #DATA_PAGE_BYTES} or {@link #DATA_PAGE_ROWS} rows) so that reading one row
 * over the network costs about one small page per column; {@link Profile#INDEX} writes large pages that compress and scan well.
 * Both write the page index (column + offset index) that row-level reads rely on. Not thread-safe.
 */
public final class ParquetBatchWriter implements AutoCloseable {
    /** Target page size for data partitions: a 5 KB row costs about one 8 KiB page, not a 16 KiB page of three rows. */
    public static final int DATA_PAGE_BYTES = 8 * 1024;
    /** At most this many rows per page in data partitions: one row of a scalar column costs a ~1 KiB page. */
    public static final int DATA_PAGE_ROWS = 128;

    /** What the file is for. */
    public enum Profile {
        /** data partitions: small pages for row-level reads; nullable scalars */
        DATA,
        /** index files: large pages, required (non-null) scalars decoded in bulk */
        INDEX,
        /** output tables: large pages, nullable scalars (outer joins leave gaps) */
        TABLE
    }

    private final Path file;
    private final Schema schema;
    private final BatchWriteSupport support;
    private final ParquetWriter<Integer> writer;
    private long rows;

    public ParquetBatchWriter(Path file, Schema schema, Map<String, String> metadata, Profile profile) {
        this(file, schema, metadata, profile, java.util.Set.of());
    }

    /** @param nullable {@link Profile#INDEX}: scalar columns that may hold nulls (OPTIONAL; the others are REQUIRED) */
    public ParquetBatchWriter(Path file, Schema schema, Map<String, String> metadata, Profile profile,
            java.util.Set<String> nullable) {
        this.file = file;
        this.schema = schema;
        Map<String, String> kv = new HashMap<>(metadata);
        kv.putAll(ParquetSchemas.shapeMetadata(schema));
        // index files never hold nulls: required columns decode in bulk (PlainColumnReader)
        this.support = new BatchWriteSupport(ParquetSchemas.toParquet(schema, "mmu", profile == Profile.INDEX, nullable), kv);
        try {
            Builder b = new Builder(new LocalOutputFile(file), support)
                    .withConf(new PlainParquetConfiguration())
                    .withCodecFactory(PlainCodecs.INSTANCE)   // no Hadoop at run time
                    .withWriteMode(ParquetFileWriter.Mode.CREATE)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withValidation(false)
                    .withPageWriteChecksumEnabled(true) // CRC-32 per page, verified by ParquetFile
                    .withDictionaryEncoding(false);
            for (ColumnSpec c : schema) {
                if (c.type() == DType.STRING) {
                    b.withDictionaryEncoding(c.name(), true);
                }
            }
            if (profile == Profile.DATA) {
                b.withPageSize(DATA_PAGE_BYTES)
                        .withPageRowCountLimit(DATA_PAGE_ROWS)
                        .withMinRowCountForPageSizeCheck(1)
                        .withMaxRowCountForPageSizeCheck(1000)
                        .withRowGroupSize(rowGroupBytes(64L << 20));
            } else if (profile == Profile.TABLE) { // the row group is buffered whole before it is written
                b.withRowGroupSize(rowGroupBytes(128L << 20));
            } else {
                b.withRowGroupSize(128L * 1024 * 1024);
            }
            this.writer = b.build();
        } catch (IOException e) {
            throw new MmuStorageException(file.toString(), "cannot create Parquet file", e);
        }
    }

    /** A row group of at most {@code bytes}, and at most a sixteenth of the maximum heap (at least 4 MiB): memory follows the heap. */
    static long rowGroupBytes(long bytes) {
        return Math.min(bytes, Math.max(4L << 20, Runtime.getRuntime().maxMemory() / 16));
    }

    /** Appends all rows of a batch (its schema must equal the writer's, by names and types). */
    public void write(RowBatch batch) {
        if (!batch.schema().names().equals(schema.names())) {
            throw new MmuInputException(file + ": batch columns " + batch.schema().names() + " differ from "
                    + schema.names());
        }
        support.batch = batch;
        try {
            for (int r = 0; r < batch.rowCount(); r++) {
                writer.write(r);
            }
        } catch (IOException e) {
            throw new MmuStorageException(file.toString(), "write failed", e);
        }
        rows += batch.rowCount();
    }

    public long rowsWritten() {
        return rows;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new MmuStorageException(file.toString(), "cannot finish Parquet file", e);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final BatchWriteSupport support;

        Builder(OutputFile file, BatchWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return support;
        }
    }

    /** Writes row {@code r} of the current batch through the record consumer. */
    private static final class BatchWriteSupport extends WriteSupport<Integer> {
        private final MessageType type;
        private final Map<String, String> metadata;
        private RecordConsumer out;
        RowBatch batch;

        BatchWriteSupport(MessageType type, Map<String, String> metadata) {
            this.type = type;
            this.metadata = metadata;
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(type, metadata);
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(type, metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Integer boxedRow) {
            int r = boxedRow;
            out.startMessage();
            for (int i = 0; i < batch.schema().size(); i++) {
                Column c = batch.column(i);
                if (c.isNull(r)) {
                    continue;
                }
                String name = c.name();
                out.startField(name, i);
                if (c.spec().isScalar()) {
                    addValue(c.type(), c.unsafeData(), r);
                } else {
                    writeList(c, r);
                }
                out.endField(name, i);
            }
            out.endMessage();
        }

        private void writeList(Column c, int r) {
            out.startGroup();
            long n = c.rowElements(r);
            if (n > 0) {
                out.startField("list", 0);
                Object data = c.unsafeData();
                long start = c.elementOffset(r);
                DType t = c.type();
                for (long e = start; e < start + n; e++) {
                    out.startGroup();
                    out.startField("element", 0);
                    addValue(t, data, (int) e);
                    out.endField("element", 0);
                    out.endGroup();
                }
                out.endField("list", 0);
            }
            out.endGroup();
        }

        private void addValue(DType t, Object data, int i) {
            switch (t) {
                case BOOL -> out.addBoolean(((boolean[]) data)[i]);
                case INT8 -> out.addInteger(((byte[]) data)[i]);
                case UINT8 -> out.addInteger(((byte[]) data)[i] & 0xff);
                case INT16 -> out.addInteger(((short[]) data)[i]);
                case INT32 -> out.addInteger(((int[]) data)[i]);
                case INT64 -> out.addLong(((long[]) data)[i]);
                case FLOAT32 -> out.addFloat(((float[]) data)[i]);
                case FLOAT64 -> out.addDouble(((double[]) data)[i]);
                case STRING -> out.addBinary(Binary.fromString(((String[]) data)[i]));
            }
        }
    }
}
