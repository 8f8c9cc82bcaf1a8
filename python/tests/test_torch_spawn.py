"""A training process that already runs a JVM: a JVM does not survive fork, so mmu.torch.DataLoader
spawns its workers, and a worker forked by a plain DataLoader refuses with a clear error rather
than hanging on a dead JVM. (Its own file: the other torch tests need a process without a JVM.)"""

import os
import unittest

import support

NO_PACKAGES = support.missing("jpype", "numpy", "torch")
if NO_PACKAGES is None:
    import torch

    import mmu
    import mmu.torch as mt


@unittest.skipIf(NO_PACKAGES is not None, NO_PACKAGES or "")
class WorkersOfAProcessWithAJvm(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.imaging = os.path.join(support.demo(), "imaging")
        with mmu.open(cls.imaging) as ds:  # this process now runs a JVM
            cls.size = len(ds)

    def test_mmu_dataloader_spawns_its_workers_and_they_read_everything(self):
        ds = mt.EpochDataset(self.imaging, columns=["mag_r"], batch_size=250, shuffle_buffer=500, seed=1)
        loader = mt.DataLoader(ds, num_workers=2)
        self.assertEqual("spawn", loader.multiprocessing_context.get_start_method())
        ids = [i for batch in loader for i in batch["object_id"].tolist()]
        self.assertEqual(self.size, len(set(ids)))
        self.assertEqual(self.size, len(ids))

    def test_a_forked_worker_says_why_it_cannot_run(self):
        ds = mt.EpochDataset(self.imaging, columns=["mag_r"])
        plain = torch.utils.data.DataLoader(ds, batch_size=None, num_workers=1, multiprocessing_context="fork")
        with self.assertRaisesRegex(mmu.MmuError, "does not survive fork"):
            next(iter(plain))


if __name__ == "__main__":
    unittest.main()
