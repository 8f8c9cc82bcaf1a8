"""PyTorch datasets over mmu epochs: ready batches (``DataLoader(ds, batch_size=None)``),
sharded across DataLoader workers and distributed ranks, reshuffled by ``set_epoch``, resumable
mid-epoch with ``state_dict`` / ``load_state_dict``.

Each DataLoader worker starts its own JVM and reads shard ``rank * num_workers + worker_id`` of
``world_size * num_workers``: over an epoch every object (or matched pair) is delivered exactly
once across all workers and ranks. A batch is a dict of tensors (lists of str for string
columns; ``batch[survey][column]`` for a crossmatch) plus ``batch["_mmu"]``, where it sits in
its shard's epoch.
"""

import multiprocessing
import os
import warnings

import numpy as np
import torch
import torch.utils.data

from . import _api, _jvm
from ._jvm import MmuInputError

__all__ = ["EpochDataset", "MatchedDataset", "DataLoader"]


def _tensors(batch):
    """NumPy arrays to tensors without copying (the arrays are JPype's one copy out of the JVM;
    they are read-only only because JPype marks them so, and nothing else holds them)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The given NumPy array is not writable")
        return _from_numpy(batch)


def _from_numpy(batch):
    out = {}
    for k, v in batch.items():
        if isinstance(v, dict) and k != "_mmu":
            out[k] = _from_numpy(v)
        elif np.ma.isMaskedArray(v):  # nulls: the values (zeros there) and <name>_mask, True where null
            out[k] = torch.from_numpy(np.ma.getdata(v))
            out[k + "_mask"] = torch.from_numpy(np.ma.getmaskarray(v))
        elif isinstance(v, np.ndarray):
            out[k] = torch.from_numpy(v)
        else:
            out[k] = v
    return out


def _rank_and_world(rank, world_size):
    if rank is not None or world_size is not None:
        if rank is None or world_size is None:
            raise MmuInputError("give both rank and world_size, or neither (then torch.distributed decides)")
        return int(rank), int(world_size)
    dist = torch.distributed
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


class _EpochStream(torch.utils.data.IterableDataset):
    """What both datasets share: the epoch settings, sharding, the epoch counter (shared with
    persistent workers) and the positions consumed in this process."""

    def __init__(self, batch_size, shuffle_buffer, seed, drop_last, rank, world_size, prefetch):
        super().__init__()
        self.batch_size = int(batch_size)
        self.shuffle_buffer = shuffle_buffer
        self.seed = int(seed)
        self.drop_last = bool(drop_last)
        self.prefetch = prefetch
        self._given = (rank, world_size)
        self._rank, self._world = _rank_and_world(rank, world_size)  # resolved here: spawned workers have no process group
        # the epoch lives in shared memory so that persistent DataLoader workers see set_epoch()
        self._epoch = multiprocessing.RawValue("q", 0)
        self._resume = None    # {"epoch", "shards", "positions"} from load_state_dict
        self._consumed = {}    # shard -> next position, for batches delivered to this process
        self._shards = None
        self._opened = None    # (pid, source, closeables): opened once per process, kept across epochs

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_opened"] = None  # Java objects stay in the process that opened them
        return state

    def close(self):
        """Closes what this process opened to read (it is reopened if iterated again)."""
        if self._opened is not None:
            for c in self._opened[2]:
                c.close()
            self._opened = None

    def _open(self):
        if self._opened is None or self._opened[0] != os.getpid():
            self._opened = (os.getpid(),) + self._source()
        return self._opened[1]

    # ---- what subclasses provide ----
    def _source(self):
        """Opens what the epochs run over: (source for mmu.epochs, what to close)."""
        raise NotImplementedError

    def _settings(self):
        return {"batch_size": self.batch_size, "shuffle_buffer": self.shuffle_buffer, "seed": self.seed,
                "drop_last": self.drop_last}

    # ---- epochs and resume ----
    def set_epoch(self, epoch):
        """Which epoch the next iteration delivers (each has its own order); call it before
        each epoch, in the process that iterates the DataLoader."""
        if int(epoch) < 0:
            raise MmuInputError("epoch %d: need 0 or more" % epoch)
        self._consumed = {}
        self._epoch.value = int(epoch)

    @property
    def epoch(self):
        return self._epoch.value

    def state_dict(self):
        """Where this process is in the epoch: the epoch and, per shard, the rows delivered.
        Counts batches this process has received: iterate the dataset itself, or through
        :class:`mmu.torch.DataLoader` when workers read it."""
        return {"epoch": self._epoch.value, "shards": self._shards,
                "positions": sorted(self._consumed.items()), "settings": self._settings()}

    def load_state_dict(self, state):
        """Resume: the next iteration continues the saved epoch exactly where it stopped (the
        same batch size, shuffle and number of shards, i.e. world size x num_workers)."""
        if state.get("settings") != self._settings():
            raise MmuInputError("the saved state was made with %s, this dataset has %s"
                                % (state.get("settings"), self._settings()))
        self._epoch.value = int(state["epoch"])
        positions = {int(s): int(p) for s, p in state["positions"]}
        self._resume = {"epoch": int(state["epoch"]), "shards": state["shards"], "positions": positions}
        self._consumed = dict(positions)
        self._shards = state["shards"]

    def _start(self):
        """A new pass: the resume positions when resuming this epoch, else the epoch's start."""
        r = self._resume
        self._consumed = dict(r["positions"]) if r and r["epoch"] == self._epoch.value else {}
        self._rank, self._world = _rank_and_world(*self._given)

    def _observe(self, cursor):
        self._consumed[cursor["shard"]] = cursor["next_position"]
        self._shards = cursor["shards"]

    # ---- iteration ----
    def _shard(self):
        info = torch.utils.data.get_worker_info()
        workers, worker = (info.num_workers, info.id) if info is not None else (1, 0)
        return self._rank * workers + worker, self._world * workers

    def __iter__(self):
        if torch.utils.data.get_worker_info() is None:
            self._start()  # iterated in this process: it sees every batch it delivers
        shard, shards = self._shard()
        epoch = self._epoch.value
        start = 0
        r = self._resume
        if r and r["epoch"] == epoch and r["positions"]:
            if r["shards"] != shards:
                raise MmuInputError("the saved state has %s shards (world size x DataLoader workers), this run %d: "
                                    "resume with the same world size and num_workers" % (r["shards"], shards))
            start = r["positions"].get(shard, 0)
        e = _api.epochs(self._open(), batch_size=self.batch_size, shuffle_buffer=self.shuffle_buffer, seed=self.seed,
                        shard=(shard, shards), epoch=epoch, start_at=start, drop_last=self.drop_last,
                        prefetch=self.prefetch)
        for batch in e:
            cursor = batch["_mmu"]
            cursor.update(epoch=epoch, shard=shard, shards=shards)
            self._observe(cursor)  # before the consumer has it: it counts as delivered
            yield _tensors(batch)


