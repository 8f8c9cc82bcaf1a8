package org.mmu.internal.hats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import cds.healpix.Healpix;
import cds.healpix.HealpixNestedBMOC;
import cds.healpix.HealpixNestedFixedRadiusConeComputer;

import org.mmu.core.ObjectIndex;
import org.mmu.core.ProgressListener;
import org.mmu.internal.build.SkyHashes;
import org.mmu.matching.internal.SortedLongs;

/**
 * A margin catalog of an object catalog we write, laid out as hats-import lays out its margins:
 * for every partition pixel, the rows of <em>other</em> partitions lying within the threshold of
 * the pixel ({@code dataset/Norder=K/Dir=D/Npix=N.parquet} of the pixel they border, sorted by
 * {@code _healpix_29}), with {@code partition_info.csv} and the Parquet summary files. A row is in
 * a pixel's margin when the disc of the threshold around it overlaps the pixel, which
 * cds-healpix's exact cone cover decides. Pixels with no margin rows get no file.
 */
final class HatsMarginWriter {
    /** What was written: margin rows and the pixels holding them. */
    record Result(long rows, List<HatsPixel> pixels) {
    }

    private HatsMarginWriter() {
    }

    /**
     * @param plan   the object catalog's partitions (sky order, disjoint)
     * @param sorted index positions in {@code _healpix_29} order (the plan's ranks)
     */
    static Result write(Path dir, List<HatsPartitioning.Leaf> plan, ObjectIndex idx, int[] sorted, double arcsec,
            HatsObjectWriter.Leaves rows, ProgressListener progress) throws IOException {
        double radius = Math.toRadians(arcsec / 3600);
        // deep enough for the partitions, and for cells smaller than the disc: cds-healpix 0.30's cover of a
        // disc much smaller than the cells fails on some positions (NestedLargeCell.insertSortRmDuplicates)
        int depth = Math.min(SkyHashes.MAX_ORDER, Math.max(HatsCatalogFiles.maxOrder(
                plan.stream().map(HatsPartitioning.Leaf::pixel).toList()), Healpix.getBestStartingDepth(radius) + 2));
        long[] starts = new long[plan.size()];
        long[] ends = new long[plan.size()];
        for (int l = 0; l < plan.size(); l++) {
            HatsPixel p = plan.get(l).pixel();
            int shift = 2 * (SkyHashes.MAX_ORDER - p.order());
            starts[l] = p.pixel() << shift;
            ends[l] = (p.pixel() + 1) << shift;
        }
        HealpixNestedFixedRadiusConeComputer cone = Healpix.getNested(depth).newConeComputer(radius);
        long[] pairs = new long[16]; // (partition << 32) | rank, for each row in another partition's margin
        int count = 0;
        for (int l = 0; l < plan.size(); l++) {
            HatsPartitioning.Leaf own = plan.get(l);
            for (int k = own.from(); k < own.to(); k++) {
                int pos = sorted[k];
                HealpixNestedBMOC near = cone.overlappingCells(Math.toRadians(SkyHashes.normalizeRa(idx.ra(pos))),
                        Math.toRadians(idx.dec(pos)));
                int last = -1;
                for (HealpixNestedBMOC.CurrentValueAccessor c : near) {
                    int shift = 2 * (SkyHashes.MAX_ORDER - c.getDepth());
                    long from = c.getHash() << shift;
                    long to = (c.getHash() + 1) << shift;
                    for (int m = SortedLongs.lowerBound(ends, 0, ends.length, from + 1); m < plan.size() && starts[m] < to; m++) {
                        if (m != l && m != last) {
                            if (count == pairs.length) {
                                pairs = Arrays.copyOf(pairs, 2 * count);
                            }
                            pairs[count++] = ((long) m << 32) | k;
                            last = m;
                        }
                    }
                }
            }
            progress.onProgress("find margin rows", l + 1, plan.size());
        }
        Arrays.sort(pairs, 0, count); // by partition, then rank: each margin file's rows in _healpix_29 order
        List<HatsPixel> pixels = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < count; ) {
            int m = (int) (pairs[i] >>> 32);
            int j = i;
            while (j < count && (int) (pairs[j] >>> 32) == m) {
                j++;
            }
            int[] ranks = new int[j - i];
            for (int r = i; r < j; r++) {
                ranks[r - i] = (int) pairs[r];
            }
            files.add(rows.write(dir, plan.get(m).pixel(), ranks));
            pixels.add(plan.get(m).pixel());
            i = j;
        }
        if (count > 0) {
            ParquetSummaryFiles.write(dir.resolve(HatsPaths.DATASET_DIR), files);
            HatsCatalogFiles.writePartitionInfo(dir, pixels);
        }
        return new Result(count, pixels);
    }
}
