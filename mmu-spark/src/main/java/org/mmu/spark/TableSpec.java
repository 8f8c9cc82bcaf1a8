package org.mmu.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Base64;
import java.util.List;

import org.apache.spark.sql.types.StructType;
import org.mmu.LoadOptions;
import org.mmu.core.MmuInputException;

/**
 * A distributed crossmatch as a Spark table: the planned crossmatch, whether it loads the rows
 * (else the pairs), the columns to load, the output schema (known before any task runs), and
 * for the command line the hidden columns and metrics its report needs. It reaches
 * {@link MmuDataSource} as one option, {@value #OPTION}.
 *
 * @param sharedColumns columns given for all surveys (as {@code --columns}), or null
 * @param surveyColumns per survey (spec order) the columns to load, or null
 * @param groups        (pairs) the group columns, numbered within each region, and what the
 *                      driver needs to number them over the sky ({@link RegionReaderFactory})
 * @param metrics       the command line's accumulators, or null (then no hidden columns)
 */
record TableSpec(MatchSpec match, boolean load, List<String> sharedColumns, List<List<String>> surveyColumns,
        StructType schema, boolean groups, TaskMetrics metrics) implements Serializable {
    /** The data source option carrying a table spec. */
    static final String OPTION = "mmu.crossmatch";
    /** Prefix of the hidden columns the command line reads. */
    static final String HIDDEN = "__mmu_";

    /** The options of a task's region view: the columns to fetch, or none for pairs. */
    LoadOptions options() {
        LoadOptions.Builder b = LoadOptions.builder().fetchData(load);
        if (sharedColumns != null) {
            b.columns(sharedColumns);
        }
        if (surveyColumns != null) {
            for (int s = 0; s < surveyColumns.size(); s++) {
                b.columns(match.surveys().get(s), surveyColumns.get(s));
            }
        }
        return b.build();
    }

    /** Accumulators stay in the driver's JVM: a serialized copy of one would not count. */
    private static final java.util.Map<String, TaskMetrics> METRICS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The option's value: this spec serialized, its metrics left in this JVM under a key. */
    String encode() {
        String key = null;
        if (metrics != null) {
            key = java.util.UUID.randomUUID().toString();
            METRICS.put(key, metrics);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new TableSpec(match, load, sharedColumns, surveyColumns, schema, groups, null));
            out.writeObject(key);
        } catch (IOException e) {
            throw new MmuInputException("cannot serialize the crossmatch for Spark: " + e.getMessage());
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static TableSpec decode(String option) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(option)))) {
            TableSpec t = (TableSpec) in.readObject();
            String key = (String) in.readObject();
            return key == null ? t
                    : new TableSpec(t.match, t.load, t.sharedColumns, t.surveyColumns, t.schema, t.groups, METRICS.get(key));
        } catch (IOException | ClassNotFoundException | IllegalArgumentException e) {
            throw new MmuInputException("option " + OPTION + " is not a crossmatch written by MmuSpark: " + e);
        }
    }
}
