"""Rows per second into PyTorch tensors through mmu.torch with DataLoader workers, against
`mmu epoch` on the same data with the same knobs; bytes read per epoch; resident memory of each
worker after every epoch. Run by scripts/bench-python.sh (see docs/performance.md).

    python3 python/benchmarks/loader.py --mmu scripts/mmu --dataset DIR/images-parquet --dataset DIR/table-parquet \
        --crossmatch DIR/img DIR/spec --json out.json

This process starts no JVM: the workers are forked and each starts its own (persistent across
epochs, so memory growth over the epochs would show)."""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import torch  # noqa: E402

import mmu.torch as mt  # noqa: E402

PUBLISHED_HF_ROWS_PER_S = 35.5  # the MMU's HATS crossmatch benchmark, HF-based loader, 8 processes


def cli_epoch(mmu, sources, match, knobs, epoch):
    """`mmu epoch` once (its own JVM; its stats time the epoch only, as ours do from epoch 1)."""
    with tempfile.TemporaryDirectory(prefix="mmu-bench-py-") as tmp:
        stats = os.path.join(tmp, "stats.json")
        cmd = [mmu, "epoch", *sources, *match, "--batch-size", str(knobs["batch_size"]), "--shuffle-buffer",
               str(knobs["shuffle_buffer"]), "--seed", str(knobs["seed"]), "--epoch", str(epoch), "--stats", stats]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(stats, encoding="utf-8") as f:
            return json.load(f)


def children_memory():
    """VmRSS and VmHWM (peak) in MB of this process's children (the DataLoader workers)."""
    out = {}
    for path in glob.glob("/proc/self/task/*/children"):
        with open(path, encoding="ascii") as f:
            for pid in f.read().split():
                try:
                    with open("/proc/%s/status" % pid, encoding="ascii") as s:
                        fields = dict(line.split(":", 1) for line in s if ":" in line)
                    out[int(pid)] = {k: int(fields[v].split()[0]) / 1024 for k, v in (("rss_mb", "VmRSS"),
                                                                                      ("peak_mb", "VmHWM"))}
                except (FileNotFoundError, KeyError):
                    pass
    return out


def touch(batch):
    """Reads every element, as `mmu epoch` does (its checksum)."""
    s = 0.0
    for k, v in batch.items():
        if isinstance(v, dict) and k != "_mmu":
            s += touch(v)
        elif isinstance(v, torch.Tensor) and v.is_floating_point():
            s += float(v.sum())
    return s


def python_epochs(dataset, workers, epochs):
    loader = mt.DataLoader(dataset, num_workers=workers, persistent_workers=True)
    results = []
    for e in range(epochs):
        dataset.set_epoch(e)
        t0 = time.perf_counter()
        rows, read = 0, {}
        for batch in loader:
            touch(batch)
            c = batch["_mmu"]
            rows += c["rows"]
            read[c["shard"]] = max(read.get(c["shard"], 0), c["bytes_read"])
        seconds = time.perf_counter() - t0
        results.append({"epoch": e, "rows": rows, "seconds": round(seconds, 3), "rows_per_second": round(rows / seconds),
                         "bytes_read": sum(read.values()), "workers": children_memory()})
    del loader
    return results


def case(name, a, sources, match, make):
    knobs = {"batch_size": a.batch_size, "shuffle_buffer": a.shuffle_buffer, "seed": a.seed}
    cli = [cli_epoch(a.mmu, sources, match, knobs, e) for e in range(a.cli_runs)]
    py = python_epochs(make(**knobs), a.workers, a.epochs)
    cli_rate = statistics.median(c["rows_per_second"] for c in cli)
    steady = py[1:] or py
    py_rate = statistics.median(p["rows_per_second"] for p in steady)
    dataset_bytes = cli[0]["dataset_bytes"]
    first, last = py[0]["workers"], py[-1]["workers"]
    growth = {pid: round(last[pid]["rss_mb"] / first[pid]["rss_mb"], 3) for pid in last if pid in first}
    summary = {
        "case": name, "rows": py[0]["rows"], "dataset_bytes": dataset_bytes,
        "mmu_epoch_rows_per_second": round(cli_rate), "python_rows_per_second": round(py_rate),
        "python_vs_mmu_epoch": round(py_rate / cli_rate, 3), "target_vs_mmu_epoch": 0.8,
        "python_vs_published_hf_loader": round(py_rate / PUBLISHED_HF_ROWS_PER_S, 1), "target_vs_published": 100,
        "bytes_read_per_epoch_vs_dataset": [round(p["bytes_read"] / dataset_bytes, 3) for p in py],
        "target_bytes": 1.2,
        "worker_peak_rss_mb": {pid: round(m["peak_mb"]) for pid, m in last.items()},
        "worker_rss_last_over_first_epoch": growth, "target_rss_growth": 1.1,
        "python_epochs": py, "mmu_epoch_runs": cli,
    }
    print("%-28s %8d rows  mmu epoch %9.0f rows/s  python %9.0f rows/s (%.2fx; target >= 0.8; %.0fx the published "
          "35.5)  read %s x dataset  worker peak RSS %s MB, RSS epoch %d / epoch 1 %s"
          % (name, summary["rows"], cli_rate, py_rate, summary["python_vs_mmu_epoch"],
             summary["python_vs_published_hf_loader"], summary["bytes_read_per_epoch_vs_dataset"],
             sorted(summary["worker_peak_rss_mb"].values()), a.epochs, sorted(growth.values())), flush=True)
    return summary


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mmu", required=True, help="the mmu command (scripts/mmu)")
    p.add_argument("--dataset", action="append", default=[], help="a dataset for EpochDataset (repeatable)")
    p.add_argument("--crossmatch", nargs=2, metavar=("LEFT", "RIGHT"), help="two datasets for MatchedDataset")
    p.add_argument("--radius-arcsec", type=float, default=1.0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--cli-runs", type=int, default=3, help="mmu epoch runs (epochs 0, 1, ...); the median counts")
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--shuffle-buffer", type=int, default=2048)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--json", help="write every figure here")
    a = p.parse_args(argv)
    results = []
    for d in a.dataset:
        results.append(case(os.path.basename(d.rstrip("/")), a, [d], [],
                            lambda **k: mt.EpochDataset(d, **k)))
    if a.crossmatch:
        left, right = a.crossmatch
        match = ["--radius-arcsec", str(a.radius_arcsec)]
        results.append(case("%s x %s" % (os.path.basename(left), os.path.basename(right)), a, [left, right], match,
                            lambda **k: mt.MatchedDataset(left, right, radius_arcsec=a.radius_arcsec, **k)))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
