"""Workbooks (.xlsx/.xlsm/.xls/.xlsb/.ods) -> grids, read with fastexcel.

Besides the text of every cell, the readers need to know which cells of the NIK/NKK columns
are numbers (Excel damage). For .xlsx that comes from a scan of the sheet XML running in a
helper thread; for other formats from a second, typed pass of the Excel reader.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
import pyarrow as pa

from dptclean.errors import InputError
from dptclean.io.grid import Grid, _one_line, suffix_of

# Zip-bomb guard for workbooks: refuse archives that claim to inflate beyond these.
MAX_INFLATED_BYTES = 8 * 1024**3
MAX_COMPRESSION_RATIO = 400

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def _reader_error(exc: BaseException) -> bool:
    """An error of the Excel reader: any Exception, or a Rust panic inside it (pyo3's
    PanicException derives from BaseException, so ``except Exception`` lets it through)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _check_workbook_bytes(path: str, head: bytes) -> None:
    suffix = suffix_of(path)
    if head.startswith(_OLE_MAGIC) and suffix in {".xlsx", ".xlsm", ".xlsb"}:
        raise InputError("the workbook is password-protected (encrypted); open it in Excel, "
                         "remove the password and save it again", path=path)
    if suffix in {".xlsx", ".xlsm", ".xlsb", ".ods"} and not head.startswith(_ZIP_MAGIC):
        if not head.strip():
            raise InputError("the file is empty", path=path)
        raise InputError("not a valid Excel workbook (the file is not a zip archive: corrupt, "
                         "truncated or misnamed)", path=path)
    if suffix == ".xls" and not head.startswith(_OLE_MAGIC):
        if not head.strip():
            raise InputError("the file is empty", path=path)
        if head.startswith(_ZIP_MAGIC):
            return  # an .xlsx saved as .xls: calamine detects it
        raise InputError("not a valid .xls workbook (corrupt, truncated, or an HTML/CSV file "
                         "named .xls; save it again as .xlsx or .csv)", path=path)


