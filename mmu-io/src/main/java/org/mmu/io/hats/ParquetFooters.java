package org.mmu.io.hats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.mmu.core.MmuException;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuStorageException;
import org.mmu.core.Schema;
import org.mmu.io.parquet.ParquetFile;
import org.mmu.io.storage.ByteSource;
import org.mmu.io.storage.Storage;

/** Footer-only reads of Parquet files: {@code _metadata}, {@code _common_metadata}, leaf footers. */
final class ParquetFooters {
    private ParquetFooters() {
    }

    /**
     * What a footer says.
     *
     * @param rowGroups  each row group's file path (as written in {@code _metadata}; null in leaf
     *                   files) and row count, in file order
     * @param bytes      the size of the file holding the footer
     */
    record Footer(String location, Schema schema, Map<String, String> unsupported, List<RowGroup> rowGroups,
            long rows, long bytes) {
    }

    /** One row group: its file path (null when it is in this file), rows, and the raw metadata. */
    record RowGroup(String path, long rows, BlockMetaData block) {
    }

    static Footer read(Storage storage, String path) {
        ByteSource source = storage.open(path);
        long bytes = source.size();
        try (ParquetFile f = ParquetFile.open(source)) {
            List<RowGroup> groups = new ArrayList<>();
            for (BlockMetaData b : f.rowGroups()) {
                groups.add(new RowGroup(b.getPath(), b.getRowCount(), b));
            }
            return new Footer(f.location(), f.schema(), f.unsupportedColumns(), List.copyOf(groups), f.rowCount(), bytes);
        }
    }

    /**
     * Applies {@code task} to every item on at most {@code threads} threads, keeping the order of
     * {@code items}. The first failure (ours unwrapped) is rethrown; remaining tasks are cancelled.
     */
    static <T, R> List<R> parallel(List<T> items, int threads, String what, String location, Function<T, R> task) {
        if (items.size() <= 1 || threads <= 1) {
            return items.stream().map(task).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
            Thread t = new Thread(r, "mmu-hats-" + what);
            t.setDaemon(true);
            return t;
        });
        List<Future<R>> futures = new ArrayList<>(items.size());
        try {
            for (T item : items) {
                futures.add(pool.submit(() -> task.apply(item)));
            }
            List<R> out = new ArrayList<>(items.size());
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MmuStorageException(location, "interrupted during " + what, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof MmuException m) {
                throw m;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new MmuFormatException(location, what + " failed", c);
        } finally {
            pool.shutdownNow();
        }
    }
}
