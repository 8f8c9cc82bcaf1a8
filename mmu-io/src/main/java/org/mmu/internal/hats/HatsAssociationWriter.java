package org.mmu.internal.hats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.mmu.core.Column;
import org.mmu.core.MmuInputException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.RowBatch;
import org.mmu.internal.output.AtomicFiles;
import org.mmu.internal.output.Temporaries;
import org.mmu.internal.parquet.ParquetBatchWriter;

/**
 * Writes pairs as a HATS association catalog, laid out as hats / LSDB's {@code to_association}
 * write one: {@code hats.properties} and the legacy {@code properties} (the {@code hats_col_assn_*}
 * keys), {@code partition_info.csv}, {@code dataset/_metadata} and {@code _common_metadata}, and
 * one {@code dataset/Norder=K/Dir=D/Npix=N.parquet} per pixel of the <em>primary</em> objects,
 * holding {@code <primary id column>_<primary name>}, {@code <join id column>_<join name>},
 * {@code _dist_arcsec} and {@code _healpix_29} (the primary object's cell), sorted by the latter.
 * Pixels are of one order: the lowest at which no pixel holds more than the row cap. The
 * catalog is written under a temporary name beside the output and renamed into place.
 */
public final class HatsAssociationWriter {
    /** hats-import's default {@code pixel_threshold}: rows per partition. */
    public static final int DEFAULT_MAX_ROWS = 1_000_000;
    /** The deepest order we partition at (hats-import's default highest order is 10). */
    static final int MAX_PARTITION_ORDER = 10;

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
        int order = orderFor(healpix29, maxRows);
        int shift = 2 * (29 - order);
        int[] sorted = java.util.stream.IntStream.range(0, n).boxed()
                .sorted(java.util.Comparator.comparingLong((Integer i) -> healpix29[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        TreeMap<Long, List<Integer>> byPixel = new TreeMap<>();
        for (int i : sorted) {
            byPixel.computeIfAbsent(healpix29[i] >>> shift, k -> new ArrayList<>()).add(i);
        }
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
            StringBuilder info = new StringBuilder("Norder,Npix\n");
            double max = 0;
            for (Map.Entry<Long, List<Integer>> e : byPixel.entrySet()) {
                int[] rows = e.getValue().stream().mapToInt(Integer::intValue).toArray();
                String leaf = HatsPaths.pixelStem(order, e.getKey()) + HatsPaths.DEFAULT_SUFFIX;
                Path file = tmp.resolve(HatsPaths.DATASET_DIR).resolve(leaf);
                Files.createDirectories(file.getParent());
                try (ParquetBatchWriter w = new ParquetBatchWriter(file, all.schema(), Map.of(),
                        ParquetBatchWriter.Profile.DATA)) {
                    w.write(all.gather(rows));
                }
                leaves.add(leaf);
                info.append(order).append(',').append(e.getKey()).append('\n');
            }
            for (double s : separations) {
                max = Math.max(max, s);
            }
            ParquetSummaryFiles.write(tmp.resolve(HatsPaths.DATASET_DIR), leaves);
            Files.writeString(tmp.resolve(HatsPaths.PARTITION_INFO), info.toString(), StandardCharsets.UTF_8);
            String props = properties(name, primary, join, primaryCol, joinCol, n, max, order, byPixel.size());
            Files.writeString(tmp.resolve(HatsPaths.PROPERTIES), props, StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(HatsPaths.LEGACY_PROPERTIES), props, StandardCharsets.UTF_8);
            publish(tmp, target, overwrite);
        } catch (IOException e) {
            throw new MmuStorageException(target.toString(), "cannot write the association catalog: " + e.getMessage(), e);
        } finally {
            Temporaries.discard(tmp);
        }
        return n;
    }

    /** The lowest order (at most {@link #MAX_PARTITION_ORDER}) at which no pixel holds more than {@code maxRows} pairs. */
    static int orderFor(long[] healpix29, int maxRows) {
        for (int order = 0; order < MAX_PARTITION_ORDER; order++) {
            int shift = 2 * (29 - order);
            Map<Long, Integer> counts = new java.util.HashMap<>();
            boolean fits = true;
            for (long h : healpix29) {
                if (counts.merge(h >>> shift, 1, Integer::sum) > maxRows) {
                    fits = false;
                    break;
                }
            }
            if (fits) {
                return order;
            }
        }
        return MAX_PARTITION_ORDER;
    }

    private static String properties(String name, Side primary, Side join, String primaryCol, String joinCol, long rows,
            double maxSeparation, int order, int pixels) {
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
        p.put("hats_order", Integer.toString(order));
        p.put("moc_sky_fraction", String.format(Locale.ROOT, "%.5f", pixels / (12.0 * (1L << (2 * order)))));
        p.put(HatsProperties.BUILDER, "mmu-java");
        p.put(HatsProperties.CREATED, ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'UTC'")));
        p.put(HatsProperties.VERSION, "v1.0");
        StringBuilder b = new StringBuilder("#HATS catalog\n");
        p.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    /** Renames the finished catalog into place; with {@code overwrite}, the old one goes only once the new one is whole. */
    private static void publish(Path tmp, Path target, boolean overwrite) throws IOException {
        Files.createDirectories(target.getParent());
        Path old = null;
        if (overwrite && Files.exists(target)) {
            old = Temporaries.sibling(target);
            Files.move(target, old);
        }
        try {
            AtomicFiles.publishNew(tmp, target);
            Temporaries.published(tmp);
        } finally {
            if (old != null) {
                if (Files.exists(target)) {
                    Temporaries.discard(old);
                } else {
                    Files.move(old, target); // the new one could not be placed: put the old one back
                    Temporaries.published(old);
                }
            }
        }
    }
}
