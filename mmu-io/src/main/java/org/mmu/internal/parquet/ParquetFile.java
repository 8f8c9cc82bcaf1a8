package org.mmu.internal.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore.MissingOffsetIndexException;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.MmuException;
import org.mmu.core.MmuFormatException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.internal.storage.ByteSource;

/**
 * One open Parquet file: its footer, schema mapping, and row-selective decoding into columns.
 *
 * <p>Reading some rows fetches, per row group, only the pages that hold them: the rows become
 * {@link RowRanges} and {@link ParquetFileReader#readFilteredRowGroup(int, RowRanges)} uses the
 * offset index to skip the other pages. A row group is read whole when at least half of its rows
 * are wanted (fewer, larger reads) or when the file has no page index. Not thread-safe: open one
 * per reading thread (opening costs one footer read).
 */
public final class ParquetFile implements AutoCloseable {
    /** Fraction of a row group's rows above which the whole row group is read. */
    static final double WHOLE_READ_FRACTION = 0.5;

    private final ByteSource source;
    private final ParquetFileReader reader;
    private final MessageType fileSchema;
    private final ParquetSchemas.Mapping mapping;
    private final String createdBy;
    private long rowLevelReads;
    private long wholeReads;
    private long noPageIndex;

    private ParquetFile(ByteSource source, ParquetFileReader reader) {
        this.source = source;
        this.reader = reader;
        this.fileSchema = reader.getFooter().getFileMetaData().getSchema();
        Map<String, String> kv = reader.getFooter().getFileMetaData().getKeyValueMetaData();
        this.mapping = ParquetSchemas.fromParquet(fileSchema, kv, source.location());
        this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    }

    /** Opens a file (reads its footer). The file is closed with this object. */
    public static ParquetFile open(ByteSource source) {
        return open(source, ByteSourceInputFile.DEFAULT_TAIL_BYTES);
    }

    /**
     * Opens a file whose footer and page index take the last {@code tailBytes} bytes (as a
     * dataset's manifest records them, {@link #metadataTailBytes()}): one exact ranged read
     * fetches all of them. A wrong value costs extra reads, never a wrong result.
     */
    public static ParquetFile open(ByteSource source, int tailBytes) {
        // no Hadoop at run time; pages that carry a CRC (ours always do) are verified as they are read
        ParquetReadOptions options = PlainReadOptions.create();
        try {
            return new ParquetFile(source, new ParquetFileReader(new ByteSourceInputFile(source, Math.max(8, tailBytes)),
                    options));
        } catch (MmuException e) {
            source.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            source.close();
            throw new MmuFormatException(source.location(), "not a readable Parquet file", e);
        }
    }

    public String location() {
        return source.location();
    }

    public long rowCount() {
        return reader.getRecordCount();
    }

    /** Our view of the file's columns (columns we cannot read are in {@link #unsupportedColumns()}). */
    public Schema schema() {
        return mapping.schema();
    }

    /** Columns present in the file that cannot be read, with the reason. */
    public Map<String, String> unsupportedColumns() {
        return mapping.unsupported();
    }

    public Map<String, String> keyValueMetadata() {
        return reader.getFooter().getFileMetaData().getKeyValueMetaData();
    }

    public List<BlockMetaData> rowGroups() {
        return reader.getRowGroups();
    }

