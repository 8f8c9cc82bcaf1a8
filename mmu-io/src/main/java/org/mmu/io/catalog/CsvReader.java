package org.mmu.io.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;

/**
 * Reads a CSV catalog (RFC 4180: a header line, comma-separated, double-quoted fields may hold
 * commas, quotes as {@code ""} and newlines) into typed columns. Types are inferred per column
 * over the whole file: int64 when every value is an integer, float64 when every value is a
 * number ({@code nan}, {@code inf} allowed), bool for true/false, otherwise string. Empty
 * fields are nulls. A column of numbers with a few stray values (at most
 * {@link #STRAY_FRACTION} of them) is an error naming the first, not silently a string column.
 * Two passes over the file: infer, then parse. Values quoted in messages are truncated.
 */
public final class CsvReader {
    /** Non-numeric values in an otherwise numeric column, as a fraction, that are taken as typos. */
    static final double STRAY_FRACTION = 0.1;
    /** Longest value quoted whole in a message. */
    static final int QUOTE_CHARS = 60;

    /** The parsed table and, per row, the 1-based line it started on (for messages). */
    public record Table(RowBatch batch, int[] lineOfRow) {
        public String rowLabel(int row) {
            return "line " + lineOfRow[row];
        }
    }

    private CsvReader() {
    }

