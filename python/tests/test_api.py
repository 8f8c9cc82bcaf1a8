"""The mmu package over the Java engine: datasets, crossmatches, epochs, errors, and how arrays
leave the JVM. Expectations come from the mmu command (its own JVM) on the same demo surveys."""

import json
import os
import shutil
import tempfile
import time
import unittest

import support

NO_PACKAGES = support.missing("jpype", "numpy")
if NO_PACKAGES is None:
    import numpy as np

    import mmu
    from mmu import _convert, _jvm


class OnTheDemoSurveys(unittest.TestCase):
    """Tests reading the demo's imaging and spectro surveys."""

    @classmethod
    def setUpClass(cls):
        d = support.demo()
        cls.imaging = os.path.join(d, "imaging")
        cls.spectro = os.path.join(d, "spectro")


@unittest.skipIf(NO_PACKAGES is not None, NO_PACKAGES or "")
class DatasetsAndCrossmatches(OnTheDemoSurveys):
    def test_open_describes_the_dataset_from_its_metadata(self):
        with mmu.open(self.imaging) as ds:
            self.assertEqual("imaging", ds.name)
            self.assertEqual("index-first", ds.layout)
            self.assertEqual(2000, len(ds))
            self.assertEqual(("float32", (3, 8, 8)), ds.columns["image"])
            self.assertEqual(("int64", ()), ds.columns["object_id"])
        with mmu.open(self.spectro, columns=["object_id", "spectrum"]) as ds:
            self.assertEqual({"object_id": ("string", ()), "spectrum": ("float32", (-1,))}, ds.columns)

    def test_an_mmu_v1_hdf5_survey_is_read_in_place_with_its_string_ids(self):
        v1 = os.path.join(support.REPO, "mmu-io", "src", "test", "resources", "fixtures", "mmu_v1", "overlap_like",
                          "dr16_south")  # written by h5py (scripts/fixtures)
        with open(os.path.join(os.path.dirname(v1), "expected.json"), encoding="utf-8") as f:
            expected = json.load(f)
        rows = list(mmu.load(v1, columns=["object_id", "spectrum", "z"]))
        with mmu.open(v1) as ds:
            self.assertEqual("mmu-v1-hdf5", ds.layout)
        self.assertEqual(sum(f["rows"] for f in expected["files"]), len(rows))
        self.assertEqual(len(rows), len({r["object_id"] for r in rows}))
        for r in rows:  # the fixture's formulas: id b'<900000 + s>', spectrum s*100 + i, z s / 1000
            s = int(r["object_id"]) - 900000
            np.testing.assert_array_equal(s * 100 + np.arange(16, dtype=np.float32), r["spectrum"])
            self.assertEqual(s / 1000, r["z"])

    def test_load_delivers_every_object_once_with_its_arrays(self):
        rows = list(mmu.load(self.imaging, columns=["object_id", "image"]))
        expected = sorted(int(i) for (i,) in support.epoch_ids(self.imaging, "--batch-size", 256))
        self.assertEqual(expected, sorted(int(r["object_id"]) for r in rows))
        self.assertEqual((3, 8, 8), rows[0]["image"].shape)
        self.assertEqual(np.float32, rows[0]["image"].dtype)

    def test_crossmatch_pairs_are_those_of_mmu_xmatch(self):
        expected = support.xmatch_pairs(self.spectro, self.imaging, "--radius-arcsec", 1, "--mode", "best1")
        with mmu.crossmatch(self.spectro, self.imaging, radius_arcsec=1, mode="best1") as m:
            self.assertEqual(["spectro", "imaging"], m.surveys)
            pairs = m.pairs()
            got = sorted(zip(pairs["left_object_id"], (str(i) for i in pairs["right_object_id"])))
        self.assertEqual(expected, got)
        self.assertGreater(len(got), 200)

    def test_matched_batches_hold_the_values_mmu_load_writes(self):
        out = tempfile.mkdtemp(prefix="mmu-py-load-")
        try:
            support.mmu_cli("load", self.spectro, self.imaging, "--radius-arcsec", 1, "--mode", "best1",
                            "--columns", "object_id,z,mag_r", "--out", os.path.join(out, "m.jsonl"),
                            "--report", os.path.join(out, "report.json"))
            with open(os.path.join(out, "m.jsonl"), encoding="utf-8") as f:
                written = {r["spectro_object_id"]: r for r in map(json.loads, f)}
        finally:
            shutil.rmtree(out, True)
        columns = {"spectro": ["object_id", "z", "spectrum"], "imaging": ["object_id", "mag_r", "image"]}
        seen = 0
        for batch in mmu.load(self.spectro, self.imaging, radius_arcsec=1, mode="best1", columns=columns,
                              batch_size=100):
            spectro, imaging = batch["spectro"], batch["imaging"]
            self.assertEqual(imaging["image"].shape[1:], (3, 8, 8))
            for i, sid in enumerate(spectro["object_id"]):
                w = written[sid]
                self.assertEqual(w["imaging_object_id"], int(imaging["object_id"][i]))
                self.assertAlmostEqual(w["spectro_z"], spectro["z"][i], places=12)
                self.assertAlmostEqual(w["imaging_mag_r"], float(imaging["mag_r"][i]), places=5)
                self.assertAlmostEqual(w["separation_arcsec"], batch["separation_arcsec"][i], places=6)
                n = spectro["spectrum_shape"][i][0]
                self.assertTrue(180 <= n <= 220 and not spectro["spectrum"][i, n:].any(), "padding after the spectrum")
                seen += 1
        self.assertEqual(len(written), seen)

    def test_a_partner_an_outer_join_lacks_is_masked_not_taken_for_a_zero(self):
        columns = {"spectro": ["object_id", "z"], "imaging": ["object_id", "mag_r", "image"]}
        rows = lacking = 0
        for batch in mmu.load(self.spectro, self.imaging, radius_arcsec=1, mode="best1", join="all1",
                              columns=columns, batch_size=100):
            imaging = batch["imaging"]
            n = len(batch["spectro"]["object_id"])
            rows += n
            if not np.ma.isMaskedArray(imaging["mag_r"]):
                continue  # every spectrum of this batch has a partner: plain arrays
            null = np.ma.getmaskarray(imaging["mag_r"])
            self.assertEqual((n,), null.shape)
            lacking += int(null.sum())
            for name in ("object_id", "mag_r"):
                self.assertTrue(np.array_equal(null, np.ma.getmaskarray(imaging[name])), name)
                self.assertFalse(np.ma.getdata(imaging[name])[null].any(), name + ": zeros under the mask")
            image = np.ma.getmaskarray(imaging["image"])
            self.assertEqual(imaging["image"].shape, image.shape)
            self.assertTrue(np.array_equal(null, image.all(axis=(1, 2, 3))) and np.array_equal(null, image.any(axis=(1, 2, 3))),
                            "a null row is masked whole, a present row not at all")
            self.assertTrue(np.isnan(np.ma.filled(imaging["mag_r"].astype(float), np.nan)[null]).all())
        with mmu.open(self.spectro) as spectro:
            self.assertEqual(len(spectro), rows, "all1 keeps every spectrum")
        pairs = len(support.xmatch_pairs(self.spectro, self.imaging, "--radius-arcsec", 1, "--mode", "best1"))
        self.assertEqual(rows - pairs, lacking, "exactly the spectra without an imaging partner are masked")


