package org.mmu.internal.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.PrimitiveType;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;

/**
 * How one of our columns maps onto a Parquet file: the top-level field, the leaf column holding
 * its values, and the definition levels that tell a null row and an empty list apart.
 *
 * @param spec           our column (shape from the file's {@code mmu.shape.*} metadata when present)
 * @param field          the top-level Parquet field name
 * @param leaf           the leaf column with the values
 * @param rowDefinedLevel definition level at which the row's value (or list) is non-null
 * @param elementLevels  for arrays, per nesting depth, the definition level at which that list has an element
 * @param physical       the leaf's physical type
 * @param unsignedInt    the leaf holds unsigned integers (widened on read)
 */
record ParquetColumnBinding(ColumnSpec spec, String field, ColumnDescriptor leaf, int rowDefinedLevel,
        int[] elementLevels, PrimitiveType.PrimitiveTypeName physical, boolean unsignedInt) {

    int maxDefinition() {
        return leaf.getMaxDefinitionLevel();
    }

    int rank() {
        return elementLevels.length;
    }

    DType type() {
        return spec.type();
    }
}