    /** Reads selected rows of selected columns.
     *
     * @param rows ascending, distinct row numbers, or {@code null} for all rows
     */
    public RowBatch read(int[] rows, Schema columns) {
        List<ParquetColumnBinding> bindings = new ArrayList<>(columns.size());
        for (ColumnSpec c : columns) {
            ParquetColumnBinding b = mapping.binding(c.name());
            if (b == null) {
                String why = mapping.unsupported().get(c.name());
                throw new MmuFormatException(source.location(), why != null
                        ? "column '" + c.name() + "' cannot be read: " + why
                        : mapping.schema().noSuchColumn(c.name()));
            }
            bindings.add(b);
        }
        long total = rowCount();
        int wanted = rows == null ? (int) total : rows.length;
        if (rows != null && rows.length > 0 && (rows[0] < 0 || rows[rows.length - 1] >= total)) {
            throw new MmuFormatException(source.location(), "row " + (rows[0] < 0 ? rows[0] : rows[rows.length - 1])
                    + " requested but the file has " + total + " rows (index out of date?)");
        }
        List<ColumnDecoder> decoders = new ArrayList<>();
        for (ParquetColumnBinding b : bindings) {
            decoders.add(new ColumnDecoder(b, wanted, source.location()));
        }
        reader.setRequestedSchema(projection(bindings));
        try {
            long groupStart = 0;
            int next = 0; // next position in rows
            List<BlockMetaData> groups = reader.getRowGroups();
            for (int g = 0; g < groups.size(); g++) {
                long groupRows = groups.get(g).getRowCount();
                long groupEnd = groupStart + groupRows;
                int from = next;
                if (rows != null) {
                    while (next < rows.length && rows[next] < groupEnd) {
                        next++;
                    }
                }
                int selected = rows == null ? (int) groupRows : next - from;
                if (selected > 0) {
                    readGroup(g, groupStart, groupRows, rows, from, selected, decoders, bindings);
                }
                groupStart = groupEnd;
            }
        } catch (IOException e) {
            throw new MmuFormatException(source.location(), "cannot read Parquet data", e);
        } catch (MmuException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MmuFormatException(source.location(), "corrupt Parquet data", e);
        }
        List<Column> out = new ArrayList<>(decoders.size());
        for (ColumnDecoder d : decoders) {
            out.add(d.build());
        }
        return out.isEmpty() ? RowBatch.empty(columns) : RowBatch.of(out);
    }

    private void readGroup(int g, long groupStart, long groupRows, int[] rows, int from, int selected,
            List<ColumnDecoder> decoders, List<ParquetColumnBinding> bindings) throws IOException {
        boolean whole = rows == null || selected >= groupRows * WHOLE_READ_FRACTION;
        PageReadStore pages = null;
        if (!whole) {
            RowRanges.Builder ranges = RowRanges.builder();
            int i = from;
            while (i < from + selected) {
                int j = i;
                while (j + 1 < from + selected && rows[j + 1] == rows[j] + 1) {
                    j++;
                }
                ranges.addSelectedRange(rows[i] - groupStart, rows[j] - groupStart);
                i = j + 1;
            }
            try {
                pages = reader.readFilteredRowGroup(g, ranges.build());
                rowLevelReads++;
            } catch (MissingOffsetIndexException e) {
                noPageIndex++;
                whole = true;
            }
        }
        if (whole) {
            pages = reader.readRowGroup(g);
            wholeReads++;
        }
        try (PageReadStore p = pages) {
            MessageType requested = projection(bindings);
            for (int c = 0; c < bindings.size(); c++) {
                ColumnDecoder d = decoders.get(c);
                ColumnDescriptor leaf = bindings.get(c).leaf();
                if (whole && PlainColumnReader.eligible(bindings.get(c))) {
                    Object all = PlainColumnReader.read(p.getPageReader(leaf), bindings.get(c), (int) groupRows,
                            source.location());
                    if (all != null) {
                        d.acceptGroup(all, groupStart, rows, from, selected);
                        continue;
                    }
                }
                PageReadStore general = p;
                if (whole && FixedArrayPages.eligible(bindings.get(c))) {
                    general = readFixedArrays(p.getPageReader(leaf), bindings.get(c), d, groupStart, groupRows, rows,
                            from, selected);
                    if (general == null) {
                        continue; // bulk-decoded
                    }
                }
                if (whole) {
                    ColumnReader cr = new ColumnReadStoreImpl(general, noopConverter(requested), requested, createdBy)
                            .getColumnReader(leaf);
                    // decode every row of the group, keep the selected ones
                    int k = from;
                    for (long r = 0; r < groupRows; r++) {
                        boolean keep = rows == null || (k < from + selected && rows[k] == groupStart + r);
                        d.decodeRow(cr, keep, groupStart + r);
                        if (keep && rows != null) {
                            k++;
                        }
                    }
                } else {
                    decodeFilteredPages(p.getPageReader(leaf), requested, leaf, d, groupStart, rows, from, selected);
                }
            }
        }
    }

