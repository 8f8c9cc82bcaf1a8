package org.mmu.internal.hats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mmu.core.Column;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;
import org.mmu.internal.output.Temporaries;
import org.mmu.internal.parquet.ParquetBatchWriter;

/**
 * Writes pairs as a HATS association catalog, laid out as hats / LSDB's {@code to_association}
 * write one: {@code hats.properties} and the legacy {@code properties} (the {@code hats_col_assn_*}
 * keys), {@code partition_info.csv}, {@code dataset/_metadata} and {@code _common_metadata}, and
 * one {@code dataset/Norder=K/Dir=D/Npix=N.parquet} per pixel of the <em>primary</em> objects,
 * holding {@code <primary id column>_<primary name>}, {@code <join id column>_<join name>},
 * {@code _dist_arcsec} and {@code _healpix_29} (the primary object's cell), sorted by the latter.
 * Pixels are adaptive ({@link HatsPartitioning}): from order 0, split while they hold more than the row cap. The
 * catalog is written under a temporary name beside the output and renamed into place.
 */
public final class HatsAssociationWriter {
    /** hats-import's default {@code pixel_threshold}: rows per partition. */
    public static final int DEFAULT_MAX_ROWS = HatsPartitioning.DEFAULT_MAX_ROWS;

    /**
     * One side of the association.
     *
     * @param name     the catalog's name (used in the association's column names)
     * @param url      where the association says it lives: relative to the association's parent, or absolute
     * @param idColumn the catalog's column its ids are
     */
    public record Side(String name, String url, String idColumn) {
    }

    private HatsAssociationWriter() {
    }

    /**
     * Writes the catalog; returns the pairs written.
     *
     * @param primaryIds   each pair's primary id (int64 or string, no nulls)
     * @param joinIds      each pair's join id
     * @param separations  each pair's separation, arcsec
     * @param healpix29    each pair's primary object's order-29 NESTED cell
     */
    public static long write(Path out, boolean overwrite, String name, Side primary, Side join, Column primaryIds,
            Column joinIds, double[] separations, long[] healpix29, int maxRows) {
        int n = primaryIds.rows();
        if (n == 0) {
            throw new MmuInputException(out + ": no pairs to write: a HATS association catalog needs at least one partition");
        }
        if (maxRows < 1) {
            throw new MmuInputException("the rows per partition must be >= 1, got " + maxRows);
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !overwrite) {
            throw new MmuInputException(target + ": output already exists (remove it or pass --overwrite)");
        }
        int[] sorted = org.mmu.core.IndexSort.argsort(n, (x, y) -> Long.compare(healpix29[x], healpix29[y]));
        long[] cells = new long[n];
        for (int i = 0; i < n; i++) {
            cells[i] = healpix29[sorted[i]];
        }
        List<HatsPartitioning.Leaf> leafPlan = HatsPartitioning.plan(cells, 0, HatsPartitioning.DEFAULT_HIGHEST_ORDER, maxRows);
        String primaryCol = primary.idColumn() + "_" + primary.name();
        String joinCol = join.idColumn() + "_" + join.name();
        if (primaryCol.equals(joinCol)) {
            joinCol = joinCol + "_join";
        }
        RowBatch all = RowBatch.of(List.of(primaryIds.renamed(primaryCol), joinIds.renamed(joinCol),
                Column.of(HatsAssociation.SEPARATION_COLUMN, separations),
                Column.of(HatsTable.DEFAULT_HEALPIX_COLUMN, healpix29)));

        Path tmp = Temporaries.sibling(target);
        try {
            Files.createDirectories(tmp.resolve(HatsPaths.DATASET_DIR));
            List<String> leaves = new ArrayList<>();
            List<HatsPixel> pixels = new ArrayList<>();
            for (HatsPartitioning.Leaf leaf : leafPlan) {
                HatsPixel px = leaf.pixel();
                String path = HatsPaths.pixelStem(px.order(), px.pixel()) + HatsPaths.DEFAULT_SUFFIX;
                Path file = tmp.resolve(HatsPaths.DATASET_DIR).resolve(path);
                Files.createDirectories(file.getParent());
                try (ParquetBatchWriter w = new ParquetBatchWriter(file, all.schema(), Map.of(),
                        ParquetBatchWriter.Profile.DATA)) {
                    w.write(all.gather(java.util.Arrays.copyOfRange(sorted, leaf.from(), leaf.to())));
                }
                leaves.add(path);
                pixels.add(px);
            }
            double max = 0;
            for (double s : separations) {
                max = Math.max(max, s);
            }
            ParquetSummaryFiles.write(tmp.resolve(HatsPaths.DATASET_DIR), leaves);
            HatsCatalogFiles.writePartitionInfo(tmp, pixels);
            HatsCatalogFiles.writeProperties(tmp, properties(name, primary, join, primaryCol, joinCol, n, max, pixels));
            HatsCatalogFiles.publish(tmp, target, overwrite);
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot write the association catalog: " + e.getMessage(), e);
        } finally {
            Temporaries.discard(tmp);
        }
        return n;
    }

    private static Map<String, String> properties(String name, Side primary, Side join, String primaryCol, String joinCol,
            long rows, double maxSeparation, List<HatsPixel> pixels) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(HatsProperties.NAME, name);
        p.put(HatsProperties.TYPE, "association");
        p.put(HatsProperties.NROWS, Long.toString(rows));
        p.put(HatsProperties.PRIMARY, primary.url());
        p.put(HatsAssociation.PRIMARY_COLUMN, primary.idColumn());
        p.put(HatsAssociation.PRIMARY_ASSN_COLUMN, primaryCol);
        p.put(HatsAssociation.JOIN_URL, join.url());
        p.put(HatsAssociation.JOIN_COLUMN, join.idColumn());
        p.put(HatsAssociation.JOIN_ASSN_COLUMN, joinCol);
        p.put(HatsAssociation.MAX_SEPARATION, String.format(Locale.ROOT, "%.5f", maxSeparation));
        p.put(HatsAssociation.LEAF_FILES, "True");
        p.put(HatsProperties.NPIX_SUFFIX, HatsPaths.DEFAULT_SUFFIX);
        p.put(HatsProperties.ORDER, Integer.toString(HatsCatalogFiles.maxOrder(pixels)));
        p.put(HatsProperties.SKY_FRACTION, HatsCatalogFiles.skyFraction(pixels));
        HatsCatalogFiles.putProvenance(p);
        return p;
    }
}
