package org.mmu.internal.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.mmu.core.DType;
import org.mmu.core.MmuFormatException;

/**
 * Bulk decoding of a required, flat, PLAIN-encoded numeric column: each page's values are a
 * little-endian array, copied in one go. parquet-mr's ColumnReader makes several virtual calls per
 * value, which dominated loading 10⁷-row indices; the index is written so that this path applies
 * (required columns, no dictionary). Anything else returns false and the general decoder is used.
 */
final class PlainColumnReader {
    private PlainColumnReader() {
    }

    /** Whether this column can be bulk-decoded from its schema alone (the pages are checked as they come). */
    static boolean eligible(ParquetColumnBinding b) {
        if (b.rank() != 0 || b.maxDefinition() != 0 || b.leaf().getMaxRepetitionLevel() != 0) {
            return false;
        }
        return copiesPlainly(b);
    }

    /** Whether the column's PLAIN values are its elements as stored (a little-endian array of our type). */
    static boolean copiesPlainly(ParquetColumnBinding b) {
        if (b.unsignedInt()) {
            return false;
        }
        PrimitiveTypeName p = b.physical();
        return (p == PrimitiveTypeName.INT32 && b.type() == DType.INT32)
                || (p == PrimitiveTypeName.INT64 && b.type() == DType.INT64)
                || (p == PrimitiveTypeName.FLOAT && b.type() == DType.FLOAT32)
                || (p == PrimitiveTypeName.DOUBLE && b.type() == DType.FLOAT64);
    }

    /**
     * Decodes all {@code rows} values of one row group into a new array ({@code int[]},
     * {@code long[]}, {@code float[]} or {@code double[]}), or returns null when a page is not
     * plainly encoded (dictionary, delta...): the caller then uses the general decoder.
     */
    static Object read(PageReader pages, ParquetColumnBinding b, int rows, String location) {
        if (pages.readDictionaryPage() != null) {
            return null;
        }
        Object out = b.type().newArray(rows);
        int filled = 0;
        DataPage page;
        while ((page = pages.readPage()) != null) {
            ByteBuffer values = plainValues(page, b, location);
            if (values == null) {
                return null;
            }
            int n = page.getValueCount();
            if (filled + n > rows) {
                throw new MmuFormatException(location, "column '" + b.spec().name() + "' has more values than its "
                        + rows + " rows");
            }
            copy(values.slice().order(ByteOrder.LITTLE_ENDIAN), b.type(), out, filled, n, location, b);
            filled += n;
        }
        if (filled != rows) {
            throw new MmuFormatException(location, "column '" + b.spec().name() + "' has " + filled + " values for "
                    + rows + " rows");
        }
        return out;
    }

    /**
     * Decodes one page's values into a new array, or returns null when the page is not plainly
     * encoded. For filtered reads, which fetch single pages through the offset index.
     */
    static Object readPage(DataPage page, ParquetColumnBinding b, String location) {
        ByteBuffer values = plainValues(page, b, location);
        if (values == null) {
            return null;
        }
        int n = page.getValueCount();
        Object out = b.type().newArray(n);
        copy(values.slice().order(ByteOrder.LITTLE_ENDIAN), b.type(), out, 0, n, location, b);
        return out;
    }

    /** A page's decompressed PLAIN values (no level sections: max levels are 0), or null for another encoding. */
    private static ByteBuffer plainValues(DataPage page, ParquetColumnBinding b, String location) {
        try {
            if (page instanceof DataPageV1 v1 && v1.getValueEncoding() == Encoding.PLAIN) {
                return v1.getBytes().toByteBuffer();
            }
            if (page instanceof DataPageV2 v2 && v2.getDataEncoding() == Encoding.PLAIN) {
                return v2.getData().toByteBuffer();
            }
            return null;
        } catch (IOException e) {
            throw new MmuFormatException(location, "cannot decompress a page of column '" + b.spec().name() + "'", e);
        }
    }

    private static void copy(ByteBuffer bytes, DType t, Object out, int at, int n, String location, ParquetColumnBinding b) {
        int width = t.byteWidth();
        if (bytes.remaining() < (long) n * width) {
            throw new MmuFormatException(location, "a page of column '" + b.spec().name() + "' holds "
                    + bytes.remaining() + " bytes for " + n + " values");
        }
        switch (t) {
            case INT32 -> bytes.asIntBuffer().get((int[]) out, at, n);
            case INT64 -> bytes.asLongBuffer().get((long[]) out, at, n);
            case FLOAT32 -> bytes.asFloatBuffer().get((float[]) out, at, n);
            case FLOAT64 -> bytes.asDoubleBuffer().get((double[]) out, at, n);
            default -> throw new IllegalStateException("not a bulk type: " + t);
        }
    }
}
