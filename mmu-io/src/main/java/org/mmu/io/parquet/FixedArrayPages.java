package org.mmu.io.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuFormatException;

/**
 * Bulk decoding of the pages of a fixed-shape numeric array column (an image, a spectrum of
 * fixed length), stored as we write them: one flat list per row, PLAIN values, RLE levels.
 * parquet-mr's ColumnReader costs several virtual calls and two level decodes per element, which
 * capped reading cutouts at ~70 MiB/s; here a page's levels are checked run by run (a fixed
 * array's repetition levels are one long run per row) and its values copied in one go, straight
 * into the column being built. A page
 * that does not fit (nulls, a dictionary, other encodings, a row of another length) returns null
 * and the caller decodes it the general way.
 */
final class FixedArrayPages {
    private FixedArrayPages() {
    }

    /** Whether the column's pages may be bulk-decoded: a flat list of a fixed number of numeric elements. */
    static boolean eligible(ParquetColumnBinding b) {
        ColumnSpec s = b.spec();
        return b.rank() == 1 && !s.isScalar() && !s.isVariableShape() && b.leaf().getMaxRepetitionLevel() == 1
                && PlainColumnReader.copiesPlainly(b);
    }

    /**
     * The page's rows as a block of little-endian values (not copied), or null when the page is
     * not a run of complete, non-null fixed-length rows in PLAIN encoding.
     */
    static Block decode(DataPage page, ParquetColumnBinding b, String location) {
        int entries = page.getValueCount();
        int perRow = (int) b.spec().elementsPerRow();
        if (perRow <= 0 || entries % perRow != 0) {
            return null;
        }
        int maxDef = b.maxDefinition();
        ByteBuffer rep;
        ByteBuffer def;
        ByteBuffer values;
        try {
            if (page instanceof DataPageV1 v1) {
                if (v1.getValueEncoding() != Encoding.PLAIN || v1.getRlEncoding() != Encoding.RLE
                        || (maxDef > 0 && v1.getDlEncoding() != Encoding.RLE)) {
                    return null;
                }
                ByteBuffer all = v1.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                rep = lengthPrefixed(all);
                def = maxDef > 0 ? lengthPrefixed(all) : null;
                values = all.slice().order(ByteOrder.LITTLE_ENDIAN);
            } else if (page instanceof DataPageV2 v2) {
                if (v2.getDataEncoding() != Encoding.PLAIN) {
                    return null;
                }
                rep = v2.getRepetitionLevels().toByteBuffer();
                def = maxDef > 0 ? v2.getDefinitionLevels().toByteBuffer() : null;
                values = v2.getData().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            } else {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null; // the general decoder reports what is wrong with this page
        }
        if (rep == null || (maxDef > 0 && def == null)
                || !rowsStartEvery(rep, BytesUtils.getWidthFromMaxInt(1), entries, perRow)
                || (def != null && !allEqual(def, BytesUtils.getWidthFromMaxInt(maxDef), entries, maxDef))) {
            return null;
        }
        if (values.remaining() < (long) entries * b.type().byteWidth()) {
            throw new MmuFormatException(location, "a page of column '" + b.spec().name() + "' holds "
                    + values.remaining() + " bytes for " + entries + " values");
        }
        return new Block(values, entries / perRow, perRow * b.type().byteWidth());
    }

    /** A bulk-decodable page: {@code rows} rows of {@code rowBytes} little-endian bytes each, from {@code values}' position. */
    record Block(ByteBuffer values, int rows, int rowBytes) {
        /** The values of rows {@code [from, from + count)}, for {@link org.mmu.core.ColumnBuilder#appendFixedRows}. */
        ByteBuffer rows(int from, int count) {
            ByteBuffer v = values.duplicate();
            v.position(values.position() + from * rowBytes);
            v.limit(v.position() + count * rowBytes);
            return v;
        }
    }

    /** The section after a 4-byte little-endian length, consuming both from {@code all}; null if it does not fit. */
    private static ByteBuffer lengthPrefixed(ByteBuffer all) {
        if (all.remaining() < 4) {
            return null;
        }
        int len = all.getInt();
        if (len < 0 || len > all.remaining()) {
            return null;
        }
        ByteBuffer section = all.slice();
        section.limit(len);
        all.position(all.position() + len);
        return section;
    }

    /** One RLE/bit-packed hybrid run: {@code count} copies of {@code value}. */
    private interface RunSink {
        /** @return false to stop: the levels are not what the fast path needs */
        boolean run(int value, int count);
    }

    /** Whether the repetition levels say a new row (level 0) starts exactly every {@code perRow} entries. */
    private static boolean rowsStartEvery(ByteBuffer levels, int bitWidth, int entries, int perRow) {
        long[] pos = {0};
        return runs(levels, bitWidth, entries, (value, count) -> {
            long p = pos[0];
            pos[0] += count;
            if (value == 0) {
                // every entry of the run starts a row: only possible for one entry, or rows of one element
                return perRow == 1 || (count == 1 && p % perRow == 0);
            }
            // continuation entries: the run must not cover a row start
            return value == 1 && p % perRow != 0 && (p / perRow) == ((p + count - 1) / perRow);
        });
    }

    private static boolean allEqual(ByteBuffer levels, int bitWidth, int entries, int expected) {
        return runs(levels, bitWidth, entries, (value, count) -> value == expected);
    }

    /**
     * Walks the first {@code total} levels of an RLE/bit-packed hybrid stream run by run
     * (bit-packed groups value by value). False when the sink stops or the stream is short.
     */
    private static boolean runs(ByteBuffer in, int bitWidth, int total, RunSink sink) {
        ByteBuffer b = in.duplicate();
        int done = 0;
        int valueBytes = (bitWidth + 7) / 8;
        while (done < total) {
            int header = readVarInt(b);
            if (header < 0) {
                return false;
            }
            if ((header & 1) == 0) {
                int count = Math.min(header >>> 1, total - done);
                if (count <= 0 || b.remaining() < valueBytes) {
                    return false;
                }
                int value = 0;
                for (int i = 0; i < valueBytes; i++) {
                    value |= (b.get() & 0xff) << (8 * i);
                }
                if (!sink.run(value, count)) {
                    return false;
                }
                done += count;
            } else {
                int groups = header >>> 1;
                int bytes = groups * bitWidth;
                if (groups <= 0 || b.remaining() < bytes) {
                    return false;
                }
                int start = b.position();
                int values = Math.min(groups * 8, total - done);
                for (int i = 0; i < values; i++) {
                    long bit = (long) i * bitWidth;
                    int v = 0;
                    for (int k = 0; k < bitWidth; k++) {
                        long at = bit + k;
                        int byteValue = b.get(start + (int) (at >>> 3)) & 0xff;
                        v |= ((byteValue >>> (at & 7)) & 1) << k;
                    }
                    if (!sink.run(v, 1)) {
                        return false;
                    }
                }
                b.position(start + bytes);
                done += values;
            }
        }
        return true;
    }

    private static int readVarInt(ByteBuffer b) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!b.hasRemaining()) {
                return -1;
            }
            int x = b.get() & 0xff;
            value |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }
}
