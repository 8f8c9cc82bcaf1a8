package org.mmu;

import java.nio.file.Path;
import java.util.List;

import org.mmu.core.Column;
import org.mmu.core.IdType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.core.ObjectIds;
import org.mmu.core.ObjectIndex;
import org.mmu.internal.hats.HatsAssociation;
import org.mmu.internal.hats.HatsAssociationWriter;
import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;
import org.mmu.matching.CrossMatch;
import org.mmu.matching.MatchCriteria;
import org.mmu.matching.MatchMode;
import org.mmu.matching.MatchResult;
import org.mmu.matching.internal.Sphere;

/**
 * HATS association catalogs as precomputed crossmatches: the pairs an association lists
 * (best-neighbour tables, survey cross-ids, LSDB's {@code to_association} output) are the match
 * rows, and the rest is a crossmatch-load like any other — the same {@link FetchPlan}, the same
 * lazily fetched {@link CrossMatchedDatasets}, the same {@link LoadReport}.
 *
 * <pre>{@code
 * try (CrossMatchedDatasets m = HatsAssociations.load("/data/small_sky_to_o1source", LoadOptions.defaults())) {
 *     RowBatch both = m.toRowBatch();   // small_sky_* and small_sky_order1_source_collection_* columns
 * }
 * }</pre>
 *
 * <p>The primary catalog is opened with {@code hats_col_assn_primary} as its id column and the
 * join catalog with {@code hats_col_assn_join}; every id a pair names must be an object there. The
 * separation of each pair is computed from the two catalogs' positions, and must not exceed
 * {@code hats_assn_max_separation} (arcsec) when stated, nor differ from the pair's
 * {@code _dist_arcsec} when the association has one. Stateless and thread-safe.
 */
public final class HatsAssociations {
    /** Tolerance between a computed separation and the one stored or bounded by the association (arcsec). */
    static final double SEPARATION_TOLERANCE_ARCSEC = 1e-3;

    private HatsAssociations() {
    }

    /** Whether the location holds a HATS association catalog (reads its properties only). */
    public static boolean isAssociation(String location, LoadOptions options) {
        if (Storages.schemeOf(location).equals("file") && !java.nio.file.Files.isDirectory(MmuDatasets.localPath(location))) {
            return false;
        }
        try (Storage s = Storages.open(location, options.storage())) {
            return HatsAssociation.isAssociation(s);
        }
    }

    /** Loads an association, opening the two catalogs its properties name (relative to its parent directory). */
    public static CrossMatchedDatasets load(String association, LoadOptions options) {
        return load(association, null, null, options);
    }

    /**
     * Loads an association between the catalogs at {@code primary} and {@code join}; a null
     * location is the one the association's properties name ({@code hats_primary_table_url},
     * {@code hats_assn_join_table_url}: a relative one is resolved against the association's parent
     * directory, where hats writes the catalogs side by side, or a collection holding them).
     * Returns once the pairs are mapped to both catalogs' indices and the fetch planned; the
     * objects' data is read as the result is iterated.
     */
    public static CrossMatchedDatasets load(String association, String primary, String join, LoadOptions options) {
        Storage storage = Storages.open(association, options.storage());
        try (storage) {
            HatsAssociation a = HatsAssociation.open(storage, options.readThreads());
            String primaryAt = primary != null ? primary : resolve(association, a.primaryUrl());
            String joinAt = join != null ? join : resolve(association, a.joinUrl());
            Surveys opened = Surveys.open(List.of(primaryAt, joinAt), List.of(
                    options.toBuilder().idColumn(a.primaryIdColumn()).build(),
                    options.toBuilder().idColumn(a.joinIdColumn()).build()));
            CrossMatch spec;
            try {
                List<String> labels = opened.labels().get(0).equals(opened.labels().get(1))
                        ? List.of(opened.labels().get(0) + "_primary", opened.labels().get(1) + "_join") : opened.labels();
                double max = a.maxSeparationArcsec();
                double radius = Double.isFinite(max) && max > 0 ? Math.min(max, MatchCriteria.MAX_RADIUS_ARCSEC)
                        : MatchCriteria.MAX_RADIUS_ARCSEC;
                spec = CrossMatch.of(labels.toArray(String[]::new)).radiusArcsec(radius).mode(MatchMode.ALL).build();
            } catch (RuntimeException | Error e) {
                opened.close();
                throw e;
            }
            return CrossMatchPipeline.run(opened, spec, options, (indices, s) -> matchRows(a, indices, s));
        }
    }

