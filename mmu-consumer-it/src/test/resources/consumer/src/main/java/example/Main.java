package example;

import java.nio.file.Files;
import java.nio.file.Path;

import org.mmu.CrossMatchedDatasets;
import org.mmu.MatchedExample;
import org.mmu.MmuDatasets;
import org.mmu.core.MmuStorageException;
import org.mmu.io.build.DatasetBuilder;
import org.mmu.io.dataset.PartitionedDataset;
import org.mmu.matching.CrossMatch;

/** What a new user writes first: build two small datasets, crossmatch them, load the matched rows. */
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
            try (PartitionedDataset source = (PartitionedDataset) MmuDatasets.load(csv.resolve(name + ".csv").toString())) {
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

        try {
            MmuDatasets.load("hdfs://127.0.0.1:1/nowhere");
            System.out.println("hdfs=opened");
        } catch (MmuStorageException e) {
            System.out.println("hdfs_error=" + e.getMessage());
        }
    }
}
