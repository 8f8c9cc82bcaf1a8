"""Java batches into dicts of NumPy arrays: one bulk copy per column per batch, never per row."""

import numpy as np

from . import _jvm

# a separator no id or text value of ours contains; a value that does is caught by the count check
_SEP = "\u0000"


class _Java:
    """Java classes used on the hot path, looked up once per process."""
    _loaded = None

    @classmethod
    def get(cls):
        if cls._loaded is None:
            j = cls()
            j.Tensor = _jvm.jclass("org.mmu.core.Tensor")
            j.DType = _jvm.jclass("org.mmu.core.DType")
            j.String = _jvm.jclass("java.lang.String")
            cls._loaded = j
        return cls._loaded


def numeric(column):
    """A numeric or bool column as an array of shape [rows, *row shape] (rows of a variable
    shape are zero-padded to the batch's largest): one bulk copy out of the JVM (JPype's buffer
    view of the Java primitive array), none on the NumPy side. A column with nulls (a partner an
    outer join lacks) is a ``numpy.ma.MaskedArray`` over that same data (nulls are zeros under
    the mask), its mask True where the row is null (one more copy: one bool per row)."""
    j = _Java.get()
    tensor = j.Tensor.of(column)
    array = np.asarray(tensor.data())  # the copy; the result is a view of it
    if tensor.type() == j.DType.UINT8:
        array = array.view(np.uint8)
    array = array.reshape(tuple(int(d) for d in tensor.shape()))
    if not column.hasNulls():
        return array
    rows = np.asarray(column.nullMask(), dtype=bool)
    mask = rows if array.ndim == 1 else np.repeat(rows, int(np.prod(array.shape[1:]))).reshape(array.shape)
    return np.ma.MaskedArray(array, mask=mask, copy=False)


def strings(column):
    """A string column as a list of str (None for nulls), in one call into the JVM."""
    rows = int(column.rows())
    if rows == 0:
        return []
    if not column.hasNulls():
        values = column.unsafeData()  # String[], possibly longer than the rows
        if len(values) != rows:
            values = _jvm.jclass("java.util.Arrays").asList(values).subList(0, rows)
        joined = str(_Java.get().String.join(_SEP, values))
        parts = joined.split(_SEP)
        if len(parts) == rows:
            return parts
    return [None if column.isNull(r) else str(column.getString(r)) for r in range(rows)]


def row_shapes(column):
    """Each row's own shape, [rows, rank] int32, for a column whose shape varies by row."""
    rank = int(column.spec().rank())
    out = np.zeros((int(column.rows()), rank), dtype=np.int32)
    for r in range(out.shape[0]):
        if not column.isNull(r):
            out[r] = np.asarray(column.rowShape(r))
    return out


def column_value(column, into, name):
    """Puts a column into a dict: arrays for numbers, lists for strings; a variable-shape
    column also gets ``<name>_shape``, each row's true shape."""
    spec = column.spec()
    if spec.type() == _Java.get().DType.STRING:
        into[name] = strings(column)
        return
    into[name] = numeric(column)
    if spec.isVariableShape():
        into[name + "_shape"] = row_shapes(column)


def ids(object_ids, name="object_id"):
    """Object ids: int64 array for integer ids, list of str for string ids."""
    out = {}
    column_value(object_ids.toColumn(name), out, name)
    return out[name]


def row_batch(rows):
    """A RowBatch as {column: array or list}."""
    out = {}
    for column in rows.columns():
        column_value(column, out, str(column.name()))
    return out


def split_surveys(flat, surveys):
    """{<survey>_<column>: v} into {survey: {column: v}}; names no survey prefixes stay on top
    (the longest matching prefix wins, so survey names may share a beginning)."""
    ordered = sorted(surveys, key=len, reverse=True)
    out = {s: {} for s in surveys}
    for name, value in flat.items():
        for s in ordered:
            if name.startswith(s + "_"):
                out[s][name[len(s) + 1:]] = value
                break
        else:
            out[name] = value
    return out
