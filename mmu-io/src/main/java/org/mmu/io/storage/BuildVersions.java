package org.mmu.io.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of optional dependencies this build was compiled against, for messages that name them. */
final class BuildVersions {
    /** The Hadoop version of the pom ({@code hadoop.version}). */
    static final String HADOOP = load().getProperty("hadoop.version");

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
