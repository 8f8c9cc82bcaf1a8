package org.mmu.internal.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.internal.parquet.ColumnarParquetWriter;
import org.mmu.internal.parquet.ParquetFile;
import org.mmu.internal.storage.Storages;

class PairSinkTest {
    @TempDir
    Path dir;

    /** Two batches of pairs; the second has an absent right side (an outer join row). */
    private static List<RowBatch> batches() {
        RowBatch a = RowBatch.of(Column.of("left_object_id", new long[] {1, -42, Long.MAX_VALUE}),
                Column.of("right_object_id", new long[] {7, 0, Long.MIN_VALUE}),
                Column.of("separation_arcsec", new double[] {0.25, 1e-10, 0.9999999996}),
                Column.of("group_id", new int[] {0, 1, 2}));
        Column right = Column.ofScalars(ColumnSpec.scalar("right_object_id", DType.INT64), new long[] {0}, 1,
                new boolean[] {true});
        Column sep = Column.ofScalars(ColumnSpec.scalar("separation_arcsec", DType.FLOAT64), new double[] {Double.NaN},
                1, new boolean[] {true});
        RowBatch b = RowBatch.of(Column.of("left_object_id", new long[] {99}), right, sep,
                Column.of("group_id", new int[] {3}));
        return List.of(a, b);
    }

    @Test
    void csvIsTheHeaderThenOneLinePerRowWithNineDecimalSeparations() throws Exception {
        Path out = dir.resolve("pairs.csv");
        List<RowBatch> parts = batches();
        try (TableSink w = TableSinks.openPairs(out, parts.get(0).schema(), false)) {
            for (RowBatch b : parts) {
                w.write(b);
            }
            assertFalse(Files.exists(out), "nothing at the target before the commit");
            w.commit();
            assertEquals(4, w.rowsWritten());
        }
        assertEquals(List.of("left_object_id,right_object_id,separation_arcsec,group_id",
                "1,7,0.250000000,0", "-42,0,0.000000000,1", Long.MAX_VALUE + "," + Long.MIN_VALUE + ",1.000000000,2",
                "99,,,3"), Files.readAllLines(out));
    }

