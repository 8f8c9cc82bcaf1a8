package org.mmu.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;

/**
 * The output contract on a hand-made example. Along the equator near RA 10°:
 * <pre>
 *   left   a (id 30) at +0"   b (id 10) at +3"   c (id 20) far away
 *   right  x (id 5)  at +1"   y (id 7)  at +2"   z (id 9)  far away
 * </pre>
 * Within 2.5": a–x 1", a–y 2", b–x 2", b–y 1".
 */
class MatchResultTest {
    private static final double S = 1 / 3600.0;
    private static final ObjectIndex LEFT = ObjectIndex.ofPositions("left", ObjectIds.ofLongs(new long[] {30, 10, 20}),
            new double[] {10, 10 + 3 * S, 50}, new double[] {0, 0, 0});
    private static final ObjectIndex RIGHT = ObjectIndex.ofPositions("right", ObjectIds.ofLongs(new long[] {5, 7, 9}),
            new double[] {10 + S, 10 + 2 * S, 80}, new double[] {0, 0, 0});
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final int X = 0;
    private static final int Y = 1;
    private static final int Z = 2;

    private static MatchResult match(MatchMode mode, JoinType join) {
        return Crossmatcher.match(LEFT, RIGHT, MatchCriteria.builder().radiusArcsec(2.5).mode(mode).join(join).build());
    }

