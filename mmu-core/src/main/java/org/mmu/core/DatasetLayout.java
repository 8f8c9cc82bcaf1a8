package org.mmu.core;

/** The on-disk layouts {@code MmuDatasets.load} recognises. */
public enum DatasetLayout {
    /** Ours: {@code mmu_dataset.json}, {@code _index/}, {@code healpix=H/object_group_id=G/}. */
    INDEX_FIRST("index-first"),
    /** Multimodal Universe v1: {@code healpix=N/001-of-001.hdf5} written by h5py. */
    MMU_V1_HDF5("mmu-v1-hdf5"),
    /** HATS (MMU v1.5, LSDB): {@code hats.properties}, {@code dataset/Norder=K/Dir=D/Npix=N.parquet}. */
    HATS("hats"),
    /** A flat catalog (a CSV file, Parquet files) not partitioned on the sky: input for building. */
    CATALOG("catalog");

    private final String label;

    DatasetLayout(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
