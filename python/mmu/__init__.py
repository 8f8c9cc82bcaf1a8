"""mmu: crossmatch HEALPix-partitioned sky surveys and load only the matched objects' data, from
Python, over the Java engine (one JVM per process, started on first use through JPype).

    import mmu
    with mmu.crossmatch("data/imaging", "data/spectro", radius_arcsec=1, mode="best1") as m:
        for batch in m.batches(256):
            images = batch["imaging"]["image"]          # numpy float32 [256, 3, 8, 8]

See docs/python.md; ``mmu.torch`` has the PyTorch datasets.
"""

from ._api import Crossmatch, Dataset, Epoch, crossmatch, epochs, load, open  # noqa: A004
from ._jvm import (MmuError, MmuFormatError, MmuInputError, MmuStorageError, configure, find_jar,
                   show_java_stacktraces)

__version__ = "0.2.0"  # the Maven build's version (test_install checks they agree)

__all__ = ["open", "crossmatch", "load", "epochs", "Dataset", "Crossmatch", "Epoch", "MmuError", "MmuInputError",
           "MmuFormatError", "MmuStorageError", "configure", "find_jar", "show_java_stacktraces"]
