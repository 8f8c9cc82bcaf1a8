package org.mmu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.RowBatch;
import org.mmu.internal.hdf5.Hdf5BatchWriter;
import org.mmu.matching.SkyCells;

/**
 * Two MMU v1 surveys of image cutouts for the crossmatch-load benchmark (scripts/bench-cutouts.sh):
 * {@code a} holds N objects uniform over the southern hemisphere, {@code b} re-observes each
 * within 0.2". Each survey is one HDF5 file per NESTED order-4 HEALPix pixel
 * ({@code healpix=N/001-of-001.hdf5}, about 1,530 files), with {@code object_id}, {@code ra},
 * {@code dec} and a contiguous 5×64×64 float32 {@code image}: the layout of MMU's h5py files.
 *
 * <pre>java -cp mmu.jar org.mmu.bench.CutoutSurveys OUT_DIR N</pre>
 */
public final class CutoutSurveys {
    private static final int ORDER = 4;
    private static final int[] SHAPE = {5, 64, 64};

    private CutoutSurveys() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int n = (int) Double.parseDouble(args[1]);
        Random r = new Random(20);
        double[] ra = new double[n];
        double[] dec = new double[n];
        double[] ra2 = new double[n];
        double[] dec2 = new double[n];
        double jitter = 0.2 / 3600 / 2;
        for (int i = 0; i < n; i++) {
            ra[i] = r.nextDouble() * 360;
            dec[i] = -Math.toDegrees(Math.asin(r.nextDouble()));
            dec2[i] = Math.max(-90, Math.min(90, dec[i] + jitter * r.nextGaussian()));
            ra2[i] = ((ra[i] + jitter * r.nextGaussian() / Math.max(1e-3, Math.cos(Math.toRadians(dec[i])))) % 360 + 360) % 360;
        }
        write(out.resolve("a"), ra, dec, 1);
        write(out.resolve("b"), ra2, dec2, 10_000_001);
    }

    private static void write(Path dir, double[] ra, double[] dec, long firstId) throws Exception {
        int n = ra.length;
        long[] pix = new long[n];
        for (int i = 0; i < n; i++) {
            pix[i] = SkyCells.hash29(ra[i], dec[i]) >>> (2 * (SkyCells.MAX_DEPTH - ORDER));
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Long.compare(pix[x], pix[y]));
        int files = 0;
        for (int s = 0; s < n; ) {
            int e = s;
            while (e < n && pix[order[e]] == pix[order[s]]) {
                e++;
            }
            List<Integer> members = new ArrayList<>(List.of(order).subList(s, e));
            int m = members.size();
            long[] ids = new long[m];
            double[] mra = new double[m];
            double[] mdec = new double[m];
            int per = SHAPE[0] * SHAPE[1] * SHAPE[2];
            float[] img = new float[m * per];
            for (int k = 0; k < m; k++) {
                int i = members.get(k);
                ids[k] = firstId + i;
                mra[k] = ra[i];
                mdec[k] = dec[i];
                for (int q = 0; q < per; q++) {
                    img[k * per + q] = ids[k] % 997 + q * 1e-3f;
                }
            }
            Path file = dir.resolve("healpix=" + pix[order[s]]).resolve("001-of-001.hdf5");
            Files.createDirectories(file.getParent());
            Hdf5BatchWriter.write(file, RowBatch.of(Column.of("object_id", ids), Column.of("ra", mra),
                    Column.of("dec", mdec), Column.ofFixedArrays(ColumnSpec.array("image", DType.FLOAT32, SHAPE), img, m)),
                    Map.of());
            files++;
            s = e;
        }
        System.err.println("wrote " + dir + ": " + n + " objects in " + files + " files");
    }
}
