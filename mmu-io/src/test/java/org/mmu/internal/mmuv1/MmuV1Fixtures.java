package org.mmu.internal.mmuv1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.mmu.internal.storage.Storage;
import org.mmu.internal.storage.Storages;

/**
 * The MMU v1 test surveys written by {@code scripts/fixtures/make_mmu_v1.py}, and their
 * {@code expected.json}: each object's serial, id, position, pixel, file and row.
 */
public final class MmuV1Fixtures {
    private MmuV1Fixtures() {
    }

    /** {@code src/test/resources/fixtures/mmu_v1} as a directory. */
    public static Path root() {
        try {
            return Path.of(MmuV1Fixtures.class.getResource("/fixtures/mmu_v1/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A storage rooted at a fixture directory, e.g. {@code "hsc_like/pdr3_dud_22.5"}. */
    public static Storage storage(String relative) {
        return Storages.local(root().resolve(relative));
    }

    /** A survey's expected.json. */
    public static Expected expected(String survey) {
        try {
            JsonNode json = new ObjectMapper().readTree(Files.readString(root().resolve(survey).resolve("expected.json")));
            return new Expected(survey, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One object as the generator wrote it. */
    public record ExpectedObject(int serial, String id, double ra, double dec, int pixel, String file, int row) {
    }

    /** A survey's expected.json, read. */
    public record Expected(String survey, JsonNode json) {
        /** The directory tests open, relative to the fixtures root, e.g. {@code "hsc_like/pdr3_dud_22.5"}. */
        public String openDir() {
            String open = json.get("open").asText();
            return open.equals(".") ? survey : survey + "/" + open;
        }

        public List<ExpectedObject> objects() {
            List<ExpectedObject> out = new ArrayList<>();
            for (JsonNode o : json.get("objects")) {
                out.add(new ExpectedObject(o.get("serial").asInt(), o.get("object_id").asText(), o.get("ra").asDouble(),
                        o.get("dec").asDouble(), o.get("pixel").asInt(), o.get("file").asText(), o.get("row").asInt()));
            }
            return out;
        }

        /** The objects of one file, in row order. */
        public List<ExpectedObject> objectsIn(String file) {
            return objects().stream().filter(o -> o.file().equals(file)).sorted(
                    java.util.Comparator.comparingInt(ExpectedObject::row)).toList();
        }

        public List<JsonNode> files() {
            List<JsonNode> out = new ArrayList<>();
            json.get("files").forEach(out::add);
            return out;
        }

        public JsonNode file(String path) {
            return files().stream().filter(f -> f.get("path").asText().equals(path)).findFirst().orElseThrow();
        }
    }
}
