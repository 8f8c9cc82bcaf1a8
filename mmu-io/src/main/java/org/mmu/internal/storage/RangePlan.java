package org.mmu.internal.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How a batch of ranges is fetched: ranges closer than a gap are merged into one fetch (one
 * request instead of many; the bytes in the gap are the price), then the fetched buffers are
 * sliced back into one buffer per requested range, in the order requested. Immutable.
 */
final class RangePlan {
    private final List<ByteRange> requested;
    private final List<ByteRange> fetches;
    private final int[] fetchOf;  // index into fetches for each requested range

    private RangePlan(List<ByteRange> requested, List<ByteRange> fetches, int[] fetchOf) {
        this.requested = requested;
        this.fetches = fetches;
        this.fetchOf = fetchOf;
    }

    /**
     * Plans the fetches for {@code ranges}. Two ranges share a fetch when they touch or overlap,
     * or when the gap between them is smaller than {@code gapBytes}, as long as the merged fetch
     * stays within {@code maxMergedBytes}. Empty ranges need no fetch.
     */
    static RangePlan of(List<ByteRange> ranges, long gapBytes, long maxMergedBytes) {
        List<ByteRange> requested = List.copyOf(ranges);
        Integer[] order = new Integer[requested.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(requested::get));
        List<ByteRange> fetches = new ArrayList<>();
        int[] fetchOf = new int[requested.size()];
        Arrays.fill(fetchOf, -1);
        long start = -1;
        long end = -1;
        for (int i : order) {
            ByteRange r = requested.get(i);
            if (r.length() == 0) {
                continue;
            }
            boolean merge = start >= 0
                    && (r.offset() <= end || r.offset() - end < gapBytes)
                    && Math.max(end, r.end()) - start <= maxMergedBytes;
            if (merge) {
                end = Math.max(end, r.end());
            } else {
                if (start >= 0) {
                    fetches.add(new ByteRange(start, end - start));
                }
                start = r.offset();
                end = r.end();
            }
            fetchOf[i] = fetches.size();
        }
        if (start >= 0) {
            fetches.add(new ByteRange(start, end - start));
        }
        return new RangePlan(requested, List.copyOf(fetches), fetchOf);
    }

    /** The merged ranges to fetch, sorted by offset. */
    List<ByteRange> fetches() {
        return fetches;
    }

    /** One buffer per requested range, sliced from the fetched data (one array per fetch). */
    List<ByteBuffer> slice(byte[][] fetched) {
        List<ByteBuffer> out = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            ByteRange r = requested.get(i);
            if (fetchOf[i] < 0) {
                out.add(ByteBuffer.allocate(0));
                continue;
            }
            ByteRange f = fetches.get(fetchOf[i]);
            int from = Math.toIntExact(r.offset() - f.offset());
            out.add(ByteBuffer.wrap(fetched[fetchOf[i]], from, Math.toIntExact(r.length())).slice());
        }
        return out;
    }
}
