package org.mmu.internal.hats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;

import org.mmu.internal.build.Version;
import org.mmu.internal.output.AtomicFiles;
import org.mmu.internal.output.Temporaries;

/**
 * The files every HATS catalog we write shares, written as hats writes them: the properties (the
 * same text as {@code hats.properties} and the legacy {@code properties}), {@code partition_info.csv},
 * the provenance keys, and the final rename of the finished catalog into place.
 */
final class HatsCatalogFiles {
    /** The HATS version we write, and the release date hats writes beside it. */
    static final String HATS_VERSION = "v1.0";
    static final String HATS_RELEASE_DATE = "2025-08-22";

    private HatsCatalogFiles() {
    }

    /** Writes {@code hats.properties} and {@code properties} (the same text) into {@code dir}. */
    static void writeProperties(Path dir, Map<String, String> properties) throws IOException {
        String text = text("#HATS catalog", properties);
        Files.writeString(dir.resolve(HatsPaths.PROPERTIES), text, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HatsPaths.LEGACY_PROPERTIES), text, StandardCharsets.UTF_8);
    }

    private static String text(String comment, Map<String, String> properties) {
        StringBuilder b = new StringBuilder(comment).append('\n');
        properties.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    /** Writes a collection's {@code collection.properties}. */
    static void writeCollectionProperties(Path dir, Map<String, String> properties) throws IOException {
        Files.writeString(dir.resolve(HatsPaths.COLLECTION_PROPERTIES), text("#HATS Collection", properties),
                StandardCharsets.UTF_8);
    }

    /** Writes {@code partition_info.csv}: {@code Norder,Npix}, one line per pixel in the given order. */
    static void writePartitionInfo(Path dir, Collection<HatsPixel> pixels) throws IOException {
        StringBuilder info = new StringBuilder("Norder,Npix\n");
        for (HatsPixel p : pixels) {
            info.append(p.order()).append(',').append(p.pixel()).append('\n');
        }
        Files.writeString(dir.resolve(HatsPaths.PARTITION_INFO), info.toString(), StandardCharsets.UTF_8);
    }

    /** The share of the sky the pixels cover, as hats writes {@code moc_sky_fraction} (5 significant digits, Python's {@code :0.5g}). */
    static String skyFraction(Collection<HatsPixel> pixels) {
        double f = 0;
        for (HatsPixel p : pixels) {
            f += 1.0 / (12.0 * (1L << (2 * p.order())));
        }
        return new java.math.BigDecimal(f).round(new java.math.MathContext(5)).stripTrailingZeros().toPlainString();
    }

    /** The deepest order among the pixels ({@code hats_order}). */
    static int maxOrder(Collection<HatsPixel> pixels) {
        return pixels.stream().mapToInt(HatsPixel::order).max().orElse(0);
    }

    /** Adds the keys hats ends every table's properties with: builder, creation date, version. */
    static void putProvenance(Map<String, String> p) {
        p.put(HatsProperties.BUILDER, "mmu-java " + Version.get());
        p.put(HatsProperties.CREATED, ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'UTC'")));
        p.put(HatsProperties.VERSION, HATS_VERSION);
    }

    /** The catalog's size in KiB, as hats states {@code hats_estsize}. */
    static long sizeKib(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            long bytes = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    bytes += Files.size(f);
                }
            }
            return bytes / 1024;
        }
    }

    /** Renames the finished catalog into place; with {@code overwrite}, the old one goes only once the new one is whole. */
    static void publish(Path tmp, Path target, boolean overwrite) throws IOException {
        Files.createDirectories(target.getParent());
        Path old = null;
        if (overwrite && Files.exists(target)) {
            old = Temporaries.sibling(target);
            Files.move(target, old);
        }
        try {
            AtomicFiles.publishNew(tmp, target);
            Temporaries.published(tmp);
        } finally {
            if (old != null) {
                if (Files.exists(target)) {
                    Temporaries.discard(old);
                } else {
                    Files.move(old, target); // the new one could not be placed: put the old one back
                    Temporaries.published(old);
                }
            }
        }
    }
}
