"""Format-specific reading: every input becomes one or more *grids* (Arrow tables of text).

A grid holds a sheet or a CSV file exactly as its cells are, without a header applied, plus what
is needed to give each row the number a person sees (Excel row, CSV line). Layout detection and
canonical mapping happen later, the same way for every format (see :mod:`dptclean.io.readers`).
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import os
import re
import zipfile
import zlib
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from dptclean.errors import InputError

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".tab", ".dat"}
PARQUET_SUFFIXES = {".parquet", ".pq"}

# Zip-bomb guard for workbooks: refuse archives that claim to inflate beyond these.
MAX_INFLATED_BYTES = 8 * 1024**3
MAX_COMPRESSION_RATIO = 400

# CSV columns are parsed straight into large_string, the type pandas' string dtype holds.
TEXT = pa.large_string()

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Grid:
    """One sheet or CSV file as text cells, plus row numbering and format hints."""

    source: str
    sheet: str | None
    table: pa.Table                      # string columns, no header applied
    first_row: int = 1                   # the row/line number of table row 0 (1-based)
    row_numbers: np.ndarray | None = None  # explicit row number per table row, when irregular
    skipped: dict[str, list[int]] = field(default_factory=dict)  # rows dropped by the parser
    # For workbooks: which cells of the given columns hold numbers (not text). Called lazily.
    numeric_cells: Callable[[Sequence[int]], dict[int, np.ndarray]] | None = None
    kind: str = "csv"                    # csv / excel / parquet
    has_header_names: bool = False       # parquet: column names are the header
    preset_columns: dict[str, pa.ChunkedArray] = field(default_factory=dict)

    def numbers(self, start: int, stop: int) -> np.ndarray:
        """Row numbers of table rows ``start:stop``."""
        if self.row_numbers is not None:
            return self.row_numbers[start:stop]
        return np.arange(self.first_row + start, self.first_row + stop, dtype=np.int64)


def suffix_of(path: str | os.PathLike) -> str:
    return Path(str(path)).suffix.lower()


# --- workbooks ----------------------------------------------------------------------------------


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
    """Validate the archive (zip-bomb guard); per sheet name: its XML member, first used row."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
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
                first = _first_value_row(fh)
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


def read_workbook(path: str, sheets: Sequence[str] | None = None) -> Iterator[Grid]:
    """Yield a grid per (selected) sheet of a workbook."""
    import fastexcel

    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=path) from None
    _check_workbook_bytes(path, head)
    members = _check_zip(path) if head.startswith(_ZIP_MAGIC) else {}
    try:
        reader = fastexcel.read_excel(path)
        names = list(reader.sheet_names)
    except Exception as exc:  # fastexcel raises its own error types
        raise InputError(f"cannot read the workbook: {_one_line(exc)}", path=path) from None
    if not names:
        raise InputError("the workbook has no sheets", path=path)

    chosen = _select_sheets(path, names, sheets)
    xls_starts: dict[str, int] = {}
    if not head.startswith(_ZIP_MAGIC):
        xls_starts = _xls_first_rows(path, [names[i] for i in chosen])
    # The number-cell scans of the sheets' XML run one after another in a helper thread,
    # overlapping the Excel reader's own parsing.
    pool = ThreadPoolExecutor(max_workers=1) if members else None
    scans: dict[int, Future] = {}
    if pool is not None:
        for idx in chosen:
            member = members.get(names[idx], (None, None))[0]
            if member is not None:
                scans[idx] = pool.submit(_scan_number_cells, path, member)
    try:
        for idx in chosen:
            name = names[idx]
            try:
                sheet = reader.load_sheet(idx, header_row=None, dtypes="string")
                table = pa.Table.from_batches([sheet.to_arrow()]) if sheet.width \
                    else pa.table({})
            except Exception as exc:
                raise InputError(f"cannot read the sheet: {_one_line(exc)}", path=path,
                                 sheet=name) from None
            first_xml = members.get(name, (None, None))[1]
            first_row = first_xml or xls_starts.get(name) or 1
            offset_cols = _first_col_offset(sheet) if sheet.width else 0

            def numeric_cells(cols: Sequence[int], _idx: int = idx, _n: int = table.num_rows,
                              _off: int = offset_cols, _first: int = first_row,
                              _member: str | None = members.get(name, (None, None))[0],
                              ) -> dict[int, np.ndarray]:
                scan = scans.get(_idx)
                hits = None
                if scan is not None:
                    try:
                        hits = scan.result()
                    except CancelledError:  # asked after the reading loop ended
                        hits = _scan_number_cells(path, _member) if _member else None
                if hits is not None:
                    return _masks_from_hits(hits, cols, _n, _off, _first)
                return _numeric_mask(reader, _idx, cols, _n, _off)

            yield Grid(source=path, sheet=name, table=_rename(table), first_row=first_row,
                       numeric_cells=numeric_cells, kind="excel")
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


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


