package org.mmu.internal.parquet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.Schema;

/**
 * Maps between our {@link Schema} and Parquet schemas.
 *
 * <p>Writing: scalars are optional primitives with the integer width annotated; arrays are the
 * standard 3-level {@code LIST} of required elements holding the row's elements flattened
 * row-major, with the declared shape in the file's key-value metadata
 * ({@value #SHAPE_KEY_PREFIX}{@code <column>} = {@code "5,160,160"}), so that pyarrow/pandas
 * read them as plain lists.
 *
 * <p>Reading: besides our own files, what pyarrow and hats-import write — 3-level lists with
 * optional elements, legacy 2-level lists and bare repeated fields, nested lists (rank 2+),
 * unsigned and narrow integers, timestamps (as int64). Columns we cannot represent (structs,
 * maps, decimals, INT96, unannotated binary) are reported by {@link Mapping#unsupported()}
 * with the reason, never silently dropped.
 */
public final class ParquetSchemas {
    /** Key-value metadata key prefix for a column's declared per-row shape. */
    public static final String SHAPE_KEY_PREFIX = "mmu.shape.";

    private ParquetSchemas() {
    }

    /** The result of mapping a Parquet file's schema. */
    public record Mapping(Schema schema, Map<String, ParquetColumnBinding> bindings, Map<String, String> unsupported) {
        public ParquetColumnBinding binding(String column) {
            return bindings.get(column);
        }
    }

    /** The Parquet schema we write for a dataset schema (scalars optional: they may hold nulls). */
    public static MessageType toParquet(Schema schema, String messageName) {
        return toParquet(schema, messageName, false);
    }

    /**
     * The Parquet schema we write; with {@code requiredScalars} scalar columns are REQUIRED (no
     * nulls, no definition levels), which lets readers decode them in bulk.
     */
    public static MessageType toParquet(Schema schema, String messageName, boolean requiredScalars) {
        return toParquet(schema, messageName, requiredScalars, java.util.Set.of());
    }

