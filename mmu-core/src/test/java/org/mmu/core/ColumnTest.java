package org.mmu.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ColumnTest {

    @Test
    void aFixedShapeArrayColumnGivesEachRowItsOwnSlice() {
        float[] flat = new float[3 * 4];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i;
        }
        Column c = Column.ofFixedArrays(ColumnSpec.array("img", DType.FLOAT32, 2, 2), flat, 3);
        NdArray second = c.getArray(1);
        assertArrayEquals(new int[] {2, 2}, second.shape());
        assertArrayEquals(new float[] {4, 5, 6, 7}, second.toFloatArray());
        assertEquals(7.0, second.getDouble(1, 1));
    }

    @Test
    void rowsOfDifferentLengthsMakeTheDimensionVariable() {
        ColumnBuilder b = new ColumnBuilder(ColumnSpec.array("spec", DType.FLOAT64, 3), 2);
        b.appendArray(new double[] {1, 2, 3}, 0, new int[] {3});
        b.appendArray(new double[] {4, 5}, 0, new int[] {2});
        Column c = b.build();
        assertArrayEquals(new int[] {-1}, c.spec().shape());
        assertEquals(2, c.getArray(1).size());
        assertEquals(5.0, c.getArray(1).getDouble(1));
    }

    @Test
    void nullsAreRememberedAndGettersRefuseThem() {
        ColumnBuilder b = new ColumnBuilder(ColumnSpec.scalar("mag", DType.FLOAT32), 3);
        b.appendDouble(1.5).appendNull().appendDouble(2.5);
        Column c = b.build();
        assertTrue(c.isNull(1));
        assertNull(c.get(1));
        MmuInputException e = assertThrows(MmuInputException.class, () -> c.getDouble(1));
        assertTrue(e.getMessage().contains("'mag' is null at row 1"), e.getMessage());
        assertEquals(2.5, c.getDouble(2));
    }

    @Test
    void gatherRepeatsAndReordersRows() {
        Column c = Column.of("x", new long[] {10, 11, 12});
        Column g = c.gather(new int[] {2, 0, 2});
        assertEquals(List.of(12L, 10L, 12L), List.of(g.getLong(0), g.getLong(1), g.getLong(2)));
    }

    @Test
    void valuesOutsideANarrowTypeAreRefusedWithTheValue() {
        ColumnBuilder b = new ColumnBuilder(ColumnSpec.scalar("small", DType.INT16), 1);
        MmuInputException e = assertThrows(MmuInputException.class, () -> b.appendLong(40_000));
        assertTrue(e.getMessage().contains("40000") && e.getMessage().contains("'small'"), e.getMessage());
    }

    @Test
    void concatenatingColumnsOfDifferentFixedShapesGivesAVariableShape() {
        Column a = Column.ofFixedArrays(ColumnSpec.array("s", DType.FLOAT32, 2), new float[] {1, 2}, 1);
        Column b = Column.ofFixedArrays(ColumnSpec.array("s", DType.FLOAT32, 3), new float[] {3, 4, 5}, 1);
        Column c = Column.concat(List.of(a, b));
        assertArrayEquals(new int[] {-1}, c.spec().shape());
        assertArrayEquals(new float[] {3, 4, 5}, c.getArray(1).toFloatArray());
    }

    @Test
    void uint8IsReadUnsigned() {
        Column c = Column.ofScalars(ColumnSpec.scalar("u", DType.UINT8), new byte[] {(byte) 200}, 1);
        assertEquals(200, c.getLong(0));
    }
}
