package org.mmu.internal.hats;

import org.mmu.HatsOptions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mmu.core.Column;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;

/**
 * Which column is a HATS table's object id, decided once when the table is opened:
 * <ol>
 *   <li>the column the caller names ({@link HatsOptions#idColumn()}), which must exist;</li>
 *   <li>else the first present of {@code object_id, id, source_id} (object, nested and margin tables) or
 *       {@code source_id, id} (source tables: their {@code object_id} is the parent object's id and
 *       repeats from detection to detection);</li>
 *   <li>else ids synthesized from the HEALPix column, as hipscat's {@code _hipscat_index} was:
 *       {@code (cell << 21) | k}, where {@code cell} is the row's pixel at order
 *       {@code min(19, healpix order)} (≈0.4″) and {@code k} counts the earlier rows of the same
 *       partition pixel in that cell, in partition-file order. Stable for a given catalog; unique
 *       while no 0.4″ cell holds more than 2²¹ rows.</li>
 * </ol>
 * Immutable.
 *
 * @param column      the id column, or null when ids are synthesized
 * @param description how the choice was made, for {@code mmu inspect}
 */
record IdRule(String column, String description) {
    static final List<String> OBJECT_CANDIDATES = List.of("object_id", "id", "source_id");
    static final List<String> SOURCE_CANDIDATES = List.of("source_id", "id");
    /** Order of the cells synthesized ids count in: 0.4″ pixels, 42 bits, leaving 21 for the counter. */
    static final int SYNTHESIZED_CELL_ORDER = 19;
    static final int COUNTER_BITS = 21;

    boolean synthesized() {
        return column == null;
    }

    /** The name used for the id in messages. */
    String label(HatsTable table) {
        return column != null ? column : "(id synthesized from " + table.healpixColumn() + ")";
    }

    static IdRule choose(HatsTable table, HatsOptions options) {
        if (options.idColumn().isPresent()) {
            String c = options.idColumn().get();
            if (!table.schema().contains(c)) {
                String why = table.unsupportedColumns().get(c);
                throw new MmuInputException(table.location() + ": id column '" + c + "' "
                        + (why != null ? "cannot be read: " + why : "is not in the catalog: " + table.schema().noSuchColumn(c)));
            }
            requireIdType(table, c);
            return new IdRule(c, c + " (given)");
        }
        List<String> candidates = table.type() == CatalogType.SOURCE ? SOURCE_CANDIDATES : OBJECT_CANDIDATES;
        for (String c : candidates) {
            if (table.schema().contains(c)) {
                requireIdType(table, c);
                return new IdRule(c, c + " (first present of " + candidates + ")");
            }
        }
        if (table.healpixColumn() != null) {
            return new IdRule(null, "synthesized from " + table.healpixColumn() + ": (order-"
                    + Math.min(SYNTHESIZED_CELL_ORDER, table.healpixOrder()) + " cell << " + COUNTER_BITS
                    + ") | rank within the cell (none of " + candidates + " present)");
        }
        throw new MmuInputException(table.location() + ": no id column: none of " + candidates + " is present and there is no "
                + "HEALPix column to synthesize ids from; name one with HatsOptions.builder().idColumn(...); columns are "
                + table.schema().names());
    }

    private static void requireIdType(HatsTable table, String c) {
        var t = table.schema().column(c);
        if (!t.isScalar() || !(t.type().isInteger() || t.type() == org.mmu.core.DType.STRING)) {
            throw new MmuInputException(table.location() + ": id column '" + c + "' is " + t.typeString()
                    + "; object ids must be integers or strings (choose another with HatsOptions.idColumn)");
        }
    }

    /**
     * Synthesizes the ids of consecutive files of one pixel. Not thread-safe: one per pixel, fed
     * its files in partition order.
     */
    static final class Synthesizer {
        private final int shift;
        private final Map<Long, Integer> seen = new HashMap<>();

        Synthesizer(int healpixOrder) {
            this.shift = 2 * (healpixOrder - Math.min(SYNTHESIZED_CELL_ORDER, healpixOrder));
        }

        long[] ids(Column healpix, String location) {
            long[] out = new long[healpix.rows()];
            for (int r = 0; r < out.length; r++) {
                long cell = healpix.getLong(r) >>> shift;
                int k = seen.merge(cell, 1, Integer::sum) - 1;
                if (k >= 1 << COUNTER_BITS) {
                    throw new MmuFormatException(location, "row " + r + ": more than 2^" + COUNTER_BITS
                            + " rows share one order-19 cell; synthesized ids would repeat; name an id column");
                }
                out[r] = (cell << COUNTER_BITS) | k;
            }
            return out;
        }
    }
}