def _check_zip(path: str) -> dict[str, tuple[str, int | None]]:
    """Validate the archive (zip-bomb guard); per sheet name: its XML member, first used row.

    The sizes checked here are the ones the archive declares. A hostile archive can declare
    small sizes and still inflate to gigabytes, which the Excel reader would then hold in
    memory; :func:`_verify_member` inflates each member (bounded) before it is read.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if any(i.flag_bits & 0x1 for i in infos):
                # zipfile would raise RuntimeError ("password required") on reading them
                raise InputError("the workbook is password-protected (encrypted); open it in "
                                 "Excel, remove the password and save it again", path=path)
            if any(i.file_size > MAX_INFLATED_BYTES for i in infos):
                raise InputError("a member of the workbook declares an impossible size; "
                                 "refusing to read a possible zip bomb", path=path)
            inflated = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if inflated > MAX_INFLATED_BYTES or inflated / packed > MAX_COMPRESSION_RATIO and \
                    inflated > 256 * 1024**2:
                raise InputError(
                    f"the workbook would inflate to {inflated / 1024**2:,.0f} MiB "
                    f"({inflated / packed:,.0f}x its size); refusing to read a possible zip bomb",
                    path=path)
            # A CRC check inflates every member: only for small workbooks, where it is cheap;
            # damage in a big one surfaces as a read error of its sheet.
            bad = zf.testzip() if len(infos) < 64 and packed < 2 * 1024**2 else None
            if bad is not None:
                raise InputError(f"the workbook is corrupt (bad member {bad})", path=path)
            return _xlsx_first_rows(zf)
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a valid Excel workbook ({exc}; corrupt or truncated)",
                         path=path) from None
    except _ZIP_DAMAGE as exc:
        # damaged deflate data, offsets pointing outside the file, an unknown compression
        raise InputError(f"the workbook is corrupt ({_one_line(exc)})", path=path) from None


# What zipfile raises besides BadZipFile when the archive is damaged.
_ZIP_DAMAGE = (zlib.error, EOFError, ValueError, NotImplementedError, OSError)


def _verify_member(path: str, info: zipfile.ZipInfo) -> None:
    """Inflate one member, never past its declared size: refuse it if it holds more.

    The Excel reader inflates members without looking at their declared sizes, so a member
    that lies about its size would be inflated to its true size in memory. This costs one
    pass of zlib over the member (about a second per 500 MB of XML) and holds at most a
    megabyte. While it is inflated, the member is fed to its guard
    (:func:`dptclean.io.xlscheck.member_guard`: the used range of a sheet, the strings of the
    shared-strings table, the repeated cells of an ``.ods``), which refuses what the reader
    could not hold.
    """
    from dptclean.io.xlscheck import member_guard, open_member

    guard = member_guard(suffix_of(path), info.filename,
                         lambda: open_member(path, info.filename))
    if info.compress_type != zipfile.ZIP_DEFLATED:
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise InputError(f"the workbook is corrupt (member {info.filename} has the wrong "
                             "size)", path=path)
        if guard is not None:  # stored (or another method): zipfile reads it, bounded
            _feed_guard(path, info, guard)
        return
    limit = info.file_size
    try:
        with open(path, "rb") as fh:
            fh.seek(info.header_offset)
            local = fh.read(30)
            if len(local) < 30 or local[:4] != b"PK\x03\x04":
                raise InputError(f"the workbook is corrupt (bad member {info.filename})",
                                 path=path)
            skip = int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little")
            fh.seek(info.header_offset + 30 + skip)
            inflater = zlib.decompressobj(-15)
            left = info.compress_size
            out = 0
            while left > 0 and not inflater.eof:
                buf = fh.read(min(left, 1024 * 1024))
                if not buf:
                    break  # truncated: the reader reports it
                left -= len(buf)
                while buf and not inflater.eof:
                    # a megabyte at a time, never past the declared size plus one byte
                    piece = inflater.decompress(buf, min(1024 * 1024, limit - out + 1))
                    out += len(piece)
                    if out > limit:
                        raise InputError(
                            f"the workbook's member {info.filename} inflates past the "
                            f"{limit:,} bytes it declares; refusing to read a possible zip "
                            "bomb", path=path)
                    if guard is not None:
                        guard.feed(piece)
                    buf = inflater.unconsumed_tail
    except zlib.error:
        raise InputError(f"the workbook is corrupt (member {info.filename} does not inflate)",
                         path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if guard is not None:
        guard.check(path)


def _feed_guard(path: str, info: zipfile.ZipInfo, guard) -> None:
    try:
        with zipfile.ZipFile(path) as zf, zf.open(info) as fh:
            while True:
                piece = fh.read(1024 * 1024)
                if not piece:
                    break
                guard.feed(piece)
    except (zipfile.BadZipFile, *_ZIP_DAMAGE) as exc:
        raise InputError(f"the workbook is corrupt ({_one_line(exc)})", path=path) from None
    guard.check(path)


def _verify_members(path: str, names: Sequence[str]) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = {i.filename: i for i in zf.infolist()}
    except (zipfile.BadZipFile, *_ZIP_DAMAGE) as exc:
        raise InputError(f"not a valid Excel workbook ({exc}; corrupt or truncated)",
                         path=path) from None
    for name in names:
        if name in infos:
            _verify_member(path, infos[name])


def _is_sheet_member(name: str) -> bool:
    # (an .ods's content.xml holds every sheet and is read when the workbook is opened: it
    # is verified up front, with the other members)
    return name.startswith(("xl/worksheets/", "xl/chartsheets/"))


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_CELL_REF = re.compile(rb'\br="[A-Z]+(\d+)"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')


def _xlsx_first_rows(zf: zipfile.ZipFile) -> dict[str, tuple[str, int | None]]:
    """Sheet name -> (XML member, 1-based number of the first row holding a value).

    The Arrow reader trims leading empty rows; reading the start of each sheet's XML tells how
    many, so records keep the row numbers Excel shows.
    """
    try:
        wb = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for m in _REL_TAG.finditer(rels):
        attrs = dict(_ATTR.findall(m.group(1)))
        targets[attrs.get(b"Id", b"")] = attrs.get(b"Target", b"").decode("utf-8", "replace")
    out: dict[str, tuple[str, int | None]] = {}
    for m in _SHEET_TAG.finditer(wb):
        attrs = dict(_ATTR.findall(m.group(1)))
        name = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        target = targets.get(rid)
        if not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        try:
            with zf.open(member) as fh:
                first = _first_value_row(fh)  # type: ignore[arg-type]
        except KeyError:
            continue
        out[name] = (member, first)
    return out


def _first_value_row(fh: BinaryIO, limit: int = 8 * 1024**2) -> int | None:
    buf = b""
    read = 0
    while read < limit:
        chunk = fh.read(256 * 1024)
        if not chunk:
            break
        read += len(chunk)
        buf += chunk
        start = buf.find(b"<sheetData")
        if start < 0:
            continue
        for m in _CELL.finditer(buf, start):
            inner = m.group(2) or b""
            if b"<v" in inner or b"<is" in inner or b"<t" in inner:
                ref = _CELL_REF.search(m.group(1))
                if ref:
                    return int(ref.group(1))
                rows = _ROW_REF.findall(buf, start, m.start())
                return int(rows[-1]) if rows else 1
        # keep only the tail, in case a cell straddles the chunk boundary
        if len(buf) > 1024 * 1024:
            buf = buf[:start + 10] + buf[-64 * 1024:]
    return None


def guard_workbook(path: str) -> None:
    """Every check :func:`read_workbook` makes before the Excel reader opens a workbook, at
    once: for the other places that open one (a decisions file, ``split --groups``). Raises
    InputError for a special file, a damaged or encrypted workbook, a zip bomb, a stray cell
    far away, a shared-strings table or repeated cells that would not fit in memory."""
    from dptclean.io.sources import check_regular_file

    check_regular_file(path)
    head = _check_file(path)
    _, sheet_members = _check_members(path, head)
    _verify_members(path, sheet_members)  # (read_workbook checks these in its helper thread)


def read_workbook(path: str, sheets: Sequence[str] | None = None) -> Iterator[Grid]:
    """Yield a grid per (selected) sheet of a workbook.

    Every sheet is yielded, hidden ones too (``Grid.hidden`` says so; the caller decides).
    Formula cells of an .xlsx without a saved value are read from the formula where it is a
    literal (``="3320..."``); any other such formula is refused (open and save in Excel).
    """
    head = _check_file(path)
    members, sheet_members = _check_members(path, head)
    reader, names = _open_reader(path)
    chosen = _select_sheets(path, names, sheets)
    xls_starts: dict[str, int] = {}
    if not head.startswith(_ZIP_MAGIC):
        xls_starts = _xls_first_rows(path, [names[i] for i in chosen])
    # The number-cell scans of the sheets' XML run one after another in a helper thread,
    # overlapping the Excel reader's own parsing.
    pool = ThreadPoolExecutor(max_workers=1) if members or sheet_members else None
    checks, scans = _start_scans(pool, path, names, chosen, members, sheet_members)
    try:
        for idx in chosen:
            if idx in checks:
                checks[idx].result()  # raises InputError for a member that lies
            yield _sheet_grid(path, reader, idx, names[idx], members, xls_starts, scans)
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _check_file(path: str) -> bytes:
    """The first bytes of the workbook, after the checks that need no Excel reader."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=path) from None
    _check_workbook_bytes(path, head)
    if head.startswith(_OLE_MAGIC):
        from dptclean.io.xlscheck import check_xls

        try:
            with open(path, "rb") as fh:
                check_xls(path, fh.read())
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    return head


