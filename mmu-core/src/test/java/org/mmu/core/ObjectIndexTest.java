package org.mmu.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectIndexTest {
    @Test
    void validationNamesTheSourceTheObjectAndTheValue() {
        ObjectIndex idx = ObjectIndex.ofPositions("hsc", ObjectIds.ofLongs(new long[] {7, 8}), new double[] {10, 20},
                new double[] {0, Double.NaN});
        MmuInputException e = assertThrows(MmuInputException.class, () -> idx.validate("hsc/_index"));
        assertTrue(e.getMessage().contains("hsc/_index") && e.getMessage().contains("object 8")
                && e.getMessage().contains("dec=NaN"), e.getMessage());
    }

    @Test
    void raOutsideTheCircleIsRefused() {
        assertTrue(ObjectIndex.coordinateProblem(360.5, 0).contains("ra=360.5"));
        assertTrue(ObjectIndex.coordinateProblem(0, -90.01).contains("dec=-90.01"));
        assertTrue(ObjectIndex.coordinateProblem(360, 90) == null, "ra=360 and the pole are valid");
    }

    @Test
    void duplicateIdsAreNamed() {
        ObjectIndex idx = ObjectIndex.ofPositions("desi", ObjectIds.ofLongs(new long[] {1, 2, 1}),
                new double[] {1, 2, 3}, new double[] {0, 0, 0});
        MmuInputException e = assertThrows(MmuInputException.class, () -> idx.validate("desi"));
        assertTrue(e.getMessage().contains("duplicate object_id 1") && e.getMessage().contains("rows 0 and 2"), e.getMessage());
    }
}
