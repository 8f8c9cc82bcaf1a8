package org.mmu.internal.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;

/**
 * Our Arrow and Parquet outputs, read back by readers that share no code with us: Arrow Java's
 * own IPC reader, and DuckDB (a C++ Parquet reader) through JDBC. Types must come back as
 * declared (float32 stays float32, arrays keep their shape), not only the values.
 */
class OutputsReadByOtherReadersTest {
    @TempDir
    Path dir;

    /** Rows r in [from, from+n): id 1000+r, mag r/4 (float32), dist r*0.1 (float64), name "obj-r", image[2][3] = 10r+k. */
    static RowBatch rows(int from, int n) {
        long[] id = new long[n];
        float[] mag = new float[n];
        double[] dist = new double[n];
        String[] name = new String[n];
        float[] image = new float[n * 6];
        for (int i = 0; i < n; i++) {
            int r = from + i;
            id[i] = 1000 + r;
            mag[i] = r / 4f;
            dist[i] = r * 0.1;
            name[i] = "obj-" + r;
            for (int k = 0; k < 6; k++) {
                image[i * 6 + k] = 10 * r + k;
            }
        }
        return RowBatch.of(
                Column.of("object_id", id),
                Column.ofScalars(ColumnSpec.scalar("mag", DType.FLOAT32), mag, n),
                Column.of("dist", dist),
                Column.of("name", name),
                Column.ofFixedArrays(ColumnSpec.array("image", DType.FLOAT32, 2, 3), image, n));
    }

    @Test
    void arrowJavaReadsTheIpcFileWrittenBatchByBatch() throws IOException {
        Path out = dir.resolve("m.arrow");
        try (TableSink w = TableSinks.open(out, rows(0, 1).schema(), false)) {
            w.write(rows(0, 3));
            w.write(rows(3, 4));
            w.commit();
        }
        try (RootAllocator alloc = new RootAllocator();
                FileChannel ch = FileChannel.open(out);
                ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            Field image = root.getSchema().findField("image");
            assertEquals(new ArrowType.FixedSizeList(2), image.getType());
            assertEquals(new ArrowType.FixedSizeList(3), image.getChildren().get(0).getType());
            assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                    image.getChildren().get(0).getChildren().get(0).getType());
            assertEquals("2,3", image.getMetadata().get("mmu.shape"));
            assertEquals(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                    root.getSchema().findField("mag").getType());
            assertEquals(2, reader.getRecordBlocks().size(), "one record batch per write");
            int r = 0;
            while (reader.loadNextBatch()) {
                BigIntVector id = (BigIntVector) root.getVector("object_id");
                Float4Vector mag = (Float4Vector) root.getVector("mag");
                Float8Vector dist = (Float8Vector) root.getVector("dist");
                VarCharVector name = (VarCharVector) root.getVector("name");
                FixedSizeListVector img = (FixedSizeListVector) root.getVector("image");
                for (int i = 0; i < root.getRowCount(); i++, r++) {
                    assertEquals(1000 + r, id.get(i));
                    assertEquals(r / 4f, mag.get(i));
                    assertEquals(r * 0.1, dist.get(i));
                    assertEquals("obj-" + r, new String(name.get(i), java.nio.charset.StandardCharsets.UTF_8));
                    @SuppressWarnings("unchecked")
                    List<List<Float>> cell = (List<List<Float>>) (List<?>) img.getObject(i);
                    assertEquals(List.of(10f * r, 10f * r + 1, 10f * r + 2), cell.get(0));
                    assertEquals(List.of(10f * r + 3, 10f * r + 4, 10f * r + 5), cell.get(1));
                }
            }
            assertEquals(7, r);
        }
    }

    @Test
    void anUncommittedIpcFileLeavesNothingBehind() throws IOException {
        Path out = dir.resolve("half.arrow");
        try (TableSink w = TableSinks.open(out, rows(0, 1).schema(), false)) {
            w.write(rows(0, 2));
            assertThrows(MmuInputException.class, () -> w.write(RowBatch.of(Column.of("other", new long[] {1}))));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    /**
     * Parquet holds an array cell as one flat list in row-major order (Parquet has no fixed-size
     * list), its shape in the file's key-value metadata {@code mmu.shape.<column>}; the Arrow IPC
     * output keeps the nesting (see docs/python.md).
     */
    @Test
    void duckDbReadsTheParquetOutputWithItsTypes() throws SQLException {
        Path out = dir.resolve("m.parquet");
        TableWriters.write(rows(0, 5), out, false);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            Map<String, String> types = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + out + "')")) {
                while (rs.next()) {
                    types.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
            assertEquals(List.of("object_id", "mag", "dist", "name", "image"), List.copyOf(types.keySet()));
            assertEquals(Map.of("object_id", "BIGINT", "mag", "FLOAT", "dist", "DOUBLE", "name", "VARCHAR",
                    "image", "FLOAT[]"), types);
            try (ResultSet rs = s.executeQuery("SELECT CAST(value AS VARCHAR) FROM parquet_kv_metadata('" + out
                    + "') WHERE CAST(key AS VARCHAR) = 'mmu.shape.image'")) {
                assertTrue(rs.next(), "the shape is in the key-value metadata");
                assertEquals("2,3", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT object_id, mag, dist, name, image, len(image)"
                    + " FROM read_parquet('" + out + "') ORDER BY object_id")) {
                int r = 0;
                while (rs.next()) {
                    assertEquals(1000 + r, rs.getLong(1));
                    assertEquals(r / 4f, rs.getFloat(2));
                    assertEquals(r * 0.1, rs.getDouble(3));
                    assertEquals("obj-" + r, rs.getString(4));
                    Object[] image = (Object[]) rs.getArray(5).getArray();
                    for (int k = 0; k < 6; k++) {
                        assertEquals(10f * r + k, ((Number) image[k]).floatValue(), "row-major element " + k);
                    }
                    assertEquals(6, rs.getInt(6));
                    r++;
                }
                assertEquals(5, r);
            }
        }
    }
}