def _scan_number_cells(path: str, member: str) -> dict[int, list[int]] | None:
    """Number cells holding big numbers in a sheet's XML: absolute column -> Excel rows.

    Much cheaper than a second pass of the Excel reader: the XML is inflated (zlib works
    without holding the GIL, so this runs in a helper thread while the Excel reader parses)
    and searched for number values of ten or more digits (identity numbers Excel turned
    into numbers); only those few cells are looked at. None when the XML cannot be read
    this way (the caller then asks the Excel reader).
    """
    hits: dict[int, list[int]] = {}
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
    return hits


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
    except Exception:
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
    except Exception:
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
            out[name] = int(wb.get_sheet_by_name(name).start[0]) + 1
    except Exception:
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


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


# --- CSV ----------------------------------------------------------------------------------------

DELIMITERS = [",", ";", "|", "\t", "#"]


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM), else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    head = data[: 1024 * 1024]
    if b"\x00" in head[:4096] and len(head) > 1:
        # UTF-16 without a BOM: every other byte is zero for ASCII text
        zeros_even = head[0:4096:2].count(0)
        zeros_odd = head[1:4096:2].count(0)
        if zeros_odd > len(head[:4096]) // 4:
            return "utf-16-le"
        if zeros_even > len(head[:4096]) // 4:
            return "utf-16-be"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # cut in the middle of a character
            return "utf-8"
        return "cp1252"


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The delimiter that splits the most rows into the same number (>1) of fields.

    ``lines`` may keep their line ends; a quoted value may then span lines.
    """
    best, best_score = ",", (-1, 0)
    for d in DELIMITERS:
        counts = [len(r) for r in _csv_rows(lines, d, limit=60) if any(c.strip() for c in r)]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        mode = max(set(multi), key=multi.count)
        score = (multi.count(mode), mode)
        if score > best_score:
            best, best_score = d, score
    return best


def _csv_rows(lines: Sequence[str], delim: str, limit: int) -> list[list[str]]:
    rows: list[list[str]] = []
    try:
        for r in csv.reader(lines, delimiter=delim):
            rows.append(r)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass  # e.g. a NUL byte: the rows read so far are enough to sniff
    return rows


def _head_rows(lines: list[str], delim: str, limit: int = 60):
    """Parse the first lines into rows; per row: cells, first line (1-based), char offset."""
    rows: list[list[str]] = []
    starts: list[int] = []
    offsets: list[int] = []
    ends = np.cumsum([0] + [len(ln) for ln in lines]).tolist()
    reader = csv.reader(lines, delimiter=delim)
    consumed = 0
    try:
        for r in reader:
            starts.append(consumed + 1)
            offsets.append(ends[consumed])
            rows.append(r)
            consumed = reader.line_num
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows, starts, offsets


HEAD_BYTES = 256 * 1024


def read_csv_bytes(data: bytes, source: str, *, delimiter: str | None = None,
                   encoding: str | None = None, header_hint: int | None = None) -> Grid:
    """Read CSV bytes into a grid; title lines above the header are kept as grid rows."""
    return _read_csv(data[:HEAD_BYTES], len(data), data, source, delimiter=delimiter,
                     encoding=encoding, header_hint=header_hint)


def _any_newline(table: pa.Table) -> bool:
    return any(_has_newline(chunk) for col in table.columns for chunk in col.chunks)


def _has_newline(chunk: pa.Array) -> bool:
    """Whether any value of a string array holds a line break (a scan of its data buffer)."""
    data = chunk.buffers()[2]
    return data is not None and bool((np.frombuffer(data, dtype=np.uint8) == 10).any())


def read_csv_path(path: str, **kw) -> Grid:
    """Read a CSV file into a grid. The file goes to the Arrow parser by path (no copy)."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=path) from None
    return _read_csv(head, size, path, path, **kw)


def _read_all(src: bytes | str, source: str) -> bytes:
    if isinstance(src, bytes):
        return src
    try:
        with open(src, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=source) from None


