package org.mmu.internal.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuFormatException;
import org.mmu.core.MmuInputException;
import org.mmu.core.NdArray;
import org.mmu.internal.mmuv1.MmuV1Fixtures;
import org.mmu.internal.mmuv1.MmuV1Fixtures.Expected;
import org.mmu.internal.mmuv1.MmuV1Fixtures.ExpectedObject;
import org.mmu.internal.storage.Storage;

/**
 * Reading h5py-written datasets as columns: every value is checked against the generator's
 * formula of the object's serial (see {@code scripts/fixtures/make_mmu_v1.py}).
 */
class Hdf5ColumnsTest {
    private static final String HSC_FILE = "healpix=714/001-of-001.hdf5"; // 7 rows: a partial last chunk of 4

    private static Hdf5Columns open(String dir, String file) {
        Storage storage = MmuV1Fixtures.storage(dir);
        return Hdf5Columns.open(storage.open(file));
    }

    private static int[] serials(Expected e, String file) {
        return e.objectsIn(file).stream().mapToInt(ExpectedObject::serial).toArray();
    }

    @Test
    void bigEndianColumnsReadAsNativeValues() {
        Expected e = MmuV1Fixtures.expected("hsc_like");
        int[] s = serials(e, HSC_FILE);
        try (Hdf5Columns f = open(e.openDir(), HSC_FILE)) {
            Hdf5ColumnInfo mag = f.describe("g_cmodel_mag");
            assertTrue(mag.bigEndian());
            assertEquals(">float32", mag.storedType());
            assertEquals("chunked", mag.layout());
            assertEquals(4, mag.chunkRows());
            assertEquals(List.of("shuffle", "deflate"), mag.filters());

            Column m = f.read("g_cmodel_mag", null);
            Column ext = f.read("i_extendedness", null);
            assertEquals(DType.FLOAT32, m.type());
            assertEquals(DType.INT64, ext.type());
            assertEquals(s.length, m.rows());
            for (int r = 0; r < s.length; r++) {
                assertEquals(s[r] + 0.5, m.getDouble(r), "g_cmodel_mag row " + r);
                assertEquals(3L * s[r] - 5, ext.getLong(r), "i_extendedness row " + r);
            }
        }
    }

    @Test
    void integerTypesWidenAndBoolReadsAsBool() {
        Expected e = MmuV1Fixtures.expected("hsc_like");
        int[] s = serials(e, HSC_FILE);
        try (Hdf5Columns f = open(e.openDir(), HSC_FILE)) {
            assertEquals(ColumnSpec.scalar("flags_u16", DType.INT32), f.describe("flags_u16").spec());
            assertEquals(ColumnSpec.scalar("flags_u32", DType.INT64), f.describe("flags_u32").spec());
            assertEquals(ColumnSpec.scalar("count_u64", DType.INT64), f.describe("count_u64").spec());
            assertEquals(ColumnSpec.scalar("offset_i8", DType.INT8), f.describe("offset_i8").spec());
            assertEquals(ColumnSpec.scalar("level_u8", DType.UINT8), f.describe("level_u8").spec());
            assertEquals(ColumnSpec.scalar("is_good", DType.BOOL), f.describe("is_good").spec());
            assertEquals(ColumnSpec.scalar("patch_i16", DType.INT16), f.describe("patch_i16").spec());
            assertEquals(ColumnSpec.scalar("tract_i32", DType.INT32), f.describe("tract_i32").spec());
            Column u16 = f.read("flags_u16", null);
            Column u32 = f.read("flags_u32", null);
            Column u64 = f.read("count_u64", null);
            Column i8 = f.read("offset_i8", null);
            Column u8 = f.read("level_u8", null);
            Column good = f.read("is_good", null);
            Column i16 = f.read("patch_i16", null);
            Column i32 = f.read("tract_i32", null);
            for (int r = 0; r < s.length; r++) {
                assertEquals(65535L - s[r], u16.getLong(r));
                assertEquals(4000000000L + s[r], u32.getLong(r));
                assertEquals((1L << 62) + s[r], u64.getLong(r));
                assertEquals(s[r] - 20L, i8.getLong(r));
                assertEquals(200L + s[r], u8.getLong(r));
                assertEquals(s[r] % 3 == 0, good.getBoolean(r));
                assertEquals(10L * s[r] - 100, i16.getLong(r));
                assertEquals(9800L + s[r], i32.getLong(r));
            }
        }
    }

