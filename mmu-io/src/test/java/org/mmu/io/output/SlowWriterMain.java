package org.mmu.io.output;

import java.nio.file.Files;
import java.nio.file.Path;

/** Child process for {@link OutputSafetyTest}: starts writing an output, says so, then hangs until killed. */
public final class SlowWriterMain {
    private SlowWriterMain() {
    }

    public static void main(String[] args) {
        AtomicFiles.write(Path.of(args[0]), false, tmp -> {
            Files.writeString(tmp, "partial");
            System.out.println("writing " + tmp);
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
