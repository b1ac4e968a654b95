"""Format-specific reading: every input becomes one or more *grids* (Arrow tables of text).

The readers live in :mod:`dptclean.io.excel` (workbooks) and :mod:`dptclean.io.csvtext`
(delimited text); Parquet is read here. :mod:`dptclean.io.readers` calls them through this
module. The grid itself is defined in :mod:`dptclean.io.grid`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import BinaryIO

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
        # Text columns are read as dictionaries (as stored): a column of one long value
        # repeated is kilobytes on disk and gigabytes decoded, which is measured first.
        schema = pq.read_schema(path)
        text = [f.name for f in schema if pa.types.is_string(f.type)
                or pa.types.is_large_string(f.type) or pa.types.is_binary(f.type)]
        table = pq.read_table(path, read_dictionary=text or None)
        check_decoded_size(path, table)
        table = _decode_dictionaries(table)
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


def decoded_bytes(table: pa.Table) -> int:
    """Bytes the dictionary-encoded text columns of ``table`` take once decoded."""
    import pyarrow.compute as pc

    total = 0
    for col in table.columns:
        if not pa.types.is_dictionary(col.type):
            continue
        for chunk in col.chunks:
            lengths = pc.binary_length(chunk.dictionary)
            if len(chunk) and len(lengths):
                used = pc.sum(pc.take(lengths, chunk.indices)).as_py()
                total += int(used or 0) + 8 * len(chunk)
    return total


def check_decoded_size(path: str, table: pa.Table) -> None:
    """Refuse a Parquet file whose text, decoded, would not fit in the memory available."""
    from dptclean.limits import available_memory, memory_check_enabled, needed_bytes

    if not memory_check_enabled():
        return
    available = available_memory()
    text = decoded_bytes(table)
    need = needed_bytes(table.num_rows) + 3 * text  # Arrow, then pandas, then a copy
    if available is not None and need > available:
        raise InputError(
            f"{table.num_rows:,} records whose text decodes to {text / 1024**3:,.1f} GB would "
            f"need about {need / 1024**3:,.1f} GB of memory, and {available / 1024**3:,.1f} GB "
            "is available (a value repeated many times is small on disk); split the list "
            "into smaller files (DPTCLEAN_NO_MEMORY_CHECK=1 skips this check)", path=path)


def _decode_dictionaries(table: pa.Table) -> pa.Table:
    cols = []
    for col in table.columns:
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        cols.append(col)
    return pa.table(cols, names=table.column_names)


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


def check_regular_file(path: str) -> None:
    """Refuse what is not a regular file before anything reads it: ``/dev/zero`` would be read
    until memory runs out, ``/dev/urandom`` never ends, a named pipe (FIFO) waits forever for
    a writer. (Standard input, ``-``, is read with :func:`read_stdin`, bounded.)"""
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(key="no_such_file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=path) from None
    if stat.S_ISDIR(mode):
        raise InputError(key="is_directory_input", path=path)
    try:   # a name from another system's encoding: the readers and outputs need UTF-8 text
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(key="file_name_not_utf8", path=path) from None
    if not stat.S_ISREG(mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise InputError(f"is {kind}, not a file; save the list to a file first "
                         "(or pipe it to standard input with -)", path=path)


def read_gzip(path: str) -> bytes:
    """The CSV inside a gzip file, but never more than the memory check allows: a file that
    inflates further (a gzip bomb, or a dump too big for this machine) is refused once it
    passes that size. A damaged file is an input error."""
    import gzip
    import zlib

    from dptclean.limits import stdin_limit

    limit = stdin_limit()
    parts: list[bytes] = []
    size = 0
    try:
        with gzip.open(path, "rb") as fh:
            while True:
                chunk = fh.read(min(8 * 1024 * 1024, limit + 1 - size))
                if not chunk:
                    break
                parts.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise InputError(key="gzip_too_large", params={"mb": f"{limit / 1024**2:,.0f}"},
                                     path=path)
    except (OSError, EOFError, zlib.error):
        raise InputError(key="gzip_corrupt", path=path) from None
    return b"".join(parts)


def read_stdin(stream: BinaryIO | None = None) -> bytes:
    """All of standard input, but never more than the memory check allows: ``-`` fed from
    ``/dev/zero`` or an endless pipe is refused once it passes that size, not read until the
    machine runs out of memory."""
    from dptclean.limits import stdin_limit

    stream = stream if stream is not None else sys.stdin.buffer
    limit = stdin_limit()
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(8 * 1024 * 1024, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            raise InputError(
                f"standard input is larger than {limit / 1024**2:,.0f} MB, more than the "
                "memory available allows to read; save the list to a file and split it "
                "(DPTCLEAN_NO_MEMORY_CHECK=1 skips this check)", path="<stdin>")
    return b"".join(parts)
