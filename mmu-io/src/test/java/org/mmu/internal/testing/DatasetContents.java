package org.mmu.internal.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.mmu.core.Column;
import org.mmu.core.MmuDataset;
import org.mmu.core.RowBatch;

/** What tests compare datasets and directories by: every object's values, the files, a copy. */
public final class DatasetContents {
    private DatasetContents() {
    }

    /** Every object's values (each column's boxed value or array), by its int64 id in {@code object_id}. */
    public static Map<Long, List<Object>> of(MmuDataset ds) {
        int n = ds.index().size();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        RowBatch b = ds.read(all);
        Map<Long, List<Object>> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>();
            for (Column c : b.columns()) {
                row.add(c.get(i));
            }
            out.put(b.column("object_id").getLong(i), row);
        }
        return out;
    }

    /** The regular files under {@code root}, relative to it. */
    public static Set<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return new TreeSet<>(s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList());
        }
    }

    /** Copies a directory tree; returns {@code to}. */
    public static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }
}
