package org.mmu.internal.build;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;
import cds.healpix.HealpixNested;

import org.mmu.core.ObjectIndex;
import org.mmu.core.Parallel;

/** HEALPix NESTED cell numbers of index objects, computed in parallel (one hash computer per thread). */
public final class SkyHashes {
    public static final int MAX_ORDER = 29;
    private static final HealpixNested NESTED_29 = Healpix.getNested(MAX_ORDER);
    private static final ThreadLocal<HashComputer> HASHER = ThreadLocal.withInitial(NESTED_29::newHashComputer);

    private SkyHashes() {
    }

    /** Order-29 cell of every object; coarser cells are prefixes: {@code h >> 2 * (29 - order)}. */
    public static long[] order29(ObjectIndex idx, int threads) {
        long[] h = new long[idx.size()];
        int chunks = Math.max(1, threads * 4);
        int n = idx.size();
        Parallel.map(chunks, threads, "sky-hash", c -> {
            HashComputer hc = HASHER.get();
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            for (int i = from; i < to; i++) {
                h[i] = hc.hash(Math.toRadians(normalizeRa(idx.ra(i))), Math.toRadians(idx.dec(i)));
            }
            return null;
        });
        return h;
    }

    /** ra = 360 is the same meridian as 0; the hash wants [0, 360). */
    public static double normalizeRa(double ra) {
        return ra >= 360 ? ra - 360 : ra;
    }
}