    /** {@code url} relative to the association's parent, unless it is absolute (a path or a URI). */
    static String resolve(String association, String url) {
        if (url.contains("://") || url.startsWith("/")) {
            return url;
        }
        String base;
        if (Storages.schemeOf(association).equals("file") && !association.startsWith("file:")) {
            Path parent = Path.of(association).toAbsolutePath().normalize().getParent();
            base = parent == null ? "/" : parent.toString();
        } else {
            String a = association.replaceAll("/+$", "");
            base = a.substring(0, a.lastIndexOf('/'));
        }
        return MmuDatasets.child(base, url);
    }

    /** The association's pairs as match rows: ids to index positions, separations computed and checked. */
    private static MatchRows matchRows(HatsAssociation a, SurveyIndices in, CrossMatch spec) {
        HatsAssociation.Pairs pairs = a.readPairs();
        ObjectIndex left = in.indices().get(0);
        ObjectIndex right = in.indices().get(1);
        int n = pairs.size();
        int[] l = positions(pairs, pairs.primaryIds(), left, a.primaryIdColumn(), "primary");
        int[] r = positions(pairs, pairs.joinIds(), right, a.joinIdColumn(), "join");
        double max = a.maxSeparationArcsec();
        Column stated = pairs.statedSeparationArcsec();
        double[] sep = new double[n];
        for (int i = 0; i < n; i++) {
            sep[i] = Sphere.separationArcsec(left.ra(l[i]), left.dec(l[i]), right.ra(r[i]), right.dec(r[i]));
            if (sep[i] > max + SEPARATION_TOLERANCE_ARCSEC) {
                throw new MmuFormatException(pairs.where(i), "the pair (" + pairs.primaryIds().getString(i) + ", "
                        + pairs.joinIds().getString(i) + ") is " + sep[i] + " arcsec apart, more than "
                        + "hats_assn_max_separation=" + max + " in " + a.location());
            }
            if (stated != null && !stated.isNull(i)
                    && Math.abs(stated.getDouble(i) - sep[i]) > SEPARATION_TOLERANCE_ARCSEC * Math.max(1, sep[i] / 1000)) {
                throw new MmuFormatException(pairs.where(i), "the pair (" + pairs.primaryIds().getString(i) + ", "
                        + pairs.joinIds().getString(i) + ") states " + HatsAssociation.SEPARATION_COLUMN + "="
                        + stated.getDouble(i) + " arcsec but the two catalogs place its objects " + sep[i]
                        + " arcsec apart: the association does not describe these catalogs");
            }
        }
        return MatchRows.of(spec.surveys(), MatchResult.fromPairs(left, right, spec.criteria(), l, r, sep));
    }

    /** Each pair's object in an index, by id; an id the index lacks is an error naming the pair. */
    private static int[] positions(HatsAssociation.Pairs pairs, Column ids, ObjectIndex index, String idColumn,
            String side) {
        ObjectIds known = index.ids();
        int[] sorted = known.sortedPositions();
        boolean longs = known.type() == IdType.INT64;
        int[] out = new int[ids.rows()];
        for (int i = 0; i < out.length; i++) {
            if (ids.isNull(i)) {
                throw new MmuFormatException(pairs.where(i), "the " + side + " id is empty");
            }
            if (longs && !ids.type().isInteger()) {
                throw new MmuFormatException(pairs.where(i), "the " + side + " id '" + ids.getString(i) + "' is not an "
                        + "integer, but " + index.name() + "'s ids ('" + idColumn + "') are");
            }
            int p = longs ? find(known, sorted, ids.getLong(i)) : find(known, sorted, ids.getString(i));
            if (p < 0) {
                throw new MmuFormatException(pairs.where(i), "the " + side + " id " + ids.getString(i) + " is not an object "
                        + "of " + index.name() + " (column '" + idColumn + "'): the association and the catalog disagree");
            }
            out[i] = p;
        }
        return out;
    }

