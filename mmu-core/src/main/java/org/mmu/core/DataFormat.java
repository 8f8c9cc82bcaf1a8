package org.mmu.core;

/** File format of a data partition (CSV only for flat input catalogs, held in memory). */
public enum DataFormat {
    PARQUET("parquet"), HDF5("hdf5"), CSV("csv");

    private final String label;

    DataFormat(String label) {
        this.label = label;
    }

    /** {@code "parquet"} or {@code "hdf5"}, as written in manifests and accepted by the CLI. */
    public String label() {
        return label;
    }

    public static DataFormat fromLabel(String s) {
        for (DataFormat f : values()) {
            if (f.label.equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new MmuInputException("unknown data format '" + s + "'; expected parquet or hdf5");
    }

    /** Guesses the format from a file name ({@code .parquet}, {@code .hdf5}, {@code .h5}), or null. */
    public static DataFormat fromFileName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".parquet") || n.endsWith(".pq")) {
            return PARQUET;
        }
        if (n.endsWith(".hdf5") || n.endsWith(".h5") || n.endsWith(".hdf")) {
            return HDF5;
        }
        if (n.endsWith(".csv")) {
            return CSV;
        }
        return null;
    }
}
