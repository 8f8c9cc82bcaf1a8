package org.mmu.io.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

import org.mmu.core.MmuInputException;

/** Opens the {@link Storage} for a location string: a local path or a URI. */
public final class Storages {
    private Storages() {
    }

    /**
     * Opens a storage rooted at {@code location}: a local path ({@code /data/hsc},
     * {@code file:///data/hsc}). Remote schemes are added by the storage layer of issue 5.
     */
    public static Storage open(String location, StorageOptions options) {
        String scheme = schemeOf(location);
        return switch (scheme) {
            case "file" -> new LocalStorage(location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location));
            default -> throw new MmuInputException("unsupported storage scheme '" + scheme + "' in " + location
                    + "; supported: local paths and file://");
        };
    }

    /** The URI scheme of a location, {@code "file"} for plain paths. */
    public static String schemeOf(String location) {
        int colon = location.indexOf("://");
        if (colon <= 0) {
            return location.startsWith("file:") ? "file" : "file";
        }
        return location.substring(0, colon).toLowerCase(Locale.ROOT);
    }
}
