package org.mmu.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SchemaTest {
    private final Schema schema = Schema.of(ColumnSpec.scalar("object_id", DType.INT64),
            ColumnSpec.scalar("redshift", DType.FLOAT64), ColumnSpec.array("spectrum", DType.FLOAT32, -1));

    @Test
    void anUnknownColumnIsNamedWithTheColumnsThatExistAndTheLikelyTypo() {
        MmuInputException e = assertThrows(MmuInputException.class, () -> schema.column("redshfit"));
        assertTrue(e.getMessage().contains("no column 'redshfit' (did you mean 'redshift'?)"), e.getMessage());
        assertTrue(e.getMessage().contains("[object_id, redshift, spectrum]"), e.getMessage());
    }

    @Test
    void selectKeepsTheRequestedOrder() {
        assertEquals(List.of("spectrum", "object_id"), schema.select(List.of("spectrum", "object_id")).names());
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThrows(MmuInputException.class,
                () -> Schema.of(ColumnSpec.scalar("a", DType.INT8), ColumnSpec.scalar("a", DType.INT16)));
    }

    @Test
    void typeStringsReadLikeNumpy() {
        assertEquals("float32[-1]", schema.column("spectrum").typeString());
        assertEquals(DType.FLOAT32, DType.fromLabel("float32"));
        assertThrows(MmuInputException.class, () -> DType.fromLabel("float16"));
    }
}
