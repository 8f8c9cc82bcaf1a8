package example;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mmu.CrossMatchedDatasets;
import org.mmu.MatchedExample;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuDataset;
import org.mmu.core.MmuStorageException;
import org.mmu.DatasetBuilder;
import org.mmu.matching.CrossMatch;

/**
 * The integration test's own checks, beside the README's {@link FirstMatch}: build two small
 * datasets, crossmatch them, load the matched rows; run FirstMatch on the same catalogs; open an
 * hdfs:// location without Hadoop.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path csv = Files.createDirectories(work.resolve("csv"));
        Path root = work.resolve("datasets");
        // two catalogs: b holds a 0.5" offset copy of every second object of a
        StringBuilder a = new StringBuilder("object_id,ra,dec,mag\n");
        StringBuilder b = new StringBuilder("object_id,ra,dec,flux\n");
        for (int i = 0; i < 200; i++) {
            double ra = 10 + i * 0.01, dec = -5 + i * 0.005;
            a.append(i).append(',').append(ra).append(',').append(dec).append(',').append(20 + i * 0.01).append('\n');
            if (i % 2 == 0) {
                b.append(1000 + i).append(',').append(ra).append(',').append(dec + 0.5 / 3600).append(',')
                        .append(i * 1.5).append('\n');
            }
        }
        Files.writeString(csv.resolve("a.csv"), a);
        Files.writeString(csv.resolve("b.csv"), b);
        for (String name : new String[] {"a", "b"}) {
            try (MmuDataset source = MmuDatasets.load(csv.resolve(name + ".csv").toString())) {
                DatasetBuilder.builder().order(4).build().build(source, root.resolve(name));
            }
        }

        CrossMatch spec = CrossMatch.of("a", "b").radiusArcsec(1.0).build();
        try (CrossMatchedDatasets m = MmuDatasets.load(root.toString(), spec)) {
            System.out.println("pairs=" + m.size());
            double fluxSum = 0;
            long idSum = 0;
            for (MatchedExample e : m) {
                fluxSum += e.get("b").getDouble("flux");
                idSum += e.get("a").getLong("object_id");
            }
            System.out.println("a_id_sum=" + idSum);
            System.out.println("b_flux_sum=" + fluxSum);
        }

        PrintStream stdout = System.out;
        ByteArrayOutputStream firstMatch = new ByteArrayOutputStream();
        System.setOut(new PrintStream(firstMatch, true, StandardCharsets.UTF_8));
        try {
            FirstMatch.main(new String[] {csv.resolve("a.csv").toString(), csv.resolve("b.csv").toString(),
                    work.resolve("first-match").toString()});
        } finally {
            System.setOut(stdout);
        }
        String firstLine = firstMatch.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
        System.out.println("first_match_pairs=" + firstLine.replace(" pairs", ""));

        try {
            MmuDatasets.load("hdfs://127.0.0.1:1/nowhere");
            System.out.println("hdfs=opened");
        } catch (MmuStorageException e) {
            System.out.println("hdfs_error=" + e.getMessage());
        }
    }
}
