"""Datasets, crossmatches and training epochs over the Java engine (org.mmu public API)."""

import json

from . import _convert
from ._jvm import MmuInputError, java_errors, jclass


def _jlist(items):
    out = jclass("java.util.ArrayList")()
    for x in items:
        out.add(x)
    return out


def _columns_list(columns, what):
    if isinstance(columns, str) or not all(isinstance(c, str) for c in columns):
        raise MmuInputError("%s must be a list of column names, got %r" % (what, columns))
    return list(columns)


class _Closing:
    """Closed at the end of a ``with`` block."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Dataset(_Closing):
    """A survey opened for reading (any layout: index-first, MMU v1 HDF5, HATS, a CSV/Parquet
    catalog). Opening reads metadata only. Close it, or use it in a ``with`` block."""

    def __init__(self, java, owner=True, base=None):
        self._java = java
        self._owner = owner
        self._base = base  # the dataset a view opened for itself, closed with the view

    @property
    def name(self):
        return str(self._java.name())

    @property
    def location(self):
        return str(self._java.location())

    @property
    def layout(self):
        with java_errors():
            return str(self._java.layout().label())

    def __len__(self):
        return int(self._java.size())

    @property
    def columns(self):
        """{column: (type, shape)}; -1 marks a dimension that varies by row."""
        with java_errors():
            return {str(c.name()): (str(c.type().label()), tuple(int(d) for d in c.shape()))
                    for c in self._java.schema().columns()}

    @property
    def partition_count(self):
        return int(self._java.partitions().size())

    def select(self, columns):
        """A view restricted to some columns (shares the open dataset)."""
        with java_errors():
            return Dataset(self._java.select(_jlist(_columns_list(columns, "columns"))), owner=False)

    def batches(self):
        """Every object's row, one dict of arrays per partition, in partition order."""
        with java_errors():
            it = self._java.batches()
            while it.hasNext():
                yield _convert.row_batch(it.next())

    def read(self, positions):
        """The rows at some index positions (0 <= p < len), in that order, as a dict of arrays."""
        with java_errors():
            jpos = jclass("int[]")(len(positions))
            jpos[:] = [int(p) for p in positions]
            return _convert.row_batch(self._java.read(jpos))

    def read_stats(self):
        """What has been read so far: bytes, requests, partitions, rows."""
        return _read_stats(self._java.readStats())

    def close(self):
        if self._base is not None:
            self._base.close()
        elif self._owner and self._java is not None:
            with java_errors():
                self._java.close()
        self._java = None

    def __repr__(self):
        return "mmu.Dataset(%r, %d objects, columns %s)" % (self.location, len(self), list(self.columns))


def _read_stats(stats):
    return {"index_bytes": int(stats.indexBytes()), "data_bytes": int(stats.dataBytes()),
            "requests": int(stats.requests()), "partitions_read": int(stats.partitionsRead()),
            "rows_read": int(stats.rowsRead())}


def open(location, columns=None):  # noqa: A001 - mmu.open mirrors MmuDatasets.load
    """Opens a dataset at a local path or URI (``columns``: only those are read)."""
    with java_errors():
        java = jclass("org.mmu.MmuDatasets").load(str(location))
    ds = Dataset(java)
    if columns is None:
        return ds
    try:
        with java_errors():
            return Dataset(java.select(_jlist(_columns_list(columns, "columns"))), owner=False, base=ds)
    except BaseException:
        ds.close()
        raise


