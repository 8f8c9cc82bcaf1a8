package org.mmu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mmu.core.MmuDataset;
import org.mmu.matching.CrossMatch;

/**
 * A crossmatch-load as five stages, each a small type: {@link Surveys} (open) →
 * {@link SurveyIndices} (index) → {@link MatchStage} (match) → {@link FetchPlan} (plan) →
 * {@link FetchStream} (fetch, run lazily when the result is iterated). Each stage is timed here,
 * where it runs.
 */
final class CrossMatchPipeline {
    private CrossMatchPipeline() {
    }

    static CrossMatchedDatasets run(Surveys opened, CrossMatch spec, LoadOptions options, MatchStage matcher) {
        try {
            Surveys surveys = opened.labelled(spec.surveys());
            Map<String, Double> stages = new LinkedHashMap<>();
            stages.put("open", opened.openSeconds());
            List<String> labels = surveys.labels();
            List<MmuDataset> selected = surveys.selectColumns(options);

            long t = System.nanoTime();
            SurveyIndices indices = SurveyIndices.load(labels, selected, spec);
            stages.put("index", seconds(t));

            t = System.nanoTime();
            MatchRows rows = matcher.match(indices, spec);
            stages.put("match", seconds(t));

            t = System.nanoTime();
            FetchPlan plan = FetchPlan.build(labels, selected, surveys.datasets(), indices.indices(), rows,
                    options.fetchWindow());
            stages.put("plan", seconds(t));
            return new CrossMatchedDatasets(surveys, selected, indices.indices(), rows, plan, spec, options, stages);
        } catch (RuntimeException | Error e) {
            opened.close();
            throw e;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
