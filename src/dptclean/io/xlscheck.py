"""A sanity check of .xls (BIFF8) workbooks before the Excel reader sees them.

The reader sizes a sheet from the cells it holds: one damaged cell address (a LABELSST at
column 22,791, which BIFF8 cannot have) makes it allocate tens of gigabytes and abort the
whole process, which no ``except`` can catch. This module reads the workbook stream out of
the compound file (OLE2/CFB) and refuses cells outside a BIFF8 sheet (256 columns). Anything
it cannot follow is left to the reader, which reports damage of other kinds as errors. The
same goes for a DIMENSIONS record claiming a billion rows.
"""

from __future__ import annotations

import contextlib
import re
import struct
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any

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


# --- .xlsx / .ods: the used range a sheet implies, parsed --------------------------------------
#
# The Excel reader holds a sheet as one cell per row and column of its used range (about 32
# bytes each) whether the cells hold anything or not: a single stray cell at XFD1048576 makes
# it ask for 512 GB and abort the process, which no ``except`` can catch. So the extent of every
# sheet is worked out before the reader sees it, by parsing the sheet's XML the way the reader
# does (any quoting, white space, namespace prefix, cells without references, rows in any
# order). Parsing 100 MB of XML with expat costs seconds in Python, so sheets written in the
# canonical form every spreadsheet program writes (each cell tag ``<c r="A1"``, references of
# at most two letters and six digits, no comments, CDATA or DTD) take a fast path whose byte
# counts *prove* that form: the number of ``<c`` tags equals the number of ``<c r="`` tags and
# no reference is odd. Anything else is parsed by expat, with the reader's own rules.

_BYTES_PER_RANGE_CELL = 32
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 16_384
# A cell tag that is not `<c r="A1"` with one letter and up to six digits (each pattern starts
# with a literal, so the regex engine skips ahead: about 0.3 s per 100 MB of XML).
_ODD_CELL1 = re.compile(rb'<c(?! r="[A-Z][0-9]{1,6}")(?=[\t\n\r />])')
_ODD_CELL2 = re.compile(rb'<c(?! r="[A-Z]{1,2}[0-9]{1,6}")(?=[\t\n\r />])')
_PREFIXED_CELL = re.compile(rb":c[\t\n\r />]")
_MARKUP_DECL = re.compile(rb"<!")  # comment, CDATA, DTD
_TWO_LETTERS = re.compile(rb'<c r="([A-Z]{2})[0-9]')
_ROW_DIGITS = {k: re.compile(rb'<c r="[A-Z]{1,2}[0-9]{%d}"' % k) for k in range(1, 7)}
_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,9})$")


def column_index(letters: str) -> int:
    """1-based column number of column letters ("A" -> 1, "XFD" -> 16,384)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def range_room() -> int:
    """Bytes the Excel reader may take for one sheet's cells: the memory available."""
    from dptclean.limits import available_memory

    return available_memory() or 8 * 1024**3


class SheetExtent:
    """The last row and column of a sheet's XML (``.xlsx``), fed a piece at a time.

    ``reopen`` opens the member again from the start, for the expat pass when the fast path
    does not apply.
    """

    def __init__(self, reopen: Callable[[], Any]) -> None:
        self.reopen = reopen
        self.rows = 0
        self.cols = 0
        self.row_digits = 0
        self.canonical = True
        self.carry = b""
        self.started = False

    def feed(self, piece: bytes) -> None:
        if not self.canonical:
            return
        buf = self.carry + piece
        if not self.started:
            self.started = True
            if buf.lstrip()[:1] not in (b"<", b"\xef"):  # not UTF-8: UTF-16 or worse
                self.canonical = False
                return
        cut = buf.rfind(b"<")
        if cut < 0:
            self.carry = b""
            return
        body, carry = buf[:cut], buf[cut:]
        # a tag is at most a few hundred bytes; a long text run after '<' cannot hide one
        self.carry = carry if len(carry) < 65536 else carry[:256]
        self._scan(body)

    def _scan(self, body: bytes) -> None:
        if _MARKUP_DECL.search(body) or _PREFIXED_CELL.search(body):
            self.canonical = False
            return
        if _ODD_CELL1.search(body):
            if _ODD_CELL2.search(body):
                self.canonical = False
                return
            two = _TWO_LETTERS.findall(body)  # columns AA..ZZ
            if two:
                self.cols = max(self.cols, column_index(max(two).decode()))
        for k in range(6, self.row_digits, -1):
            if _ROW_DIGITS[k].search(body):
                self.row_digits = k
                break
        if self.row_digits:
            self.rows = 10 ** self.row_digits - 1  # an upper bound; exact if it matters

    def finish(self) -> None:
        if self.canonical and self.carry:
            self._scan(self.carry + b" ")
            self.carry = b""

    def check(self, path: str, sheet: str | None = None) -> None:
        self.finish()
        room = range_room()
        if not self.canonical or _range_bytes(self.rows, self.cols) > room:
            self.rows, self.cols = _parse_extent(self.reopen, path)
        _refuse_range(path, self.rows, self.cols, room)