def _read_csv(head: bytes, size: int, src: bytes | str, source: str, *,
              delimiter: str | None = None, encoding: str | None = None,
              header_hint: int | None = None) -> Grid:
    if not head.strip() and (size <= len(head) or not _read_all(src, source).strip()):
        raise InputError("the file is empty", path=source)
    enc = encoding or detect_encoding(head)
    try:
        codecs.lookup(enc)
    except LookupError:
        raise InputError(f"unknown encoding {enc!r}", path=source) from None
    if codecs.lookup(enc).name.startswith("utf-16"):
        try:
            src = _read_all(src, source).decode(enc).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode as {enc}: {exc.reason}", path=source) from None
        head, size, enc = src[:HEAD_BYTES], len(src), "utf-8"
    head_codec = "utf-8" if codecs.lookup(enc).name in ("utf-8", "utf-8-sig") else enc
    bom = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) and head_codec == "utf-8" \
        else 0
    # surrogateescape: undecodable bytes round-trip, so text offsets map back to byte offsets
    text_head = head[bom:].decode(head_codec, errors="surrogateescape")
    lines = list(io.StringIO(text_head, newline=""))[:400]
    if size > len(head) and lines:
        lines = lines[:-1]  # possibly cut
    delim = delimiter or sniff_delimiter(lines)

    # Logical rows of the head (a quoted value may span lines), with their first line numbers.
    parsed_head, head_starts, head_offsets = _head_rows(lines, delim)
    if size > len(head) and len(parsed_head) > 1:
        # the last row may run past the head: only rows that ended inside it are trusted
        parsed_head, head_starts, head_offsets = (parsed_head[:-1], head_starts[:-1],
                                                  head_offsets[:-1])
    if not parsed_head:
        raise InputError("the file has no rows", path=source)
    widths = [len(r) for r in parsed_head]
    multi = [w for w in widths if w > 1] or widths
    # The table's width: the most common number of fields (ties: the wider); the header is
    # the first row of that width. Rows above it are title rows.
    width = max(set(multi), key=lambda w: (multi.count(w), w))
    if header_hint is not None:
        # --header-row counts lines; pick the row that starts on (or spans) that line
        start_line = max((i for i, ln in enumerate(head_starts) if ln <= header_hint + 1),
                         default=0)
        width = max(width, widths[start_line])
    else:
        start_line = next(i for i, w in enumerate(widths) if w == width)
    title_rows = parsed_head[:start_line]
    title_lines = head_starts[:start_line]
    header_line = head_starts[start_line]
    byte_offset = bom + len("".join(lines)[:head_offsets[start_line]].encode(
        head_codec, errors="surrogateescape"))

    encodings = [enc] if encoding else [enc] + (["cp1252"] if enc == "utf-8" else []) + ["latin-1"]
    last_exc: Exception | None = None
    for enc_try in dict.fromkeys(encodings):
        try:
            table, bad_rows, multiline = _arrow_csv(src, delim, enc_try, byte_offset, width)
            break
        except pa.ArrowInvalid as exc:
            last_exc = exc
            if "UTF8" in str(exc) or "utf8" in str(exc).lower():
                continue
            raise InputError(f"cannot parse as CSV: {_one_line(exc)}", path=source) from None
    else:
        raise InputError(f"cannot decode the text ({_one_line(last_exc)}); "
                         "give --encoding", path=source)

    # Row numbers. The parser counts logical CSV rows (a quoted value may span lines); people
    # see physical lines. Place table rows and rejected rows in logical order, then add the
    # line breaks inside the values of all rows before each one.
    n = table.num_rows
    width = table.num_columns
    base = header_line  # 1-based number of the first table row (the header line)
    logical = base + np.arange(n, dtype=np.int64)
    bad_logical = base + np.array([b[0] for b in bad_rows], dtype=np.int64)
    if len(bad_logical):
        q = np.sort(bad_logical) - np.arange(len(bad_logical))
        logical = logical + np.searchsorted(q, logical, side="right")
    nl = np.zeros(n, dtype=np.int64)
    if multiline and n:
        import pyarrow.compute as pc

        for col in table.columns:
            cnt = pc.fill_null(pc.count_substring(col, "\n"), 0)
            nl += np.asarray(cnt.to_numpy(zero_copy_only=False), dtype=np.int64)
    bad_nl = np.array([b[1].count("\n") for b in bad_rows], dtype=np.int64)
    if nl.any() or bad_nl.any():
        all_logical = np.concatenate([logical, bad_logical])
        all_nl = np.concatenate([nl, bad_nl])
        order = np.argsort(all_logical, kind="stable")
        before = np.cumsum(all_nl[order]) - all_nl[order]
        physical = np.empty_like(all_logical)
        physical[order] = all_logical[order] + before
        positions, bad_physical = physical[:n], physical[n:]
    else:
        positions, bad_physical = logical, bad_logical
    bad_lines: list[int] = []
    if bad_rows:
        # Rows with a different number of fields: pad short rows, drop empty extra fields;
        # a row with extra non-empty fields cannot be placed and is reported as ragged.
        fixed_rows, fixed_lines = [], []
        for line, (_, text) in sorted(zip(bad_physical.tolist(), bad_rows)):
            try:
                cells = next(csv.reader([text], delimiter=delim))
            except (csv.Error, StopIteration):
                cells = [text]
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                bad_lines.append(line)
                continue
            fixed_rows.append([c for c in cells[:width]] + [""] * (width - len(cells)))
            fixed_lines.append(line)
        if fixed_rows:
            extra = pa.table({f"c{i}": pa.array([r[i] for r in fixed_rows], TEXT)
                              for i in range(width)})
            table = pa.concat_tables([table.cast(extra.schema), extra])
            positions = np.concatenate([positions, np.array(fixed_lines, dtype=np.int64)])
            order = np.argsort(positions, kind="stable")
            table = table.take(pa.array(order))
            positions = positions[order]
    if title_rows:
        wider = max(len(r) for r in title_rows)
        for i in range(width, wider):
            # a title row wider than the table: keep its cells (e.g. "KECAMATAN" | ":" | "X")
            table = table.append_column(f"c{i}", pa.nulls(table.num_rows, TEXT))
        width = max(width, wider)
        tbl_title = pa.table({f"c{i}": pa.array(
            [r[i].strip() or None if i < len(r) else None for r in title_rows], TEXT)
            for i in range(width)})
        table = pa.concat_tables([tbl_title, table])
        positions = np.concatenate([np.array(title_lines, dtype=np.int64), positions])
    skipped = {"ragged": sorted(bad_lines)} if bad_lines else {}
    return Grid(source=source, sheet=None, table=table, row_numbers=positions, skipped=skipped,
                kind="csv")


