package org.mmu.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Spark entry points: distributed crossmatches and crossmatch-loads of MMU datasets. Datasets
 * themselves are read with the data source: {@code spark.read().format("mmu").load(path)}.
 */
public final class MmuSpark {
    private MmuSpark() {
    }

    /**
     * A session for one machine ({@code local[N]} or a master URL), bound to loopback when local,
     * without the web UI.
     */
    public static SparkSession localSession(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().master(master).appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "8");
        if (master.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        return b.getOrCreate();
    }
}