def _range_bytes(rows: int, cols: int) -> int:
    return rows * max(cols, 26) * _BYTES_PER_RANGE_CELL


def _refuse_range(path: str, rows: int, cols: int, room: int) -> None:
    if rows > MAX_SHEET_ROWS or cols > MAX_SHEET_COLUMNS:
        raise InputError(f"the workbook is corrupt (a cell at row {rows:,}, column {cols:,}; "
                         f"a sheet has {MAX_SHEET_ROWS:,} rows and {MAX_SHEET_COLUMNS:,} "
                         "columns)", path=path)
    cols = max(cols, 26)
    need = _range_bytes(rows, cols)
    if need > room:
        raise InputError(
            f"a sheet's used range reaches row {rows:,} and column {cols:,} "
            f"({rows * cols:,} cells, about {need / 1024**3:,.0f} GB for the Excel reader); "
            "delete the stray cells far below or right of the list (Ctrl+End in Excel "
            "shows the last one) or copy the list to a new workbook", path=path)


def _parse_extent(reopen: Callable[[], Any], path: str) -> tuple[int, int]:
    """(last row, last column) of a sheet's XML, parsed by expat with the reader's rules: a
    cell's reference if it has one, else the next column of the current row; a row's ``r`` if
    it has one, else the row after the previous one."""
    state = {"row": 0, "col": 0, "rows": 0, "cols": 0}

    def start(name: str, attrs: list[str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            r = _attr(attrs, "r")
            state["row"] = int(r) if r and r.strip().isdigit() else state["row"] + 1
            state["col"] = 0
        elif local == "c":
            ref = _attr(attrs, "r")
            m = _REF.match(ref.strip()) if ref else None
            if m:
                row, col = int(m.group(2)), column_index(m.group(1))
            else:
                row, col = max(state["row"], 1), state["col"] + 1
            state["col"] = col
            state["rows"] = max(state["rows"], row)
            state["cols"] = max(state["cols"], col)

    _expat(reopen, path, start)
    return state["rows"], state["cols"]


def _attr(attrs: list[str], local: str) -> str | None:
    for i in range(0, len(attrs) - 1, 2):
        if attrs[i].rpartition(":")[2] == local:
            return attrs[i + 1]
    return None


def _expat(reopen: Callable[[], Any], path: str, start, end=None) -> None:
    parser = xml.parsers.expat.ParserCreate()
    parser.ordered_attributes = True
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    # no DTD tricks: entity expansion would be the reader's business, not ours
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        with reopen() as fh:
            while True:
                chunk = fh.read(1024 * 1024)
                parser.Parse(chunk, not chunk)
                if not chunk:
                    break
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(f"the workbook is corrupt (a sheet's XML: {exc})", path=path) from None
    except (OSError, EOFError, ValueError, zlib.error, zipfile.BadZipFile) as exc:
        raise InputError(f"the workbook is corrupt ({exc})", path=path) from None


class OdsExtent:
    """The cells an ``.ods`` sheet declares, repeated rows and columns included.

    ``table:number-rows-repeated`` / ``number-columns-repeated`` let 2 KB of XML stand for a
    hundred million cells, which the reader creates one by one. Only cells holding a value
    count (LibreOffice ends every sheet with a million empty rows repeated, which the reader
    skips). Parsed by expat (ODS is rare; its XML is parsed by the reader anyway).
    """

    def __init__(self, reopen: Callable[[], Any]) -> None:
        self.reopen = reopen

    def feed(self, piece: bytes) -> None:
        pass

    def check(self, path: str, sheet: str | None = None) -> None:
        cells, rows, cols = ods_extent(self.reopen, path)
        room = range_room()
        need = cells * _BYTES_PER_ODS_CELL + rows * max(cols, 26) * _BYTES_PER_RANGE_CELL
        if need > room:
            raise InputError(
                f"the sheet declares {rows:,} rows and {cols:,} columns through repeated "
                f"rows/columns ({cells:,} cells with values, about {need / 1024**3:,.1f} GB "
                f"to read, {room / 1024**3:,.1f} GB available); delete the repeated rows or "
                "save the list as .xlsx or .csv", path=path)


_BYTES_PER_ODS_CELL = 64  # a cell's string in the reader, then in Arrow


class _OdsCounter:
    """expat handlers counting the cells with values of each table, repeats included."""

    def __init__(self) -> None:
        self.best = (0, 0, 0)
        self._table()
        self.rrep = 1
        self.col = self.row_cells = self.row_last = 0

    def _table(self) -> None:
        self.row = self.cells = self.rows = self.cols = 0

    def start(self, name: str, attrs: list[str]) -> None:
        local = name.rpartition(":")[2]
        if local == "table":
            self._table()
        elif local == "table-row":
            self.rrep = _repeat(attrs, "number-rows-repeated")
            self.col = self.row_cells = self.row_last = 0
        elif local in ("table-cell", "covered-table-cell"):
            crep = _repeat(attrs, "number-columns-repeated")
            self.col += crep
            if _attr(attrs, "value-type") is not None or _attr(attrs, "formula") is not None:
                self.row_cells += crep
                self.row_last = self.col
        elif local == "p" and self.col and self.row_last != self.col:
            self.row_cells += 1  # text without a value type still reads as text
            self.row_last = self.col

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "table-row":
            self.row += self.rrep
            if self.row_cells:
                self.cells += self.row_cells * self.rrep
                self.rows = self.row
                self.cols = max(self.cols, self.row_last)
        elif local == "table" and self.cells > self.best[0]:
            self.best = (self.cells, self.rows, self.cols)


def ods_extent(reopen: Callable[[], Any], path: str) -> tuple[int, int, int]:
    """(cells with values, rows up to the last value, columns up to the last value) of the
    largest table of an ``.ods``'s ``content.xml``."""
    counter = _OdsCounter()
    _expat(reopen, path, counter.start, counter.end)
    return counter.best


def _repeat(attrs: list[str], local: str) -> int:
    v = _attr(attrs, local)
    try:
        return max(1, int(v)) if v is not None else 1
    except ValueError:
        return 1


class SharedStrings:
    """The shared-strings table of an ``.xlsx``: the reader holds every string (a Rust string
    of 24 bytes plus its text, then a Python/Arrow copy) and reserves room for as many as
    ``uniqueCount`` declares before reading one. A few hundred KB of ``<si/>`` or one
    declared count can ask for gigabytes."""

    PER_STRING = 80

    def __init__(self, reopen: Callable[[], Any]) -> None:
        self.reopen = reopen
        self.strings = 0
        self.size = 0
        self.declared = 0
        self.carry = b""

    def feed(self, piece: bytes) -> None:
        buf = self.carry + piece
        if self.size == 0:
            m = re.search(rb"uniqueCount\s*=\s*[\"']\s*(\d{1,20})", buf[:4096])
            self.declared = int(m.group(1)) if m else 0
        self.size += len(piece)
        cut = max(0, len(buf) - 8)
        self.strings += buf[:cut].count(b"<si") + buf[:cut].count(b":si")
        self.carry = buf[cut:]

    def check(self, path: str, sheet: str | None = None) -> None:
        self.strings += self.carry.count(b"<si") + self.carry.count(b":si")
        need = max(self.strings, self.declared) * self.PER_STRING + 2 * self.size
        room = range_room()
        if need > room:
            raise InputError(
                f"the workbook's shared-strings table declares {max(self.strings, self.declared):,} "
                f"strings (about {need / 1024**3:,.1f} GB to read, {room / 1024**3:,.1f} GB "
                "available); open it in Excel and save it again, or save the list as .csv",
                path=path)


@contextlib.contextmanager
def open_member(path: str, name: str) -> Iterator[Any]:
    """One member of a zip archive, opened for reading (the archive is closed with it)."""
    with zipfile.ZipFile(path) as zf, zf.open(name) as fh:
        yield fh


def member_guard(suffix: str, name: str, reopen: Callable[[], Any]):
    """The guard that follows one archive member as it is inflated (None: nothing to check).

    Every path that opens a workbook goes through :func:`dptclean.io.excel` (``read_workbook``
    or :func:`guard_workbook`), which inflates each member once and feeds it to this guard.
    """
    if suffix == ".ods":
        return OdsExtent(reopen) if name == "content.xml" else None
    if name.startswith(("xl/worksheets/", "xl/chartsheets/")):
        if name.endswith(".bin"):
            return XlsbExtent(reopen)
        return SheetExtent(reopen)
    if name in ("xl/sharedStrings.xml", "xl/sharedStrings.bin"):
        return SharedStrings(reopen) if name.endswith(".xml") else None
    return None


# BIFF12 (.xlsb) sheet records: a row header gives the row, each cell record its column.
_BRT_ROW_HDR = 0x0000
_BRT_CELLS = set(range(0x0001, 0x000E))


class XlsbExtent:
    """The last row and column of an ``.xlsb`` sheet (BIFF12 records), fed a piece at a time:
    the row of each ``BrtRowHdr`` followed by a cell, and the column of each cell record."""

    def __init__(self, reopen: Callable[[], Any] | None = None) -> None:
        self.buf = b""
        self.skip = 0
        self.row = 0
        self.rows = 0
        self.cols = 0
        self.broken = False

    def feed(self, piece: bytes) -> None:
        if self.broken:
            return
        if self.skip:
            n = min(self.skip, len(piece))
            self.skip -= n
            piece = piece[n:]
        buf = self.buf + piece
        i = 0
        while True:
            head = _biff12_header(buf, i)
            if head is None:
                break
            rtype, size, body = head
            if rtype == _BRT_ROW_HDR or rtype in _BRT_CELLS:
                if body + min(size, 16) > len(buf):
                    break  # wait for the start of the body
                self._record(rtype, buf[body:body + min(size, 16)])
            if body + size > len(buf):
                self.skip = body + size - len(buf)
                i = len(buf)
                break
            i = body + size
        self.buf = buf[i:]

    def _record(self, rtype: int, body: bytes) -> None:
        if rtype == _BRT_ROW_HDR and len(body) >= 4:
            self.row = struct.unpack_from("<I", body)[0] + 1
            if self.row > MAX_SHEET_ROWS:  # the reader stops there without a word: corrupt
                self.rows = max(self.rows, self.row)
        elif rtype in _BRT_CELLS and len(body) >= 4:
            self.cols = max(self.cols, struct.unpack_from("<I", body)[0] + 1)
            self.rows = max(self.rows, self.row)
        # (BrtWsDim, the used range the sheet declares, is not counted: the reader sizes a
        # sheet from its cells, and a whole-grid range with few cells in it reads fine)

    def check(self, path: str, sheet: str | None = None) -> None:
        _refuse_range(path, self.rows, self.cols, range_room())


def _biff12_header(buf: bytes, i: int) -> tuple[int, int, int] | None:
    """(record type, size, offset of the body) of the BIFF12 record at ``i``, or None when
    the header is not complete in ``buf``."""
    n = len(buf)
    if i >= n:
        return None
    rtype = buf[i] & 0x7F
    j = i + 1
    if buf[i] & 0x80:
        if j >= n:
            return None
        rtype |= (buf[j] & 0x7F) << 7
        j += 1
    size = 0
    for k in range(4):
        if j >= n:
            return None
        b = buf[j]
        size |= (b & 0x7F) << (7 * k)
        j += 1
        if not b & 0x80:
            break
    return rtype, size, j
