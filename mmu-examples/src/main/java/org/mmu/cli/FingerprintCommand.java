package org.mmu.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.core.DatasetLayout;
import org.mmu.core.MmuInputException;
import org.mmu.internal.dataset.InPlaceFingerprints;
import org.mmu.internal.storage.Fingerprint;

/**
 * {@code mmu fingerprint SOURCE}: reads a local MMU v1 survey or HATS catalog once and records
 * per-block CRC-32Cs of its files, so that later reads of it are verified block by block.
 */
final class FingerprintCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "record block checksums of a local MMU v1 survey or HATS catalog, so later reads are verified";
    }

    @Override
    public String usage() {
        return """
                mmu fingerprint SOURCE [--update] [--cache-dir DIR] [--threads N]
                  SOURCE          a local MMU v1 survey or HATS catalog directory (read in place, no checksums of its own)
                  --update        replace an existing fingerprint with the input's present state (after a deliberate change)
                  --cache-dir DIR where the fingerprint goes when SOURCE is not writable (default $XDG_CACHE_HOME/mmu
                                  or ~/.cache/mmu); otherwise it is SOURCE/.mmu_fingerprint.json
                  --threads N     files read at once (default: all cores)
                Every file is read once. Afterwards every load, xmatch, inspect and validate of SOURCE reads through
                the fingerprint: each byte is checked against its block's CRC-32C, and a file whose size or
                modification time changed is an error naming it (never silently fingerprinted again).""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("fingerprint", argv, Set.of("cache-dir", "threads"), Set.of("update"));
        String location = a.positionals(1, "SOURCE").get(0);
        int threads = a.intOption("threads", Runtime.getRuntime().availableProcessors(), 1, Integer.MAX_VALUE);
        Optional<Path> cacheDir = a.has("cache-dir") ? Optional.of(Path.of(a.get("cache-dir", ""))) : Optional.empty();
        Path root = location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
        if (location.contains("://") && !location.startsWith("file:") || !Files.isDirectory(root)) {
            throw new MmuInputException(location + ": not a local directory; fingerprints are for local inputs read in"
                    + " place (remote ones are pinned by ETag while read)");
        }
        DatasetLayout layout = MmuDatasets.detectLayout(location, a.withInputPolicies(LoadOptions.defaults()));
        if (!InPlaceFingerprints.readInPlace(layout)) {
            throw new MmuInputException(location + ": a " + layout.label() + " dataset"
                    + (layout == DatasetLayout.INDEX_FIRST ? ", which records its own block checksums (format 1.1)"
                            : "") + "; fingerprints are for MMU v1 surveys and HATS catalogs");
        }
        long t0 = System.nanoTime();
        Fingerprint fp = Fingerprint.take(root, cacheDir, a.flag("update"), threads);
        long bytes = fp.files().values().stream().mapToLong(e -> e.checksum().size()).sum();
        out.printf(Locale.ROOT, "fingerprinted %s: %,d files, %s in %.1f s%n", fp.root(), fp.files().size(),
                Format.bytes(bytes), (System.nanoTime() - t0) / 1e9);
        out.println("stored in " + fp.storedAt());
        return 0;
    }
}