@unittest.skipIf(NO_PACKAGES is not None, NO_PACKAGES or "")
class Epochs(OnTheDemoSurveys):
    def test_an_epoch_delivers_what_mmu_epoch_delivers_in_the_same_order(self):
        expected = [int(i) for (i,) in support.epoch_ids(self.imaging, "--batch-size", 64, "--shuffle-buffer", 300,
                                                         "--seed", 9, "--epoch", 2, "--shard", "1/3")]
        with mmu.epochs(self.imaging, batch_size=64, shuffle_buffer=300, seed=9, epoch=2, shard=(1, 3)) as e:
            got = [int(i) for b in e for i in b["object_id"]]
            self.assertEqual(len(expected), e.rows)
        self.assertEqual(expected, got)

    def test_resuming_at_a_position_delivers_exactly_the_rest(self):
        knobs = dict(batch_size=50, shuffle_buffer=200, seed=4)
        with mmu.epochs(self.imaging, **knobs) as e:
            batches = list(e)
        cut = batches[7]["_mmu"]["next_position"]
        with mmu.epochs(self.imaging, start_at=cut, **knobs) as e:
            rest = [int(i) for b in e for i in b["object_id"]]
        whole = [int(i) for b in batches for i in b["object_id"]]
        self.assertEqual(whole[cut:], rest)
        self.assertEqual(2000, len(set(whole)))

    def test_a_crossmatch_epoch_gives_each_survey_its_columns_and_ids(self):
        expected = support.epoch_ids(self.spectro, self.imaging, "--radius-arcsec", 1, "--mode", "best1",
                                     "--batch-size", 32, "--shuffle-buffer", 64, "--seed", 1)
        with mmu.crossmatch(self.spectro, self.imaging, radius_arcsec=1, mode="best1",
                            columns={"spectro": ["spectrum"], "imaging": ["image"]}) as m:
            with mmu.epochs(m, batch_size=32, shuffle_buffer=64, seed=1) as e:
                got = []
                for b in e:
                    self.assertEqual({"spectro", "imaging", "separation_arcsec", "_mmu"}, set(b))
                    self.assertEqual(b["imaging"]["image"].shape, (len(b["spectro"]["object_id"]), 3, 8, 8))
                    got += zip(b["spectro"]["object_id"], (str(i) for i in b["imaging"]["object_id"]))
                self.assertLessEqual(e.read_stats["data_bytes"], 1.2 * e.dataset_bytes)
        self.assertEqual(expected, got)


