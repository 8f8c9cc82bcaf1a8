package org.mmu.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.mmu.core.ProgressListener;

/**
 * Shows progress on stderr: on a terminal one line per stage, rewritten in place (a carriage
 * return, no other terminal codes) at most five times a second; otherwise one line when a stage
 * completes. A line gives the stage's overall count, the bytes read when the stage counts them,
 * and on a terminal the time left, estimated from the rate so far. Thread-safe.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintStream err;
    private final boolean terminal;
    private String stage = "";
    private long lastDraw;
    private long stageStart;

    ConsoleProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void onProgress(String newStage, long done, long total) {
        onProgress(newStage, done, total, -1);
    }

    @Override
    public synchronized void onProgress(String newStage, long done, long total, long bytes) {
        boolean finished = total >= 0 && done >= total;
        boolean changed = !newStage.equals(stage);
        if (changed && terminal && !stage.isEmpty()) {
            err.println();
        }
        long now = System.nanoTime();
        if (changed) {
            stageStart = now;
        }
        stage = newStage;
        if (terminal) {
            if (finished || changed || now - lastDraw > 200_000_000L) {
                err.print("\r" + line(done, total, bytes) + (finished ? "" : eta(done, total, now)));
                lastDraw = now;
                if (finished) {
                    err.println();
                    stage = "";
                }
            }
        } else if (finished) {
            err.println(line(done, total, bytes));
        }
    }

    private String line(long done, long total, long bytes) {
        String read = bytes < 0 ? "" : ", " + Format.bytes(bytes);
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s: %,d%s", stage, done, read);
        }
        return String.format(Locale.ROOT, "%s: %,d / %,d (%.0f%%)%s", stage, done, total, 100.0 * done / total, read);
    }

    /** Time left at the rate so far, once a second has passed and some work is done; padded to wipe a longer line. */
    private String eta(long done, long total, long now) {
        double elapsed = (now - stageStart) / 1e9;
        if (total <= 0 || done <= 0 || elapsed < 1) {
            return "          ";
        }
        long left = Math.round(elapsed * (total - done) / done);
        return String.format(Locale.ROOT, ", ETA %d:%02d   ", left / 60, left % 60);
    }
}
