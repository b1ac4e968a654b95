"""A fast CSV writer with minimal quoting (as spreadsheet exports have), built on Arrow."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def _text(values: object) -> pa.Array:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        arr = values
    else:
        values = np.asarray(values)
        if values.dtype.kind in "iub":
            arr = pa.array(values).cast(pa.string())
        else:
            arr = pa.array(values, type=pa.string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_string(arr.type):
        arr = arr.cast(pa.string())
    return pc.fill_null(arr, "")


def _quote(arr: pa.Array, sep: str) -> pa.Array:
    special = "[" + re.escape(sep) + '"\\r\\n]'
    needs = pc.match_substring_regex(arr, special)
    if not pc.any(needs).as_py():
        return arr
    doubled = pc.replace_substring(arr, '"', '""')
    quoted = pc.binary_join_element_wise('"', doubled, '"', "")
    return pc.if_else(needs, quoted, arr)


def write_csv(columns: Mapping[str, object], path: str | os.PathLike[str],
              sep: str = ",") -> None:
    """Write columns (name -> values) as CSV: header on line 1, quotes only where needed."""
    names = list(columns)
    header = sep.join(_quote(pa.array([n]), sep).to_pylist()[0] for n in names)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(header + "\n")
        arrays = [_quote(_text(columns[n]), sep) for n in names]
        if not arrays or len(arrays[0]) == 0:
            return
        n = len(arrays[0])
        step = 200_000
        for start in range(0, n, step):
            part = [a.slice(start, step) for a in arrays]
            lines = pc.binary_join_element_wise(*part, sep) if len(part) > 1 else part[0]
            fh.write("\n".join(lines.to_pylist()))
            fh.write("\n")