    /**
     * Bulk-decodes a whole row group's pages of a fixed-shape array column ({@link FixedArrayPages}),
     * keeping the selected rows. Returns null when done, or — when some page does not fit the
     * bulk path — a page store holding the same pages for the general decoder.
     */
    private PageReadStore readFixedArrays(PageReader pageReader, ParquetColumnBinding b, ColumnDecoder d,
            long groupStart, long groupRows, int[] rows, int from, int selected) {
        DictionaryPage dictionary = pageReader.readDictionaryPage();
        List<DataPage> pages = new ArrayList<>();
        for (DataPage page; (page = pageReader.readPage()) != null;) {
            pages.add(page);
        }
        List<FixedArrayPages.Block> blocks = new ArrayList<>(pages.size());
        for (DataPage page : pages) {
            FixedArrayPages.Block block = dictionary == null ? FixedArrayPages.decode(page, b, source.location()) : null;
            if (block == null) {
                return new PagesStore(pages, dictionary, groupRows);
            }
            blocks.add(block);
        }
        long r = groupStart;
        int k = from;
        for (FixedArrayPages.Block block : blocks) {
            if (rows == null) {
                d.appendFixedRows(block.rows(0, block.rows()), block.rows());
                r += block.rows();
                continue;
            }
            for (int i = 0; i < block.rows(); i++, r++) {
                if (k < from + selected && rows[k] == r) {
                    d.appendFixedRows(block.rows(i, 1), 1);
                    k++;
                }
            }
        }
        if (r != groupStart + groupRows) {
            throw new MmuFormatException(source.location(), "column '" + b.spec().name() + "' has " + (r - groupStart)
                    + " rows in a row group of " + groupRows);
        }
        return null;
    }

    /**
     * Decodes the pages a filtered read fetched, one page at a time with a plain column reader.
     * Each page's first row comes from the offset index. (parquet-mr's SynchronizingColumnReader
     * stops early when the last wanted row lies on a later page, returning stale values for
     * repeated columns; decoding page by page avoids relying on it.)
     */
    private void decodeFilteredPages(PageReader pageReader, MessageType requested, ColumnDescriptor leaf,
            ColumnDecoder d, long groupStart, int[] rows, int from, int selected) {
        DictionaryPage dictionary = pageReader.readDictionaryPage();
        int k = from;
        int end = from + selected;
        DataPage page;
        while ((page = pageReader.readPage()) != null && k < end) {
            long first = page.getFirstRowIndex().orElseThrow(() -> new MmuFormatException(source.location(),
                    "filtered page of column " + leaf + " lacks its first row index"));
            int count = page.getIndexRowCount().orElseThrow(() -> new MmuFormatException(source.location(),
                    "filtered page of column " + leaf + " lacks its row count"));
            Object plain = dictionary == null && PlainColumnReader.eligible(d.binding())
                    ? PlainColumnReader.readPage(page, d.binding(), source.location()) : null;
            if (plain != null) {
                if (java.lang.reflect.Array.getLength(plain) != count) {
                    throw new MmuFormatException(source.location(), "a page of column " + leaf + " holds "
                            + java.lang.reflect.Array.getLength(plain) + " values for its " + count + " rows");
                }
                k = d.acceptPage(plain, groupStart + first, rows, k, end);
                continue;
            }
            FixedArrayPages.Block block = dictionary == null && FixedArrayPages.eligible(d.binding())
                    ? FixedArrayPages.decode(page, d.binding(), source.location()) : null;
            if (block != null && block.rows() == count) {
                for (long r = first; r < first + count; r++) {
                    if (k < end && rows[k] == groupStart + r) {
                        d.appendFixedRows(block.rows((int) (r - first), 1), 1);
                        k++;
                    }
                }
                continue;
            }
            ColumnReader cr = new ColumnReadStoreImpl(new PagesStore(List.of(page), dictionary, count),
                    noopConverter(requested), requested, createdBy).getColumnReader(leaf);
            for (long r = first; r < first + count; r++) {
                boolean keep = k < end && rows[k] == groupStart + r;
                d.decodeRow(cr, keep, groupStart + r);
                if (keep) {
                    k++;
                }
            }
        }
        if (k != end) {
            throw new MmuFormatException(source.location(), "column " + leaf + ": " + (end - k)
                    + " selected rows were not in the pages read (inconsistent offset index)");
        }
    }

