package org.mmu.internal.mmuv1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.DataFormat;
import org.mmu.core.DatasetLayout;
import org.mmu.core.Example;
import org.mmu.core.IdType;
import org.mmu.core.NdArray;
import org.mmu.core.ObjectIndex;
import org.mmu.core.PartitionRef;
import org.mmu.core.ProgressListener;
import org.mmu.core.RowBatch;
import org.mmu.internal.dataset.PartitionedDataset;
import org.mmu.internal.mmuv1.MmuV1Fixtures.Expected;
import org.mmu.internal.mmuv1.MmuV1Fixtures.ExpectedObject;
import org.mmu.internal.storage.Storages;

/**
 * Opening the test surveys as datasets: what the descriptor says, what the index holds, and that
 * reading objects through {@link PartitionedDataset#read(int[])} returns them in the order asked,
 * with values equal to the generator's formulas.
 */
class MmuV1DatasetTest {

    private static PartitionedDataset open(Expected e) {
        return MmuV1Datasets.open(MmuV1Fixtures.storage(e.openDir()), ProgressListener.NONE, 3);
    }

    /** Index position of every expected object, found by id, after checking the index entry. */
    private static Map<Integer, Integer> checkIndex(Expected e, ObjectIndex index) {
        assertEquals(e.objects().size(), index.size());
        Map<String, Integer> byId = new HashMap<>();
        for (int i = 0; i < index.size(); i++) {
            byId.put(index.ids().getString(i), i);
        }
        Map<Integer, Integer> positionOfSerial = new HashMap<>();
        for (ExpectedObject o : e.objects()) {
            Integer i = byId.get(o.id());
            assertTrue(i != null, "object " + o.id() + " is in the index");
            assertEquals(o.ra(), index.ra(i), 0.0, "ra of " + o.id());
            assertEquals(o.dec(), index.dec(i), 0.0, "dec of " + o.id());
            assertEquals(o.file(), index.partition(i).path(), "file of " + o.id());
            assertEquals(o.pixel(), index.partition(i).healpix(), "pixel of " + o.id());
            assertEquals(o.row(), index.row(i), "row of " + o.id());
            positionOfSerial.put(o.serial(), i);
        }
        return positionOfSerial;
    }

    @Test
    void hscSubsetDescriptorPartitionsAndSchema() throws Exception {
        Expected e = MmuV1Fixtures.expected("hsc_like");
        try (PartitionedDataset ds = open(e)) {
            assertEquals("hsc_like/pdr3_dud_22.5", ds.name());
            assertEquals(DatasetLayout.MMU_V1_HDF5, ds.layout());
            assertEquals(e.objects().size(), ds.size());
            assertEquals(e.files().size(), ds.partitions().size());
            Path root = MmuV1Fixtures.root().resolve(e.openDir());
            for (PartitionRef p : ds.partitions()) {
                assertEquals(4, p.order());
                assertEquals(-1, p.objectGroupId());
                assertEquals(DataFormat.HDF5, p.format());
                assertEquals(e.file(p.path()).get("rows").asLong(), p.rows());
                assertEquals(e.file(p.path()).get("pixel").asLong(), p.healpix());
                assertEquals(Files.size(root.resolve(p.path())), p.bytes());
            }
            List<String> names = ds.schema().names();
            assertEquals(List.of("object_id", "ra", "dec"), names.subList(0, 3));
            assertEquals(ColumnSpec.scalar("object_id", DType.INT64), ds.schema().column("object_id"));
            assertEquals(ColumnSpec.array("image_array", DType.FLOAT32, 5, 16, 16), ds.schema().column("image_array"));
            assertEquals(ColumnSpec.scalar("flags_u16", DType.INT32), ds.schema().column("flags_u16"));
            assertFalse(names.contains("image_band"), "string arrays are skipped");

            Map<String, Object> props = ds.descriptor().properties();
            assertEquals(4, props.get("healpix order"));
            assertEquals(e.files().size(), props.get("files"));
            assertEquals("int64", props.get("id type"));
            String quirks = props.get("quirks").toString();
            assertTrue(quirks.contains("big-endian columns: g_cmodel_mag, i_extendedness"), quirks);
            assertTrue(quirks.contains("deflate") && quirks.contains("shuffle"), quirks);
            assertTrue(quirks.contains("flags_u16 (uint16 to int32)"), quirks);
            assertTrue(props.get("skipped columns").toString().contains("image_band"), props.toString());
        }
    }

