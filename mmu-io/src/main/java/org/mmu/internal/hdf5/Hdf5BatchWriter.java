package org.mmu.internal.hdf5;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;

/**
 * Writes one {@link RowBatch} as an HDF5 data partition ({@code data.hdf5}) the way MMU's h5py
 * files look: one top-level dataset per column, first dimension = rows, contiguous (unchunked,
 * uncompressed) so that any row is one exact byte range away. Array columns are
 * {@code (rows, *shape)}; columns whose shape varies by row are padded to the largest row (NaN
 * for floats, 0 otherwise) with the true per-row shape in {@code <name>__shape} ({@code (rows,
 * rank)} int32). Columns with nulls get a {@code <name>__null} uint8 dataset (1 = null); bool
 * columns are stored as uint8 0/1 (jhdf would write an HDF5 bitfield, which few readers take). jhdf keeps the
 * file in memory until close, so batches are one object group (bounded). Not thread-safe.
 */
public final class Hdf5BatchWriter {
    /** Suffix of the dataset holding per-row shapes of variable-shape columns. */
    public static final String SHAPE_SUFFIX = "__shape";
    /** Suffix of the dataset flagging null rows. */
    public static final String NULL_SUFFIX = "__null";

    private Hdf5BatchWriter() {
    }

    public static void write(Path file, RowBatch batch, Map<String, String> attributes) {
        if (batch.rowCount() == 0) {
            throw new MmuInputException(file + ": HDF5 partitions cannot be empty (jhdf cannot write empty datasets)");
        }
        try (WritableHdfFile out = HdfFile.write(file)) {
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                out.putAttribute(a.getKey(), a.getValue());
            }
            for (Column c : batch.columns()) {
                writeColumn(out, c);
            }
        } catch (MmuInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MmuStorageException(file.toString(), "cannot write HDF5 partition", e);
        }
    }

    private static void writeColumn(WritableHdfFile out, Column c) {
        ColumnSpec spec = c.spec();
        int rows = c.rows();
        if (spec.type() == DType.BOOL && !spec.isScalar()) {
            throw new MmuInputException("column '" + spec.name() + "': bool arrays cannot be written to HDF5 partitions");
        }
        if (c.hasNulls()) {
            byte[] nulls = new byte[rows];
            for (int r = 0; r < rows; r++) {
                nulls[r] = (byte) (c.isNull(r) ? 1 : 0);
            }
            out.putDataset(spec.name() + NULL_SUFFIX, nulls);
        }
        // byte[] is written signed unless marked unsigned
        io.jhdf.api.DatasetCreationOptions opts = spec.type() == DType.UINT8
                ? io.jhdf.api.DatasetCreationOptions.builder().unsigned().build()
                : io.jhdf.api.DatasetCreationOptions.DEFAULT;
        if (spec.isScalar()) {
            out.putDataset(spec.name(), scalars(c), opts);
            return;
        }
        int rank = spec.rank();
        int[] full = new int[rank];
        int[][] rowShapes = new int[rows][];
        for (int r = 0; r < rows; r++) {
            rowShapes[r] = c.rowShape(r);
            for (int d = 0; d < rank; d++) {
                full[d] = Math.max(full[d], c.isNull(r) ? 0 : rowShapes[r][d]);
            }
        }
        int[] dims = new int[rank + 1];
        dims[0] = rows;
        System.arraycopy(full, 0, dims, 1, rank);
        Object nested = Array.newInstance(elementClass(spec.type()), dims);
        for (int r = 0; r < rows; r++) {
            Object rowArray = Array.get(nested, r);
            fillPadding(rowArray, spec.type(), rank);
            if (!c.isNull(r)) {
                copyRow(c, r, rowShapes[r], rowArray);
            }
        }
        out.putDataset(spec.name(), nested, opts);
        if (spec.isVariableShape()) {
            int[][] shapes = new int[rows][rank];
            for (int r = 0; r < rows; r++) {
                shapes[r] = c.isNull(r) ? new int[rank] : rowShapes[r];
            }
            out.putDataset(spec.name() + SHAPE_SUFFIX, shapes);
        }
    }

    private static Object scalars(Column c) {
        Object data = c.unsafeData();
        int rows = c.rows();
        if (c.type() == DType.STRING) {
            String[] s = new String[rows];
            for (int r = 0; r < rows; r++) {
                String v = ((String[]) data)[r];
                s[r] = v == null ? "" : v;
            }
            return s;
        }
        if (c.type() == DType.BOOL) {
            byte[] b = new byte[rows];
            for (int r = 0; r < rows; r++) {
                b[r] = (byte) (((boolean[]) data)[r] ? 1 : 0);
            }
            return b;
        }
        Object out = Array.newInstance(elementClass(c.type()), rows);
        System.arraycopy(data, 0, out, 0, rows);
        return out;
    }

    private static Class<?> elementClass(DType t) {
        return switch (t) {
            case BOOL -> boolean.class;
            case INT8, UINT8 -> byte.class;
            case INT16 -> short.class;
            case INT32 -> int.class;
            case INT64 -> long.class;
            case FLOAT32 -> float.class;
            case FLOAT64 -> double.class;
            case STRING -> String.class;
        };
    }

    private static void fillPadding(Object nested, DType t, int depth) {
        if (depth > 1) {
            for (int i = 0; i < Array.getLength(nested); i++) {
                fillPadding(Array.get(nested, i), t, depth - 1);
            }
        } else if (t == DType.FLOAT32) {
            java.util.Arrays.fill((float[]) nested, Float.NaN);
        } else if (t == DType.FLOAT64) {
            java.util.Arrays.fill((double[]) nested, Double.NaN);
        }
    }

    /** Copies one row's row-major elements (shape {@code s}) into the top-left corner of a padded nested array. */
    private static void copyRow(Column c, int r, int[] s, Object target) {
        Object data = c.unsafeData();
        long base = c.elementOffset(r);
        int inner = s[s.length - 1];
        long rowsOfInner = 1;
        for (int d = 0; d < s.length - 1; d++) {
            rowsOfInner *= s[d];
        }
        int[] idx = new int[s.length - 1];
        for (long k = 0; k < rowsOfInner; k++) {
            Object leaf = target;
            for (int d = 0; d < idx.length; d++) {
                leaf = Array.get(leaf, idx[d]);
            }
            System.arraycopy(data, (int) (base + k * inner), leaf, 0, inner);
            for (int d = idx.length - 1; d >= 0; d--) {
                if (++idx[d] < s[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }
}