def _arrow_csv(src: bytes | str, delim: str, enc: str, offset: int,
               width: int) -> tuple[pa.Table, list[tuple[int, str]], bool]:
    """Parse with Arrow from byte ``offset`` (the header row); return the table (string
    columns), the rejected rows (row number counted from the header, text) and whether some
    values span lines (a quoted value holding a line break)."""
    bad: list[tuple[int, str]] = []
    arrow_enc = "utf8" if codecs.lookup(enc).name in ("utf-8", "utf-8-sig") else enc

    def handler(row) -> str:
        bad.append((row.number if row.number is not None else -1, row.text))
        return "skip"

    def read(threads: bool, multiline: bool = True) -> pa.Table:  # noqa: FBT001
        if isinstance(src, bytes):
            stream = pa.BufferReader(pa.py_buffer(src))
        else:
            stream = pa.OSFile(src)
        try:
            stream.seek(offset)
            return pacsv.read_csv(
                stream,
                read_options=pacsv.ReadOptions(
                    autogenerate_column_names=True, encoding=arrow_enc,
                    use_threads=threads, block_size=8 * 1024 * 1024),
                parse_options=pacsv.ParseOptions(
                    delimiter=delim, quote_char='"', newlines_in_values=multiline,
                    ignore_empty_lines=False, invalid_row_handler=handler),
                convert_options=pacsv.ConvertOptions(
                    column_types={f"f{i}": TEXT for i in range(max(width, 256))},
                    strings_can_be_null=False, quoted_strings_can_be_null=False),
            )
        finally:
            stream.close()

    # Fast path: blocks split at any line break, parsed in parallel. It is only right when no
    # quoted value holds a line break; when one does, either a value shows it or the block
    # split cut a row and left rows with the wrong number of fields (or a parse error). Then
    # the file is parsed again with line breaks allowed in values.
    table = None
    try:
        table = read(True, False)
    except pa.ArrowInvalid:
        pass
    multiline = table is None or bool(bad) or _any_newline(table)
    if multiline:
        bad.clear()
        table = read(True, True)
        if bad:
            bad.clear()
            table = read(False, True)  # serially, so the parser reports row numbers
        multiline = _any_newline(table)
    table = table.rename_columns([f"c{i}" for i in range(table.num_columns)])
    if any(t != TEXT for t in table.schema.types):
        table = table.cast(pa.schema([(name, TEXT) for name in table.column_names]))
    # Arrow numbers rows from 1 at the header; the grid counts the header as row 0.
    return table, [(b[0] - 1, b[1]) for b in bad if b[0] >= 0], multiline


# --- Parquet ------------------------------------------------------------------------------------


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
    out = []
    for v in values:
        if v is None or v != v:
            out.append(None)
        elif float(v).is_integer() and abs(v) < 1e17:
            out.append(str(int(v)))
        else:
            out.append(repr(float(v)))
    return pa.chunked_array([pa.array(out, pa.string())])