class Crossmatch(_Closing):
    """A crossmatch-load: the surveys' indices matched, the fetch of the matched objects'
    data planned (nothing of it read yet). Close it, or use it in a ``with`` block."""

    def __init__(self, java, opened):
        self._java = java
        self._opened = opened  # datasets this object opened and closes

    @property
    def surveys(self):
        return [str(s) for s in self._java.surveys()]

    def __len__(self):
        return int(self._java.size())

    def pairs(self):
        """The match table (no data read): each survey's object ids, the separation, groups."""
        with java_errors():
            return _convert.row_batch(self._java.matchTable())

    def report(self):
        """What the load has read so far, as the JSON report of ``mmu load`` (a dict)."""
        with java_errors():
            return json.loads(str(self._java.report().toJson()))

    def batches(self, batch_size=256):
        """The matched rows with their data, in the load's sky order: {survey: {column: ...},
        "separation_arcsec": ...} per batch (rows of a survey an outer join lacks are zeros / None)."""
        surveys = self.surveys
        with java_errors():
            it = self._java.batches(int(batch_size)).iterator()
            while it.hasNext():
                yield _convert.split_surveys(_convert.row_batch(it.next().toRowBatch()), surveys)

    def examples(self, batch_size=256):
        """The matched rows one by one, as nested dicts of NumPy values (views of their batch)."""
        for batch in self.batches(batch_size):
            yield from _rows(batch)

    def close(self):
        if self._java is not None:
            with java_errors():
                self._java.close()
                for d in self._opened:
                    d.close()
        self._java = None

    def __repr__(self):
        return "mmu.Crossmatch(%s, %d rows)" % (self.surveys, len(self))


def _rows(batch):
    """The rows of a batch one by one: the same nested dict with each value's row i."""
    for i in range(_row_count(batch)):
        yield _row(batch, i)


def _row_count(batch):
    for key, value in batch.items():
        if key == "_mmu":
            continue
        n = _row_count(value) if isinstance(value, dict) else len(value)
        if n is not None:
            return n
    return None


def _row(batch, i):
    return {k: _row(v, i) if isinstance(v, dict) else v[i] for k, v in batch.items() if k != "_mmu"}


def crossmatch(left, right, radius_arcsec, mode="all", join="1and2", columns=None, names=None, k=None):
    """Crossmatches two datasets (locations or open :class:`Dataset`\\ s) within
    ``radius_arcsec``, reading their indices only; the matched objects' data is read as the
    result is iterated.

    ``mode``: ``all`` (every pair), ``best`` (one-to-one), ``best1`` (nearest right per left),
    ``best2``, ``knn`` (with ``k``). ``join``: ``1and2`` (default), ``1or2``, ``all1``, ... as
    in ``mmu load``. ``columns``: a list (each survey keeps those it has) or
    ``{survey: [columns]}``. ``names``: the survey labels (default the dataset names)."""
    with java_errors():
        options = jclass("org.mmu.LoadOptions").builder()
        opened = []
        try:
            datasets = []
            for d in (left, right):
                if isinstance(d, Dataset):
                    datasets.append(d._java)
                else:
                    ds = jclass("org.mmu.MmuDatasets").load(str(d))
                    opened.append(ds)
                    datasets.append(ds)
            labels = list(names) if names is not None else [str(d.name()) for d in datasets]
            if len(labels) != 2 or len(set(labels)) != 2:
                raise MmuInputError("the two surveys need distinct names, got %s: pass names=(left, right)" % labels)
            if isinstance(columns, dict):
                for survey, cols in columns.items():
                    if survey not in labels:
                        raise MmuInputError("columns given for '%s', which is not one of the surveys %s" % (survey, labels))
                    options.columns(survey, _jlist(_columns_list(cols, "columns of " + survey)))
            elif columns is not None:
                options.columns(_jlist(_columns_list(columns, "columns")))
            spec = jclass("org.mmu.matching.CrossMatch").of(*labels).radiusArcsec(float(radius_arcsec)) \
                .mode(jclass("org.mmu.matching.MatchMode").fromLabel(str(mode))) \
                .join(jclass("org.mmu.matching.JoinType").fromLabel(str(join)))
            if k is not None:
                spec.k(int(k))
            surveys = jclass("org.mmu.Surveys").of(_jlist(datasets)).labelled(_jlist(labels))
            java = jclass("org.mmu.MmuDatasets").crossMatch(surveys, spec.build(), options.build())
        except BaseException:
            for d in opened:
                d.close()
            raise
    return Crossmatch(java, opened)


