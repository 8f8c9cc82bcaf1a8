"""Train a tiny model that maps demo images to their matched spectra, reading the matched pairs
straight from the crossmatch into PyTorch (no files in between).

    PYTHONPATH=python python3 python/examples/train_pairs.py --objects 20000 --epochs 3

Without --data it generates the demo surveys (`mmu demo`: an imaging survey with 3x8x8 cutouts,
a spectroscopic one with spectra of 180-219 pixels) into a temporary directory. Each epoch
crossmatches them (nearest image within 1" of each spectrum), shuffles the pairs, and feeds
batches from two DataLoader workers (each its own JVM, its own half of the pairs). It prints the
mean loss per epoch and checks that every pair came exactly once per epoch.

The synthetic spectra's redshifts are independent of the images, so the model learns the
continuum and the mean line profile: the loss falls, then levels off.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # PYTHONPATH-free runs
import mmu  # noqa: E402
import mmu.torch as mt  # noqa: E402

SPECTRUM = 220  # spectra have 180-219 pixels; predict 220 and score only the real ones


class ImageToSpectrum(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * 8 * 8, 64), torch.nn.ReLU(),
                                       torch.nn.Linear(64, SPECTRUM))

    def forward(self, images):
        return self.net(torch.sign(images) * torch.log1p(images.abs()))  # fluxes span decades


def masked_mse(predicted, spectra, lengths):
    target = torch.zeros_like(predicted)
    target[:, :spectra.shape[1]] = spectra
    mask = (torch.arange(SPECTRUM)[None, :] < lengths[:, None]).float()
    return ((predicted - target) ** 2 * mask).sum() / mask.sum()


def train(data, epochs, workers, batch_size, seed=0):
    """Trains; returns per epoch the mean loss and the matched pairs seen (spectrum id, image id)."""
    torch.manual_seed(seed)
    dataset = mt.MatchedDataset(os.path.join(data, "spectro"), os.path.join(data, "imaging"), radius_arcsec=1.0,
                                mode="best1", columns={"spectro": ["spectrum"], "imaging": ["image"]},
                                batch_size=batch_size, shuffle_buffer=1024, seed=seed)
    loader = mt.DataLoader(dataset, num_workers=workers, persistent_workers=workers > 0)
    model = ImageToSpectrum()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    history = []
    for epoch in range(epochs):
        dataset.set_epoch(epoch)
        total, rows, pairs = 0.0, 0, []
        for batch in loader:
            spectro, imaging = batch["spectro"], batch["imaging"]
            loss = masked_mse(model(imaging["image"]), spectro["spectrum"], spectro["spectrum_shape"][:, 0])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(spectro["object_id"])
            rows += len(spectro["object_id"])
            pairs += zip(spectro["object_id"], imaging["object_id"].tolist())
        history.append({"epoch": epoch, "loss": total / rows, "pairs": pairs})
        print("epoch %d: loss %.4f over %d pairs" % (epoch, total / rows, rows), flush=True)
    return history


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", help="directory with the demo's 'imaging' and 'spectro' surveys (default: generate)")
    p.add_argument("--objects", type=int, default=20000, help="imaging objects to generate (default 20000)")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--json", help="write the losses and per-epoch pair counts here")
    a = p.parse_args(argv)
    data, made = a.data, None
    if data is None:
        made = data = tempfile.mkdtemp(prefix="mmu-train-pairs-")
        made_by = subprocess.run(["java", "-jar", mmu.find_jar(), "demo", "--objects", str(a.objects), "--dir", data],
                                 capture_output=True, text=True)
        if made_by.returncode != 0:
            sys.exit("train_pairs: mmu demo failed: " + made_by.stderr)
    try:
        history = train(data, a.epochs, a.workers, a.batch_size)
        # the crossmatch itself, after training: this process starts its JVM only now, when the
        # workers (forked, each with its own JVM) are gone
        with mmu.crossmatch(os.path.join(data, "spectro"), os.path.join(data, "imaging"), radius_arcsec=1.0,
                            mode="best1") as m:
            t = m.pairs()
            expected = sorted(zip(t["left_object_id"], t["right_object_id"].tolist()))
        ok = all(sorted(h["pairs"]) == expected for h in history)
        print("every one of the %d pairs seen exactly once in each epoch: %s" % (len(expected), "yes" if ok else "NO"))
        if a.json:
            with open(a.json, "w", encoding="utf-8") as f:
                json.dump({"losses": [h["loss"] for h in history], "pairs": len(expected),
                           "pairs_per_epoch": [len(h["pairs"]) for h in history], "each_pair_once_per_epoch": ok}, f)
        return 0 if ok else 1
    finally:
        if made:
            shutil.rmtree(made, True)


if __name__ == "__main__":
    sys.exit(main())
