package org.mmu.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ObjectIdsTest {

    @Test
    void stringIdsRoundTripThroughUtf8() {
        ObjectIds ids = ObjectIds.ofStrings(new String[] {"J1234+5678", "Ω-42", ""});
        assertEquals("Ω-42", ids.getString(1));
        assertEquals("", ids.getString(2));
        assertThrows(MmuInputException.class, () -> ids.getLong(0));
    }

    @Test
    void idsBecomeAColumnOfTheirOwnType() {
        Column longs = ObjectIds.ofLongs(new long[] {40_000_000_001L, 7}).toColumn("object_id");
        assertEquals(ColumnSpec.scalar("object_id", DType.INT64), longs.spec());
        assertArrayEquals(new long[] {40_000_000_001L, 7}, Tensor.of(longs).longs());
        Column text = ObjectIds.ofStrings(new String[] {"SPEC-0000001", "Ω-42", ""}).toColumn("id");
        assertEquals(DType.STRING, text.type());
        assertEquals(3, text.rows());
        assertEquals("Ω-42", text.getString(1));
        assertEquals("", text.getString(2));
    }

    @Test
    void duplicatesAreFoundWithBothPositions() {
        assertArrayEquals(new int[] {1, 3}, ObjectIds.ofLongs(new long[] {5, 7, 9, 7}).firstDuplicate());
        assertArrayEquals(new int[] {0, 2}, ObjectIds.ofStrings(new String[] {"a", "b", "a"}).firstDuplicate());
        assertNull(ObjectIds.ofLongs(new long[] {3, 2, 1}).firstDuplicate());
    }

    @Test
    void ranksDoNotDependOnTheOrderIdsWereRead() {
        ObjectIds ids = ObjectIds.ofLongs(new long[] {30, 10, 20});
        assertArrayEquals(new int[] {2, 0, 1}, ids.ranks());
    }

    @Test
    void concatenationKeepsOrderAndRefusesMixedTypes() {
        ObjectIds a = ObjectIds.ofStrings(new String[] {"x", "yy"});
        ObjectIds b = ObjectIds.ofStrings(new String[] {"zzz"});
        ObjectIds c = ObjectIds.concat(List.of(a, b));
        assertEquals(List.of("x", "yy", "zzz"), List.of(c.getString(0), c.getString(1), c.getString(2)));
        assertThrows(MmuInputException.class, () -> ObjectIds.concat(List.of(a, ObjectIds.ofLongs(new long[] {1}))));
    }

    @Test
    void indexSortIsStableAndMatchesASortedCopy() {
        Random r = new Random(3);
        long[] v = new long[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(100);
        }
        int[] order = IndexSort.argsort(v.length, (a, b) -> Long.compare(v[a], v[b]));
        for (int k = 1; k < order.length; k++) {
            long prev = v[order[k - 1]];
            long cur = v[order[k]];
            assert prev <= cur;
            if (prev == cur) {
                assertEquals(true, order[k - 1] < order[k], "equal keys keep their order");
            }
        }
    }
}
