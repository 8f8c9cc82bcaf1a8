package org.mmu.internal.build;

import org.mmu.internal.storage.BuildVersions;

/** The library version, as Maven wrote it into the build (the pom's {@code project.version}). */
public final class Version {
    private Version() {
    }

    public static String get() {
        return BuildVersions.MMU;
    }
}