    @Test
    void openingTheSurveyDirectoryOfASingleSubsetGivesTheSameDataset() {
        try (PartitionedDataset ds = MmuV1Datasets.open(MmuV1Fixtures.storage("hsc_like"), ProgressListener.NONE, 2)) {
            assertEquals("hsc_like/pdr3_dud_22.5", ds.name());
            assertTrue(ds.partitions().get(0).path().startsWith("pdr3_dud_22.5/healpix="), ds.partitions().get(0).path());
            assertEquals(36, ds.index().size());
        }
    }

    @Test
    void hscIndexAndObjectsReadInTheOrderAsked() {
        Expected e = MmuV1Fixtures.expected("hsc_like");
        try (PartitionedDataset ds = open(e)) {
            Map<Integer, Integer> pos = checkIndex(e, ds.index());
            assertEquals(IdType.INT64, ds.index().ids().type());
            // objects from several files, out of order, one repeated
            int[] serials = {30, 2, 17, 2, 35, 0, 9};
            int[] positions = new int[serials.length];
            for (int k = 0; k < serials.length; k++) {
                positions[k] = pos.get(serials[k]);
            }
            RowBatch b = ds.select("object_id", "ra", "image_array", "g_cmodel_mag", "is_good").read(positions);
            assertEquals(serials.length, b.rowCount());
            for (int k = 0; k < serials.length; k++) {
                int s = serials[k];
                Example x = b.row(k);
                assertEquals(73254380139937000L + 17L * s, x.getLong("object_id"));
                assertEquals(ds.index().ra(positions[k]), x.getDouble("ra"), 0.0);
                assertEquals(s + 0.5, x.getDouble("g_cmodel_mag"));
                assertEquals(s % 3 == 0, x.getBoolean("is_good"));
                NdArray img = x.getArray("image_array");
                assertArrayEquals(new int[] {5, 16, 16}, img.shape());
                assertEquals(s * 1280.0, img.getDouble(0, 0, 0));
                assertEquals(s * 1280.0 + 4 * 256 + 15 * 16 + 3, img.getDouble(4, 15, 3));
            }
            assertTrue(ds.readerStats().rowLevelReads() > 0);
        }
    }

    @Test
    void sdssStringIdsSpectraOfPerFileLengthAndLayoutQuirks() {
        Expected e = MmuV1Fixtures.expected("sdss_like");
        try (PartitionedDataset ds = open(e)) {
            assertEquals("sdss_like/dr16", ds.name());
            assertEquals(ColumnSpec.scalar("object_id", DType.STRING), ds.schema().column("object_id"));
            assertEquals(ColumnSpec.scalar("ra", DType.FLOAT64), ds.schema().column("ra"));
            assertEquals(ColumnSpec.array("spectrum_flux", DType.FLOAT32, ColumnSpec.VARIABLE),
                    ds.schema().column("spectrum_flux"));
            String quirks = ds.descriptor().properties().get("quirks").toString();
            for (String q : List.of("fixed-length byte strings", "b'...' wrappers", "float32 coordinates",
                    "big-endian columns: dec, plate, ra, spectrum_ivar, z", "lengths that differ between files: spectrum_flux float32[-1]",
                    "several files per pixel directory", "zero-padded pixel directories", ".h5 file names")) {
                assertTrue(quirks.contains(q), q + " in " + quirks);
            }

            Map<Integer, Integer> pos = checkIndex(e, ds.index());
            assertEquals(IdType.STRING, ds.index().ids().type());
            List<ExpectedObject> objs = e.objects();
            int[] positions = objs.stream().mapToInt(o -> pos.get(o.serial())).toArray();
            RowBatch b = ds.select("object_id", "spectrum_flux", "spectrum_ivar", "z", "plate", "spec_class")
                    .read(positions);
            for (int k = 0; k < objs.size(); k++) {
                ExpectedObject o = objs.get(k);
                int s = o.serial();
                int length = e.file(o.file()).get("spectrum_length").asInt();
                Example x = b.row(k);
                assertEquals(o.id(), x.getString("object_id"));
                NdArray flux = x.getArray("spectrum_flux");
                assertArrayEquals(new int[] {length}, flux.shape(), "spectrum of " + o.id() + " has its file's length");
                NdArray ivar = x.getArray("spectrum_ivar");
                for (int j = 0; j < length; j++) {
                    assertEquals(s * 1000.0 + j, flux.getDouble(j));
                    assertEquals(s + j / 4.0, ivar.getDouble(j));
                }
                assertEquals(s / 8.0, x.getDouble("z"));
                assertEquals(260L + s, x.getLong("plate"));
                assertEquals(List.of("GALAXY", "QSO", "STAR").get(s % 3), x.getString("spec_class"));
            }
        }
    }