@unittest.skipIf(NO_PACKAGES is not None, NO_PACKAGES or "")
class Errors(unittest.TestCase):
    def test_a_java_error_arrives_with_its_message_only(self):
        missing = os.path.join(tempfile.gettempdir(), "no-such-mmu-dataset")
        with self.assertRaises(mmu.MmuFormatError) as caught:
            mmu.open(missing)
        message = str(caught.exception)
        self.assertTrue(message.startswith(missing + ": no dataset found"), message)
        self.assertNotIn("at org.mmu", message)
        self.assertIsNone(caught.exception.__cause__)
        self.assertTrue(caught.exception.__suppress_context__)
        self.assertEqual("org.mmu.core.MmuFormatException", caught.exception.java_class)
        self.assertIn("at org.mmu", caught.exception.java_stacktrace)

    def test_stack_traces_come_when_asked(self):
        mmu.show_java_stacktraces(True)
        try:
            with self.assertRaises(mmu.MmuError) as caught:
                mmu.open(os.path.join(tempfile.gettempdir(), "no-such-mmu-dataset"))
            self.assertIn("Java stack trace:", str(caught.exception))
            self.assertIn("at org.mmu", str(caught.exception))
        finally:
            mmu.show_java_stacktraces(False)

    def test_bad_knobs_are_value_errors_naming_the_value(self):
        d = os.path.join(support.demo(), "imaging")
        with self.assertRaisesRegex(ValueError, "shard 3 of 3 does not exist"):
            mmu.epochs(d, shard=(3, 3))
        with self.assertRaisesRegex(mmu.MmuInputError, "'bogus'"):
            mmu.open(d, columns=["bogus"])
        with self.assertRaisesRegex(mmu.MmuInputError, "unknown match mode 'nearest'|nearest"):
            mmu.crossmatch(d, os.path.join(support.demo(), "spectro"), radius_arcsec=1, mode="nearest")


@unittest.skipIf(NO_PACKAGES is not None, NO_PACKAGES or "")
class ArraysLeaveTheJvmInOneBulkCopy(unittest.TestCase):
    def test_a_column_becomes_an_array_by_one_bulk_copy_not_per_element(self):
        import jpype
        _jvm.start()
        values = np.arange(2_000_000, dtype=np.float32)
        jvalues = jpype.JArray(jpype.JFloat)(values)  # JPype's bulk path into the JVM
        spec = _jvm.jclass("org.mmu.core.ColumnSpec").array("x", _jvm.jclass("org.mmu.core.DType").FLOAT32, 1000)
        column = _jvm.jclass("org.mmu.core.Column").ofFixedArrays(spec, jvalues, 2000)

        array = _convert.numeric(column)
        self.assertEqual((2000, 1000), array.shape)
        np.testing.assert_array_equal(values.reshape(2000, 1000), array)
        base = array
        while isinstance(base, np.ndarray) and base.base is not None:
            base = base.base
        self.assertIsInstance(base, memoryview, "NumPy views JPype's copy; it makes none of its own")

        def best_of(f, n=3):
            times = []
            for _ in range(n):
                t = time.perf_counter()
                f()
                times.append(time.perf_counter() - t)
            return min(times)

        bulk = best_of(lambda: _convert.numeric(column)) / values.size
        sample = jpype.JArray(jpype.JFloat)(20_000)
        per_element = best_of(lambda: [sample[i] for i in range(len(sample))]) / len(sample)
        self.assertLess(bulk * 20, per_element, "bulk %.2g s/element vs %.2g s/element one by one" % (bulk, per_element))

    def test_strings_arrive_whole_even_with_the_separator_inside(self):
        Column = _jvm.jclass("org.mmu.core.Column")
        values = ["SPEC-0000001", "Ω-42", "", "a\u0000b"]
        self.assertEqual(values, _convert.strings(Column.of("s", values)))
        self.assertEqual(values[:3], _convert.strings(Column.of("s", values[:3])))


if __name__ == "__main__":
    unittest.main()
