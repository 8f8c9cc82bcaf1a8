package org.mmu;

import java.util.Locale;

import org.mmu.core.MmuInputException;
import org.mmu.matching.Crossmatcher;

/**
 * How much heap a crossmatch of N × M objects needs: the two indices (kept for the whole
 * crossmatch-load), the transient peak while an index loads (decoded columns are copied once),
 * and the matcher's working memory. Data rows fetched afterwards come on top: their size
 * depends on the columns asked for. Immutable.
 *
 * @param leftObjects          objects in the left (or only) index
 * @param rightObjects         objects in the right index (0 for a single dataset)
 * @param idBytes              bytes per id: 8 for integer ids, the mean UTF-8 length + 4 for strings
 * @param indexBytes           both indices in memory
 * @param pairs                match rows assumed (by default one per object of the smaller side)
 * @param indexLoadPeakBytes   extra, transiently, while the larger index loads
 * @param matchBytes           the matcher's working memory, plus the match table built from its result
 */
public record MemoryEstimate(long leftObjects, long rightObjects, int idBytes, long pairs, long indexBytes,
        long indexLoadPeakBytes, long matchBytes) {

    /**
     * Per match row once the matcher is done and its working buffers are freed: its result (24 B),
     * the crossmatch-load's aligned rows and separations (32 B), and the match table written out
     * (two ids, separation, group id and size, null masks: about 40 B).
     */
    static final int TABLE_BYTES_PER_ROW = 100;

    /** ra, dec (8 each), partition ordinal and row (4 each), plus the id. */
    static final int INDEX_BYTES_PER_OBJECT_WITHOUT_ID = 24;

    /** An estimate for integer ids and one match per object of the smaller side. */
    public static MemoryEstimate of(long leftObjects, long rightObjects) {
        return of(leftObjects, rightObjects, 8, Math.min(leftObjects, rightObjects));
    }

    /**
     * @param pairs match rows expected; dense fields and large radii give many per object, and the
     *              matcher's memory grows with them
     */
    public static MemoryEstimate of(long leftObjects, long rightObjects, int idBytes, long pairs) {
        if (leftObjects < 0 || rightObjects < 0) {
            throw new MmuInputException("object counts must be >= 0, got " + leftObjects + " and " + rightObjects);
        }
        if (idBytes < 1 || pairs < 0) {
            throw new MmuInputException("id bytes must be >= 1 and pairs >= 0, got " + idBytes + " and " + pairs);
        }
        long perObject = INDEX_BYTES_PER_OBJECT_WITHOUT_ID + idBytes;
        long index = perObject * (leftObjects + rightObjects);
        long peak = perObject * Math.max(leftObjects, rightObjects);
        long match = rightObjects > 0
                ? Math.max(Crossmatcher.estimateMemoryBytes(leftObjects, rightObjects, pairs), TABLE_BYTES_PER_ROW * pairs)
                : 0;
        return new MemoryEstimate(leftObjects, rightObjects, idBytes, rightObjects > 0 ? pairs : 0, index, peak, match);
    }

    /** Everything above at once (the indices stay while matching). */
    public long peakBytes() {
        return indexBytes + Math.max(indexLoadPeakBytes, matchBytes);
    }

    /** A heap size to give the JVM: the peak plus a quarter for the JVM and fetched rows, at least 256 MiB. */
    public long recommendedHeapBytes() {
        return Math.max(256L << 20, peakBytes() + peakBytes() / 4);
    }

    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "objects: %,d%s; %d bytes per id%s%n", leftObjects,
                rightObjects > 0 ? String.format(Locale.ROOT, " x %,d", rightObjects) : "", idBytes,
                rightObjects > 0 ? String.format(Locale.ROOT, "; %,d match rows assumed", pairs) : ""));
        b.append(String.format(Locale.ROOT, "  indices in memory      %s%n", mib(indexBytes)));
        b.append(String.format(Locale.ROOT, "  index loading (peak)   +%s%n", mib(indexLoadPeakBytes)));
        if (rightObjects > 0) {
            b.append(String.format(Locale.ROOT, "  crossmatch working set +%s%n", mib(matchBytes)));
        }
        b.append(String.format(Locale.ROOT, "  peak                   %s%n", mib(peakBytes())));
        b.append(String.format(Locale.ROOT, "  suggested heap         -Xmx%dm (plus the data rows you fetch)",
                (recommendedHeapBytes() + (1 << 20) - 1) >> 20));
        return b.toString();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
    }
}