def _check_members(path: str, head: bytes
                   ) -> tuple[dict[str, tuple[str, int | None]], list[str]]:
    """For a zip workbook: the zip-bomb checks; per sheet its XML member and first row."""
    if not head.startswith(_ZIP_MAGIC):
        return {}, []
    members = _check_zip(path)
    try:
        with zipfile.ZipFile(path) as zf:
            all_members = [i.filename for i in zf.infolist()]
    except (zipfile.BadZipFile, *_ZIP_DAMAGE):  # pragma: no cover - refused already
        all_members = []
    # What the reader opens up front (workbook, shared strings, styles) is verified now;
    # each sheet is verified in the helper thread before it is read (see _start_scans).
    _verify_members(path, [m for m in all_members if not _is_sheet_member(m)])
    return members, [m for m in all_members if _is_sheet_member(m)]


def _open_reader(path: str):
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
        names = list(reader.sheet_names)
    except BaseException as exc:  # noqa: BLE001 - fastexcel raises its own error types
        if not _reader_error(exc):
            raise
        raise InputError(f"cannot read the workbook: {_one_line(exc)}", path=path) from None
    if not names:
        raise InputError("the workbook has no sheets", path=path)
    return reader, names


def _start_scans(pool: ThreadPoolExecutor | None, path: str, names: list[str],
                 chosen: list[int], members: dict[str, tuple[str, int | None]],
                 sheet_members: list[str]) -> tuple[dict[int, Future], dict[int, Future]]:
    checks: dict[int, Future] = {}
    scans: dict[int, Future] = {}
    if pool is None:
        return checks, scans
    # Verifying a sheet's member overlaps the reading of the sheets before it.
    for idx in chosen:
        member = members.get(names[idx], (None, None))[0]
        checks[idx] = pool.submit(_verify_members, path,
                                  [member] if member is not None else sheet_members)
        if member is None:
            break  # sheet members unknown: all were verified for the first sheet
    for idx in chosen:
        member = members.get(names[idx], (None, None))[0]
        if member is not None:
            scans[idx] = pool.submit(_scan_sheet_xml, path, member)
    return checks, scans


