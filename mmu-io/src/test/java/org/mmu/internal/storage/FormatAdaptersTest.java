package org.mmu.internal.storage;

import org.mmu.StorageOptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.internal.hdf5.ByteSourceChannel;
import org.mmu.internal.parquet.ByteSourceInputFile;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

/** The Parquet and HDF5 adapters read correctly and with few requests, remote and local. */
class FormatAdaptersTest {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message obj { required int64 id; required double ra; required binary name (UTF8); }");
    private static final int ROWS = 20_000;

    @TempDir
    Path dir;
    private RangeHttpServer server;
    private Storage http;

    @BeforeEach
    void start() throws IOException {
        writeParquet(dir.resolve("t.parquet"));
        writeHdf5(dir.resolve("t.h5"));
        server = RangeHttpServer.serve(dir);
        http = Storages.open(server.url(""), StorageOptions.builder().hfToken(null).build());
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private static void writeParquet(Path file) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(SCHEMA)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withRowGroupSize(128 * 1024L).withPageSize(4096)
                .build()) {
            for (int i = 0; i < ROWS; i++) {
                w.write(groups.newGroup().append("id", (long) i).append("ra", i * 0.001).append("name", "obj" + i));
            }
        }
    }

    private static void writeHdf5(Path file) {
        int[] ids = new int[50_000];
        double[] ra = new double[50_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
            ra[i] = i * 0.5;
        }
        try (WritableHdfFile f = HdfFile.write(file)) {
            f.putDataset("ids", ids);
            WritableGroup g = f.putGroup("coords");
            g.putDataset("ra", ra);
            f.putAttribute("survey", "test");
        }
    }

    private ByteSource open(Storage s, String name) throws IOException {
        return s.open(name, Files.size(dir.resolve(name)));
    }

    @Test
    void parquetFooterIsOneRequestAndRowGroupsAreOneRequestEach() throws IOException {
        try (ByteSource src = open(http, "t.parquet");
                ParquetFileReader reader = ParquetFileReader.open(new ByteSourceInputFile(src))) {
            assertEquals(1, http.stats().requests(), "footer: one ranged read of the tail");
            List<BlockMetaData> blocks = reader.getFooter().getBlocks();
            assertTrue(blocks.size() >= 3, "several row groups: " + blocks.size());

            long before = http.stats().requests();
            for (ColumnChunkMetaData c : blocks.get(0).getColumns()) {
                reader.readColumnIndex(c);
                reader.readOffsetIndex(c);
            }
            long indexRequests = http.stats().requests() - before;
            assertTrue(indexRequests <= 1, "page indexes: at most one ranged read, got " + indexRequests);

            long rows = 0;
            for (int g = 0; g < blocks.size(); g++) {
                before = http.stats().requests();
                PageReadStore pages = reader.readNextRowGroup();
                assertTrue(http.stats().requests() - before <= 1,
                        "row group " + g + ": one merged request (none when it lies in the footer's tail)");
                RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(SCHEMA)
                        .getRecordReader(pages, new GroupRecordConverter(SCHEMA));
                for (long i = 0; i < pages.getRowCount(); i++, rows++) {
                    Group row = rr.read();
                    assertEquals(rows, row.getLong("id", 0));
                    assertEquals("obj" + rows, row.getString("name", 0));
                }
            }
            assertEquals(ROWS, rows);
        }
    }

    @Test
    void aFooterLargerThanTheTailCostsOneMoreRequest() throws IOException {
        try (ByteSource src = open(http, "t.parquet");
                ParquetFileReader reader = ParquetFileReader.open(new ByteSourceInputFile(src, 16))) {
            assertEquals(2, http.stats().requests(), "the tail, then the rest of the footer");
            assertEquals(ROWS, reader.getRecordCount());
            // page indexes now lie outside the (tiny) tail: one window read serves them all
            for (ColumnChunkMetaData c : reader.getFooter().getBlocks().get(0).getColumns()) {
                reader.readColumnIndex(c);
                reader.readOffsetIndex(c);
            }
            assertEquals(3, http.stats().requests());
        }
    }

    @Test
    void parquetReadsLocalFilesToo() throws IOException {
        try (Storage local = Storages.local(dir); ByteSource src = open(local, "t.parquet");
                ParquetFileReader reader = ParquetFileReader.open(new ByteSourceInputFile(src))) {
            PageReadStore pages = reader.readNextRowGroup();
            RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(SCHEMA)
                    .getRecordReader(pages, new GroupRecordConverter(SCHEMA));
            assertEquals(0L, rr.read().getLong("id", 0));
            assertEquals(1L, rr.read().getLong("id", 0));
        }
    }

    @Test
    void hdf5ReadsThroughTheChannelWithFewRequests() throws IOException {
        try (ByteSource src = open(http, "t.h5");
                HdfFile h5 = new HdfFile(new ByteSourceChannel(src), URI.create(src.location()))) {
            assertEquals("test", h5.getAttribute("survey").getData());
            long metadata = http.stats().requests();
            assertTrue(metadata <= 2, "opening reads metadata in one or two blocks, got " + metadata + " requests");
            int[] ids = (int[]) h5.getDatasetByPath("ids").getData();
            double[] ra = (double[]) h5.getDatasetByPath("coords/ra").getData();
            assertEquals(50_000, ids.length);
            assertEquals(49_999, ids[49_999]);
            assertEquals(12.5, ra[25]);
            assertTrue(http.stats().requests() <= metadata + 4, "two datasets: " + http.stats());
        }
    }

    @Test
    void hdf5ChannelMatchesTheLocalFile() throws IOException {
        byte[] whole = Files.readAllBytes(dir.resolve("t.h5"));
        try (Storage local = Storages.local(dir); ByteSource src = open(local, "t.h5")) {
            ByteSourceChannel ch = new ByteSourceChannel(src);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(100);
            ch.position((64 * 1024) - 50);  // across the 64 KiB block boundary
            assertEquals(100, ch.read(buf));
            assertArrayEquals(TestFiles.slice(whole, (64 * 1024) - 50, 100), buf.array());
            ch.position(whole.length - 10);
            java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(100);
            assertEquals(10, ch.read(end));
            assertEquals(-1, ch.read(end.clear()));
        }
    }
}
