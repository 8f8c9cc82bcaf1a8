package org.mmu.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.junit.jupiter.api.Test;

class ArrowExportTest {

    @Test
    void batchesBecomeArrowWithNestedListsPerDimension() {
        ColumnBuilder spec = new ColumnBuilder(ColumnSpec.array("spectrum", DType.FLOAT32, -1), 2);
        spec.appendArray(new float[] {1, 2, 3}, 0, new int[] {3});
        spec.appendNull();
        float[] img = {0, 1, 2, 3, 4, 5, 6, 7};
        RowBatch b = RowBatch.of(List.of(Column.of("object_id", new long[] {5, 6}), Column.of("name", new String[] {"a", "b"}),
                Column.ofFixedArrays(ColumnSpec.array("image", DType.FLOAT32, 2, 2), img, 2), spec.build()));
        try (BufferAllocator alloc = new RootAllocator(); VectorSchemaRoot root = ArrowExport.toArrow(b, alloc)) {
            assertEquals(2, root.getRowCount());
            assertEquals(6L, ((BigIntVector) root.getVector("object_id")).get(1));
            assertEquals("b", new String(((VarCharVector) root.getVector("name")).get(1)));
            FixedSizeListVector image = (FixedSizeListVector) root.getVector("image");
            assertEquals("2,2", image.getField().getMetadata().get(ArrowExport.SHAPE_KEY));
            FixedSizeListVector inner = (FixedSizeListVector) image.getDataVector();
            Float4Vector values = (Float4Vector) inner.getDataVector();
            assertEquals(8, values.getValueCount());
            assertEquals(7f, values.get(7), "row 1, [1][1]");
            ListVector spectrum = (ListVector) root.getVector("spectrum");
            assertEquals(List.of(1f, 2f, 3f), spectrum.getObject(0));
            assertTrue(spectrum.isNull(1));
        }
    }
}
