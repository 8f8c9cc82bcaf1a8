package org.mmu.cli.sky;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cds.healpix.HashComputer;
import cds.healpix.Healpix;
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
        List<PartitionRef> read = new ArrayList<>(result.leftPartitions());
        read.addAll(result.rightPartitions());
        MollweidePlot.Layer left = new MollweidePlot.Layer(leftName + ": " + sky(result.left().partitions()).size()
                + " cells", new Color(107, 174, 214), cells(result.left().partitions()));
        MollweidePlot.Layer right = new MollweidePlot.Layer(rightName + ": " + sky(result.right().partitions()).size()
                + " cells", new Color(253, 208, 162), cells(result.right().partitions()));
        boolean leftLarger = sky(result.left().partitions()).size() >= sky(result.right().partitions()).size();
        MollweidePlot.Layer readLayer = new MollweidePlot.Layer("read (hold a match): " + sky(read).size() + " cells, "
                + read.size() + " partitions", new Color(203, 24, 29), cells(read));
        // the larger footprint underneath, so the smaller one stays visible
        List<MollweidePlot.Layer> layers = leftLarger ? List.of(left, right, readLayer) : List.of(right, left, readLayer);
        MollweidePlot.layers(layers, leftName + " x " + rightName + ": " + result.size() + " matches", out, overwrite);
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
    static MollweidePlot.CellSet cells(List<PartitionRef> parts) {
        Map<Integer, Set<Long>> byOrder = new HashMap<>();
        for (PartitionRef p : parts) {
            if (p.isSkyPartitioned()) {
                byOrder.computeIfAbsent(p.order(), o -> new HashSet<>()).add(p.healpix());
            }
        }
        Map<Integer, HashComputer> hashers = new HashMap<>();
        byOrder.keySet().forEach(o -> hashers.put(o, Healpix.getNested(o).newHashComputer()));
        return (ra, dec) -> {
            for (Map.Entry<Integer, Set<Long>> e : byOrder.entrySet()) {
                if (e.getValue().contains(hashers.get(e.getKey()).hash(ra, dec))) {
                    return true;
                }
            }
            return false;
        };
    }
}
