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
            String b = fixed(v);
            String expected = String.format(Locale.ROOT, "%.9f", v);
            if (!expected.equals(b)) {
                // both are correct roundings when v sits within an ulp of a half-way point
                double diff = Math.abs(Double.parseDouble(b) - Double.parseDouble(expected));
                assertEquals(0, diff, 1.01e-9, v + ": " + b + " vs " + expected);
            }
        }
        assertEquals("0.500000000", fixed(0.5));
        assertEquals("12.000000000", fixed(12.0000000004));
        assertEquals("-3.250000000", fixed(-3.25));
    }

    private static String fixed(double v) {
        byte[] buf = new byte[64];
        int n = CsvEncoder.putFixed(buf, 0, v, 9, 1_000_000_000L);
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
