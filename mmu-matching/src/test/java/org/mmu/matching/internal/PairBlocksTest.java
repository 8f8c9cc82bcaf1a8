package org.mmu.matching.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PairBlocksTest {
    @Test
    void rangesOfInterleavedWritersConcatenateInTheGivenOrderAcrossBlockEdges() {
        Random rnd = new Random(5);
        PairBlocks[] writers = {new PairBlocks(), new PairBlocks(), new PairBlocks()};
        int pieces = 400;
        PairBlocks.Range[] ranges = new PairBlocks.Range[pieces];
        List<long[]> expected = new ArrayList<>();
        List<List<long[]>> byPiece = new ArrayList<>();
        int next = 0;
        for (int p = 0; p < pieces; p++) {
            PairBlocks w = writers[rnd.nextInt(writers.length)];
            // empty pieces, small ones and ones longer than the largest block
            int n = p % 7 == 0 ? 0 : p % 50 == 1 ? 70_000 + rnd.nextInt(70_000) : rnd.nextInt(3000);
            long start = w.mark();
            List<long[]> mine = new ArrayList<>();
            for (int i = 0; i < n; i++, next++) {
                w.add(next, -next, next * 0.5);
                mine.add(new long[] {next});
            }
            ranges[p] = new PairBlocks.Range(w, start, w.mark());
            assertEquals(n, ranges[p].size());
            byPiece.add(mine);
        }
        // concatenated in an order other than the writing order
        PairBlocks.Range[] shuffled = new PairBlocks.Range[pieces];
        for (int p = 0; p < pieces; p++) {
            shuffled[p] = ranges[(p * 37) % pieces];
            expected.addAll(byPiece.get((p * 37) % pieces));
        }
        PairBuffer out = PairBlocks.concat(shuffled);
        assertEquals(expected.size(), out.size());
        assertEquals(expected.size(), out.leftArray().length, "exactly the pairs' size");
        for (int i = 0; i < out.size(); i++) {
            int v = (int) expected.get(i)[0];
            assertEquals(v, out.left(i));
            assertEquals(-v, out.right(i));
            assertEquals(v * 0.5, out.sep(i));
        }
    }
}
