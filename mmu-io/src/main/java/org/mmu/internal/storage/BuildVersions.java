package org.mmu.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This build's version and the versions of optional dependencies it was compiled against, for messages that name them. */
public final class BuildVersions {
    /** mmu-java's own version (the pom's {@code project.version}). */
    public static final String MMU;
    /** The Hadoop version of the pom ({@code hadoop.version}). */
    static final String HADOOP;

    static {
        Properties p = load();
        MMU = p.getProperty("mmu.version");
        HADOOP = p.getProperty("hadoop.version");
    }

    private BuildVersions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildVersions.class.getResourceAsStream("build-versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("build-versions.properties is missing from the mmu-io jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
