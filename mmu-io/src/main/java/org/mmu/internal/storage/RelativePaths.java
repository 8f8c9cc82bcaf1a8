package org.mmu.internal.storage;

import java.util.ArrayList;
import java.util.List;

import org.mmu.core.MmuInputException;

/** Normalises the '/'-separated relative paths that storages accept. */
final class RelativePaths {
    private RelativePaths() {
    }

    /**
     * Removes empty and {@code "."} segments and resolves {@code ".."}; a path that would leave
     * the root, or that is absolute, is an {@link MmuInputException} naming the root.
     */
    static List<String> segments(String root, String relativePath) {
        if (relativePath == null) {
            throw new MmuInputException(root + ": relative path is null");
        }
        if (relativePath.startsWith("/") || relativePath.contains("\\") || relativePath.contains("://")) {
            throw new MmuInputException(root + ": '" + relativePath
                    + "' is not a relative '/'-separated path below the storage root");
        }
        List<String> out = new ArrayList<>();
        for (String s : relativePath.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (out.isEmpty()) {
                    throw new MmuInputException(root + ": path '" + relativePath + "' leaves the storage root");
                }
                out.remove(out.size() - 1);
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** The normalised path, without leading or trailing '/' ("" for the root itself). */
    static String normalize(String root, String relativePath) {
        return String.join("/", segments(root, relativePath));
    }
}
