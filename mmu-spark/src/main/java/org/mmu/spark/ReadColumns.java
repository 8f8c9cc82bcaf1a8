package org.mmu.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mmu.core.Schema;

/**
 * Where each output column of a scan comes from: a data column of the dataset (decoded from the
 * data files), the partition's {@code healpix}, or the index ({@code index_only}).
 */
record ReadColumns(Source[] sources, String[] names, List<String> dataColumns) implements Serializable {
    enum Source { DATA, HEALPIX, ID, RA, DEC, PARTITION, ROW }

    static ReadColumns of(StructType output, Schema dataset, boolean indexOnly) {
        StructField[] fields = output.fields();
        Source[] sources = new Source[fields.length];
        String[] names = new String[fields.length];
        List<String> data = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            String name = fields[i].name();
            names[i] = name;
            if (indexOnly) {
                sources[i] = switch (name) {
                    case "object_id" -> Source.ID;
                    case "ra" -> Source.RA;
                    case "dec" -> Source.DEC;
                    case HealpixPruning.HEALPIX -> Source.HEALPIX;
                    case "partition" -> Source.PARTITION;
                    case "row" -> Source.ROW;
                    default -> throw new IllegalArgumentException("not an index column: " + name);
                };
            } else if (name.equals(HealpixPruning.HEALPIX) && !dataset.contains(name)) {
                sources[i] = Source.HEALPIX;
            } else {
                sources[i] = Source.DATA;
                data.add(name);
            }
        }
        return new ReadColumns(sources, names, List.copyOf(data));
    }

    /** Whether the scan's partitions must carry index values (ids, positions, rows). */
    boolean needsIndex() {
        for (Source s : sources) {
            if (s == Source.ID || s == Source.RA || s == Source.DEC || s == Source.ROW) {
                return true;
            }
        }
        return false;
    }
}
