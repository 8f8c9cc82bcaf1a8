package org.mmu.internal.indexfirst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;

/** The --where language: comparisons, and/or/not, between, in, is null, with SQL's nulls; errors point at the spot. */
class IndexFilterTest {
    // rows:                       0      1     2      3      4
    static final double[] MAG = {20.5, 22.0, 23.1, Double.NaN, 19.0};
    static final RowBatch ROWS = RowBatch.of(
            Column.of("object_id", new long[] {1, 2, 3, 4, 5}),
            Column.ofScalars(ColumnSpec.scalar("mag_i", DType.FLOAT64), MAG, 5, new boolean[] {false, false, false, true, false}),
            Column.of("z", new double[] {0.05, 0.2, 0.5, 0.3, 0.9}),
            Column.of("class", new String[] {"GALAXY", "QSO", "STAR", "GALAXY", "it's"}));

    static boolean[] keep(String expr) {
        return IndexFilter.parse(expr, ROWS.schema()).keep(ROWS);
    }

    @Test
    void comparisonsAndLogic() {
        assertArrayEquals(new boolean[] {true, false, false, false, true}, keep("mag_i < 22"));
        assertArrayEquals(new boolean[] {true, true, false, false, true}, keep("mag_i <= 22"));
        assertArrayEquals(new boolean[] {false, true, false, false, false}, keep("mag_i < 22.5 and z between 0.1 and 0.5"));
        assertArrayEquals(new boolean[] {true, true, true, false, true}, keep("MAG_I < 22 OR z >= 0.2 and object_id != 4"
                .replace("MAG_I", "mag_i")));
        assertArrayEquals(new boolean[] {false, false, true, false, false}, keep("not (mag_i < 23) and object_id in (2, 3)"));
        assertArrayEquals(new boolean[] {true, false, true, true, true}, keep("z not between 0.1 and 0.25"));
        assertArrayEquals(new boolean[] {true, false, false, true, true}, keep("class in ('GALAXY', 'it''s')"));
        assertArrayEquals(new boolean[] {false, true, true, false, false}, keep("object_id = 2 or object_id == 3"));
    }

    @Test
    void aNullSatisfiesOnlyIsNullEvenUnderNot() {
        assertArrayEquals(new boolean[] {false, false, false, true, false}, keep("mag_i is null"));
        assertArrayEquals(new boolean[] {true, true, true, false, true}, keep("mag_i is not null"));
        assertArrayEquals(new boolean[] {false, true, true, false, false}, keep("not mag_i < 22"));
        assertArrayEquals(new boolean[] {false, true, true, true, false}, keep("not mag_i < 22 or z = 0.3"));
    }

    @Test
    void errorsNameTheColumnAndPointAtThePosition() {
        MmuInputException e = assertThrows(MmuInputException.class, () -> keep("z < 1 and mag_x < 22"));
        assertTrue(e.getMessage().startsWith("where: at position 11 ('mag_x'): unknown column 'mag_x'; the index columns"
                + " are [object_id, mag_i, z, class]"), e.getMessage());
        assertTrue(e.getMessage().endsWith("z < 1 and mag_x < 22\n" + "            ^"), e.getMessage());
        e = assertThrows(MmuInputException.class, () -> keep("mag_i < 'bright'"));
        assertTrue(e.getMessage().contains("position 9 ('bright'): column 'mag_i' is float64; this value is not"),
                e.getMessage());
        e = assertThrows(MmuInputException.class, () -> keep("z between 0.1 0.5"));
        assertTrue(e.getMessage().contains("position 15 ('0.5'): expected AND in 'z BETWEEN low AND high'"), e.getMessage());
        e = assertThrows(MmuInputException.class, () -> keep("(z < 1"));
        assertTrue(e.getMessage().contains("(the end): expected ')'"), e.getMessage());
        e = assertThrows(MmuInputException.class, () -> keep("z < 1 mag_i"));
        assertTrue(e.getMessage().contains("position 7 ('mag_i'): expected AND, OR or the end"), e.getMessage());
        e = assertThrows(MmuInputException.class, () -> IndexFilter.checkSyntax("class = 'open"));
        assertTrue(e.getMessage().contains("position 9"), e.getMessage());
        assertEquals("where: the expression is empty", assertThrows(MmuInputException.class, () -> keep("  ")).getMessage());
    }
}
