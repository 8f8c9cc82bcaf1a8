package org.mmu.matching;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.mmu.core.ObjectIndex;

/** What the agreement tests share about running a peer crossmatcher (STILTS, astropy). */
final class Peers {
    private Peers() {
    }

    /** Whether {@code command} runs and exits 0 within a minute: the peer is installed. */
    static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The index as the CSV the peers read: {@code object_id,ra,dec}, full precision. */
    static Path writeCsv(ObjectIndex idx, Path path) throws IOException {
        StringBuilder sb = new StringBuilder("object_id,ra,dec\n");
        for (int i = 0; i < idx.size(); i++) {
            sb.append(idx.ids().getLong(i)).append(',').append(idx.ra(i)).append(',').append(idx.dec(i)).append('\n');
        }
        return Files.writeString(path, sb.toString());
    }
}