    @Test
    void largeBatchesKeepTheirRowOrder() throws Exception {
        int n = 300_001; // several rounds of parallel encoding
        long[] l = new long[n];
        double[] sep = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = 10_000_000_000L + i;
            sep[i] = i * 1e-6;
        }
        Path out = dir.resolve("big.csv");
        TableSinks.write(RowBatch.of(Column.of("left_object_id", l), Column.of("separation_arcsec", sep)), out, false);
        List<String> lines = Files.readAllLines(out);
        assertEquals(n + 1, lines.size());
        for (int i = 0; i < n; i += 997) {
            assertEquals(l[i] + "," + String.format(java.util.Locale.ROOT, "%.9f", sep[i]), lines.get(i + 1));
        }
        assertEquals(l[n - 1] + ",0.300000000", lines.get(n));
    }

    @Test
    void integersAreTheirDecimalDigits() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        byte[] buf = new byte[32];
        for (int i = 0; i < 300_000; i++) {
            long v = switch (i % 3) {
                case 0 -> r.nextLong();
                case 1 -> r.nextLong(2_000_000_000L) - 1_000_000_000L;
                default -> (long) Math.pow(10, r.nextInt(19)) - r.nextInt(2);
            };
            int n = CsvEncoder.putLong(buf, 0, v);
            assertEquals(Long.toString(v), new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
        }
        for (long v : new long[] {0, 9, 10, 99, 100, Integer.MAX_VALUE, 4_294_967_295L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            int n = CsvEncoder.putLong(buf, 0, v);
            assertEquals(Long.toString(v), new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test
    void eightDigitsAtOnceAreTheDigitsOfEveryNumberBelowTenToTheEight() {
        for (int x = 0; x < 100_000_000; x++) {
            long v = CsvEncoder.eightDigits(x);
            int back = 0;
            for (int b = 0; b < 8; b++) {
                int d = (int) ((v >>> (8 * b)) & 0xFF) - '0';
                if (d < 0 || d > 9) {
                    fail(x + ": byte " + b + " is not a digit");
                }
                back = back * 10 + d;
            }
            if (back != x) {
                fail(x + " came out as " + back);
            }
        }
    }

    @Test
    void parquetHoldsTheSameRows() throws Exception {
        Path out = dir.resolve("pairs.parquet");
        List<RowBatch> parts = batches();
        try (TableSink w = TableSinks.openPairs(out, parts.get(0).schema(), false)) {
            parts.forEach(w::write);
            w.commit();
        }
        try (ParquetFile f = ParquetFile.open(Storages.local(dir).open("pairs.parquet"))) {
            RowBatch back = f.read(null, parts.get(0).schema());
            assertEquals(4, back.rowCount());
            assertEquals(Long.MIN_VALUE, back.column("right_object_id").getLong(2));
            assertTrue(back.column("right_object_id").isNull(3));
            assertArrayEquals(new int[] {0, 1, 2, 3}, (int[]) back.column("group_id").unsafeData());
        }
    }

    @Test
    void parquetPagesAndRowGroupsHoldEveryRowInOrderWithItsNulls() throws Exception {
        // more rows than a row group, batches that end inside pages, string ids, nulls in every column
        int n = ColumnarParquetWriter.GROUP_ROWS + ColumnarParquetWriter.PAGE_ROWS + 123;
        long[] left = new long[n];
        String[] right = new String[n];
        double[] sep = new double[n];
        int[] group = new int[n];
        boolean[] noRight = new boolean[n];
        boolean[] noSep = new boolean[n];
        for (int i = 0; i < n; i++) {
            left[i] = i * 7919L - 3_000_000L;
            right[i] = i % 5 == 0 ? null : "obj-" + (n - i) + (i % 3 == 0 ? "-é" : "");
            noRight[i] = right[i] == null;
            sep[i] = i * 1e-7;
            noSep[i] = i % 11 == 0;
            group[i] = i / 3;
        }
        RowBatch all = RowBatch.of(Column.of("left_object_id", left),
                Column.ofScalars(ColumnSpec.scalar("right_object_id", DType.STRING), right, n, noRight),
                Column.ofScalars(ColumnSpec.scalar("separation_arcsec", DType.FLOAT64), sep, n, noSep),
                Column.of("group_id", group));
        Path out = dir.resolve("many.parquet");
        try (TableSink w = TableSinks.openPairs(out, all.schema(), false)) {
            for (int from = 0, step = 100_003; from < n; from += step) {
                int[] rows = java.util.stream.IntStream.range(from, Math.min(n, from + step)).toArray();
                w.write(all.gather(rows));
            }
            w.commit();
        }
        try (ParquetFile f = ParquetFile.open(Storages.local(dir).open("many.parquet"))) {
            RowBatch back = f.read(null, all.schema());
            assertEquals(n, back.rowCount());
            assertArrayEquals(left, (long[]) back.column("left_object_id").unsafeData());
            assertArrayEquals(group, (int[]) back.column("group_id").unsafeData());
            Column r = back.column("right_object_id");
            Column d = back.column("separation_arcsec");
            for (int i = 0; i < n; i++) {
                if (r.isNull(i) != noRight[i] || !noRight[i] && !right[i].equals(r.getString(i))) {
                    assertEquals(right[i], r.isNull(i) ? null : r.getString(i), "right id of row " + i);
                }
                if (d.isNull(i) != noSep[i] || !noSep[i] && sep[i] != d.getDouble(i)) {
                    assertEquals(noSep[i] ? null : sep[i], d.isNull(i) ? null : d.getDouble(i), "separation of row " + i);
                }
            }
        }
    }

    @Test
    void closingWithoutCommitLeavesNothingBehind() throws Exception {
        Path out = dir.resolve("pairs.csv");
        try (TableSink w = TableSinks.openPairs(out, batches().get(0).schema(), false)) {
            w.write(batches().get(0));
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void refusesWhatItCannotWrite() throws Exception {
        RowBatch a = batches().get(0);
        Column cube = Column.ofFixedArrays(ColumnSpec.of("cube", DType.FLOAT64, new int[] {2}), new double[] {1, 2}, 1);
        MmuInputException e = assertThrows(MmuInputException.class,
                () -> TableSinks.openPairs(dir.resolve("p.csv"), RowBatch.of(cube).schema(), false));
        assertTrue(e.getMessage().contains("column 'cube' holds arrays"), e.getMessage());
        Files.writeString(dir.resolve("old.csv"), "x");
        e = assertThrows(MmuInputException.class, () -> TableSinks.openPairs(dir.resolve("old.csv"), a.schema(), false));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        try (TableSink w = TableSinks.openPairs(dir.resolve("p.csv"), a.schema(), false)) {
            e = assertThrows(MmuInputException.class, () -> w.write(RowBatch.of(Column.of("x", new long[] {1}))));
            assertTrue(e.getMessage().contains("differ from"), e.getMessage());
        }
    }
}
