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

    String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(this);
        } catch (IOException e) {
            throw new MmuInputException("cannot serialize the crossmatch for Spark: " + e.getMessage());
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static TableSpec decode(String option) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(option)))) {
            return (TableSpec) in.readObject();
        } catch (IOException | ClassNotFoundException | IllegalArgumentException e) {
            throw new MmuInputException("option " + OPTION + " is not a crossmatch written by MmuSpark: " + e);
        }
    }
}