    /** As {@link #toParquet(Schema, String, boolean)}, but the scalar columns named in {@code nullable} stay OPTIONAL. */
    public static MessageType toParquet(Schema schema, String messageName, boolean requiredScalars,
            java.util.Set<String> nullable) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (ColumnSpec c : schema) {
            if (c.isScalar()) {
                boolean required = requiredScalars && !nullable.contains(c.name());
                b.addField(primitive(c.type(), required ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL,
                        c.name()));
            } else {
                b.addField(Types.optionalList()
                        .element(primitive(c.type(), Type.Repetition.REQUIRED, "element"))
                        .named(c.name()));
            }
        }
        return b.named(messageName);
    }

    /** Shape metadata for the array columns of a schema. */
    public static Map<String, String> shapeMetadata(Schema schema) {
        Map<String, String> m = new LinkedHashMap<>();
        for (ColumnSpec c : schema) {
            if (!c.isScalar()) {
                m.put(SHAPE_KEY_PREFIX + c.name(), shapeString(c.shape()));
            }
        }
        return m;
    }

    static String shapeString(int[] shape) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return s.toString();
    }

    private static PrimitiveType primitive(DType t, Type.Repetition rep, String name) {
        return switch (t) {
            case BOOL -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
            case INT8 -> Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(8, true)).named(name);
            case UINT8 -> Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(8, false)).named(name);
            case INT16 -> Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(16, true)).named(name);
            case INT32 -> Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
            case INT64 -> Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
            case FLOAT32 -> Types.primitive(PrimitiveTypeName.FLOAT, rep).named(name);
            case FLOAT64 -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
        };
    }

    /** Maps a file's schema; {@code location} names the file in errors. */
    public static Mapping fromParquet(MessageType file, Map<String, String> keyValueMetadata, String location) {
        List<ColumnSpec> specs = new ArrayList<>();
        Map<String, ParquetColumnBinding> bindings = new LinkedHashMap<>();
        Map<String, String> unsupported = new LinkedHashMap<>();
        for (Type field : file.getFields()) {
            String name = field.getName();
            try {
                ParquetColumnBinding b = bind(file, field, keyValueMetadata, location);
                specs.add(b.spec());
                bindings.put(name, b);
            } catch (Unsupported u) {
                unsupported.put(name, u.getMessage());
            }
        }
        return new Mapping(Schema.of(specs), bindings, unsupported);
    }

    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    private static ParquetColumnBinding bind(MessageType file, Type field, Map<String, String> kv, String location)
            throws Unsupported {
        String name = field.getName();
        int rowDefined = field.isRepetition(Type.Repetition.OPTIONAL) ? 1 : 0;
        List<Integer> elementLevels = new ArrayList<>();
        List<String> path = new ArrayList<>();
        path.add(name);
        int def = rowDefined;
        Type t = field;
        if (field.isRepetition(Type.Repetition.REPEATED)) {
            // legacy bare repeated primitive: one nesting level
            def = 1;
            elementLevels.add(def);
            rowDefined = 0;
        }
        // Descend through LIST annotations (3-level and legacy 2-level).
        while (!t.isPrimitive()) {
            GroupType g = t.asGroupType();
            LogicalTypeAnnotation ann = g.getLogicalTypeAnnotation();
            if (!(ann instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) || g.getFieldCount() != 1) {
                throw new Unsupported(ann instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                        ? "map columns are not supported"
                        : "struct (group) columns are not supported");
            }
            Type repeated = g.getType(0);
            if (!repeated.isRepetition(Type.Repetition.REPEATED)) {
                throw new Unsupported("malformed LIST: its child is not repeated");
            }
            def++; // the repeated level is defined when the list has an element
            elementLevels.add(def);
            path.add(repeated.getName());
            if (repeated.isPrimitive() || isTwoLevelElement(repeated)) {
                t = repeated; // legacy 2-level list: the repeated field is the element
            } else {
                GroupType rg = repeated.asGroupType();
                if (rg.getFieldCount() != 1) {
                    throw new Unsupported("list of structs is not supported");
                }
                t = rg.getType(0);
                path.add(t.getName());
                if (t.isRepetition(Type.Repetition.OPTIONAL)) {
                    def++;
                }
            }
        }
        PrimitiveType p = t.asPrimitiveType();
        DType dtype = dtypeOf(p);
        boolean unsigned = p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
                && !i.isSigned();
        ColumnDescriptor leaf = file.getColumnDescription(path.toArray(String[]::new));
        int rank = elementLevels.size();
        int[] shape = new int[rank];
        java.util.Arrays.fill(shape, ColumnSpec.VARIABLE);
        String declared = kv == null ? null : kv.get(SHAPE_KEY_PREFIX + name);
        if (declared != null && rank == 1) {
            shape = parseShape(declared, location, name);
        } else if (declared != null) {
            throw new MmuFormatException(location, "column '" + name + "' declares shape " + declared
                    + " but is stored with " + rank + " list levels");
        }
        if (rank > 2) {
            throw new Unsupported("lists nested more than two deep are not supported");
        }
        if (dtype == DType.STRING && rank > 0) {
            throw new Unsupported("lists of strings are not supported");
        }
        ColumnSpec spec = ColumnSpec.of(name, dtype, shape);
        int[] levels = elementLevels.stream().mapToInt(Integer::intValue).toArray();
        return new ParquetColumnBinding(spec, name, leaf, rowDefined, levels, p.getPrimitiveTypeName(), unsigned);
    }

    /** Parquet's backward-compatibility rule: a repeated group with several fields, or named "array"/"*_tuple", is the element. */
    private static boolean isTwoLevelElement(Type repeated) {
        if (repeated.isPrimitive()) {
            return true;
        }
        GroupType g = repeated.asGroupType();
        return g.getFieldCount() > 1 || g.getName().equals("array") || g.getName().endsWith("_tuple");
    }

    private static int[] parseShape(String s, String location, String column) {
        try {
            String[] parts = s.split(",");
            int[] shape = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                shape[i] = Integer.parseInt(parts[i].trim());
            }
            return shape;
        } catch (NumberFormatException e) {
            throw new MmuFormatException(location, "column '" + column + "' has an unreadable shape '" + s + "'");
        }
    }

    private static DType dtypeOf(PrimitiveType p) throws Unsupported {
        LogicalTypeAnnotation ann = p.getLogicalTypeAnnotation();
        switch (p.getPrimitiveTypeName()) {
            case BOOLEAN:
                return DType.BOOL;
            case INT32:
                if (ann instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i) {
                    return switch (i.getBitWidth()) {
                        case 8 -> i.isSigned() ? DType.INT8 : DType.UINT8;
                        case 16 -> i.isSigned() ? DType.INT16 : DType.INT32;
                        default -> i.isSigned() ? DType.INT32 : DType.INT64;
                    };
                }
                if (ann instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
                    throw new Unsupported("decimal columns are not supported");
                }
                return DType.INT32;
            case INT64:
                if (ann instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
                    throw new Unsupported("decimal columns are not supported");
                }
                return DType.INT64; // includes timestamps (as their raw int64) and uint64 (range-checked on read)
            case FLOAT:
                return DType.FLOAT32;
            case DOUBLE:
                return DType.FLOAT64;
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
                if (ann instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || ann instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || ann instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                    return DType.STRING;
                }
                throw new Unsupported("binary column without a string annotation is not supported");
            case INT96:
                throw new Unsupported("INT96 (legacy timestamp) columns are not supported");
            default:
                throw new Unsupported("type " + p.getPrimitiveTypeName() + " is not supported");
        }
    }
}