def load(left, right=None, radius_arcsec=None, batch_size=None, columns=None, **match):
    """Iterates data: one dataset's objects, or with ``right`` the crossmatch's matched rows
    (see :func:`crossmatch` for ``columns`` and the match arguments). Yields one dict per row
    (NumPy scalars and arrays, str), or with ``batch_size`` dicts of arrays of that many rows
    (the last may be shorter). Everything opened is closed when the iteration ends."""
    if right is None:
        if radius_arcsec is not None or match:
            raise MmuInputError("a crossmatch needs a second dataset (right=...)")
        with epochs(left, batch_size=batch_size or 256, columns=columns) as epoch:
            for batch in epoch:
                if batch_size is None:
                    yield from _rows(batch)
                else:
                    del batch["_mmu"]
                    yield batch
        return
    if radius_arcsec is None:
        raise MmuInputError("a crossmatch needs radius_arcsec")
    with crossmatch(left, right, radius_arcsec, columns=columns, **match) as m:
        if batch_size is None:
            yield from m.examples()
        else:
            yield from m.batches(batch_size)


class Epoch(_Closing):
    """One training epoch: shuffled, sharded, batched, resumable (``org.mmu.Epoch``). Iterate
    it for its batches; each is a dict of NumPy arrays (lists for strings) plus ``"_mmu"``:
    where the batch sits in the epoch (``next_position`` is what ``start_at`` takes to resume
    after it) and the bytes read so far."""

    def __init__(self, java, source, owned, surveys):
        self._java = java
        self._source = source
        self._owned = owned
        self._surveys = surveys
        self.read_stats = None

    @property
    def rows(self):
        """Rows this shard delivers in the whole epoch."""
        with java_errors():
            return int(self._java.rows())

    @property
    def batch_count(self):
        """Batches this shard delivers from the start position."""
        with java_errors():
            return int(self._java.batchCount())

    @property
    def dataset_bytes(self):
        """On-disk size of the partitions holding this shard's rows (-1: unknown)."""
        with java_errors():
            return int(self._java.datasetBytes())

    def __iter__(self):
        with java_errors():
            it = self._java.open()
            try:
                while it.hasNext():
                    b = it.next()
                    yield self._batch(b, it)
                self.read_stats = _read_stats(it.readStats())
            finally:
                it.close()

    def _batch(self, b, it):
        flat = _convert.row_batch(b.rows())
        if self._surveys is None:
            out = flat
            out.setdefault("object_id", _convert.ids(b.ids()))
        else:
            out = _convert.split_surveys(flat, self._surveys)
            for s in self._surveys:
                out[s].setdefault("object_id", _convert.ids(b.ids(s)))
        out["_mmu"] = {"position": int(b.position()), "next_position": int(b.nextPosition()),
                       "rows": int(b.rowCount()), "bytes_read": int(it.readStats().dataBytes())}
        return out

    def close(self):
        for s in self._owned:
            s.close()
        self._owned = []

    def __repr__(self):
        return "mmu." + str(self._java.toString())


def epochs(source, batch_size=256, shuffle_buffer=None, seed=0, shard=(0, 1), epoch=0, start_at=0, drop_last=False,
           columns=None, prefetch=None):
    """An epoch over a dataset (a location or :class:`Dataset`) or a :class:`Crossmatch`
    (inner joins), with the knobs of ``org.mmu.Epoch``: ``shuffle_buffer`` rows shuffled with
    ``seed`` (None: partition order), ``shard=(index, count)``, ``batch_size``, ``epoch`` (each
    its own order), ``start_at`` (resume after that many rows of this shard's epoch),
    ``drop_last``, ``columns`` (a dataset's columns to read), ``prefetch=(rows, threads)``."""
    owned = []
    surveys = None
    if isinstance(source, Crossmatch):
        if columns is not None:
            raise MmuInputError("a crossmatch's columns are chosen when it is made: mmu.crossmatch(..., columns=...)")
        java_source = source._java
        surveys = source.surveys
    else:
        if not isinstance(source, Dataset):
            source = open(source)
            owned.append(source)
        if columns is not None:
            source = source.select(columns)
        java_source = source._java
    try:
        with java_errors():
            e = jclass("org.mmu.Epochs").of(java_source).batchSize(int(batch_size)).epoch(int(epoch)) \
                .dropLast(bool(drop_last)).startAt(int(start_at))
            if shuffle_buffer is not None:
                e = e.shuffle(int(seed), int(shuffle_buffer))
            index, count = shard
            e = e.shard(int(index), int(count))
            if prefetch is not None:
                e = e.prefetch(int(prefetch[0]), int(prefetch[1]))
    except BaseException:
        for s in owned:
            s.close()
        raise
    return Epoch(e, source, owned, surveys)
