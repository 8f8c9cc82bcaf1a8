package org.mmu;

import java.nio.file.Path;

import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ProgressListener;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.hats.HatsObjectWriter;

/**
 * Writes any dataset this library reads (index-first, MMU v1 HDF5, HATS, CSV/Parquet catalogs) as
 * a HATS object catalog that LSDB opens with {@code lsdb.open_catalog(path)}: adaptive
 * {@code Norder=K/Dir=D/Npix=N.parquet} partitions of at most {@link Builder#maxRowsPerPartition}
 * rows (hats-import's {@code pixel_threshold}), a {@code _healpix_29} column, rows sorted by it,
 * {@code partition_info.csv}, {@code dataset/_metadata} and {@code _common_metadata},
 * {@code skymap.fits} and the properties hats-import writes (docs/hats.md).
 *
 * <pre>{@code
 * try (MmuDataset ds = MmuDatasets.load("data/sdss")) {
 *     HatsExport.Summary s = HatsExport.builder().maxRowsPerPartition(100_000).build().export(ds, Path.of("sdss_hats"));
 * }
 * }</pre>
 *
 * Memory is the dataset's index plus a bounded chunk of rows: partitions are read through the
 * row-level reader a chunk at a time. The catalog is written under a temporary name and renamed
 * into place: it is whole or absent. Immutable and thread-safe; {@link Builder#build()} leaves
 * the builder unchanged.
 */
public final class HatsExport {
    /** hats-import's default {@code pixel_threshold}. */
    public static final int DEFAULT_MAX_ROWS_PER_PARTITION = HatsObjectWriter.DEFAULT_MAX_ROWS;
    /** hats-import's default {@code highest_healpix_order}. */
    public static final int DEFAULT_HIGHEST_ORDER = HatsObjectWriter.DEFAULT_HIGHEST_ORDER;
    /** The widest margin: 10 degrees. */
    public static final double MAX_MARGIN_ARCSEC = 36_000;
    /** The deepest order a partition may have. */
    public static final int MAX_ORDER = HatsObjectWriter.MAX_ORDER;

    /**
     * What an export wrote.
     *
     * @param catalog    the catalog's directory
     * @param rows       rows written (every object of the dataset once)
     * @param partitions partition files written
     * @param order      the deepest partition order ({@code hats_order})
     * @param marginRows rows of the margin catalog; -1 when none was asked for
     */
    public record Summary(Path catalog, long rows, int partitions, int order, long marginRows) {
    }

    private final String name;
    private final long maxRows;
    private final int lowestOrder;
    private final int highestOrder;
    private final double marginArcsec;
    private final boolean overwrite;
    private final int threads;
    private final ProgressListener progress;

    private HatsExport(Builder b) {
        this.name = b.name;
        this.maxRows = b.maxRows;
        this.lowestOrder = b.lowestOrder;
        this.highestOrder = b.highestOrder;
        this.marginArcsec = b.marginArcsec;
        this.overwrite = b.overwrite;
        this.threads = b.threads;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes {@code source}, a dataset opened by {@link MmuDatasets}, as a HATS catalog at
     * {@code out} (which must not exist unless {@link Builder#overwrite}).
     */
    public Summary export(MmuDataset source, Path out) {
        if (!(source instanceof PartitionedDataset pd)) {
            throw new MmuInputException(source.name() + ": its ra/dec columns are unknown (it was not opened by MmuDatasets)");
        }
        HatsObjectWriter.Written w = HatsObjectWriter.write(source, pd.descriptor().coordinates(), out,
                new HatsObjectWriter.Options(name, maxRows, lowestOrder, highestOrder, marginArcsec, overwrite, threads, progress));
        int order = w.partitions().stream().mapToInt(p -> p.order()).max().orElse(0);
        return new Summary(w.catalog(), w.rows(), w.partitions().size(), order, w.marginRows());
    }

    /** Options for an export. */
    public static final class Builder {
        private String name;
        private long maxRows = DEFAULT_MAX_ROWS_PER_PARTITION;
        private int lowestOrder = 0;
        private int highestOrder = DEFAULT_HIGHEST_ORDER;
        private double marginArcsec;
        private boolean overwrite;
        private int threads = Runtime.getRuntime().availableProcessors();
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /** {@code obs_collection} (default: the output directory's name). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** At most this many rows per partition (>= 1; default 1,000,000, hats-import's {@code pixel_threshold}). */
        public Builder maxRowsPerPartition(long rows) {
            if (rows < 1) {
                throw new MmuInputException("the rows per partition must be >= 1, got " + rows);
            }
            this.maxRows = rows;
            return this;
        }

        /** The order partitions start from (default 0): no partition is larger than a pixel of it. */
        public Builder lowestOrder(int order) {
            if (order < 0 || order > MAX_ORDER) {
                throw new MmuInputException("the lowest order must be 0.." + MAX_ORDER + ", got " + order);
            }
            this.lowestOrder = order;
            return this;
        }

        /**
         * The deepest order a partition is split to (default 10); a pixel of this order holding more
         * rows than the cap is an error. {@code skymap.fits} is at this order, at most 10.
         */
        public Builder highestOrder(int order) {
            if (order < 0 || order > MAX_ORDER) {
                throw new MmuInputException("the highest order must be 0.." + MAX_ORDER + ", got " + order);
            }
            this.highestOrder = order;
            return this;
        }

        /**
         * Also write a margin catalog of this threshold (arcsec, up to 10 degrees; 0, the default,
         * for none). The output is then a HATS collection, as hats-import lays them out:
         * {@code collection.properties}, the object catalog in {@code OUT/<name>} and its margin in
         * {@code OUT/<name>_<R>arcs} (every row of another partition within R of a partition's pixel),
         * which LSDB opens together with {@code lsdb.open_catalog(OUT)}.
         */
        public Builder marginArcsec(double arcsec) {
            if (!(arcsec >= 0 && arcsec <= MAX_MARGIN_ARCSEC)) {
                throw new MmuInputException("the margin must be 0.." + (int) MAX_MARGIN_ARCSEC + " arcsec, got " + arcsec);
            }
            this.marginArcsec = arcsec;
            return this;
        }

        /** Replace an existing output, once the new catalog is whole (default: an existing output is an error). */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** Threads hashing positions (default: all cores); rows are read with the dataset's own threads. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new MmuInputException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        public Builder progress(ProgressListener progress) {
            this.progress = progress == null ? ProgressListener.NONE : progress;
            return this;
        }

        public HatsExport build() {
            if (lowestOrder > highestOrder) {
                throw new MmuInputException("the lowest order " + lowestOrder + " is above the highest " + highestOrder);
            }
            return new HatsExport(this);
        }
    }
}