def _sheet_grid(path: str, reader, idx: int, name: str,
                members: dict[str, tuple[str, int | None]], xls_starts: dict[str, int],
                scans: dict[int, Future]) -> Grid:
    try:
        sheet = reader.load_sheet(idx, header_row=None, dtypes="string")
        table = pa.Table.from_batches([sheet.to_arrow()]) if sheet.width else pa.table({})
        visible = str(getattr(sheet, "visible", "visible") or "visible").lower()
    except BaseException as exc:  # noqa: BLE001
        if not _reader_error(exc):
            raise
        raise InputError(f"cannot read the sheet: {_one_line(exc)}", path=path,
                         sheet=name) from None
    member = members.get(name, (None, None))[0]
    first_row = members.get(name, (None, None))[1] or xls_starts.get(name) or 1
    offset_cols = _first_col_offset(sheet) if sheet.width else 0
    table = _rename(table)
    notes: list = []
    hidden_rows = None
    scan = scans.get(idx)
    if scan is not None:
        found = _scan_result(scan, path, member)
        if found is not None and found.formulas:
            table, notes = _apply_formulas(table, found.formulas, offset_cols, first_row,
                                           path, name)
        if found is not None and found.hidden_rows:
            hidden_rows = np.asarray(found.hidden_rows, dtype=np.int64)

    def numeric_cells(cols: Sequence[int], _n: int = table.num_rows) -> dict[int, np.ndarray]:
        hits = _scan_result(scan, path, member) if scan is not None else None
        if hits is not None:
            return _masks_from_hits(hits.numbers, cols, _n, offset_cols, first_row)
        return _numeric_mask(reader, idx, cols, _n, offset_cols)

    return Grid(source=path, sheet=name, table=table, first_row=first_row,
                numeric_cells=numeric_cells, kind="excel",
                hidden=None if visible == "visible" else visible, notes=notes,
                hidden_rows=hidden_rows)


