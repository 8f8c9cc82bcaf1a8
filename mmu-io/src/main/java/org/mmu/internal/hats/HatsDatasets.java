package org.mmu.internal.hats;

import org.mmu.HatsOptions;

import org.mmu.core.CoordinateColumns;
import java.util.List;
import java.util.Map;

import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.internal.dataset.CellPlacement;
import org.mmu.internal.dataset.DatasetDescriptor;
import org.mmu.internal.dataset.OpenContext;
import org.mmu.internal.dataset.ParquetPartitionReader;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.storage.Storage;

/**
 * Opens HATS catalogs (the format LSDB and hats-import use; Multimodal Universe v1.5) index-first:
 * opening reads properties, {@code partition_info.csv} and Parquet footers only; the index reads
 * the id, ra, dec and HEALPix columns of every partition; rows are then read per partition.
 *
 * <ul>
 *   <li>A catalog directory ({@code hats.properties} or the legacy {@code properties}) of type
 *       object, nested, source or margin opens as a dataset.</li>
 *   <li>A collection ({@code collection.properties}) opens its primary table and records its
 *       margins and indexes; margins are not part of the dataset (see {@link #openMargin}), index
 *       catalogs answer id lookups ({@link #openIdIndex}).</li>
 *   <li>An index catalog opened as a dataset is an error pointing to its primary table.</li>
 * </ul>
 * Stateless and thread-safe. See {@code docs/hats.md} for the rules (id column, checks, limits).
 */
public final class HatsDatasets {
    /** Footer reads in flight when a margin without {@code _metadata} is opened (few, small files). */
    private static final int MARGIN_FOOTER_THREADS = 4;

    private HatsDatasets() {
    }

    /**
     * Whether the storage root holds a HATS catalog or collection: {@code hats.properties},
     * {@code collection.properties}, or a legacy {@code properties} file with {@code hats_} keys (a
     * HiPS survey's {@code properties} has none).
     */
    public static boolean isHats(Storage storage) {
        if (storage.exists(HatsPaths.PROPERTIES) || storage.exists(HatsPaths.COLLECTION_PROPERTIES)) {
            return true;
        }
        return storage.exists(HatsPaths.LEGACY_PROPERTIES)
                && HatsProperties.read(storage, HatsPaths.LEGACY_PROPERTIES).hasHatsKeys();
    }

    /** Opens a HATS catalog or collection with default options. */
    public static PartitionedDataset open(Storage storage, OpenContext ctx) {
        return open(storage, ctx, HatsOptions.defaults());
    }

    /**
     * Opens a HATS catalog or collection as a dataset. The dataset owns the storage (closing it
     * closes the storage). Reads metadata only; problems found here (unsupported version, missing
     * keys or coordinate columns, partition lists that disagree) are errors naming the file.
     */
    public static PartitionedDataset open(Storage storage, OpenContext ctx, HatsOptions options) {
        String prefix = "";
        String name = null;
        HatsProperties collection = readCollection(storage);
        if (collection != null) {
            prefix = primaryPrefix(collection);
            name = collection.get(HatsProperties.NAME);
        }
        HatsProperties props = requireTable(storage, prefix, collection);
        CatalogType type = typeOf(props);
        if (type == CatalogType.INDEX) {
            throw new MmuFormatException(props.location(), "this is an index catalog (hats_index_column="
                    + props.get(HatsProperties.INDEX_COLUMN) + "): it maps ids to partitions of "
                    + props.getOrDefault(HatsProperties.PRIMARY, "its primary table") + " and holds no survey data. Open "
                    + "that primary table (or its collection) instead; use HatsDatasets.openIdIndex for id lookups");
        }
        if ("association".equalsIgnoreCase(props.get(HatsProperties.TYPE))) {
            throw new MmuFormatException(props.location(), "this is an association catalog: pairs between "
                    + props.getOrDefault(HatsProperties.PRIMARY, "a primary catalog") + " and "
                    + props.getOrDefault(HatsAssociation.JOIN_URL, "a join catalog") + ", not a table of objects. Load the "
                    + "objects it pairs with `mmu load " + storage.location() + "` or HatsAssociations.load");
        }
        if (!type.isSkyTable()) {
            throw new MmuFormatException(props.location(), "dataproduct_type=" + props.get(HatsProperties.TYPE)
                    + " is not a table of objects; this reader opens object, nested, source and margin catalogs");
        }
        HatsTable table = HatsTable.open(storage, prefix, props, ctx.readThreads(), options.leafPathTemplate().orElse(null));
        IdRule id = IdRule.choose(table, options);

        Map<String, Object> info = HatsInspect.describe(table, id, collection, prefix);
        // synthesized ids have no column of their own: the HEALPix column they derive from stands in
        CoordinateColumns coords = new CoordinateColumns(
                id.synthesized() ? table.healpixColumn() : id.column(), table.raColumn(), table.decColumn());
        DatasetDescriptor d = new DatasetDescriptor(name != null ? name : table.name(), storage.location(),
                DatasetLayout.HATS, table.schema(), table.partitions(), table.rows(), info, coords);
        HatsIndexLoader loader = new HatsIndexLoader(table, id, ctx.readThreads(), CellPlacement.of(ctx.lenientPositions()));
        return new PartitionedDataset(d, storage, new ParquetPartitionReader(storage), loader, ctx.progress(),
                ctx.readThreads());
    }

