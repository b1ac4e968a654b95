"""Format-specific reading: every input becomes one or more *grids* (Arrow tables of text).

The readers live in :mod:`dptclean.io.excel` (workbooks) and :mod:`dptclean.io.csvtext`
(delimited text); Parquet is read here. :mod:`dptclean.io.readers` calls them through this
module. The grid itself is defined in :mod:`dptclean.io.grid`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from dptclean.errors import InputError
from dptclean.io.csvtext import (  # noqa: F401 - the readers' entry points
    DELIMITERS,
    HEAD_BYTES,
    detect_encoding,
    read_csv_bytes,
    read_csv_path,
    sniff_delimiter,
)
from dptclean.io.excel import read_workbook  # noqa: F401
from dptclean.io.grid import (  # noqa: F401
    CSV_SUFFIXES,
    EXCEL_SUFFIXES,
    PARQUET_SUFFIXES,
    TEXT,
    Grid,
    _one_line,
    suffix_of,
)


def read_parquet(path: str) -> Grid:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot read Parquet: {_one_line(exc)}", path=path) from None
    cols = {}
    numeric: dict[int, np.ndarray] = {}
    for pos, name in enumerate(table.column_names):
        col = table.column(name)
        if pa.types.is_timestamp(col.type) or pa.types.is_date(col.type):
            col = col.cast(pa.date32()).cast(pa.string())
        elif pa.types.is_floating(col.type):
            # a float column holding NIKs is Excel damage that went through a dataframe
            valid = np.asarray(col.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
            numeric[pos] = np.concatenate([[False], valid])  # grid row 0 is the header
            col = _floats_to_text(col)
        elif not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
            try:
                col = col.cast(pa.string())
            except pa.ArrowException:
                col = pa.chunked_array([pa.array([None if v is None else str(v)
                                                  for v in col.to_pylist()], pa.string())])
        cols[name] = col
    header = pa.table({f"c{i}": pa.array([name], pa.string()) for i, name in enumerate(cols)})
    body = pa.table({f"c{i}": c.cast(pa.string()) for i, c in enumerate(cols.values())})
    table = pa.concat_tables([header, body]) if cols else pa.table({})

    def numeric_cells(wanted: Sequence[int]) -> dict[int, np.ndarray]:
        return {c: numeric[c] for c in wanted if c in numeric}

    return Grid(source=path, sheet=None, table=table, first_row=0, kind="parquet",
                has_header_names=True, numeric_cells=numeric_cells)


def _floats_to_text(col: pa.ChunkedArray) -> pa.ChunkedArray:
    values = col.to_pylist()
    out: list[str | None] = []
    for v in values:
        if v is None or v != v:
            out.append(None)
        elif float(v).is_integer() and abs(v) < 1e17:
            out.append(str(int(v)))
        else:
            out.append(repr(float(v)))
    return pa.chunked_array([pa.array(out, pa.string())])