    public static Table read(Path file) {
        List<String> header;
        DType[] types;
        try (Records in = new Records(file)) {
            header = in.next();
            if (header == null) {
                throw new MmuInputException(file + ": empty file; a CSV catalog needs a header line");
            }
            for (int i = 0; i < header.size(); i++) {
                header.set(i, header.get(i).strip());
                if (header.get(i).isEmpty()) {
                    throw new MmuInputException(file + ": header column " + (i + 1) + " has no name");
                }
            }
            types = new DType[header.size()];
            long[] numeric = new long[header.size()];
            long[] other = new long[header.size()];
            String[] firstOther = new String[header.size()];
            int[] firstOtherLine = new int[header.size()];
            List<String> rec;
            int records = 0;
            while ((rec = in.next()) != null) {
                records++;
                checkWidth(file, in, header, rec);
                for (int i = 0; i < types.length; i++) {
                    String v = rec.get(i);
                    types[i] = widen(types[i], v);
                    if (!v.isEmpty()) {
                        DType t = typeOf(v);
                        if (t == DType.INT64 || t == DType.FLOAT64) {
                            numeric[i]++;
                        } else {
                            if (other[i]++ == 0) {
                                firstOther[i] = v;
                                firstOtherLine[i] = in.recordLine();
                            }
                        }
                    }
                }
            }
            if (records == 0) {
                throw new MmuInputException(file + ": no data rows after the header line " + quote(String.join(",", header)));
            }
            for (int i = 0; i < types.length; i++) {
                if (numeric[i] > 0 && other[i] > 0 && other[i] <= STRAY_FRACTION * (numeric[i] + other[i])) {
                    throw new MmuFormatException(file.toString(), "column '" + header.get(i) + "' holds numbers except "
                            + quote(firstOther[i]) + " on line " + firstOtherLine[i] + (other[i] > 1 ? " and " + (other[i] - 1)
                            + " more" : "") + "; fix the value, or leave the field empty for a null");
                }
            }
        }
        List<ColumnBuilder> builders = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            builders.add(new ColumnBuilder(ColumnSpec.scalar(header.get(i), types[i] == null ? DType.STRING : types[i]), 1024));
        }
        int[] lines = new int[1024];
        int rows = 0;
        try (Records in = new Records(file)) {
            in.next();
            List<String> rec;
            while ((rec = in.next()) != null) {
                if (rows == lines.length) {
                    lines = java.util.Arrays.copyOf(lines, rows * 2);
                }
                lines[rows++] = in.recordLine();
                for (int i = 0; i < builders.size(); i++) {
                    append(file, in.recordLine(), builders.get(i), rec.get(i));
                }
            }
        }
        List<Column> cols = new ArrayList<>();
        for (ColumnBuilder b : builders) {
            cols.add(b.build());
        }
        return new Table(RowBatch.of(cols), java.util.Arrays.copyOf(lines, rows));
    }

    /** A value for a message: quoted, and cut to {@link #QUOTE_CHARS} characters if longer. */
    static String quote(String v) {
        return v.length() <= QUOTE_CHARS ? "'" + v + "'"
                : "'" + v.substring(0, QUOTE_CHARS) + "...' (" + v.length() + " characters)";
    }

    private static void checkWidth(Path file, Records in, List<String> header, List<String> rec) {
        if (rec.size() != header.size()) {
            throw new MmuFormatException(file.toString(), "line " + in.recordLine() + " has " + rec.size()
                    + " fields, the header has " + header.size());
        }
    }

    /** The narrowest type that holds both what was seen so far and {@code value}. */
    private static DType widen(DType seen, String value) {
        if (value.isEmpty() || seen == DType.STRING) {
            return seen;
        }
        DType t = typeOf(value);
        if (seen == null || seen == t) {
            return t;
        }
        if ((seen == DType.INT64 && t == DType.FLOAT64) || (seen == DType.FLOAT64 && t == DType.INT64)) {
            return DType.FLOAT64;
        }
        return DType.STRING;
    }

    private static DType typeOf(String v) {
        if (isLong(v)) {
            return DType.INT64;
        }
        if (isDouble(v)) {
            return DType.FLOAT64;
        }
        String l = v.toLowerCase(Locale.ROOT);
        if (l.equals("true") || l.equals("false")) {
            return DType.BOOL;
        }
        return DType.STRING;
    }

    private static boolean isLong(String v) {
        int i = v.startsWith("-") || v.startsWith("+") ? 1 : 0;
        if (i == v.length() || v.length() - i > 19) {
            return false;
        }
        for (; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        try {
            Long.parseLong(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDouble(String v) {
        try {
            parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double parseDouble(String v) {
        String l = v.strip().toLowerCase(Locale.ROOT);
        switch (l) {
            case "nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                if (l.endsWith("d") || l.endsWith("f")) {
                    throw new NumberFormatException(v); // Java suffixes are not numbers in CSV
                }
                return Double.parseDouble(l);
        }
    }

    private static void append(Path file, int line, ColumnBuilder b, String v) {
        if (v.isEmpty()) {
            b.appendNull();
            return;
        }
        switch (b.spec().type()) {
            case INT64 -> b.appendLong(Long.parseLong(v));
            case FLOAT64 -> b.appendDouble(parseDouble(v));
            case BOOL -> b.appendBoolean(v.equalsIgnoreCase("true"));
            default -> b.appendString(v);
        }
    }

    /** Splits a CSV file into records, tracking the line each record starts on. */
    private static final class Records implements AutoCloseable {
        private final Path file;
        private final BufferedReader in;
        private int line;        // lines consumed so far
        private int recordLine;  // line the last record started on

        Records(Path file) {
            this.file = file;
            try {
                this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new MmuInputException(file + ": file not found");
            } catch (IOException e) {
                throw new MmuStorageException(file.toString(), "cannot open", e);
            }
        }

        int recordLine() {
            return recordLine;
        }

        /** The next record's fields, or null at the end. Blank lines are skipped. */
        List<String> next() {
            try {
                String l;
                do {
                    l = in.readLine();
                    line++;
                    if (l == null) {
                        return null;
                    }
                } while (l.isBlank());
                recordLine = line;
                if (line == 1 && l.startsWith("\ufeff")) {
                    l = l.substring(1); // byte-order mark
                }
                List<String> fields = new ArrayList<>();
                StringBuilder cur = new StringBuilder();
                boolean quoted = false;
                boolean wasQuoted = false; // quoted fields keep their spaces
                int i = 0;
                while (true) {
                    if (i == l.length()) {
                        if (!quoted) {
                            fields.add(wasQuoted ? cur.toString() : cur.toString().strip());
                            return fields;
                        }
                        String more = in.readLine(); // a newline inside quotes
                        line++;
                        if (more == null) {
                            throw new MmuFormatException(file.toString(), "line " + recordLine
                                    + ": a quoted field is not closed before the end of the file");
                        }
                        cur.append('\n');
                        l = more;
                        i = 0;
                        continue;
                    }
                    char c = l.charAt(i++);
                    if (quoted) {
                        if (c == '"') {
                            if (i < l.length() && l.charAt(i) == '"') {
                                cur.append('"');
                                i++;
                            } else {
                                quoted = false;
                            }
                        } else {
                            cur.append(c);
                        }
                    } else if (c == '"' && !wasQuoted && cur.toString().isBlank()) {
                        cur.setLength(0);
                        quoted = true;
                        wasQuoted = true;
                    } else if (c == ',') {
                        fields.add(wasQuoted ? cur.toString() : cur.toString().strip());
                        cur.setLength(0);
                        wasQuoted = false;
                    } else {
                        cur.append(c);
                    }
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                // decoding runs ahead of the lines handed out: the bad bytes are at or after this line
                throw new MmuFormatException(file.toString(), "not valid UTF-8 text (bad bytes at or after line "
                        + (line + 1) + "); is this a CSV file? convert it to UTF-8");
            } catch (IOException e) {
                throw new MmuStorageException(file.toString(), "read failed at line " + line, e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // read-only; nothing lost
            }
        }
    }
}
