package org.mmu.io.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mmu.io.storage.Storages;

/**
 * Checks that a command's outputs cannot destroy anything it reads or writes: no two outputs
 * are the same file, and no output lies inside (or is) a local input dataset. Paths are compared
 * by their real locations, so links and {@code ..} do not hide a clash.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * @param outputs flag name (e.g. {@code "--out"}) to path
     * @param inputs  input locations (remote ones cannot clash and are ignored)
     * @return the first problem, worded for a user, or empty
     */
    public static Optional<String> problem(Map<String, Path> outputs, List<String> inputs) {
        Map<Path, String> seen = new HashMap<>();
        for (Map.Entry<String, Path> o : outputs.entrySet()) {
            Path real = real(o.getValue());
            String other = seen.putIfAbsent(real, o.getKey());
            if (other != null) {
                return Optional.of(other + " and " + o.getKey() + " are the same file (" + o.getValue()
                        + "): one would destroy the other");
            }
            for (String in : inputs) {
                if (!"file".equals(Storages.schemeOf(in))) {
                    continue;
                }
                Path input = real(in.startsWith("file:") ? Path.of(java.net.URI.create(in)) : Path.of(in));
                if (real.startsWith(input)) {
                    return Optional.of(o.getKey() + " " + o.getValue() + (real.equals(input) ? " is" : " lies inside")
                            + " the input " + in + "; write outputs outside the datasets read");
                }
            }
        }
        return Optional.empty();
    }

    /** The real path of a file that may not exist yet: its nearest existing ancestor resolved. */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        Path rest = abs.getFileSystem().getPath("");
        while (existing != null && !Files.exists(existing)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            return abs;
        }
    }
}
