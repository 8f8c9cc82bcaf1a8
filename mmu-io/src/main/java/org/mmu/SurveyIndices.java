package org.mmu;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mmu.core.Column;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuInputException;
import org.mmu.core.ObjectIndex;
import org.mmu.core.Parallel;
import org.mmu.matching.CrossMatch;

/**
 * Stage 2 of a crossmatch-load, <em>index</em>: every survey's object index (positions,
 * partitions, ids: about 32 bytes per object), loaded in parallel, plus the per-object error
 * radii of surveys whose error column the crossmatch names. Immutable.
 *
 * @param indices       one per survey, renamed to the survey label
 * @param errorsArcsec  survey label → error radius per index position, for surveys with an error column
 */
public record SurveyIndices(List<ObjectIndex> indices, Map<String, double[]> errorsArcsec) {

    public SurveyIndices {
        indices = List.copyOf(indices);
        errorsArcsec = Map.copyOf(errorsArcsec);
    }

    /** Loads the indices of {@code datasets} (labelled {@code labels}) on up to one thread per survey. */
    public static SurveyIndices load(List<String> labels, List<MmuDataset> datasets, CrossMatch spec) {
        List<ObjectIndex> indices = Parallel.map(datasets.size(), datasets.size(), "index loading",
                k -> datasets.get(k).index().renamed(labels.get(k)));
        return new SurveyIndices(indices, errorRadii(labels, datasets, spec));
    }

    /** Per-object error radii (arcsec) from the error columns the spec names (reads that column only). */
    private static Map<String, double[]> errorRadii(List<String> labels, List<MmuDataset> datasets, CrossMatch spec) {
        Map<String, double[]> out = new HashMap<>();
        for (Map.Entry<String, String> e : spec.errorColumns().entrySet()) {
            int k = labels.indexOf(e.getKey());
            if (k < 0) {
                throw new MmuInputException("error column given for survey '" + e.getKey() + "', which is not one of "
                        + labels);
            }
            MmuDataset ds = datasets.get(k);
            int size = ds.index().size();
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            Column c = ds.select(e.getValue()).read(all).column(e.getValue());
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                if (c.isNull(i)) {
                    throw new MmuInputException("survey '" + e.getKey() + "': error column '" + e.getValue()
                            + "' is empty for object " + ds.index().ids().getString(i));
                }
                v[i] = c.getDouble(i);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }
}
