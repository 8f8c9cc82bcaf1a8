package org.mmu.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A column becomes one dense array with the batch size first: as is when it can, padded when rows differ. */
class TensorTest {

    @Test
    void aFixedShapeColumnIsItsOwnArrayWithTheBatchSizeFirst() {
        float[] pixels = new float[3 * 2 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        Column images = Column.ofFixedArrays(ColumnSpec.array("image", DType.FLOAT32, 2, 2), pixels, 3);
        Tensor t = Tensor.of(images);
        assertArrayEquals(new int[] {3, 2, 2}, t.shape());
        assertSame(pixels, t.floats(), "no copy");
        assertArrayEquals(new int[] {3}, Tensor.of(Column.of("id", new long[] {7, 8, 9})).shape());
    }

    @Test
    void rowsOfDifferentLengthsArePaddedWithZerosAndNullRowsAreZeros() {
        ColumnBuilder b = new ColumnBuilder(ColumnSpec.array("spectrum", DType.FLOAT64, -1), 3);
        b.appendArray(new double[] {1, 2}, 0, new int[] {2});
        b.appendNull();
        b.appendArray(new double[] {3, 4, 5}, 0, new int[] {3});
        Tensor t = Tensor.of(b.build());
        assertArrayEquals(new int[] {3, 3}, t.shape());
        assertArrayEquals(new double[] {1, 2, 0, 0, 0, 0, 3, 4, 5}, t.doubles());
    }

    @Test
    void twoDimensionalRowsKeepTheirCornerWhenPadded() {
        ColumnBuilder b = new ColumnBuilder(ColumnSpec.array("cutout", DType.INT32, -1, -1), 2);
        b.appendArray(new int[] {1, 2, 3, 4}, 0, new int[] {2, 2});
        b.appendArray(new int[] {5, 6, 7}, 0, new int[] {1, 3});
        Tensor t = Tensor.of(b.build());
        assertArrayEquals(new int[] {2, 2, 3}, t.shape());
        assertArrayEquals(new int[] {1, 2, 0, 3, 4, 0, 5, 6, 7, 0, 0, 0}, t.ints());
    }

    @Test
    void stringsAndWrongTypesAreRefusedNamingTheColumn() {
        MmuInputException s = assertThrows(MmuInputException.class, () -> Tensor.of(Column.of("name", new String[] {"a"})));
        assertTrue(s.getMessage().contains("'name'"), s.getMessage());
        MmuInputException w = assertThrows(MmuInputException.class, () -> Tensor.of(Column.of("flux", new double[] {1})).floats());
        assertTrue(w.getMessage().contains("'flux' is float64, not float32"), w.getMessage());
    }
}