class EpochDataset(_EpochStream):
    """Batches of one dataset: ``batch["object_id"]`` (int64 tensor or list of str),
    ``batch[column]`` (a tensor ``[B, *shape]``; a variable-shape column is zero-padded to the
    batch's largest row and ``batch[column + "_shape"]`` holds each row's shape)."""

    def __init__(self, location, columns=None, batch_size=256, shuffle_buffer=None, seed=0, drop_last=False,
                 rank=None, world_size=None, prefetch=None):
        super().__init__(batch_size, shuffle_buffer, seed, drop_last, rank, world_size, prefetch)
        self.location = str(location)
        self.columns = list(columns) if columns is not None else None

    def _source(self):
        ds = _api.open(self.location, columns=self.columns)
        return ds, [ds]

    def _settings(self):
        return dict(super()._settings(), location=self.location, columns=self.columns)


class MatchedDataset(_EpochStream):
    """Batches of a crossmatch's matched pairs (inner join): ``batch[survey][column]`` and
    ``batch[survey]["object_id"]`` per survey, ``batch["separation_arcsec"]``. Each worker
    crossmatches the indices itself (fast: indices only) and reads only its pairs' data."""

    def __init__(self, left, right, radius_arcsec, mode="all", columns=None, batch_size=256, shuffle_buffer=None,
                 seed=0, drop_last=False, names=None, k=None, rank=None, world_size=None, prefetch=None):
        super().__init__(batch_size, shuffle_buffer, seed, drop_last, rank, world_size, prefetch)
        self.left, self.right = str(left), str(right)
        self.match = {"radius_arcsec": float(radius_arcsec), "mode": str(mode), "columns": columns,
                      "names": list(names) if names is not None else None, "k": k}

    def _source(self):
        m = _api.crossmatch(self.left, self.right, **self.match)
        return m, [m]

    def _settings(self):
        return dict(super()._settings(), left=self.left, right=self.right, match=self.match)


class DataLoader(torch.utils.data.DataLoader):
    """A ``torch.utils.data.DataLoader`` for the datasets above: ``batch_size=None`` (the
    batches come ready), the dataset's ``state_dict()`` follows the batches this loader has
    delivered (also when workers read them), and its workers are spawned rather than forked
    when this process already runs a JVM (a JVM does not survive fork)."""

    def __init__(self, dataset, batch_size=None, num_workers=0, multiprocessing_context=None, **kwargs):
        if not isinstance(dataset, _EpochStream):
            raise MmuInputError("mmu.torch.DataLoader reads mmu.torch.EpochDataset or MatchedDataset, got %s"
                                % type(dataset).__name__)
        if batch_size is not None:
            raise MmuInputError("the dataset makes the batches (its batch_size is %d): leave the DataLoader's "
                                "batch_size at None" % dataset.batch_size)
        if num_workers > 0 and multiprocessing_context is None and _jvm.started_here():
            multiprocessing_context = "spawn"
        super().__init__(dataset, batch_size=None, num_workers=num_workers,
                         multiprocessing_context=multiprocessing_context, **kwargs)

    def __iter__(self):
        ds = self.dataset
        ds._start()
        for batch in super().__iter__():
            ds._observe(batch["_mmu"])
            yield batch