def _scan_result(scan: Future, path: str, member: str | None) -> _SheetScan | None:
    try:
        return scan.result()
    except CancelledError:  # asked after the reading loop ended
        return _scan_sheet_xml(path, member) if member else None


# --- formula cells ------------------------------------------------------------------------------

_FORMULA_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>(.*?)</(?:\w+:)?v>)?", re.S)


def _may_hold_formula(buf: bytes) -> bool:
    """A quick look for a formula element (<f>, <f t="shared" .../>, <x:f>): literal finds,
    several times faster than a regex over the sheet's XML."""
    return any(tag in buf for tag in (b"<f>", b"<f ", b":f>", b":f "))
_TEXT_LITERAL = re.compile(r'^\s*"((?:[^"]|"")*)"\s*$')
_NUMBER_LITERAL = re.compile(r"^\s*\+?(\d+(?:\.\d+)?)\s*$")


@dataclass
class _Formula:
    col: int            # absolute column (0-based)
    row: int            # Excel row (1-based)
    text: str           # the formula without "="
    cached: str | None  # the saved value, None when there is none

    @property
    def ref(self) -> str:
        n, letters = self.col + 1, ""
        while n:
            n, r = divmod(n - 1, 26)
            letters = chr(65 + r) + letters
        return f"{letters}{self.row}"

    def literal(self) -> str | None:
        m = _TEXT_LITERAL.match(self.text)
        if m:
            return m.group(1).replace('""', '"')
        m = _NUMBER_LITERAL.match(self.text)
        return m.group(1) if m else None


def _formulas_in(buf: bytes) -> list[_Formula]:
    out = []
    for m in _FORMULA_CELL.finditer(buf):
        ref = _REF_ATTR.search(m.group(1))
        if ref is None:
            continue
        text = html.unescape((m.group(2) or b"").decode("utf-8", "replace"))
        cached = m.group(3)
        out.append(_Formula(_col_index(ref.group(1)), int(ref.group(2)), text,
                            html.unescape(cached.decode("utf-8", "replace")) if cached else None))
    return out


def _stale(f: _Formula, literal: str) -> bool:
    """Whether a literal formula's saved value is missing or is not its value (a script that
    wrote the formula with a default result such as 0)."""
    if f.cached is None or f.cached == "":
        return True
    if f.cached == literal:
        return False
    try:
        return float(f.cached) != float(literal)
    except ValueError:
        return True


def _apply_formulas(table: pa.Table, formulas: list[_Formula], offset: int, first_row: int,
                    path: str, sheet: str) -> tuple[pa.Table, list]:
    """Put the value of literal formulas without a saved value into the grid; refuse other
    formulas without one. Returns the table and the notes to show."""
    from dptclean.io.messages import ReadNote

    uncached = [f for f in formulas if f.literal() is None and not f.cached]
    if uncached:
        from dptclean.io import messages

        raise messages.error(InputError, "formula_uncached", path=path, sheet=sheet,
                             count=len(uncached), cell=uncached[0].ref,
                             formula=uncached[0].text[:60])
    patches = [(f, lit) for f in formulas if (lit := f.literal()) is not None and _stale(f, lit)]
    if not patches:
        return table, []
    rows = max(table.num_rows, max(f.row - first_row + 1 for f, _ in patches))
    cols = max(table.num_columns, max(f.col - offset + 1 for f, _ in patches))
    columns = {}
    for c in range(cols):
        col = table.column(c) if c < table.num_columns else pa.nulls(table.num_rows, pa.string())
        columns[c] = col.to_pylist() + [None] * (rows - table.num_rows)
    for f, lit in patches:
        r, c = f.row - first_row, f.col - offset
        if r >= 0 and c >= 0:
            columns[c][r] = lit
    patched = pa.table({f"c{c}": pa.array(v, pa.string()) for c, v in columns.items()})
    example = patches[0][0]
    note = ReadNote("formula_literal", {"count": len(patches), "cell": example.ref,
                                        "formula": example.text[:60]}, path, sheet)
    return patched, [note]


