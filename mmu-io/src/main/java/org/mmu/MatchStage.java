package org.mmu;

import org.mmu.matching.CrossMatch;
import org.mmu.matching.NWayMatcher;

/**
 * Stage 3 of a crossmatch-load, <em>match</em>: survey indices in, {@link MatchRows} out. The
 * seam where a different engine (e.g. one that matches region by region) plugs in; whatever it
 * is, it must return the rows in a deterministic order, since that order is the output order.
 * Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface MatchStage {

    MatchRows match(SurveyIndices indices, CrossMatch spec);

    /**
     * The in-memory engine: two surveys through {@link NWayMatcher#matchPair} (every mode and
     * join), more through {@link NWayMatcher#match} against the reference survey.
     */
    MatchStage IN_MEMORY = (in, spec) -> in.indices().size() == 2
            ? MatchRows.of(spec.surveys(), NWayMatcher.matchPair(in.indices().get(0), in.indices().get(1), spec,
                    in.errorsArcsec()))
            : MatchRows.of(NWayMatcher.match(in.indices(), spec, in.errorsArcsec()));
}
