package org.mmu.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.mmu.CrossMatchedDatasets;
import org.mmu.Epoch;
import org.mmu.Epochs;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.EpochBatch;
import org.mmu.core.EpochIterator;
import org.mmu.core.MmuDataset;
import org.mmu.core.ReadStats;
import org.mmu.core.Tensor;
import org.mmu.matching.CrossMatch;

/**
 * Feeding a model as a data-parallel trainer does, through the API: every worker takes its
 * shard of a shuffled epoch in fixed-size batches, one worker is "interrupted" halfway and
 * resumes from its checkpoint, and each prints what it read against the data's size on disk.
 *
 * <pre>
 * java -cp mmu.jar org.mmu.examples.TrainingEpochExample DATASET [WORKERS]
 * java -cp mmu.jar org.mmu.examples.TrainingEpochExample DATASET DATASET2 RADIUS_ARCSEC [WORKERS]
 * </pre>
 */
public final class TrainingEpochExample {
    static final long SEED = 42;
    static final int SHUFFLE_BUFFER = 4096;
    static final int BATCH_SIZE = 64;

    private TrainingEpochExample() {
    }

    public static void main(String[] args) {
        run(List.of(args), System.out);
    }

    /** Runs the example; returns the rows delivered over all workers. */
    public static long run(List<String> args, PrintStream out) {
        if (args.size() == 1 || args.size() == 2) {
            int workers = args.size() == 2 ? Integer.parseInt(args.get(1)) : 2;
            try (MmuDataset d = MmuDatasets.load(args.get(0))) {
                return train(Epochs.of(d), workers, out);
            }
        }
        if (args.size() == 3 || args.size() == 4) {
            int workers = args.size() == 4 ? Integer.parseInt(args.get(3)) : 2;
            try (MmuDataset a = MmuDatasets.load(args.get(0)); MmuDataset b = MmuDatasets.load(args.get(1))) {
                CrossMatch spec = CrossMatch.of(a.name(), b.name()).radiusArcsec(Double.parseDouble(args.get(2))).build();
                // a streamed load reads only the indices; the epoch reads the matched objects' data as it goes
                try (CrossMatchedDatasets m = MmuDatasets.crossMatch(List.of(a, b), spec, LoadOptions.defaults())) {
                    return train(Epochs.of(m), workers, out);
                }
            }
        }
        throw new IllegalArgumentException("usage: TrainingEpochExample DATASET [WORKERS] | DATASET DATASET2 RADIUS_ARCSEC [WORKERS]");
    }

    private static long train(Epoch all, int workers, PrintStream out) {
        Epoch epoch = all.shuffle(SEED, SHUFFLE_BUFFER).batchSize(BATCH_SIZE).epoch(0);
        long delivered = 0;
        for (int worker = 0; worker < workers; worker++) {
            Epoch mine = epoch.shard(worker, workers);
            long checkpoint = 0;
            long t0 = System.nanoTime();
            ReadStats read = ReadStats.ZERO;
            long halfway = mine.batchCount() / 2;
            try (EpochIterator batches = mine.open()) {
                for (long b = 0; b < halfway && batches.hasNext(); b++) {
                    checkpoint = step(batches.next(), out, b == 0);
                }
                read = read.plus(batches.readStats());
            } // the worker stops here; a restarted worker resumes from its checkpoint
            try (EpochIterator batches = mine.startAt(checkpoint).open()) {
                while (batches.hasNext()) {
                    checkpoint = step(batches.next(), out, false);
                }
                read = read.plus(batches.readStats());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "worker %d/%d: %d rows (resumed at %d), read %d bytes for %d on disk (the restart reads its window again), %.0f rows/s%n",
                    worker, workers, checkpoint, mine.batchCount() / 2 * BATCH_SIZE, read.dataBytes(), mine.datasetBytes(),
                    checkpoint / Math.max(seconds, 1e-9));
            delivered += checkpoint;
        }
        return delivered;
    }

    /** One training step: here it only reads the tensors. Returns the checkpoint to resume after this batch. */
    private static long step(EpochBatch batch, PrintStream out, boolean describe) {
        if (describe) {
            for (String column : batch.rows().schema().names()) {
                if (batch.rows().column(column).type() != org.mmu.core.DType.STRING) {
                    Tensor t = batch.tensor(column);
                    out.println("  " + t);
                }
            }
        }
        TensorChecksum.of(batch.rows());
        return batch.nextPosition();
    }
}