    /** Rows as "left,right,separation rounded to 1e-6,group/size". */
    private static List<String> rows(MatchResult r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            out.add(r.leftRow(i) + "," + r.rightRow(i) + ","
                    + (Double.isNaN(r.separationArcsec(i)) ? "NaN" : String.format("%.6f", r.separationArcsec(i)))
                    + "," + r.groupId(i) + "/" + r.groupSize(i));
        }
        return out;
    }

    @Test
    void allPairsComeInLeftIdOrderThenSeparationAndFormOneGroup() {
        assertEquals(List.of(B + "," + Y + ",1.000000,0/4", B + "," + X + ",2.000000,0/4",
                A + "," + X + ",1.000000,0/4", A + "," + Y + ",2.000000,0/4"), rows(match(MatchMode.ALL, JoinType.ONE_AND_TWO)));
    }

    @Test
    void outerJoinPlacesUnmatchedLeftRowsByIdAndUnmatchedRightRowsLast() {
        assertEquals(List.of(B + "," + Y + ",1.000000,0/4", B + "," + X + ",2.000000,0/4", C + ",-1,NaN,1/1",
                A + "," + X + ",1.000000,0/4", A + "," + Y + ",2.000000,0/4", "-1," + Z + ",NaN,2/1"),
                rows(match(MatchMode.ALL, JoinType.ONE_OR_TWO)));
    }

    @Test
    void bestAcceptsPairsByAscendingSeparationAndBreaksTheTieByLeftId() {
        // a–x and b–y tie at 1": b (id 10) goes first, then a–x is still free; the 2" pairs reuse rows
        assertEquals(List.of(B + "," + Y + ",1.000000,0/1", A + "," + X + ",1.000000,1/1"),
                rows(match(MatchMode.BEST, JoinType.ONE_AND_TWO)));
    }

    @Test
    void best1AndBest2PickTheNearestPartnerOfEachRow() {
        assertEquals(List.of(B + "," + Y + ",1.000000,0/1", A + "," + X + ",1.000000,1/1"),
                rows(match(MatchMode.BEST1, JoinType.ONE_AND_TWO)));
        assertEquals(List.of(B + "," + Y + ",1.000000,0/1", A + "," + X + ",1.000000,1/1"),
                rows(match(MatchMode.BEST2, JoinType.ONE_AND_TWO)));
        assertEquals(List.of(B + "," + Y + ",1.000000,0/4", B + "," + X + ",2.000000,0/4",
                A + "," + X + ",1.000000,0/4", A + "," + Y + ",2.000000,0/4"),
                rows(Crossmatcher.match(LEFT, RIGHT, MatchCriteria.builder().radiusArcsec(2.5).mode(MatchMode.KNN).k(2)
                        .build())));
    }

    @Test
    void joinsSelectPairsAndUnmatchedSides() {
        assertEquals(List.of(C + ",-1,NaN,0/1"), rows(match(MatchMode.BEST, JoinType.ONE_NOT_TWO)));
        assertEquals(List.of("-1," + Z + ",NaN,0/1"), rows(match(MatchMode.BEST, JoinType.TWO_NOT_ONE)));
        assertEquals(List.of(C + ",-1,NaN,0/1", "-1," + Z + ",NaN,1/1"), rows(match(MatchMode.BEST, JoinType.ONE_XOR_TWO)));
        assertEquals(3, match(MatchMode.BEST, JoinType.ALL_ONE).size());
        assertEquals(3, match(MatchMode.BEST, JoinType.ALL_TWO).size());
    }

    @Test
    void equalSeparationsAreDecidedByTheSmallerIdNeverByRowOrder() {
        // two right objects at the same position: ids 8 (row 0) and 3 (row 1)
        ObjectIndex left = ObjectIndex.ofPositions("l", ObjectIds.ofLongs(new long[] {1}), new double[] {200},
                new double[] {-30});
        ObjectIndex right = ObjectIndex.ofPositions("r", ObjectIds.ofLongs(new long[] {8, 3}),
                new double[] {200 + S, 200 + S}, new double[] {-30, -30});
        MatchCriteria best1 = MatchCriteria.builder().radiusArcsec(2).mode(MatchMode.BEST1).build();
        assertEquals(1, Crossmatcher.match(left, right, best1).rightRow(0));
        MatchResult all = Crossmatcher.match(left, right, MatchCriteria.builder().radiusArcsec(2).build());
        assertArrayEquals(new int[] {1, 0}, all.rightRows());
    }

    @Test
    void distinctRowsAndPartitionsNameWhatToLoad() {
        Sky l = new Sky(3).cap(30, 10, 10, 0.001);
        ObjectIndex left = l.index("l");
        ObjectIndex right = new Sky(4).near(l, 1, 0).index("r");
        ObjectIndex one = ObjectIndex.ofPositions("one", ObjectIds.ofLongs(new long[] {1}), new double[] {left.ra(4)},
                new double[] {left.dec(4)});
        MatchResult r = Crossmatcher.match(left, one, MatchCriteria.builder().radiusArcsec(1e-3).build());
        assertArrayEquals(new int[] {4}, r.distinctLeftRows());
        assertEquals(List.of(left.partitions().get(4 % 3)), r.leftPartitions());
        MatchResult all = Crossmatcher.match(left, right, MatchCriteria.builder().radiusArcsec(1e-3).build());
        assertEquals(30, all.distinctRightRows().length);
        List<PartitionRef> parts = all.rightPartitions();
        assertEquals(right.partitions(), parts);
    }

    @Test
    void aCustomMatchingFunctionOnlyProducesPairs() {
        // "same id" matching: the template applies the mode, join, order and groups
        MatchingFunction sameId = (left, right, criteria) -> {
            List<int[]> pairs = new ArrayList<>();
            for (int i = 0; i < left.size(); i++) {
                for (int j = 0; j < right.size(); j++) {
                    if (left.ids().getLong(i) == right.ids().getLong(j)) {
                        pairs.add(new int[] {i, j});
                    }
                }
            }
            int[] l = pairs.stream().mapToInt(p -> p[0]).toArray();
            int[] r = pairs.stream().mapToInt(p -> p[1]).toArray();
            return MatchResult.fromPairs(left, right, criteria, l, r, new double[l.length]);
        };
        ObjectIndex a = ObjectIndex.ofPositions("a", ObjectIds.ofLongs(new long[] {3, 1, 2}), new double[3], new double[3]);
        ObjectIndex b = ObjectIndex.ofPositions("b", ObjectIds.ofLongs(new long[] {2, 5, 3}), new double[3], new double[3]);
        MatchResult r = sameId.match(a, b, MatchCriteria.builder().radiusArcsec(1).join(JoinType.ONE_OR_TWO).build());
        assertEquals(List.of("1,-1,NaN,0/1", "2,0,0.000000,1/1", "0,2,0.000000,2/1", "-1,1,NaN,3/1"), rows(r));
        assertThrows(MmuInputException.class, () -> MatchResult.fromPairs(a, b,
                MatchCriteria.builder().radiusArcsec(1).build(), new int[] {0}, new int[] {7}, new double[] {0}));
    }

    @Test
    void pairsInAnyOrderGiveTheEnginesRows() {
        // a left row's pairs need not come together: a–x, b–y, a–y, b–x
        MatchResult r = MatchResult.fromPairs(LEFT, RIGHT, MatchCriteria.builder().radiusArcsec(2.5).build(),
                new int[] {A, B, A, B}, new int[] {X, Y, Y, X}, new double[] {1, 1, 2, 2});
        assertEquals(rows(match(MatchMode.ALL, JoinType.ONE_AND_TWO)), rows(r));
    }

    @Test
    void theDefaultMatchingFunctionIsTheEngine() {
        MatchCriteria c = MatchCriteria.builder().radiusArcsec(2.5).build();
        Results.assertSame(Crossmatcher.match(LEFT, RIGHT, c), MatchingFunction.DEFAULT.match(LEFT, RIGHT, c), "default");
        assertTrue(BruteForceMatcher.INSTANCE.match(LEFT, RIGHT, c).size() == 4);
    }
}
