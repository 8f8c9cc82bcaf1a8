"""python/examples/train_pairs.py, run as a user runs it: it trains, the loss falls, and every
matched pair comes exactly once per epoch from its two DataLoader workers."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import support


@support.skip_without("jpype", "numpy", "torch")
class TrainPairsExample(unittest.TestCase):
    def test_the_loss_falls_and_every_pair_is_seen_once_per_epoch(self):
        data = support.demo()
        pairs = support.xmatch_pairs(os.path.join(data, "spectro"), os.path.join(data, "imaging"),
                                     "--radius-arcsec", 1, "--mode", "best1")
        with tempfile.TemporaryDirectory(prefix="mmu-py-train-") as tmp:
            out = os.path.join(tmp, "train.json")
            script = os.path.join(support.PYTHON_DIR, "examples", "train_pairs.py")
            done = subprocess.run([sys.executable, script, "--data", data, "--epochs", "3", "--workers", "2",
                                   "--batch-size", "32", "--json", out], capture_output=True, text=True, timeout=600)
            self.assertEqual(0, done.returncode, done.stdout + done.stderr)
            with open(out, encoding="utf-8") as f:
                result = json.load(f)
        losses = result["losses"]
        self.assertLess(losses[-1], 0.5 * losses[0], "losses per epoch: %s" % losses)
        self.assertTrue(result["each_pair_once_per_epoch"])
        self.assertEqual([len(pairs)] * 3, result["pairs_per_epoch"])


if __name__ == "__main__":
    unittest.main()
