"""What the Python tests share: why they skip, the jar, and the demo surveys they read (made by
the repository's own generator, `mmu demo`, once per test process)."""

import atexit
import csv
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
REPO = os.path.dirname(PYTHON_DIR)
if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)
# short runs on tiny data: C1 only, as scripts/mmu does below 10^7 objects (the workers inherit it)
os.environ.setdefault("MMU_JAVA_OPTS", "-XX:TieredStopAtLevel=1")


def missing(*modules):
    """The Debian packages missing for these modules, as a skip reason (None when all import)."""
    debian = {"jpype": "python3-jpype", "numpy": "python3-numpy", "torch": "python3-torch"}
    absent = [m for m in modules if importlib.util.find_spec(m) is None]
    if not absent:
        return None
    return "needs %s (Debian: apt-get install %s)" % (", ".join(absent), " ".join(debian.get(m, m) for m in absent))


def skip_without(*modules):
    reason = missing(*modules)
    return unittest.skipIf(reason is not None, reason or "")


def jar():
    """The jar under test: MMU_JAR or the build tree (the tests run after the Maven build)."""
    path = os.environ.get("MMU_JAR") or os.path.join(REPO, "mmu-examples", "target", "mmu.jar")
    if not os.path.isfile(path):
        raise AssertionError("no mmu jar at %s: build it first (mvn -DskipTests package) or set MMU_JAR" % path)
    return path


def mmu_cli(*args):
    """Runs the mmu command (its own JVM) and returns its standard output."""
    done = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-jar", jar()] + [str(a) for a in args],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError("mmu %s failed (%d): %s" % (" ".join(map(str, args)), done.returncode, done.stderr))
    return done.stdout


_demo = {}


def demo(objects=2000, seed=42):
    """Directory holding the demo's 'imaging' and 'spectro' surveys (index-first), made once."""
    key = (objects, seed)
    if key not in _demo:
        d = tempfile.mkdtemp(prefix="mmu-py-demo-")
        atexit.register(shutil.rmtree, d, True)
        mmu_cli("demo", "--objects", objects, "--seed", seed, "--dir", d)
        _demo[key] = d
    return _demo[key]


def epoch_ids(*args):
    """The ids `mmu epoch` delivers (one tuple per row: one id per survey), in order."""
    out = os.path.join(tempfile.mkdtemp(prefix="mmu-py-ids-"), "ids.txt")
    try:
        mmu_cli("epoch", *args, "--stats", out + ".json", "--ids", out)
        with open(out, encoding="utf-8") as f:
            return [tuple(line.rstrip("\n").split("\t")) for line in f]
    finally:
        shutil.rmtree(os.path.dirname(out), True)


def xmatch_pairs(left, right, *args):
    """The (left id, right id) pairs `mmu xmatch` finds."""
    out = os.path.join(tempfile.mkdtemp(prefix="mmu-py-xm-"), "pairs.csv")
    try:
        mmu_cli("xmatch", left, right, *args, "--out", out)
        with open(out, encoding="utf-8") as f:
            return sorted((r["left_object_id"], r["right_object_id"]) for r in csv.DictReader(f))
    finally:
        shutil.rmtree(os.path.dirname(out), True)
