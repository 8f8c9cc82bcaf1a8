package org.mmu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.CrossMatchedDatasets;
import org.mmu.LoadOptions;
import org.mmu.MmuDatasets;
import org.mmu.matching.CrossMatch;

/**
 * One naming rule: a dataset built by {@code mmu index} is named after its directory, so the
 * command line and the library label it alike; a column list for all surveys calls each
 * survey's id column {@code object_id}, and every output row carries each survey's id.
 */
class SurveyNamesTest {
    @TempDir
    Path dir;
    Path hsc;
    Path sdss;

    /** hsc from catalog.csv (ids in object_id), sdss from other.csv (ids in "id"): every second object matches. */
    @BeforeEach
    void twoCatalogsWithDifferentIdColumns() throws IOException {
        StringBuilder a = new StringBuilder("object_id,ra,dec,mag\n");
        StringBuilder b = new StringBuilder("id,ra,dec,flux\n");
        for (int i = 0; i < 40; i++) {
            double ra = 30 + i * 0.01;
            double dec = 5 + i * 0.01;
            a.append(i).append(',').append(ra).append(',').append(dec).append(',').append(20 + i).append('\n');
            if (i % 2 == 0) {
                b.append(500 + i).append(',').append(ra).append(',').append(dec + 0.2 / 3600).append(',').append(i).append('\n');
            }
        }
        Files.writeString(dir.resolve("catalog.csv"), a);
        Files.writeString(dir.resolve("other.csv"), b);
        hsc = dir.resolve("data/hsc");
        sdss = dir.resolve("data/sdss");
        CliTest.mmuOk("index", dir.resolve("catalog.csv").toString(), hsc.toString());
        CliTest.mmuOk("index", dir.resolve("other.csv").toString(), sdss.toString(), "--id-column", "id");
    }

    @Test
    void theCommandLineAndTheLibraryNameABuiltSurveyAfterItsDirectory() throws IOException {
        Path report = dir.resolve("report.json");
        CliTest.mmuOk("load", hsc.toString(), sdss.toString(), "--radius-arcsec", "1", "--out",
                dir.resolve("rows.jsonl").toString(), "--report", report.toString());
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        List<String> cliNames = new ArrayList<>();
        r.get("per_survey").fieldNames().forEachRemaining(cliNames::add);
        assertEquals(List.of("hsc", "sdss"), cliNames, "not 'catalog' and 'other', the inputs' names");

        CrossMatch spec = CrossMatch.of("hsc", "sdss").radiusArcsec(1).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.resolve("data").toString(), spec)) {
            assertEquals(cliNames, m.surveys());
            assertEquals("hsc", m.dataset("hsc").name());
            assertEquals("sdss", m.dataset("sdss").name());
            assertEquals(20, m.size());
        }
    }

    @Test
    void objectIdInColumnsMeansEachSurveysIdColumn() throws IOException {
        List<JsonNode> rows = load("object_id,flux");
        assertEquals(20, rows.size());
        for (JsonNode row : rows) {
            assertEquals(List.of("hsc_object_id", "sdss_id", "sdss_flux", "separation_arcsec"), keys(row));
            assertEquals(row.get("hsc_object_id").asLong() + 500, row.get("sdss_id").asLong(), row.toString());
        }
    }

    @Test
    void everyRowCarriesEachSurveysIdEvenWhenTheColumnsLeaveItOut() throws IOException {
        for (JsonNode row : load("mag,flux")) {
            assertEquals(List.of("hsc_object_id", "hsc_mag", "sdss_id", "sdss_flux", "separation_arcsec"), keys(row));
        }
    }

    @Test
    void theLibraryAppliesTheSameRuleToAListForAllSurveys() {
        CrossMatch spec = CrossMatch.of("hsc", "sdss").radiusArcsec(1).build();
        LoadOptions options = LoadOptions.builder().columns("flux", "object_id").build();
        try (CrossMatchedDatasets m = MmuDatasets.load(dir.resolve("data").toString(), spec, options)) {
            assertEquals(List.of("hsc_object_id", "sdss_flux", "sdss_id", "separation_arcsec"),
                    m.toRowBatch().schema().names(), "in the list's order, object_id standing for sdss' id");
        }
    }

    private List<JsonNode> load(String columns) throws IOException {
        Path out = dir.resolve(columns.replace(',', '_') + ".jsonl");
        CliTest.mmuOk("load", hsc.toString(), sdss.toString(), "--radius-arcsec", "1", "--columns", columns,
                "--out", out.toString(), "--report", dir.resolve(columns + ".json").toString());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            rows.add(json.readTree(line));
        }
        assertTrue(!rows.isEmpty(), "rows written");
        return rows;
    }

    private static List<String> keys(JsonNode row) {
        List<String> k = new ArrayList<>();
        row.fieldNames().forEachRemaining(k::add);
        return k;
    }
}
