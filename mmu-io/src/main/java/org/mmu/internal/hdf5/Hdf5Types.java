package org.mmu.internal.hdf5;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;

import org.mmu.core.DType;

/**
 * Maps an HDF5 element type (as jhdf parses it) to a column type. Unsigned integers widen to the
 * next signed type (uint16 to int32, uint32 to int64, uint64 to int64 with a range check when
 * read), half floats read as float32, h5py's bool enum as bool, other enums as their member
 * names, fixed and variable-length strings as strings.
 */
final class Hdf5Types {
    private Hdf5Types() {
    }

    /** The outcome: a column type, or why there is none. */
    record Mapped(DType type, Hdf5ColumnInfo.Kind kind, String storedType, boolean bigEndian, String unsupported) {
    }

    static Mapped map(DataType t) {
        if (t instanceof FixedPoint fp) {
            boolean be = fp.getByteOrder() == ByteOrder.BIG_ENDIAN;
            String stored = (be ? ">" : "") + (fp.isSigned() ? "int" : "uint") + 8 * fp.getSize();
            DType d = fp.isSigned()
                    ? switch (fp.getSize()) {
                        case 1 -> DType.INT8;
                        case 2 -> DType.INT16;
                        case 4 -> DType.INT32;
                        case 8 -> DType.INT64;
                        default -> null;
                    }
                    : switch (fp.getSize()) {
                        case 1 -> DType.UINT8;
                        case 2 -> DType.INT32;
                        case 4, 8 -> DType.INT64;
                        default -> null;
                    };
            return d == null ? unsupported(stored, "integers of " + fp.getSize() + " bytes are not supported")
                    : new Mapped(d, Hdf5ColumnInfo.Kind.NUMBER, stored, be, null);
        }
        if (t instanceof FloatingPoint fl) {
            boolean be = fl.getByteOrder() == ByteOrder.BIG_ENDIAN;
            String stored = (be ? ">" : "") + "float" + 8 * fl.getSize();
            DType d = switch (fl.getSize()) {
                case 2, 4 -> DType.FLOAT32;
                case 8 -> DType.FLOAT64;
                default -> null;
            };
            return d == null ? unsupported(stored, "floating point of " + fl.getSize() + " bytes is not supported")
                    : new Mapped(d, Hdf5ColumnInfo.Kind.NUMBER, stored, be, null);
        }
        if (t instanceof StringData s) {
            boolean utf8 = s.getCharset().equals(StandardCharsets.UTF_8);
            return new Mapped(DType.STRING, utf8 ? Hdf5ColumnInfo.Kind.FIXED_UTF8 : Hdf5ColumnInfo.Kind.FIXED_BYTES,
                    "fixed " + (utf8 ? "utf-8" : "bytes") + "[" + s.getSize() + "]", false, null);
        }
        if (t instanceof VariableLength v) {
            if (v.isVariableLengthString()) {
                boolean utf8 = StandardCharsets.UTF_8.equals(v.getEncoding());
                return new Mapped(DType.STRING, Hdf5ColumnInfo.Kind.VLEN_STRING, "vlen " + (utf8 ? "utf-8" : "ascii"),
                        false, null);
            }
            return unsupported("vlen sequence", "variable-length (ragged) numeric data is not supported");
        }
        if (t instanceof EnumDataType e) {
            if (isH5pyBool(e.getEnumMapping())) {
                return new Mapped(DType.BOOL, Hdf5ColumnInfo.Kind.BOOL, "enum bool", false, null);
            }
            return new Mapped(DType.STRING, Hdf5ColumnInfo.Kind.ENUM, "enum " + e.getEnumMapping().values(), false, null);
        }
        String name = t.getClass().getSimpleName().replace("DataType", "").toLowerCase(java.util.Locale.ROOT);
        return unsupported(name, "HDF5 " + name + " data is not supported");
    }

    private static Mapped unsupported(String stored, String why) {
        return new Mapped(null, Hdf5ColumnInfo.Kind.OTHER, stored, false, why);
    }

    /** numpy bool as h5py writes it: an enum over int8 with exactly {@code FALSE=0, TRUE=1}. */
    private static boolean isH5pyBool(Map<Integer, String> mapping) {
        return mapping.size() == 2 && "FALSE".equals(mapping.get(0)) && "TRUE".equals(mapping.get(1));
    }
}
