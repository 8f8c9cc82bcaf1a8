package org.mmu.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import org.mmu.MemoryEstimate;

/** {@code mmu estimate-memory N [M]}: heap needed for indices of N (and M) objects and their crossmatch. */
final class EstimateMemoryCommand implements Mmu.Command {
    @Override
    public String summary() {
        return "estimate the heap for indices of N objects and an N x M crossmatch";
    }

    @Override
    public String usage() {
        return """
                mmu estimate-memory N [M] [--id-bytes B] [--pairs P]
                  N, M          objects in the left and right indices (M omitted: one dataset); 1e7 and 10_000_000 work
                  --id-bytes B  bytes per object id: 8 for integers (default), mean string length + 4 for string ids
                  --pairs P     match rows expected (default: one per object of the smaller side; dense fields and
                                large radii give many more, and the matcher's memory grows with them)""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = new Args("estimate-memory", argv, Set.of("id-bytes", "pairs"), Set.of());
        List<String> pos = a.positionalsBetween(1, 2, "N", "[M]");
        long n = count(a, "N", pos.get(0));
        long m = pos.size() > 1 ? count(a, "M", pos.get(1)) : 0;
        long pairs = a.has("pairs") ? count(a, "--pairs", a.get("pairs", "0")) : Math.min(n, m);
        out.println(MemoryEstimate.of(n, m, a.intOption("id-bytes", 8, 1, 1 << 20), pairs).summary());
        return 0;
    }

    private static long count(Args a, String name, String v) {
        String s = v.trim().replace("_", "");
        try {
            double d = Double.parseDouble(s);
            if (d < 0 || d > 2e9 || d != Math.rint(d)) {
                throw new UsageException("estimate-memory", name + " must be a whole number of objects up to 2e9, got " + v);
            }
            return (long) d;
        } catch (NumberFormatException e) {
            throw new UsageException("estimate-memory", name + " must be a number, got '" + v + "'");
        }
    }
}
