package org.mmu.io.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TableWritersTest {
    @Test
    void fixedDecimalsAgreeWithStringFormat() {
        Random r = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> r.nextDouble() * 3600;
                case 1 -> r.nextDouble() * 1e-6;
                case 2 -> Math.round(r.nextDouble() * 1e6) / 1e6;
                default -> -r.nextDouble() * 10;
            };
            StringBuilder b = new StringBuilder();
            TableWriters.appendFixed(b, v, 9);
            String expected = String.format(Locale.ROOT, "%.9f", v);
            if (!expected.contentEquals(b)) {
                // both are correct roundings when v sits within an ulp of a half-way point
                double diff = Math.abs(Double.parseDouble(b.toString()) - Double.parseDouble(expected));
                assertEquals(0, diff, 1.01e-9, v + ": " + b + " vs " + expected);
            }
        }
        StringBuilder b = new StringBuilder();
        TableWriters.appendFixed(b, 0.5, 9);
        assertEquals("0.500000000", b.toString());
        b.setLength(0);
        TableWriters.appendFixed(b, 12.0000000004, 9);
        assertEquals("12.000000000", b.toString());
    }
}