# A value element of a cell that could be an identity number stored as a number: 10 or more
# digits (optionally ".0"), or scientific notation. Shared-string indexes never get that long.
_BIG_NUMBER_VALUE = rb"(\d{10,}(?:\.\d*)?|\d(?:\.\d+)?[eE]\+?\d{1,2})"
_SHEETDATA_PREFIX = re.compile(rb"<(\w+):sheetData\b")


def _big_number_pattern(prefix: bytes) -> re.Pattern[bytes]:
    # Starts with a literal ("<v>"), so the regex engine can skip ahead quickly.
    tag = prefix + b":v" if prefix else b"v"
    return re.compile(b"<" + tag + b">" + _BIG_NUMBER_VALUE + b"</" + tag + b">")
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_REF_ATTR = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_TYPE_ATTR = re.compile(rb'\bt="(\w+)"')


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


@dataclass
class _SheetScan:
    numbers: dict[int, list[int]]   # absolute column -> Excel rows of big number cells
    formulas: list[_Formula]
    hidden_rows: list[int] = field(default_factory=list)  # Excel rows hidden (or filtered out)


# A row hidden in Excel (by hand or by a filter): <row r="12" ... hidden="1">
_HIDDEN_ROW = re.compile(rb"""<(?:\w+:)?row\b([^>]*?\bhidden\s*=\s*["'](?:1|true)["'][^>]*)>""")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")


def _hidden_rows_in(buf: bytes) -> list[int]:
    rows = []
    for m in _HIDDEN_ROW.finditer(buf):
        r = _ROW_NUMBER.search(m.group(1))
        if r is not None:
            rows.append(int(r.group(1)))
    return rows


def _scan_sheet_xml(path: str, member: str) -> _SheetScan | None:
    """Number cells holding big numbers in a sheet's XML (absolute column -> Excel rows) and
    its formula cells.

    Much cheaper than a second pass of the Excel reader: the XML is inflated (zlib works
    without holding the GIL, so this runs in a helper thread while the Excel reader parses)
    and searched for number values of ten or more digits (identity numbers Excel turned
    into numbers); only those few cells are looked at. None when the XML cannot be read
    this way (the caller then asks the Excel reader).
    """
    hits: dict[int, list[int]] = {}
    formulas: list[_Formula] = []
    hidden: list[int] = []
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
            carry = b""
            pattern = None
            while True:
                chunk = fh.read(16 * 1024 * 1024)
                buf = carry + chunk
                if chunk:
                    cut = buf.rfind(b"</c>")
                    if cut < 0:
                        carry = buf
                        continue
                    cut += 4
                    buf, carry = buf[:cut], buf[cut:]
                if pattern is None:
                    at = buf.find(b"sheetData")
                    if at < 0 and chunk:
                        carry = buf + carry
                        continue
                    # "<sheetData" or a namespace prefix such as "<x:sheetData"
                    ns = _SHEETDATA_PREFIX.search(buf, max(0, at - 40), at + 10) if at >= 0 \
                        else None
                    pattern = _big_number_pattern(ns.group(1) if ns else b"")
                if _may_hold_formula(buf):
                    formulas.extend(_formulas_in(buf))
                if b"hidden" in buf:
                    hidden.extend(_hidden_rows_in(buf))
                for m in pattern.finditer(buf):
                    lo = max(0, m.start() - 4096)  # a cell's own tag is close by
                    start = max(buf.rfind(b"<c ", lo, m.start()), buf.rfind(b":c ", lo, m.start()))
                    if start < 0:
                        return None
                    cell = _CELL_OPEN.match(buf, start if buf[start:start + 1] == b"<"
                                            else buf.rfind(b"<", 0, start + 1))
                    if cell is None:
                        return None
                    attrs = cell.group(1)
                    kind = _TYPE_ATTR.search(attrs)
                    if kind and kind.group(1) not in (b"n",):
                        continue  # text, a formula's text result, an error or a boolean
                    ref = _REF_ATTR.search(attrs)
                    if ref is None:
                        return None  # cells without references: let the Excel reader decide
                    hits.setdefault(_col_index(ref.group(1)), []).append(int(ref.group(2)))
                if not chunk:
                    break
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, zlib.error, EOFError):
        return None
    return _SheetScan(hits, formulas, hidden)


