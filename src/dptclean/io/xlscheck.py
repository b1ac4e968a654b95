"""A sanity check of .xls (BIFF8) workbooks before the Excel reader sees them.

The reader sizes a sheet from the cells it holds: one damaged cell address (a LABELSST at
column 22,791, which BIFF8 cannot have) makes it allocate tens of gigabytes and abort the
whole process, which no ``except`` can catch. This module reads the workbook stream out of
the compound file (OLE2/CFB) and refuses cells outside a BIFF8 sheet (256 columns). Anything
it cannot follow is left to the reader, which reports damage of other kinds as errors. The
same goes for a DIMENSIONS record claiming a billion rows.
"""

from __future__ import annotations

import struct

from dptclean.errors import InputError

_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
MAX_COLUMNS = 256  # BIFF8: columns A..IV
MAX_ROWS = 65536
_DIMENSIONS = 0x0200  # the sheet's used range, which the reader allocates
# BIFF8 records that address one cell (row: 2 bytes, column: 2 bytes, first in the record),
# and MULRK / MULBLANK (row, first column, ..., last column in the last 2 bytes).
_CELL_RECORDS = {0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0207, 0x0021,
                 0x0221, 0x0225}
_MULTI_RECORDS = {0x00BD, 0x00BE}


class _Unreadable(Exception):
    pass


_LONGER_THAN_FILE = b"\xff"  # returned (as this object) for a stream longer than the file


def _chain(fat: list[int], start: int, limit: int) -> list[int]:
    out: list = []
    sector = start
    while sector not in (_END, _FREE) and len(out) <= limit:
        if sector >= len(fat):
            raise _Unreadable
        out.append(sector)
        sector = fat[sector]
    if len(out) > limit:
        raise _Unreadable  # a loop
    return out


def workbook_stream(data: bytes) -> bytes | None:
    """The BIFF workbook stream of a compound file, or None when it cannot be followed."""
    try:
        return _workbook_stream(data)
    except (_Unreadable, struct.error, IndexError, ValueError):
        return None


def _workbook_stream(data: bytes) -> bytes | None:
    if len(data) < 512:
        return None
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        return None
    size = 1 << shift
    n_fat, first_dir, _, _, first_mini, n_mini, first_difat, n_difat = struct.unpack_from(
        "<IIIIIIII", data, 0x2C)
    n_sectors = (len(data) - 512) // size + 1

    def sector(i: int) -> bytes:
        off = 512 + i * size
        if i >= n_sectors or off + size > len(data) + size:
            raise _Unreadable
        return data[off:off + size]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    nxt, seen = first_difat, 0
    while nxt not in (_END, _FREE) and seen < n_difat and seen <= n_sectors:
        block = struct.unpack(f"<{size // 4}I", sector(nxt).ljust(size, b"\0"))
        difat.extend(block[:-1])
        nxt = block[-1]
        seen += 1
    fat: list[int] = []
    for s in difat[:n_fat]:
        if s in (_END, _FREE):
            continue
        fat.extend(struct.unpack(f"<{size // 4}I", sector(s).ljust(size, b"\0")))
    directory = b"".join(sector(s) for s in _chain(fat, first_dir, n_sectors))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        return None
    root = entries[0]
    found = None
    for e in entries:
        name_len = struct.unpack_from("<H", e, 64)[0]
        name = e[:max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
        if e[66] == 2 and name in ("Workbook", "Book"):
            found = e
            break
    if found is None:
        return None
    start, length = struct.unpack_from("<II", found, 116)
    if length > len(data):
        return _LONGER_THAN_FILE
    if length < 4096:
        mini_fat: list[int] = []
        for s in _chain(fat, first_mini, n_sectors):
            mini_fat.extend(struct.unpack(f"<{size // 4}I", sector(s).ljust(size, b"\0")))
        root_start = struct.unpack_from("<I", root, 116)[0]
        mini_stream = b"".join(sector(s) for s in _chain(fat, root_start, n_sectors))
        parts = [mini_stream[m * 64:(m + 1) * 64]
                 for m in _chain(mini_fat, start, len(mini_stream) // 64 + 1)]
        return b"".join(parts)[:length]
    return b"".join(sector(s) for s in _chain(fat, start, n_sectors))[:length]


def check_xls(path: str, data: bytes) -> None:
    """Raise InputError for a .xls whose cells lie outside a BIFF8 sheet."""
    stream = workbook_stream(data)
    if stream is None:
        return
    if stream is _LONGER_THAN_FILE:
        raise InputError("the .xls workbook is corrupt (a stream is longer than the file)",
                         path=path)
    i, n = 0, len(stream)
    while i + 4 <= n:
        rtype, rlen = struct.unpack_from("<HH", stream, i)
        body = i + 4
        if rtype in _CELL_RECORDS and rlen >= 4 and body + 4 <= n:
            col = struct.unpack_from("<H", stream, body + 2)[0]
            if col >= MAX_COLUMNS:
                raise InputError(f"the .xls workbook is corrupt (a cell in column {col + 1:,}; "
                                 f"a .xls sheet has {MAX_COLUMNS})", path=path)
        elif rtype == _DIMENSIONS and rlen >= 12 and body + 12 <= n:
            r0, r1, c0, c1 = struct.unpack_from("<IIHH", stream, body)
            if max(r0, r1) > MAX_ROWS or max(c0, c1) > MAX_COLUMNS or r0 > r1 or c0 > c1:
                # (a first row past the last one wraps around in the reader: 4 billion rows)
                raise InputError("the .xls workbook is corrupt (a sheet claims rows "
                                 f"{r0:,}-{r1:,} and columns {c0:,}-{c1:,}; a .xls sheet has "
                                 f"{MAX_ROWS:,} rows and {MAX_COLUMNS} columns)", path=path)
        elif rtype in _MULTI_RECORDS and rlen >= 6 and body + rlen <= n:
            last = struct.unpack_from("<H", stream, body + rlen - 2)[0]
            if last >= MAX_COLUMNS:
                raise InputError(f"the .xls workbook is corrupt (a cell in column {last + 1:,}; "
                                 f"a .xls sheet has {MAX_COLUMNS})", path=path)
        i = body + rlen