    private static int find(ObjectIds ids, int[] sorted, long id) {
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = ids.getLong(sorted[mid]);
            if (v < id) {
                lo = mid + 1;
            } else if (v > id) {
                hi = mid - 1;
            } else {
                return sorted[mid];
            }
        }
        return -1;
    }

    /** Binary search in the ids' own order (unsigned UTF-8 bytes). */
    private static int find(ObjectIds ids, int[] sorted, String id) {
        byte[] key = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = java.util.Arrays.compareUnsigned(ids.getString(sorted[mid]).getBytes(java.nio.charset.StandardCharsets.UTF_8), key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return sorted[mid];
            }
        }
        return -1;
    }

    /**
     * Writes a two-survey match as a HATS association catalog at {@code out} (a directory, written
     * under a temporary name and renamed into place), partitioned by the first (primary) survey's
     * objects; returns the pairs written. The catalogs are referred to relative to {@code out}'s
     * parent when local, so that {@link #load(String, LoadOptions)} finds them again. Every match
     * row must be a pair (no outer-join rows), and each survey's ids must be a column of its own.
     */
    public static long write(CrossMatchedDatasets match, Path out, boolean overwrite) {
        if (match.surveys().size() != 2) {
            throw new MmuInputException("a HATS association pairs two catalogs, got " + match.surveys().size()
                    + " surveys " + match.surveys());
        }
        MatchRows rows = match.matchRows();
        int n = rows.size();
        for (int i = 0; i < n; i++) {
            if (rows.indexRow(0, i) < 0 || rows.indexRow(1, i) < 0) {
                throw new MmuInputException("match row " + i + " has no " + match.surveys().get(rows.indexRow(0, i) < 0 ? 0 : 1)
                        + " object (an outer join): a HATS association lists pairs only; match with the inner join");
            }
        }
        Path target = out.toAbsolutePath().normalize();
        HatsAssociationWriter.Side[] sides = new HatsAssociationWriter.Side[2];
        for (int k = 0; k < 2; k++) {
            String survey = match.surveys().get(k);
            sides[k] = new HatsAssociationWriter.Side(survey, urlFrom(target, match.dataset(survey).location()),
                    idColumnOf(match.dataset(survey)));
        }
        RowBatch table = match.matchTable();
        ObjectIndex primary = match.index(match.surveys().get(0));
        long[] cells = org.mmu.internal.build.SkyHashes.order29(primary, Runtime.getRuntime().availableProcessors());
        long[] healpix = new long[n];
        double[] sep = new double[n];
        for (int i = 0; i < n; i++) {
            healpix[i] = cells[rows.indexRow(0, i)];
            sep[i] = rows.separationArcsec(1, i);
        }
        return HatsAssociationWriter.write(target, overwrite, target.getFileName().toString(), sides[0], sides[1],
                table.column("left_object_id"), table.column("right_object_id"), sep, healpix,
                HatsAssociationWriter.DEFAULT_MAX_ROWS);
    }

    /** A catalog's location as the association refers to it: relative to the association's parent when both are local. */
    private static String urlFrom(Path association, String location) {
        if (!Storages.schemeOf(location).equals("file")) {
            return location;
        }
        Path catalog = MmuDatasets.localPath(location).toAbsolutePath().normalize();
        Path parent = association.getParent();
        return parent == null ? catalog.toString() : parent.relativize(catalog).toString().replace('\\', '/');
    }

    /** The column a dataset's ids come from; ids synthesized from positions cannot be referred to. */
    private static String idColumnOf(org.mmu.core.MmuDataset ds) {
        if (ds instanceof org.mmu.internal.dataset.PartitionedDataset pd) {
            String id = pd.descriptor().coordinates().id();
            Object described = pd.descriptor().properties().get("object_id");
            if (!ds.schema().contains(id) || (described != null && described.toString().contains("synthesized"))) {
                throw new MmuInputException(ds.location() + ": its ids are synthesized, not a column, so an association "
                        + "cannot name its objects; open it with an id column");
            }
            return id;
        }
        throw new MmuInputException(ds.location() + ": cannot tell which column holds its ids");
    }
}
