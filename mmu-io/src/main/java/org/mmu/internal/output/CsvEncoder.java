package org.mmu.internal.output;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import org.mmu.core.Column;
import org.mmu.core.DType;

/**
 * Encodes rows of scalar columns as CSV lines straight into bytes: integers digit pair by digit
 * pair (a multiply, not a division, per pair: the JIT's first tier does not turn a division by a
 * constant into one), {@code *_arcsec} floats with a fixed number of decimals, other floats in
 * shortest round-trip form, absent values as empty fields. Stateless apart from the decimals, so
 * one encoder serves several threads, each with its own {@link Bytes}.
 */
final class CsvEncoder {
    private static final byte[] DIGIT_PAIRS = new byte[200];
    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** A growable byte buffer. */
    static final class Bytes {
        byte[] bytes = new byte[1 << 16];
        int size;

        void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
            }
        }
    }

    private final int decimals;
    private final long scale;

    /** @param decimals of {@code *_arcsec} columns, 0 to 15 */
    CsvEncoder(int decimals) {
        this.decimals = decimals;
        this.scale = (long) Math.pow(10, decimals);
    }

    /** Appends the lines of rows {@code [from, to)} to {@code out}. */
    void encode(Column[] cols, int from, int to, Bytes out) {
        int nCols = cols.length;
        Object[] data = new Object[nCols];
        boolean[] fixed = new boolean[nCols];
        boolean[] nullable = new boolean[nCols];
        for (int i = 0; i < nCols; i++) {
            data[i] = cols[i].unsafeData();
            fixed[i] = cols[i].name().endsWith("_arcsec");
            nullable[i] = cols[i].hasNulls();
        }
        for (int r = from; r < to; r++) {
            out.ensure(32 * nCols + 1);
            byte[] buf = out.bytes;
            int pos = out.size;
            for (int i = 0; i < nCols; i++) {
                if (i > 0) {
                    buf[pos++] = ',';
                }
                Column c = cols[i];
                if (nullable[i] && c.isNull(r)) {
                    continue;
                }
                switch (c.type()) {
                    case INT64 -> pos = putLong(buf, pos, ((long[]) data[i])[r]);
                    case INT32 -> pos = putLong(buf, pos, ((int[]) data[i])[r]);
                    case FLOAT64, FLOAT32 -> {
                        double v = c.type() == DType.FLOAT64 ? ((double[]) data[i])[r] : ((float[]) data[i])[r];
                        if (fixed[i] && Double.isFinite(v) && Math.abs(v) * scale < 0x1p52) {
                            pos = putFixed(buf, pos, v, decimals, scale);
                        } else {
                            out.size = pos;
                            text(out, !fixed[i] ? (c.type() == DType.FLOAT64 ? Double.toString(v) : Float.toString((float) v))
                                    : String.format(Locale.ROOT, "%." + decimals + "f", v));
                            buf = out.bytes;
                            pos = out.size;
                        }
                    }
                    default -> {
                        out.size = pos;
                        text(out, switch (c.type()) {
                            case STRING -> csvField(c.getString(r));
                            case BOOL -> String.valueOf(c.getBoolean(r));
                            default -> Long.toString(c.getLong(r));
                        });
                        buf = out.bytes;
                        pos = out.size;
                    }
                }
            }
            buf[pos++] = '\n';
            out.size = pos;
        }
    }

    private static void text(Bytes out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.ensure(b.length + 32 * 16);
        System.arraycopy(b, 0, out.bytes, out.size, b.length);
        out.size += b.length;
    }

    /**
     * Writes {@code v} (finite, {@code |v|·10^decimals < 2^52}) with exactly {@code decimals}
     * decimals, rounded half up: {@code String.format("%.9f")}'s digits without its cost.
     */
    static int putFixed(byte[] buf, int pos, double v, int decimals, long scale) {
        long units = Math.round(Math.abs(v) * scale);
        if (v < 0 && units != 0) {
            buf[pos++] = '-';
        }
        long whole = (long) (units / (double) scale); // within one of units / scale
        long rest = units - whole * scale;
        if (rest < 0) {
            whole--;
        } else if (rest >= scale) {
            whole++;
        }
        pos = putLong(buf, pos, whole);
        if (decimals > 0) {
            buf[pos++] = '.';
            long frac = units - whole * scale;
            if (decimals > 9) {
                pos = putPadded(buf, pos, (int) (frac / 1_000_000_000L), decimals - 9);
                frac %= 1_000_000_000L;
                decimals = 9;
            }
            pos = putPadded(buf, pos, (int) frac, decimals);
        }
        return pos;
    }

    /** The decimal digits of {@code v}. */
    static int putLong(byte[] buf, int pos, long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                byte[] b = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(b, 0, buf, pos, b.length);
                return pos + b.length;
            }
            buf[pos++] = '-';
            v = -v;
        }
        if (v < 1_000_000_000L) {
            int x = (int) v;
            return putPadded(buf, pos, x, digits(x));
        }
        long hi = (long) (v * 1e-9); // v / 10^9 within one, without a long division
        long lo = v - hi * 1_000_000_000L;
        if (lo < 0) {
            hi--;
        } else if (lo >= 1_000_000_000L) {
            hi++;
        }
        pos = putLong(buf, pos, hi);
        return putPadded(buf, pos, (int) (v - hi * 1_000_000_000L), 9);
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};

    /** Number of decimal digits of {@code x} (0 ≤ x < 10⁹), without a loop: log10 from the bit length. */
    static int digits(int x) {
        int y = x | 1; // same digits as x, and 0 has one
        int t = ((32 - Integer.numberOfLeadingZeros(y)) * 1233) >>> 12; // log10 of y's bit length: digits - 1, or digits
        return t + 1 - (y < POWERS_OF_TEN[t] ? 1 : 0);
    }

    /** {@code x} (0 ≤ x < 10⁹) as exactly {@code n} digits, zero-padded on the left. */
    private static int putPadded(byte[] buf, int pos, int x, int n) {
        if (n >= 1 && n <= 9 && buf.length - pos >= 9) {
            if (n == 9) {
                int top = (int) ((x * 1441151881L) >>> 57); // x / 10^8, exact for 0 <= x < 10^9
                buf[pos++] = (byte) ('0' + top);
                x -= top * 100_000_000;
                n = 8;
            }
            // all eight digits at once, then the last n of them (x < 10^n); the bytes past pos + n are scratch
            LONG_LE.set(buf, pos, eightDigits(x) >>> (8 * (8 - n)));
            return pos + n;
        }
        int k = pos + n;
        while (k - pos >= 2) {
            int q = (int) ((x * 1374389535L) >>> 37); // x / 100, exact for 0 <= x < 2^32
            int r = x - q * 100;
            buf[--k] = DIGIT_PAIRS[2 * r + 1];
            buf[--k] = DIGIT_PAIRS[2 * r];
            x = q;
        }
        if (k > pos) {
            int q = (int) ((x * 3435973837L) >>> 35); // x / 10, exact for 0 <= x < 2^32
            buf[--k] = (byte) ('0' + x - q * 10);
        }
        return pos + n;
    }

    /**
     * The eight decimal digits of {@code x} (0 ≤ x < 10⁸) as ASCII bytes of a little-endian long,
     * most significant digit in the lowest byte: the two halves of four digits, then the four
     * pairs, then the eight digits are split in parallel lanes by multiply-and-shift divisions.
     */
    static long eightDigits(int x) {
        long hi = (x * 109951163L) >>> 40;                        // x / 10^4, exact for x < 10^8
        long v = hi | ((x - hi * 10_000) << 32);                   // [hi, lo] in 32-bit lanes
        long q = ((v * 10486) >>> 20) & 0x0000_007F_0000_007FL;   // lane / 100, exact below 10^4
        v = q | ((v - q * 100) << 16);                             // four pairs in 16-bit lanes
        q = ((v * 103) >>> 10) & 0x000F_000F_000F_000FL;           // lane / 10, exact below 100
        v = q | ((v - q * 10) << 8);                               // eight digits in bytes
        return v + 0x3030_3030_3030_3030L;
    }

    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