    @Test
    void legacyUtf8IdsAndLzfImages() {
        Expected e = MmuV1Fixtures.expected("legacy_like");
        try (PartitionedDataset ds = open(e)) {
            assertTrue(ds.descriptor().properties().get("quirks").toString().contains("fixed-length utf-8 strings"));
            Map<Integer, Integer> pos = checkIndex(e, ds.index());
            int[] serials = {23, 0, 11};
            int[] positions = java.util.Arrays.stream(serials).map(pos::get).toArray();
            RowBatch b = ds.select("image_array", "tag", "object_id").read(positions);
            for (int k = 0; k < serials.length; k++) {
                int s = serials[k];
                float[] img = b.row(k).getArray("image_array").toFloatArray();
                for (int q = 0; q < img.length; q++) {
                    assertEquals(s * 256f + q, img[q]);
                }
                assertEquals((s % 2 == 0 ? "señal-" : "café-") + s, b.row(k).getString("tag"));
            }
        }
    }

    @Test
    void tessSectorsBelowTheRootFormOneDatasetOfOneFilePerObject() {
        Expected e = MmuV1Fixtures.expected("tess_like");
        try (PartitionedDataset ds = open(e)) {
            assertEquals("tess_like", ds.name());
            assertEquals(List.of("spoc/s0001", "spoc/s0002"), ds.descriptor().properties().get("subsets"));
            assertEquals(e.objects().size(), ds.partitions().size());
            assertEquals(ColumnSpec.array("time", DType.FLOAT64, ColumnSpec.VARIABLE), ds.schema().column("time"));
            String quirks = ds.descriptor().properties().get("quirks").toString();
            assertTrue(quirks.contains("one file per object") && quirks.contains("extra directory levels"), quirks);
            checkIndex(e, ds.index());

            // every partition, whole: batches() reads them in partition order
            List<Long> ids = new ArrayList<>();
            for (Iterator<RowBatch> it = ds.batches(); it.hasNext();) {
                RowBatch b = it.next();
                assertEquals(1, b.rowCount());
                Example x = b.row(0);
                ids.add(x.getLong("object_id"));
                int s = (int) ((x.getLong("object_id") - 25155310) / 1000);
                NdArray time = x.getArray("time");
                assertArrayEquals(new int[] {10 + s}, time.shape());
                assertEquals(1000.0 * s + (9 + s) / 2.0, time.getDouble(9 + s));
                assertEquals(s < 5 ? 1 : 2, x.getInt("sector"));
            }
            assertEquals(e.objects().size(), ids.size());
            assertEquals(ds.partitions().size(), ds.readerStats().wholeReads());
        }
    }

    @Test
    void aColumnSomeFilesLackIsNullForTheirRows(@TempDir Path dir) throws IOException {
        Path broken = MmuV1Fixtures.root().resolve("mmu_v1_broken");
        String without = "healpix=1134/001-of-001.hdf5";
        String with = "healpix=2277/001-of-001.hdf5";
        MmuV1ErrorsTest.copy(broken.resolve("duplicate_ids").resolve(without), dir.resolve(without));
        MmuV1ErrorsTest.copy(broken.resolve("dtype_conflict").resolve(with), dir.resolve(with));
        try (PartitionedDataset ds = MmuV1Datasets.open(Storages.local(dir), ProgressListener.NONE, 2)) {
            assertEquals(ColumnSpec.scalar("mag", DType.INT64), ds.schema().column("mag"));
            assertEquals(List.of("mag (in 1 of 2 files; null elsewhere)"),
                    ds.descriptor().properties().get("columns missing from some files"));
            RowBatch b = ds.select("object_id", "mag").read(new int[] {0, 4, 7});
            assertEquals(100L, b.row(0).getLong("object_id"));
            assertTrue(b.row(0).isNull("mag"));
            assertEquals(0L, b.row(1).getLong("mag"));
            assertEquals(203L, b.row(2).getLong("object_id"));
            assertEquals(3L, b.row(2).getLong("mag"));
        }
    }

    @Test
    void jwstRealShapeImagesReadPerObject() {
        Expected e = MmuV1Fixtures.expected("jwst_like");
        try (PartitionedDataset ds = open(e)) {
            Map<Integer, Integer> pos = checkIndex(e, ds.index());
            RowBatch b = ds.select("image_array").read(new int[] {pos.get(1), pos.get(0)});
            assertEquals(ColumnSpec.array("image_array", DType.FLOAT32, 5, 160, 160), b.schema().column("image_array"));
            for (int k = 0; k < 2; k++) {
                int s = 1 - k;
                NdArray img = b.row(k).getArray("image_array");
                assertEquals(s * 128000.0, img.getDouble(0, 0, 0));
                assertEquals(s * 128000.0 + 127999, img.getDouble(4, 159, 159));
            }
        }
    }
}
