package org.mmu.cli.sky;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mmu.core.PartitionRef;
import org.mmu.matching.MatchResult;

/**
 * What a crossmatch-load touched: every sky partition of both surveys, and over them the
 * partitions whose rows were read (those holding a matched object).
 */
public final class PlanPlot {
    private PlanPlot() {
    }

    /** Draws {@code result}'s plan: partitions of both sides, and those read. */
    public static void write(MatchResult result, String leftName, String rightName, Path out, boolean overwrite) {
        MollweidePlot.layers(layers(result, leftName, rightName), title(result, leftName, rightName), out, overwrite);
    }

    static String title(MatchResult result, String leftName, String rightName) {
        return leftName + " x " + rightName + ": " + result.size() + " matches";
    }

    /** The layers: the larger footprint underneath, then the smaller, then the partitions read (Okabe–Ito colours). */
    static List<MollweidePlot.Layer> layers(MatchResult result, String leftName, String rightName) {
        List<PartitionRef> read = new ArrayList<>(result.leftPartitions());
        read.addAll(result.rightPartitions());
        MollweidePlot.Layer left = new MollweidePlot.Layer(leftName + ": " + sky(result.left().partitions()).size()
                + " cells", MollweidePlot.SKY_BLUE, cells(result.left().partitions()));
        MollweidePlot.Layer right = new MollweidePlot.Layer(rightName + ": " + sky(result.right().partitions()).size()
                + " cells", MollweidePlot.ORANGE, cells(result.right().partitions()));
        boolean leftLarger = sky(result.left().partitions()).size() >= sky(result.right().partitions()).size();
        MollweidePlot.Layer readLayer = new MollweidePlot.Layer("read (hold a match): " + sky(read).size() + " cells, "
                + read.size() + " partitions", MollweidePlot.BLUE, cells(read));
        // the larger footprint underneath, so the smaller one stays visible
        return leftLarger ? List.of(left, right, readLayer) : List.of(right, left, readLayer);
    }

    private static Set<String> sky(List<PartitionRef> parts) {
        Set<String> s = new HashSet<>();
        for (PartitionRef p : parts) {
            if (p.isSkyPartitioned()) {
                s.add(p.order() + "/" + p.healpix());
            }
        }
        return s;
    }

    /** The sky cells of some partitions (any mix of orders). */
    static MollweidePlot.Cells cells(List<PartitionRef> parts) {
        Map<Integer, Set<Long>> byOrder = new HashMap<>();
        for (PartitionRef p : parts) {
            if (p.isSkyPartitioned()) {
                byOrder.computeIfAbsent(p.order(), o -> new HashSet<>()).add(p.healpix());
            }
        }
        return MollweidePlot.Cells.of(byOrder);
    }
}
