package org.mmu.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.mmu.core.ProgressListener;

/**
 * Shows progress on stderr: on a terminal one line per stage, rewritten in place at most five
 * times a second; otherwise one line when a stage completes. Thread-safe.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintStream err;
    private final boolean terminal;
    private String stage = "";
    private long lastDraw;

    ConsoleProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onProgress(String newStage, long done, long total) {
        boolean finished = total >= 0 && done >= total;
        boolean changed = !newStage.equals(stage);
        if (changed && terminal && !stage.isEmpty()) {
            err.println();
        }
        stage = newStage;
        long now = System.nanoTime();
        if (terminal) {
            if (finished || changed || now - lastDraw > 200_000_000L) {
                err.print("\r" + line(done, total));
                lastDraw = now;
                if (finished) {
                    err.println();
                    stage = "";
                }
            }
        } else if (finished) {
            err.println(line(done, total));
        }
    }

    private String line(long done, long total) {
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s: %,d", stage, done);
        }
        return String.format(Locale.ROOT, "%s: %,d / %,d (%.0f%%)", stage, done, total, 100.0 * done / total);
    }
}
