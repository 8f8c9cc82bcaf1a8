package org.mmu;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a crossmatch-load did and cost: bytes and requests (index vs data), partitions opened
 * out of those that exist, rows decoded, pairs, and time per stage. Totals are summed over the
 * surveys; {@link #surveys()} has each one. Immutable. {@link #toJson()} is the CLI's
 * {@code --report} format (see docs/cli.md); its keys are a contract.
 *
 * @param indexBytesRead bytes read for manifests and indices
 * @param bytesRead      all bytes read from storage (index and data)
 * @param readRequests   read requests issued to storage
 * @param partitionsTotal data partitions that exist
 * @param partitionsRead data partitions opened
 * @param rowsRead       data rows decoded
 * @param pairs          match rows
 * @param seconds        wall time, the sum of the stages
 * @param stageSeconds   wall time per stage: open, index, match, plan, fetch (summed over passes)
 */
public record LoadReport(List<String> surveyNames, String mode, double radiusArcsec, long indexBytesRead,
        long bytesRead, long readRequests, long partitionsTotal, long partitionsRead, long rowsRead, long pairs,
        double seconds, Map<String, Double> stageSeconds, Map<String, Survey> surveys) {

    /**
     * One survey's share.
     *
     * @param readRequests       read requests issued to storage (index and data), not those served from a cache
     * @param dataRequests       of {@code readRequests}, those reading data partitions (what the plan's
     *                           {@code requests} estimates)
     * @param rowsRead           data rows decoded, on every pass over the result
     * @param cacheHits          blocks served from a cache instead of storage
     * @param verifiedBy         what its reads were checked against: block checksums, a fingerprint,
     *                           or {@code "unverified"}
     * @param positionsTolerated objects outside their file's HEALPix cell kept by lenient positions
     */
    public record Survey(long objects, long matchedObjects, long indexBytesRead, long dataBytesRead, long readRequests,
            long dataRequests, long partitionsTotal, long partitionsRead, long rowsRead, long rowLevelReads, long wholeReads,
            long noPageIndexFallbacks, long cacheHits, String storage, String verifiedBy, long positionsTolerated) {
    }

    public LoadReport {
        surveyNames = List.copyOf(surveyNames);
        stageSeconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stageSeconds));
        surveys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(surveys));
    }

    /** Bytes read from data partitions. */
    public long dataBytesRead() {
        return bytesRead - indexBytesRead;
    }

    /** Requests spent reading data partitions, summed over the surveys. */
    public long dataRequests() {
        return surveys.values().stream().mapToLong(Survey::dataRequests).sum();
    }

    /** Blocks served from a cache instead of storage, summed over the surveys. */
    public long cacheHits() {
        return surveys.values().stream().mapToLong(Survey::cacheHits).sum();
    }

    public String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.putPOJO("surveys", surveyNames);
        root.put("mode", mode);
        root.put("radius_arcsec", radiusArcsec);
        root.put("index_bytes_read", indexBytesRead);
        root.put("data_bytes_read", dataBytesRead());
        root.put("bytes_read", bytesRead);
        root.put("read_requests", readRequests);
        root.put("data_requests", dataRequests());
        root.put("partitions_total", partitionsTotal);
        root.put("partitions_read", partitionsRead);
        root.put("rows_read", rowsRead);
        root.put("cache_hits", cacheHits());
        root.put("pairs", pairs);
        root.put("seconds", round(seconds));
        ObjectNode stages = root.putObject("stage_seconds");
        stageSeconds.forEach((k, v) -> stages.put(k, round(v)));
        ObjectNode per = root.putObject("per_survey");
        surveys.forEach((name, s) -> {
            ObjectNode o = per.putObject(name);
            o.put("objects", s.objects());
            o.put("matched_objects", s.matchedObjects());
            o.put("index_bytes_read", s.indexBytesRead());
            o.put("data_bytes_read", s.dataBytesRead());
            o.put("read_requests", s.readRequests());
            o.put("data_requests", s.dataRequests());
            o.put("partitions_total", s.partitionsTotal());
            o.put("partitions_read", s.partitionsRead());
            o.put("rows_read", s.rowsRead());
            o.put("row_level_reads", s.rowLevelReads());
            o.put("whole_reads", s.wholeReads());
            o.put("no_page_index_fallbacks", s.noPageIndexFallbacks());
            o.put("cache_hits", s.cacheHits());
            o.put("storage", s.storage());
            o.put("verified_by", s.verifiedBy());
            o.put("positions_tolerated", s.positionsTolerated());
        });
        try {
            return json.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double s) {
        return Math.round(s * 1000) / 1000.0;
    }

    /** A few human-readable lines. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(java.util.Locale.ROOT, "%s within %s arcsec (%s): %,d match rows in %.2f s%n",
                String.join(" x ", surveyNames), radiusArcsec, mode, pairs, seconds));
        surveys.forEach((name, s) -> b.append(String.format(java.util.Locale.ROOT,
                "  %-12s %,d objects, %,d matched; read %,d of %,d partitions, %,d rows; index %,d B, data %,d B, %,d requests"
                        + " (%,d for data), %,d cache hits; reads %s%s%n",
                name, s.objects(), s.matchedObjects(), s.partitionsRead(), s.partitionsTotal(), s.rowsRead(),
                s.indexBytesRead(), s.dataBytesRead(), s.readRequests(), s.dataRequests(), s.cacheHits(), s.verifiedBy(), s.positionsTolerated() == 0 ? ""
                        : String.format(java.util.Locale.ROOT, "; %,d objects outside their cell tolerated",
                                s.positionsTolerated()))));
        b.append("  stages:");
        stageSeconds.forEach((k, v) -> b.append(String.format(java.util.Locale.ROOT, " %s %.2f s", k, v)));
        return b.toString();
    }
}