    @Test
    void selectedRowsOfGzipShuffleImagesComeBackExactly() {
        Expected e = MmuV1Fixtures.expected("hsc_like");
        int[] s = serials(e, HSC_FILE);
        int[] rows = {0, 2, 3, 6};
        try (Hdf5Columns f = open(e.openDir(), HSC_FILE)) {
            Column img = f.read("image_array", rows);
            assertEquals(ColumnSpec.array("image_array", DType.FLOAT32, 5, 16, 16), img.spec());
            assertEquals(rows.length, img.rows());
            for (int k = 0; k < rows.length; k++) {
                NdArray a = img.getArray(k);
                assertArrayEquals(new int[] {5, 16, 16}, a.shape());
                for (int q = 0; q < a.size(); q++) {
                    assertEquals(s[rows[k]] * 1280.0 + q, a.getDouble(q), "row " + rows[k] + " element " + q);
                }
            }
        }
    }

    @Test
    void lzfImagesAndUtf8StringsOfLegacySurvey() {
        Expected e = MmuV1Fixtures.expected("legacy_like");
        String file = "healpix=1105/001-of-001.hdf5";
        List<ExpectedObject> objs = e.objectsIn(file);
        try (Hdf5Columns f = open(e.openDir(), file)) {
            assertEquals(List.of("lzf"), f.describe("image_array").filters());
            assertEquals(Hdf5ColumnInfo.Kind.FIXED_UTF8, f.describe("object_id").kind());
            assertEquals(Hdf5ColumnInfo.Kind.VLEN_STRING, f.describe("note").kind());
            Column img = f.read("image_array", new int[] {1, 8});
            Column ids = f.read("object_id", null);
            Column tags = f.read("tag", null);
            Column notes = f.read("note", null);
            int[] picked = {1, 8};
            for (int k = 0; k < 2; k++) {
                int serial = objs.get(picked[k]).serial();
                NdArray a = img.getArray(k);
                assertArrayEquals(new int[] {4, 8, 8}, a.shape());
                for (int q = 0; q < a.size(); q++) {
                    assertEquals(serial * 256.0 + q, a.getDouble(q));
                }
            }
            for (int r = 0; r < objs.size(); r++) {
                int serial = objs.get(r).serial();
                assertEquals(objs.get(r).id(), ids.getString(r));
                assertEquals((serial % 2 == 0 ? "señal-" : "café-") + serial, tags.getString(r));
                assertEquals("n°" + serial, notes.getString(r));
            }
        }
    }

    @Test
    void fixedByteIdsLoseTheirPaddingAndBytesWrappers() {
        Expected e = MmuV1Fixtures.expected("sdss_like");
        String file = "healpix=0589/001-of-002.h5";
        List<ExpectedObject> objs = e.objectsIn(file);
        try (Hdf5Columns f = open(e.openDir(), file)) {
            Hdf5ColumnInfo info = f.describe("object_id");
            assertEquals(Hdf5ColumnInfo.Kind.FIXED_BYTES, info.kind());
            assertEquals("fixed bytes[24]", info.storedType());
            Column ids = f.read("object_id", null);
            for (int r = 0; r < objs.size(); r++) {
                assertEquals(objs.get(r).id(), ids.getString(r), "row " + r);
            }
            assertTrue(e.json().toString().contains("b'"), "the fixture really stores wrapped ids");
        }
    }

    @Test
    void float32ColumnsWidenToFloat64AndFixedDimsCanBeDeclaredVariable() {
        Expected e = MmuV1Fixtures.expected("sdss_like");
        String file = "healpix=1125/002-of-002.h5";
        int length = e.file(file).get("spectrum_length").asInt();
        List<ExpectedObject> objs = e.objectsIn(file);
        try (Hdf5Columns f = open(e.openDir(), file)) {
            Column ra = f.read("ra", null, ColumnSpec.scalar("ra", DType.FLOAT64));
            for (int r = 0; r < objs.size(); r++) {
                assertEquals(objs.get(r).ra(), ra.getDouble(r), 0.0);
            }
            ColumnSpec variable = ColumnSpec.array("spectrum_flux", DType.FLOAT32, ColumnSpec.VARIABLE);
            Column flux = f.read("spectrum_flux", new int[] {1, 3}, variable);
            assertEquals(variable, flux.spec());
            assertArrayEquals(new int[] {length}, flux.rowShape(0));
            NdArray a = flux.getArray(1);
            for (int j = 0; j < length; j++) {
                assertEquals(objs.get(3).serial() * 1000.0 + j, a.getDouble(j));
            }
            assertThrows(MmuInputException.class, () -> f.read("spectrum_flux", null,
                    ColumnSpec.array("spectrum_flux", DType.FLOAT32, length + 1)));
            assertThrows(MmuInputException.class, () -> f.read("plate", null, ColumnSpec.scalar("plate", DType.FLOAT32)));
        }
    }

    @Test
    void realShapeJwstImageReadsOneObjectOnly() {
        Expected e = MmuV1Fixtures.expected("jwst_like");
        String file = e.objects().get(0).file();
        try (Hdf5Columns f = open(e.openDir(), file)) {
            Column img = f.read("image_array", new int[] {1});
            assertEquals(ColumnSpec.array("image_array", DType.FLOAT32, 5, 160, 160), img.spec());
            float[] v = img.getArray(0).toFloatArray();
            assertEquals(5 * 160 * 160, v.length);
            for (int q = 0; q < v.length; q++) {
                assertEquals(128000f + q, v[q]);
            }
        }
    }

