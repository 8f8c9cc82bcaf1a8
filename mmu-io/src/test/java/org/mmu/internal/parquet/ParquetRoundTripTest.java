package org.mmu.internal.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

class ParquetRoundTripTest {
    @TempDir
    Path dir;

    /** Row r: id = 1000 + r, flux = r / 2, name = "obj-r", image[b][y][x] = r*100 + b*10 + y*3 + x, spectrum of length 1 + r % 5. */
    static RowBatch sample(int n) {
        long[] id = new long[n];
        double[] flux = new double[n];
        String[] name = new String[n];
        ColumnSpec imageSpec = ColumnSpec.array("image", DType.FLOAT32, 2, 3, 3);
        float[] image = new float[n * 18];
        ColumnBuilder spectrum = new ColumnBuilder(ColumnSpec.array("spectrum", DType.FLOAT64, -1), n);
        ColumnBuilder mag = new ColumnBuilder(ColumnSpec.scalar("mag", DType.FLOAT32), n);
        for (int r = 0; r < n; r++) {
            id[r] = 1000 + r;
            flux[r] = r / 2.0;
            name[r] = "obj-" + r;
            for (int b = 0; b < 2; b++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 3; x++) {
                        image[r * 18 + b * 9 + y * 3 + x] = r * 100 + b * 10 + y * 3 + x;
                    }
                }
            }
            double[] s = new double[1 + r % 5];
            for (int i = 0; i < s.length; i++) {
                s[i] = r + i / 10.0;
            }
            spectrum.appendArray(s, 0, new int[] {s.length});
            if (r % 7 == 3) {
                mag.appendNull();
            } else {
                mag.appendDouble(20 + r % 3);
            }
        }
        return RowBatch.of(List.of(Column.of("object_id", id), Column.of("flux", flux), Column.of("name", name),
                Column.ofFixedArrays(imageSpec, image, n), spectrum.build(), mag.build()));
    }

    private Path write(RowBatch batch) {
        Path file = dir.resolve("data.parquet");
        try (ParquetBatchWriter w = new ParquetBatchWriter(file, batch.schema(), Map.of(), ParquetBatchWriter.Profile.DATA)) {
            w.write(batch);
        }
        return file;
    }

    private ParquetFile open(Path file) {
        return ParquetFile.open(Storages.local(file.getParent()).open(file.getFileName().toString()));
    }

    @Test
    void everyColumnTypeSurvivesAWriteAndAFullRead() {
        RowBatch in = sample(500);
        Path file = write(in);
        try (ParquetFile f = open(file)) {
            assertEquals(in.schema(), f.schema(), "schema incl. declared image shape comes back");
            RowBatch out = f.read(null, f.schema());
            assertEquals(500, out.rowCount());
            for (int r = 0; r < 500; r++) {
                assertRow(out, r, r);
            }
        }
    }

    @Test
    void selectedRowsComeBackExactlyAndInOrder() {
        RowBatch in = sample(3000);
        Path file = write(in);
        int[] rows = {0, 1, 2, 17, 999, 1000, 1001, 2048, 2999};
        try (ParquetFile f = open(file)) {
            RowBatch out = f.read(rows, f.schema().select(List.of("object_id", "image", "spectrum", "mag", "name")));
            assertEquals(rows.length, out.rowCount());
            for (int k = 0; k < rows.length; k++) {
                assertRow(out, k, rows[k]);
            }
            assertTrue(f.readCounts()[0] > 0, "sparse selection used row-level (page) reads");
        }
    }

    @Test
    void selectedRowsOfAnIndexFileDecodedPageByPageEqualTheWholeRead() {
        int n = 400_000; // several large index pages per column
        long[] ids = new long[n];
        double[] ra = new double[n];
        int[] small = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 7_000_000_000L + 3L * i;
            ra[i] = (i * 0.000917) % 360;
            small[i] = i ^ 0x5a5a;
        }
        RowBatch in = RowBatch.of(List.of(Column.ofScalars(ColumnSpec.scalar("object_id", DType.INT64), ids, n, null),
                Column.ofScalars(ColumnSpec.scalar("ra", DType.FLOAT64), ra, n, null),
                Column.ofScalars(ColumnSpec.scalar("k", DType.INT32), small, n, null)));
        Path file = dir.resolve("index.parquet");
        try (ParquetBatchWriter w = new ParquetBatchWriter(file, in.schema(), Map.of(), ParquetBatchWriter.Profile.INDEX)) {
            w.write(in);
        }
        int[] rows = {0, 1, 5, 131_071, 131_072, 131_073, 262_144, 300_001, 399_998, 399_999};
        try (ParquetFile f = open(file)) {
            RowBatch out = f.read(rows, f.schema());
            assertTrue(f.readCounts()[0] > 0, "the sparse selection was read page by page");
            for (int k = 0; k < rows.length; k++) {
                var row = out.row(k);
                assertEquals(ids[rows[k]], row.getLong("object_id"), "object_id of row " + rows[k]);
                assertEquals(ra[rows[k]], row.getDouble("ra"), "ra of row " + rows[k]);
                assertEquals(small[rows[k]], row.getInt("k"), "k of row " + rows[k]);
            }
        }
    }

    @Test
    void aSparseReadFetchesFarFewerBytesThanTheFile() {
        Path file = write(sample(20000));
        Storage storage = Storages.local(dir);
        try (ParquetFile f = ParquetFile.open(storage.open("data.parquet"))) {
            long afterFooter = storage.stats().bytesRead();
            f.read(new int[] {12500}, f.schema());
            long used = storage.stats().bytesRead() - afterFooter;
            long size = file.toFile().length();
            assertTrue(used * 10 < size, "one row read " + used + " bytes of a " + size + "-byte file");
        }
    }

    @Test
    void aTruncatedFileIsAFormatErrorNamingIt() throws Exception {
        Path file = write(sample(50));
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        Path cut = dir.resolve("cut.parquet");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        MmuFormatException e = assertThrows(MmuFormatException.class, () -> open(cut));
        assertTrue(e.getMessage().contains("cut.parquet"), e.getMessage());
    }

    @Test
    void aRowBeyondTheFileIsAnError() {
        Path file = write(sample(10));
        try (ParquetFile f = open(file)) {
            MmuFormatException e = assertThrows(MmuFormatException.class, () -> f.read(new int[] {3, 10}, f.schema()));
            assertTrue(e.getMessage().contains("row 10"), e.getMessage());
        }
    }

    static void assertRow(RowBatch out, int k, int r) {
        var ex = out.row(k);
        assertEquals(1000 + r, ex.getLong("object_id"));
        if (out.schema().contains("flux")) {
            assertEquals(r / 2.0, ex.getDouble("flux"));
        }
        assertEquals("obj-" + r, ex.getString("name"));
        var img = ex.getArray("image");
        assertArrayEquals(new int[] {2, 3, 3}, img.shape());
        assertEquals(r * 100 + 1 * 10 + 2 * 3 + 1, img.getDouble(1, 2, 1));
        var s = ex.getArray("spectrum");
        assertEquals(1 + r % 5, s.size());
        assertEquals(r + (s.size() - 1) / 10.0, s.getDouble(s.size() - 1), 1e-12);
        assertEquals(r % 7 == 3, ex.isNull("mag"));
        if (r % 7 != 3) {
            assertEquals(20 + r % 3, ex.getFloat("mag"));
        }
    }
}