    /**
     * Opens a margin catalog: from a collection ({@code marginName} one of its {@code all_margins},
     * or null for its {@code default_margin}), or a margin catalog directory itself ({@code marginName}
     * null). Reads metadata only.
     */
    public static HatsMargin openMargin(Storage storage, String marginName) {
        HatsProperties collection = readCollection(storage);
        String prefix = "";
        if (collection != null) {
            List<String> all = collection.getList(HatsProperties.ALL_MARGINS);
            String chosen = marginName != null ? marginName : collection.get(HatsProperties.DEFAULT_MARGIN);
            if (chosen == null && all.size() == 1) {
                chosen = all.get(0);
            }
            if (chosen == null) {
                throw new MmuInputException(collection.location() + ": " + (all.isEmpty() ? "the collection has no margins"
                        : "no default_margin; name one of " + all));
            }
            if (!all.contains(chosen)) {
                throw new MmuInputException(collection.location() + ": no margin '" + chosen + "'; all_margins is " + all);
            }
            prefix = relativeDir(collection, chosen, "margin");
        }
        HatsProperties props = requireTable(storage, prefix, collection);
        if (typeOf(props) != CatalogType.MARGIN) {
            throw new MmuInputException(props.location() + ": dataproduct_type=" + props.get(HatsProperties.TYPE)
                    + ", not margin: open a margin catalog or a collection that lists one");
        }
        if (collection == null && marginName != null && !marginName.equals(props.get(HatsProperties.NAME))) {
            throw new MmuInputException(props.location() + ": this margin catalog is '" + props.get(HatsProperties.NAME)
                    + "', not '" + marginName + "' (pass null to open the margin catalog at the root)");
        }
        return new HatsMargin(HatsTable.open(storage, prefix, props, MARGIN_FOOTER_THREADS));
    }

    /**
     * Opens an index catalog for id lookups: from a collection ({@code column} one of its
     * {@code all_indexes} columns, or null when it has exactly one), or an index catalog directory
     * itself ({@code column} null or its {@code hats_index_column}). Reads metadata only.
     */
    public static HatsIdIndex openIdIndex(Storage storage, String column) {
        HatsProperties collection = readCollection(storage);
        String prefix = "";
        if (collection != null) {
            Map<String, String> all = collection.getPairs(HatsProperties.ALL_INDEXES);
            String chosen = column;
            if (chosen == null && all.size() == 1) {
                chosen = all.keySet().iterator().next();
            }
            if (chosen == null || !all.containsKey(chosen)) {
                throw new MmuInputException(collection.location() + ": " + (all.isEmpty() ? "the collection has no index catalogs"
                        : chosen == null ? "several index catalogs; name a column of " + all.keySet()
                        : "no index on column '" + chosen + "'; indexed columns are " + all.keySet()));
            }
            prefix = relativeDir(collection, all.get(chosen), "index");
        }
        HatsProperties props = requireTable(storage, prefix, collection);
        if (typeOf(props) != CatalogType.INDEX) {
            throw new MmuInputException(props.location() + ": dataproduct_type=" + props.get(HatsProperties.TYPE)
                    + ", not index: open an index catalog or a collection that lists one");
        }
        HatsIdIndex index = HatsIdIndex.open(storage, prefix, props);
        if (column != null && !column.equals(index.column())) {
            throw new MmuInputException(props.location() + ": this index is on '" + index.column() + "', not '" + column + "'");
        }
        return index;
    }

    private static HatsProperties readCollection(Storage storage) {
        if (!storage.exists(HatsPaths.COLLECTION_PROPERTIES)) {
            return null;
        }
        HatsProperties c = HatsProperties.read(storage, HatsPaths.COLLECTION_PROPERTIES);
        c.checkVersion();
        c.require("a HATS collection", HatsProperties.NAME, HatsProperties.PRIMARY);
        return c;
    }

    private static String primaryPrefix(HatsProperties collection) {
        return relativeDir(collection, collection.get(HatsProperties.PRIMARY), "primary table");
    }

    /** A table directory named by a collection, as a storage prefix; it must lie inside the collection. */
    static String relativeDir(HatsProperties collection, String url, String what) {
        String u = url.trim();
        while (u.startsWith("./")) {
            u = u.substring(2);
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.isEmpty() || u.contains("://") || u.startsWith("/") || List.of(u.split("/")).contains("..")) {
            throw new MmuFormatException(collection.location(), "the " + what + " '" + url + "' is not a directory inside "
                    + "the collection; open that catalog directly");
        }
        return u + "/";
    }

    /** The table's properties; a missing file is an error that recognises HiPSCat and collections. */
    private static HatsProperties requireTable(Storage storage, String prefix, HatsProperties collection) {
        HatsProperties props = HatsProperties.readTable(storage, prefix);
        if (props != null) {
            return props;
        }
        String dir = prefix.isEmpty() ? storage.location() : storage.location() + "/" + prefix.substring(0, prefix.length() - 1);
        if (storage.exists(HatsPaths.join(prefix, "catalog_info.json"))) {
            throw new MmuFormatException(dir, "this is a HiPSCat catalog (catalog_info.json), the format HATS replaced; "
                    + "convert it with hats' conversion tool (hats.io.convert) and open the result");
        }
        throw new MmuFormatException(dir, "no hats.properties (or legacy properties) file"
                + (collection != null ? ", yet " + collection.location() + " names this table" : ": not a HATS catalog"));
    }

    private static CatalogType typeOf(HatsProperties props) {
        props.require("a HATS catalog", HatsProperties.NAME, HatsProperties.TYPE);
        return CatalogType.of(props.get(HatsProperties.TYPE));
    }
}