def _masks_from_hits(hits: dict[int, list[int]], cols: Sequence[int], n: int, offset: int,
                     first_row: int) -> dict[int, np.ndarray]:
    out = {}
    for c in cols:
        mask = np.zeros(n, dtype=bool)
        rows = np.asarray(hits.get(c + offset, []), dtype=np.int64) - first_row
        mask[rows[(rows >= 0) & (rows < n)]] = True
        out[c] = mask
    return out


def _first_col_offset(sheet) -> int:
    try:
        return int(sheet.selected_columns[0].absolute_index)
    except BaseException as exc:  # noqa: BLE001
        if not _reader_error(exc):
            raise
        return 0


def _numeric_mask(reader, idx: int, cols: Sequence[int], n: int,
                  offset: int = 0) -> dict[int, np.ndarray]:
    """For the given (grid) column positions: True where the cell holds a number.

    ``offset`` is the sheet's first used column: fastexcel's ``use_columns`` takes absolute
    column indices, grid positions start at the first used column. The ``boolean`` dtype is
    used as a probe because fastexcel coerces a number cell to a boolean but leaves a text
    cell null (a ``float`` probe would also parse text such as "3320011411430001").
    """
    out: dict[int, np.ndarray] = {}
    if not cols:
        return out
    absolute = [c + offset for c in cols]
    try:
        sheet = reader.load_sheet(idx, header_row=None, use_columns=absolute,
                                  dtypes={c: "boolean" for c in absolute})
        batch = sheet.to_arrow()
    except BaseException as exc:  # noqa: BLE001
        if not _reader_error(exc):
            raise
        return out
    for pos, c in enumerate(cols):
        arr = batch.column(pos)
        mask = np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        if len(mask) < n:
            mask = np.concatenate([mask, np.zeros(n - len(mask), dtype=bool)])
        out[c] = mask[:n]
    return out


def _xls_first_rows(path: str, names: Sequence[str]) -> dict[str, int]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - optional, rows then count from the used range
        return {}
    out = {}
    try:
        wb = CalamineWorkbook.from_path(path)
        for name in names:
            start = wb.get_sheet_by_name(name).start
            if start is not None:
                out[name] = int(start[0]) + 1
    except BaseException as exc:  # noqa: BLE001
        if not _reader_error(exc):
            raise
        return out
    return out


def _select_sheets(path: str, names: list[str], wanted: Sequence[str] | None) -> list[int]:
    if not wanted:
        return list(range(len(names)))
    chosen = []
    folded = {n.strip().casefold(): i for i, n in enumerate(names)}
    for w in wanted:
        w = str(w)
        if w.strip().casefold() in folded:
            chosen.append(folded[w.strip().casefold()])
        elif w.isdigit() and 1 <= int(w) <= len(names):
            chosen.append(int(w) - 1)
        else:
            raise InputError(f"no sheet {w!r}; the workbook has: {', '.join(names)}", path=path)
    return sorted(set(chosen))


def _rename(table: pa.Table) -> pa.Table:
    return table.rename_columns([f"c{i}" for i in range(table.num_columns)])