    @Test
    void stringArraysAndScalarsAreDescribedButNotColumns() {
        Expected e = MmuV1Fixtures.expected("hsc_like");
        try (Hdf5Columns f = open(e.openDir(), HSC_FILE)) {
            assertFalse(f.schema().contains("image_band"));
            assertEquals(ColumnSpec.array("image_array", DType.FLOAT32, 5, 16, 16), f.schema().column("image_array"));
            Hdf5ColumnInfo band = f.describe("image_band");
            assertFalse(band.readable());
            assertTrue(band.unsupported().contains("arrays of strings"), band.unsupported());
            MmuFormatException x = assertThrows(MmuFormatException.class, () -> f.read("image_band", null));
            assertTrue(x.getMessage().contains("image_band"), x.getMessage());
        }
    }

    @Test
    void rowsMustBeAscendingDistinctAndExist() {
        Expected e = MmuV1Fixtures.expected("hsc_like");
        try (Hdf5Columns f = open(e.openDir(), HSC_FILE)) {
            assertThrows(MmuInputException.class, () -> f.read("ra", new int[] {2, 1}));
            assertThrows(MmuInputException.class, () -> f.read("ra", new int[] {1, 1}));
            MmuInputException x = assertThrows(MmuInputException.class, () -> f.read("ra", new int[] {7}));
            assertTrue(x.getMessage().contains("has 7 rows") && x.getMessage().contains(HSC_FILE), x.getMessage());
            assertEquals(0, f.read("image_array", new int[0]).rows());
        }
    }

    @Test
    void aMissingDatasetIsNamedWithTheOnesThatExist() {
        Expected e = MmuV1Fixtures.expected("hsc_like");
        try (Hdf5Columns f = open(e.openDir(), HSC_FILE)) {
            MmuFormatException x = assertThrows(MmuFormatException.class, () -> f.read("rra", null));
            assertTrue(x.getMessage().contains("no dataset 'rra'") && x.getMessage().contains("object_id"), x.getMessage());
            assertTrue(x.location().endsWith(HSC_FILE));
        }
    }

    // ---- broken files -------------------------------------------------------------------------

    private static final String BROKEN_FILE = "healpix=1134/001-of-001.hdf5";

    @Test
    void aTruncatedFileIsReportedAsTruncated() {
        MmuFormatException x = assertThrows(MmuFormatException.class,
                () -> open("mmu_v1_broken/truncated", BROKEN_FILE).close());
        assertTrue(x.getMessage().contains("truncated") && x.getMessage().contains(BROKEN_FILE), x.getMessage());
    }

    @Test
    void anUnsupportedFilterFailsWhenTheDataIsReadNamingFileDatasetAndFilter() {
        try (Hdf5Columns f = open("mmu_v1_broken/szip_filter", BROKEN_FILE)) {
            assertTrue(f.describe("image").hasUnavailableFilter(), f.describe("image").filters().toString());
            assertEquals(4, f.read("ra", null).rows(), "other datasets stay readable");
            MmuFormatException x = assertThrows(MmuFormatException.class, () -> f.read("image", new int[] {1}));
            String m = x.getMessage();
            assertTrue(m.contains(BROKEN_FILE) && m.contains("'image'") && m.contains("szip"), m);
        }
    }

    @Test
    void aVirtualDatasetMakesTheFileUnreadableWithJhdfsReason() {
        try (Hdf5Columns f = open("mmu_v1_broken/virtual_dataset", BROKEN_FILE)) {
            MmuFormatException x = assertThrows(MmuFormatException.class, f::names);
            assertTrue(x.getMessage().contains("Virtual storage is not supported")
                    && x.getMessage().contains(BROKEN_FILE), x.getMessage());
        }
    }

    @Test
    void aUint64AboveLongMaxIsRejectedNamingRowAndValue() {
        try (Hdf5Columns f = open("mmu_v1_broken/uint64_overflow", BROKEN_FILE)) {
            assertEquals(1, f.read("count", new int[] {0, 1}).getLong(1));
            MmuInputException x = assertThrows(MmuInputException.class, () -> f.read("count", null));
            String m = x.getMessage();
            assertTrue(m.contains("row 2") && m.contains("9223372036854775815") && m.contains("'count'"), m);
        }
    }

    @Test
    void aFileThatIsNotHdf5IsAFormatError() {
        MmuFormatException x = assertThrows(MmuFormatException.class, () -> open("hsc_like", "expected.json"));
        assertTrue(x.getMessage().contains("expected.json"), x.getMessage());
    }
}
