"""mmu.torch: batches as tensors, sharding over DataLoader workers and ranks, set_epoch, exact
mid-epoch resume. The expected orders come from `mmu epoch` (its own JVM) with the same knobs;
this process starts no JVM, so DataLoader workers are forked, each starting its own."""

import collections
import json
import os
import unittest

import support

NO_PACKAGES = support.missing("jpype", "numpy", "torch")
if NO_PACKAGES is None:
    import torch

    import mmu
    import mmu.torch as mt


def cli_epoch(*args, epoch, shard, shards, batch=64, buffer=256, seed=5):
    return support.epoch_ids(*args, "--batch-size", batch, "--shuffle-buffer", buffer, "--seed", seed,
                             "--epoch", epoch, "--shard", "%d/%d" % (shard, shards))


@unittest.skipIf(NO_PACKAGES is not None, NO_PACKAGES or "")
class EpochDatasetWithWorkers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.imaging = os.path.join(support.demo(), "imaging")

    def test_two_workers_deliver_each_shard_in_mmu_epoch_order_and_set_epoch_reshuffles(self):
        ds = mt.EpochDataset(self.imaging, columns=["image", "mag_r"], batch_size=64, shuffle_buffer=256, seed=5)
        loader = mt.DataLoader(ds, num_workers=2, persistent_workers=True)
        orders = []
        for epoch in (0, 1):
            ds.set_epoch(epoch)
            by_shard = collections.defaultdict(list)
            for batch in loader:
                ids = batch["object_id"]
                self.assertEqual(torch.int64, ids.dtype)
                self.assertEqual((len(ids), 3, 8, 8), tuple(batch["image"].shape))
                self.assertEqual(torch.float32, batch["image"].dtype)
                self.assertEqual((len(ids),), tuple(batch["mag_r"].shape))
                self.assertEqual((epoch, 2), (batch["_mmu"]["epoch"], batch["_mmu"]["shards"]))
                by_shard[batch["_mmu"]["shard"]] += ids.tolist()
            if epoch == 1:
                for shard in (0, 1):
                    expected = [int(i) for (i,) in cli_epoch(self.imaging, epoch=epoch, shard=shard, shards=2)]
                    self.assertEqual(expected, by_shard[shard], "worker %d, epoch %d" % (shard, epoch))
            everything = by_shard[0] + by_shard[1]
            self.assertEqual(2000, len(everything))
            self.assertEqual(2000, len(set(everything)))
            orders.append(everything)
        self.assertNotEqual(orders[0], orders[1])
        self.assertEqual(sorted(orders[0]), sorted(orders[1]))

    def test_ranks_and_workers_split_the_epoch_between_them(self):
        seen = []
        for rank in (0, 1):
            ds = mt.EpochDataset(self.imaging, columns=["mag_r"], batch_size=100, shuffle_buffer=500, seed=2,
                                 rank=rank, world_size=2)
            shards = set()
            for batch in mt.DataLoader(ds, num_workers=2):
                seen += batch["object_id"].tolist()
                shards.add((batch["_mmu"]["shard"], batch["_mmu"]["shards"]))
            self.assertEqual({(2 * rank, 4), (2 * rank + 1, 4)}, shards)
        self.assertEqual(2000, len(seen))
        self.assertEqual(2000, len(set(seen)))

    def test_a_dataset_read_in_this_process_knows_its_position(self):
        ds = mt.EpochDataset(self.imaging, columns=["mag_r"], batch_size=100)
        plain = torch.utils.data.DataLoader(ds, batch_size=None)
        for i, _ in enumerate(plain):
            if i == 2:
                break
        self.assertEqual([(0, 300)], ds.state_dict()["positions"])

    def test_a_state_for_another_number_of_workers_is_refused(self):
        ds = mt.EpochDataset(self.imaging, batch_size=64)
        state = {"epoch": 0, "shards": 2, "positions": [(0, 64), (1, 64)], "settings": ds.state_dict()["settings"]}
        ds.load_state_dict(state)
        with self.assertRaisesRegex(mmu.MmuInputError, "2 shards .* this run 1"):
            next(iter(ds))
        other = mt.EpochDataset(self.imaging, batch_size=32)
        with self.assertRaisesRegex(mmu.MmuInputError, "made with"):
            other.load_state_dict(state)


@unittest.skipIf(NO_PACKAGES is not None, NO_PACKAGES or "")
class MatchedDatasetResume(unittest.TestCase):
    def test_state_dict_resumes_mid_epoch_with_exactly_the_pairs_not_yet_delivered(self):
        d = support.demo()
        left, right = os.path.join(d, "spectro"), os.path.join(d, "imaging")
        knobs = dict(radius_arcsec=1, mode="best1", columns={"spectro": ["spectrum"], "imaging": ["image"]},
                     batch_size=32, shuffle_buffer=64, seed=7)
        expected = {s: cli_epoch(left, right, "--radius-arcsec", 1, "--mode", "best1", epoch=1, shard=s, shards=2,
                                 batch=32, buffer=64, seed=7) for s in (0, 1)}

        def pairs(batch):
            return list(zip(batch["spectro"]["object_id"], (str(i) for i in batch["imaging"]["object_id"].tolist())))

        got = collections.defaultdict(list)
        first = mt.MatchedDataset(left, right, **knobs)
        first.set_epoch(1)
        for i, batch in enumerate(mt.DataLoader(first, num_workers=2)):
            self.assertEqual(batch["imaging"]["image"].shape[0], batch["spectro"]["spectrum"].shape[0])
            got[batch["_mmu"]["shard"]] += pairs(batch)
            if i == 4:
                break  # the workers had read further ahead; those batches must come again
        state = json.loads(json.dumps(first.state_dict()))  # a checkpoint survives JSON

        second = mt.MatchedDataset(left, right, **knobs)
        second.load_state_dict(state)
        for batch in mt.DataLoader(second, num_workers=2):
            got[batch["_mmu"]["shard"]] += pairs(batch)
        self.assertEqual(expected, dict(got))
        everything = got[0] + got[1]
        self.assertEqual(len(everything), len(set(everything)))
        self.assertGreater(len(everything), 200)


if __name__ == "__main__":
    unittest.main()


@unittest.skipIf(NO_PACKAGES is not None, NO_PACKAGES or "")
class NullsAsTensors(unittest.TestCase):
    def test_a_masked_column_becomes_its_values_and_a_bool_mask_tensor(self):
        import numpy as np

        values = np.ma.MaskedArray(np.array([1.5, 0.0, 2.5], dtype=np.float32), mask=[False, True, False])
        out = mt._tensors({"imaging": {"mag_r": values, "object_id": np.array([1, 2, 3])}})
        self.assertEqual([1.5, 0.0, 2.5], out["imaging"]["mag_r"].tolist())
        self.assertEqual([False, True, False], out["imaging"]["mag_r_mask"].tolist())
        self.assertEqual(torch.bool, out["imaging"]["mag_r_mask"].dtype)
        self.assertNotIn("object_id_mask", out["imaging"], "a column without nulls gets no mask")
