package org.mmu.io.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mmu.core.Column;
import org.mmu.core.ColumnBuilder;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.IdType;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;
import org.mmu.io.parquet.ParquetBatchWriter;
import org.mmu.matching.RegionMatch;

/**
 * Writes crossmatch rows as they are produced, region after region, as CSV or Parquet, with the
 * columns of {@code mmu xmatch} (docs/cli.md): {@code left_object_id, right_object_id,
 * separation_arcsec} for two surveys, {@code <survey>_object_id…, <survey>_separation_arcsec…}
 * (non-reference surveys) for more, then {@code group_id, group_size} when asked. CSV
 * separations have 9 decimals; absent objects are empty fields (Parquet nulls); the separation
 * of an absent partner is NaN. Writes to the path it is given: wrap it in {@link AtomicFiles}.
 */
public final class PairWriter implements AutoCloseable {
    /** The output formats, by file name. */
    public enum Format {
        CSV, PARQUET;

        /** {@code .parquet} → PARQUET, {@code .csv} → CSV, else an error naming the file. */
        public static Format of(Path file) {
            String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (n.endsWith(".parquet")) {
                return PARQUET;
            }
            if (n.endsWith(".csv")) {
                return CSV;
            }
            throw new MmuInputException(file + ": unknown pairs format; use a name ending in .csv or .parquet");
        }
    }

    private final List<String> labels;
    private final int reference;
    private final boolean groups;
    private final Schema schema;
    private final BufferedWriter csv;
    private final ParquetBatchWriter parquet;
    private final StringBuilder line = new StringBuilder(128);
    private long rows;

    private PairWriter(Path file, Format format, List<String> labels, int reference, List<IdType> idTypes,
            boolean groups) throws IOException {
        this.labels = List.copyOf(labels);
        this.reference = reference;
        this.groups = groups;
        this.schema = schema(labels, reference, idTypes, groups);
        if (format == Format.CSV) {
            csv = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            csv.write(String.join(",", schema.names()));
            csv.write('\n');
            parquet = null;
        } else {
            csv = null;
            parquet = new ParquetBatchWriter(file, schema, Map.of(), ParquetBatchWriter.Profile.TABLE);
        }
    }

    /**
     * @param labels    survey labels (column prefixes for three or more surveys)
     * @param reference the reference survey (0 for two)
     * @param idTypes   each survey's id type
     */
    public static PairWriter open(Path file, Format format, List<String> labels, int reference, List<IdType> idTypes,
            boolean groups) {
        try {
            return new PairWriter(file, format, labels, reference, idTypes, groups);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema(List<String> labels, int reference, List<IdType> idTypes, boolean groups) {
        List<ColumnSpec> cols = new ArrayList<>();
        boolean two = labels.size() == 2;
        for (int s = 0; s < labels.size(); s++) {
            String name = two ? (s == 0 ? "left" : "right") + "_object_id" : labels.get(s) + "_object_id";
            cols.add(ColumnSpec.scalar(name, idTypes.get(s) == IdType.INT64 ? DType.INT64 : DType.STRING));
        }
        for (int s = 0; s < labels.size(); s++) {
            if (s != reference) {
                cols.add(ColumnSpec.scalar(two ? "separation_arcsec" : labels.get(s) + "_separation_arcsec",
                        DType.FLOAT64));
            }
        }
        if (groups) {
            cols.add(ColumnSpec.scalar("group_id", DType.INT32));
            cols.add(ColumnSpec.scalar("group_size", DType.INT32));
        }
        return Schema.of(cols.toArray(ColumnSpec[]::new));
    }

    /** The columns written. */
    public Schema schema() {
        return schema;
    }

    /** Appends a region's rows. */
    public void write(RegionMatch m) {
        if (m.surveys().size() != labels.size()) {
            throw new MmuInputException("rows of " + m.surveys().size() + " surveys for a writer of " + labels.size());
        }
        if (groups && !m.hasGroups()) {
            throw new MmuInputException("the rows carry no groups, but the output has group columns");
        }
        try {
            if (csv != null) {
                writeCsv(m);
            } else {
                writeParquet(m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows += m.size();
    }

    private void writeCsv(RegionMatch m) throws IOException {
        int ns = labels.size();
        for (int i = 0; i < m.size(); i++) {
            line.setLength(0);
            for (int s = 0; s < ns; s++) {
                if (s > 0) {
                    line.append(',');
                }
                int row = m.row(s, i);
                if (row >= 0) {
                    ObjectIds ids = m.slice(s).ids();
                    if (ids.type() == IdType.INT64) {
                        line.append(ids.getLong(row));
                    } else {
                        line.append(TableWriters.csvField(ids.getString(row)));
                    }
                }
            }
            for (int s = 0; s < ns; s++) {
                if (s != reference) {
                    line.append(',');
                    TableWriters.appendFixed(line, m.separationArcsec(s, i), 9);
                }
            }
            if (groups) {
                line.append(',').append(m.groupId(i)).append(',').append(m.groupSize(i));
            }
            line.append('\n');
            csv.append(line);
        }
    }

    private void writeParquet(RegionMatch m) {
        int ns = labels.size();
        int n = m.size();
        List<Column> cols = new ArrayList<>();
        int c = 0;
        for (int s = 0; s < ns; s++) {
            ColumnBuilder b = new ColumnBuilder(schema.columns().get(c++), n);
            ObjectIds ids = m.slice(s).ids();
            for (int i = 0; i < n; i++) {
                int row = m.row(s, i);
                if (row < 0) {
                    b.appendNull();
                } else if (ids.type() == IdType.INT64) {
                    b.appendLong(ids.getLong(row));
                } else {
                    b.appendString(ids.getString(row));
                }
            }
            cols.add(b.build());
        }
        for (int s = 0; s < ns; s++) {
            if (s != reference) {
                double[] sep = new double[n];
                for (int i = 0; i < n; i++) {
                    sep[i] = m.separationArcsec(s, i);
                }
                cols.add(Column.of(schema.columns().get(c++).name(), sep));
            }
        }
        if (groups) {
            int[] g = new int[n];
            int[] size = new int[n];
            for (int i = 0; i < n; i++) {
                g[i] = m.groupId(i);
                size[i] = m.groupSize(i);
            }
            cols.add(Column.of("group_id", g));
            cols.add(Column.of("group_size", size));
        }
        parquet.write(RowBatch.of(cols));
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void close() {
        try {
            if (csv != null) {
                csv.close();
            } else {
                parquet.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