    /** A page store holding some pages of one column (plus its dictionary), read in order. */
    private static final class PagesStore implements PageReadStore {
        private final java.util.ArrayDeque<DataPage> pages;
        private final DictionaryPage dictionary;
        private final long rows;
        private final long values;

        PagesStore(List<DataPage> pages, DictionaryPage dictionary, long rows) {
            this.pages = new java.util.ArrayDeque<>(pages);
            this.dictionary = dictionary;
            this.rows = rows;
            this.values = pages.stream().mapToLong(DataPage::getValueCount).sum();
        }

        @Override
        public PageReader getPageReader(ColumnDescriptor descriptor) {
            return new PageReader() {
                @Override
                public DictionaryPage readDictionaryPage() {
                    return dictionary;
                }

                @Override
                public long getTotalValueCount() {
                    return values;
                }

                @Override
                public DataPage readPage() {
                    return pages.poll();
                }
            };
        }

        @Override
        public long getRowCount() {
            return rows;
        }
    }

    private MessageType projection(List<ParquetColumnBinding> bindings) {
        List<Type> fields = new ArrayList<>();
        for (ParquetColumnBinding b : bindings) {
            fields.add(fileSchema.getType(b.field()));
        }
        return new MessageType(fileSchema.getName(), fields);
    }

    /**
     * Bytes from the start of the page index (column and offset indexes), or of the footer when
     * there is none, to the end of the file: what a reader needs besides data pages.
     */
    public long metadataTailBytes() {
        long size = source.size();
        java.nio.ByteBuffer last = source.read(size - 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long start = size - 8 - (last.getInt(last.position()) & 0xffffffffL);
        for (BlockMetaData g : reader.getRowGroups()) {
            for (var c : g.getColumns()) {
                if (c.getColumnIndexReference() != null) {
                    start = Math.min(start, c.getColumnIndexReference().getOffset());
                }
                if (c.getOffsetIndexReference() != null) {
                    start = Math.min(start, c.getOffsetIndexReference().getOffset());
                }
            }
        }
        return size - start;
    }

    /** How reads went: {@code [rowLevelReads, wholeReads, noPageIndexFallbacks]} of row groups. */
    public long[] readCounts() {
        return new long[] {rowLevelReads, wholeReads, noPageIndex};
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // nothing was written; a failed close of a read-only file loses nothing
        } finally {
            source.close();
        }
    }

    /** ColumnReadStoreImpl wants converters; we read values straight from the ColumnReader. */
    private static GroupConverter noopConverter(GroupType type) {
        Converter[] children = new Converter[type.getFieldCount()];
        for (int i = 0; i < children.length; i++) {
            Type t = type.getType(i);
            children[i] = t.isPrimitive() ? new PrimitiveConverter() { } : noopConverter(t.asGroupType());
        }
        return new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return children[fieldIndex];
            }

            @Override
            public void start() {
            }

            @Override
            public void end() {
            }
        };
    }

    @Override
    public String toString() {
        return "ParquetFile[" + source.location() + ", " + rowCount() + " rows, " + Arrays.toString(readCounts()) + "]";
    }
}
