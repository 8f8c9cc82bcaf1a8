package org.mmu.internal.hats;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;

/**
 * Writes the Parquet summary files of a HATS {@code dataset/} directory, as hats-import does:
 * {@code _metadata} (the leaf files' schema and every row group, each naming its file relative to
 * {@code dataset/}) and {@code _common_metadata} (the schema alone). Both are plain Parquet footers
 * with no data pages, so any Parquet reader can open them.
 */
final class ParquetSummaryFiles {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private ParquetSummaryFiles() {
    }

    /**
     * Writes {@code datasetDir/_metadata} and {@code datasetDir/_common_metadata} for the given
     * leaf files (relative to {@code datasetDir}, in the order their row groups should be listed).
     * The schema and key-value metadata are the first file's; all files must share the schema.
     */
    static void write(Path datasetDir, List<String> leaves) {
        List<BlockMetaData> blocks = new ArrayList<>();
        ParquetMetadata first = null;
        for (String leaf : leaves) {
            Path file = datasetDir.resolve(leaf);
            ParquetMetadata footer;
            try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
                footer = r.getFooter();
            } catch (IOException e) {
                throw new MmuStorageException(file.toString(), "cannot read the Parquet footer: " + e.getMessage(), e);
            }
            if (first == null) {
                first = footer;
            } else if (!first.getFileMetaData().getSchema().equals(footer.getFileMetaData().getSchema())) {
                throw new MmuFormatException(file.toString(), "its schema differs from " + leaves.get(0)
                        + "'s: the files of one catalog share a schema");
            }
            for (BlockMetaData b : footer.getBlocks()) {
                b.setPath(leaf);
                blocks.add(b);
            }
        }
        if (first == null) {
            throw new IllegalArgumentException("no leaf files to summarise in " + datasetDir);
        }
        writeFooter(datasetDir.resolve("_metadata"), new ParquetMetadata(first.getFileMetaData(), blocks));
        writeFooter(datasetDir.resolve("_common_metadata"), new ParquetMetadata(first.getFileMetaData(), List.of()));
    }

    /** {@code PAR1}, the Thrift footer, its length (little-endian int32), {@code PAR1}. */
    private static void writeFooter(Path target, ParquetMetadata metadata) {
        try (OutputStream out = Files.newOutputStream(target)) {
            java.io.ByteArrayOutputStream footer = new java.io.ByteArrayOutputStream();
            Util.writeFileMetaData(new ParquetMetadataConverter().toParquetMetadata(1, metadata), footer);
            out.write(MAGIC);
            footer.writeTo(out);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size()).array());
            out.write(MAGIC);
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot write the summary file: " + e.getMessage(), e);
        }
    }
}
