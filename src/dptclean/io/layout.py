"""Layout detection: where the header is, what the title rows say, which rows are records.

Works on a *grid*: an Arrow table of string columns as a sheet or CSV file holds them, with no
header applied. Detection looks at the first rows only (in Python); the body is classified with
vectorised Arrow compute so a million-row sheet costs little more than reading it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dptclean import schema
from dptclean.errors import SchemaError
from dptclean.report.privacy import header_cells_text

# How many leading rows are searched for the header.
HEADER_SCAN_ROWS = 40

# Reasons a non-empty row is not a record (also the keys of SheetReport.skipped).
SKIP_TITLE = "title"
SKIP_BLANK = "blank"
SKIP_HEADER = "header"
SKIP_COLUMN_NUMBERS = "column_numbers"
SKIP_HEADER_REPEAT = "header_repeat"
SKIP_FOOTER = "footer"
SKIP_SECTION = "section"
SKIP_TEXT_ONLY = "text_only"
SKIP_RAGGED = "ragged"

_TITLE_KEYS: dict[str, str] = {
    "PROVINSI": schema.PROVINSI, "PROPINSI": schema.PROVINSI, "PROV": schema.PROVINSI,
    "KABUPATEN": schema.KABUPATEN, "KABUPATENKOTA": schema.KABUPATEN, "KABKOTA": schema.KABUPATEN,
    "KOTA": schema.KABUPATEN, "KAB": schema.KABUPATEN,
    "KECAMATAN": schema.KECAMATAN, "KEC": schema.KECAMATAN,
    "KELURAHAN": schema.KELURAHAN, "DESA": schema.KELURAHAN, "KELURAHANDESA": schema.KELURAHAN,
    "DESAKELURAHAN": schema.KELURAHAN, "KELDESA": schema.KELURAHAN,
    "TPS": schema.TPS, "NOTPS": schema.TPS, "NOMORTPS": schema.TPS,
}
_KV = re.compile(r"^\s*([A-Za-z][A-Za-z /.\-_]{0,30}?)\s*:\s*(.*?)\s*$")
_FOOTER = re.compile(r"(?i)^\s*(JUMLAH|JML\b|TOTAL|SUB\s*TOTAL|REKAP)")
_COLNUM = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_SECTION_RE = (r"(?i)^\s*(PROVINSI|PROPINSI|KABUPATEN(\s*/\s*KOTA)?|KAB\s*/\s*KOTA|KOTA|"
               r"KECAMATAN|KELURAHAN(\s*/\s*DESA)?|DESA(\s*/\s*KELURAHAN)?|TPS|NO\.?\s*TPS)"
               r"\s*:")
_SECTION_KEY_ONLY = (r"(?i)^\s*(PROVINSI|PROPINSI|KABUPATEN(\s*/\s*KOTA)?|KAB\s*/\s*KOTA|KOTA|"
                     r"KECAMATAN|KELURAHAN(\s*/\s*DESA)?|DESA(\s*/\s*KELURAHAN)?|TPS|"
                     r"NO\.?\s*TPS)\s*:?\s*$")


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_title_pairs(cells: Sequence[object]) -> dict[str, str]:
    """Read ``KEY : VALUE`` pairs for location fields from one title row's cells.

    Handles one cell ("KECAMATAN : WELAHAN"), split cells ("KECAMATAN", ": WELAHAN" or
    "KECAMATAN :", "WELAHAN" or "KECAMATAN", ":", "WELAHAN") and several pairs in one row.
    """
    texts = [str(c).strip() for c in cells if not _is_empty(c)]
    out: dict[str, str] = {}
    i = 0
    while i < len(texts):
        text = texts[i]
        m = _KV.match(text)
        key_text, value, used = None, None, 1
        if m:
            key_text, value = m.group(1), m.group(2)
            if not value and i + 1 < len(texts):
                value, used = texts[i + 1].lstrip(":").strip(), 2
        elif schema.header_key(text) in _TITLE_KEYS and i + 1 < len(texts):
            nxt = texts[i + 1]
            if nxt.startswith(":"):
                key_text = text
                value = nxt[1:].strip()
                used = 2
                if not value and i + 2 < len(texts):
                    value, used = texts[i + 2], 3
        if key_text is not None:
            fld = _TITLE_KEYS.get(schema.header_key(key_text))
            if fld and value:
                out.setdefault(fld, value)
        i += used
    return out


@dataclass
class Layout:
    """What detection found in a grid (indices are 0-based grid rows)."""

    header_index: int
    header_rows: int
    headers: list[str]
    mapping: dict[int, str]
    title_values: dict[str, str] = field(default_factory=dict)
    skipped_above: Counter = field(default_factory=Counter)
    data_start: int = 0

    @property
    def unmapped(self) -> list[str]:
        return [h for i, h in enumerate(self.headers) if i not in self.mapping and h]


def _row_cells(grid: pa.Table, start: int, stop: int) -> list[list[object]]:
    part = grid.slice(start, max(0, stop - start)).to_pydict()
    cols = list(part.values())
    n = len(cols[0]) if cols else 0
    return [[col[r] for col in cols] for r in range(n)]


def detect_layout(  # noqa: C901 (to split: issue 15)
    grid: pa.Table,
    *,
    header_index: int | None = None,
    overrides: Mapping[str, str] | None = None,
) -> Layout:
    """Find the header row (or use ``header_index``), map its columns, read the title rows."""
    scan = min(grid.num_rows, HEADER_SCAN_ROWS if header_index is None
               else max(header_index + 3, 3))
    rows = _row_cells(grid, 0, scan)
    if header_index is None:
        best, best_hits = None, 0
        for i, cells in enumerate(rows):
            mapped = schema.map_headers(cells, overrides)
            fields = set(mapped.values())
            hits = len(fields)
            # A header names the person: NAMA (or an override) must be among its columns.
            if hits > best_hits and (schema.NAMA in fields or hits >= 4):
                best, best_hits = i, hits
        if best is None or best_hits < 2:
            raise SchemaError(
                f"no recognisable header row in the first {HEADER_SCAN_ROWS} rows "
                "(expected columns such as NIK, NAMA, TANGGAL LAHIR); "
                "use --header-row N and --map FIELD=Header")
        header_index = best
    elif header_index >= len(rows):
        raise SchemaError(f"--header-row {header_index + 1} is past the end of the data")

    headers = ["" if _is_empty(c) else " ".join(str(c).split()) for c in rows[header_index]]
    header_rows = 1
    # A two-row header: cells under empty (merged) header cells name sub-columns
    # (e.g. ALAMAT over JALAN/DUKUH, RT, RW).
    if header_index + 1 < len(rows):
        below = rows[header_index + 1]
        fill = {i: str(c).strip() for i, c in enumerate(below)
                if not _is_empty(c) and i < len(headers) and not headers[i]
                and schema.field_for_header(c)}
        others = [c for i, c in enumerate(below) if not _is_empty(c) and i not in fill]
        if fill and all(schema.field_for_header(c) for c in others):
            for i, text in fill.items():
                headers[i] = text
            header_rows = 2
    mapping = schema.map_headers(headers, overrides)
    if overrides:
        keys = {schema.header_key(h) for h in headers}
        missing = [f"{fld}={hdr!r}" for fld, hdr in overrides.items()
                   if schema.header_key(hdr) not in keys]
        if missing:
            raise SchemaError(f"--map names a header that is not in the header row: "
                              f"{', '.join(missing)} (header row {header_index + 1} has: "
                              f"{header_cells_text(headers)})")

    title_values: dict[str, str] = {}
    skipped: Counter[str] = Counter()
    for cells in rows[:header_index]:
        if all(_is_empty(c) for c in cells):
            skipped[SKIP_BLANK] += 1
            continue
        skipped[SKIP_TITLE] += 1
        for fld, value in parse_title_pairs(cells).items():
            title_values.setdefault(fld, value)
    skipped[SKIP_HEADER] += header_rows
    data_start = header_index + header_rows
    if data_start < len(rows):
        cells = rows[data_start]
        nonempty = [str(c).strip() for c in cells if not _is_empty(c)]
        if len(nonempty) >= 2 and all(_COLNUM.match(c) for c in nonempty):
            skipped[SKIP_COLUMN_NUMBERS] += 1
            data_start += 1
    return Layout(header_index=header_index, header_rows=header_rows, headers=headers,
                  mapping=mapping, title_values=title_values, skipped_above=skipped,
                  data_start=data_start)


# Bytes that may start / end a value with whitespace utf8_trim_whitespace would remove: ASCII
# whitespace, and (conservatively) any non-ASCII character such as a no-break space.
_WS_FIRST = np.zeros(256, dtype=bool)
_WS_FIRST[[9, 10, 11, 12, 13, 32]] = True
_WS_FIRST[0xC2:] = True
_WS_LAST = np.zeros(256, dtype=bool)
_WS_LAST[[9, 10, 11, 12, 13, 32]] = True
_WS_LAST[0x80:] = True


def _may_need_trim(chunk: pa.Array) -> bool:
    """Cheap pre-check on the raw buffers: could any value start or end with whitespace?"""
    if len(chunk) == 0:
        return False
    if pa.types.is_large_string(chunk.type):
        width = np.int64
    elif pa.types.is_string(chunk.type):
        width = np.int32
    else:
        return True
    _, offsets_buf, data_buf = chunk.buffers()
    if data_buf is None or data_buf.size == 0:
        return False
    offsets = np.frombuffer(offsets_buf, dtype=width)[chunk.offset:chunk.offset + len(chunk) + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8)
    starts, ends = offsets[:-1], offsets[1:]
    nonempty = ends > starts
    if not nonempty.all():
        starts, ends = starts[nonempty], ends[nonempty]
    return bool(_WS_FIRST[data[starts]].any() or _WS_LAST[data[ends - 1]].any())


TEXT = pa.large_string()  # the type of every cleaned column (what pandas' string dtype holds)


def _clean(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """Trim whitespace; empty strings become null; the type becomes large_string.

    Most columns hold no padded and no empty values: those chunks are passed through as they
    are (a million-row column costs a millisecond instead of a full copy).
    """
    if not isinstance(col, pa.ChunkedArray):
        col = pa.chunked_array([col])
    if col.type != TEXT:
        col = col.cast(TEXT)
    if any(_may_need_trim(chunk) for chunk in col.chunks):
        col = pa.chunked_array([pc.utf8_trim_whitespace(chunk) if _may_need_trim(chunk)
                                else chunk for chunk in col.chunks], type=TEXT)
    empty = pc.equal(col, "")
    if pc.any(empty).as_py():
        col = pc.if_else(empty, pa.scalar(None, TEXT), col)
    return col


# Row classification codes (0 = a record); the names are the SKIP_* reasons.
RECORD = 0
REASONS: tuple[str, ...] = ("", SKIP_BLANK, SKIP_FOOTER, SKIP_SECTION, SKIP_HEADER_REPEAT,
                            SKIP_COLUMN_NUMBERS, SKIP_TEXT_ONLY)


@dataclass
class Body:
    """The classified body of a grid: which rows are records, which are skipped and why."""

    columns: list[pa.ChunkedArray]    # cleaned columns of the body (all rows)
    codes: np.ndarray                 # int8 per body row: index into REASONS (0 = record)
    section_values: dict[str, np.ndarray]  # field -> value per body row (forward-filled)

    @property
    def record_mask(self) -> np.ndarray:
        return self.codes == RECORD

    def skipped(self) -> dict[str, np.ndarray]:
        """Reason -> body row indices, for every reason that occurs."""
        counts = np.bincount(self.codes, minlength=len(REASONS))
        return {REASONS[k]: np.flatnonzero(self.codes == k)
                for k in range(1, len(REASONS)) if counts[k]}


def _bools(arr) -> np.ndarray:
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


_ALPHA = np.zeros(256, dtype=bool)
_ALPHA[ord("A"):ord("Z") + 1] = True
_ALPHA[ord("a"):ord("z") + 1] = True


def _starts_with_letter(col: pa.ChunkedArray) -> np.ndarray:
    """Per value: does it start with an ASCII letter (read from the raw buffers)?"""
    parts = []
    for chunk in col.chunks:
        if len(chunk) == 0:
            continue
        if not (pa.types.is_large_string(chunk.type) or pa.types.is_string(chunk.type)):
            parts.append(np.ones(len(chunk), dtype=bool))
            continue
        _, offsets_buf, data_buf = chunk.buffers()
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets_buf, dtype=width)[chunk.offset:chunk.offset + len(chunk) + 1]
        if data_buf is None or data_buf.size == 0:
            parts.append(np.zeros(len(chunk), dtype=bool))
            continue
        data = np.frombuffer(data_buf, dtype=np.uint8)
        starts = offsets[:-1]
        nonempty = offsets[1:] > starts
        parts.append(nonempty & _ALPHA[data[np.minimum(starts, len(data) - 1)]])
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _match_where(col: pa.ChunkedArray, candidates: np.ndarray, pattern: str,
                 ignore_case: bool = False) -> np.ndarray:
    """Regex match, run only on the candidate rows (a cheap pre-filter found them)."""
    out = np.zeros(len(candidates), dtype=bool)
    idx = np.flatnonzero(candidates)
    if len(idx):
        sub = col.take(pa.array(idx))
        out[idx] = _bools(pc.match_substring_regex(sub, pattern, ignore_case=ignore_case))
    return out


def classify_body(grid: pa.Table, layout: Layout) -> Body:
    """Sort every body row into a record or a skipped row with a reason (vectorised)."""
    body = grid.slice(layout.data_start)
    n = body.num_rows
    columns = [_clean(body.column(i)) for i in range(body.num_columns)]
    codes = np.zeros(n, dtype=np.int8)
    if n == 0:
        return Body(columns, codes, {})

    valid = [np.asarray(pc.is_valid(c).to_numpy(zero_copy_only=False), dtype=bool)
             for c in columns]
    count = np.sum(valid, axis=0) if valid else np.zeros(n, dtype=int)
    codes[count == 0] = REASONS.index(SKIP_BLANK)

    # The first non-empty cell of each row; usually the first column is always filled.
    if columns and valid[0].all():
        first_s = columns[0]
    else:
        first = pc.coalesce(*columns) if columns else pa.nulls(n, TEXT)
        first_s = pc.fill_null(first, "")
    # Footers and section rows start with a word; record rows usually with a number (NO).
    worded = _starts_with_letter(first_s)
    footer = _match_where(first_s, worded, _FOOTER.pattern)
    few = worded & (count <= 4)
    section = _match_where(first_s, few, _SECTION_RE)
    # A section row split across cells ("TPS" | ": 002", "KECAMATAN :" | "WELAHAN"): the key
    # alone in the first cell. Rare, so the few candidates are checked one by one.
    lone_key = _match_where(first_s, few & (count >= 2) & ~section, _SECTION_KEY_ONLY)
    for k in np.flatnonzero(lone_key):
        if parse_title_pairs([c[int(k)].as_py() for c in columns]):
            section[k] = True

    inv = {fld: pos for pos, fld in layout.mapping.items()}
    nama_pos = inv.get(schema.NAMA)
    nik_pos = inv.get(schema.NIK)
    header_repeat = np.zeros(n, dtype=bool)
    colnum = np.zeros(n, dtype=bool)
    if nama_pos is not None and nama_pos < len(columns):
        nama = columns[nama_pos]
        want = layout.headers[nama_pos]
        length = np.asarray(pc.fill_null(pc.binary_length(nama), 0).to_numpy(
            zero_copy_only=False))
        header_repeat = _match_where(nama, length == len(want.encode("utf-8")),
                                     "^" + re.escape(want) + "$", ignore_case=True)
        colnum = _match_where(nama, (length > 0) & (length <= 8), _COLNUM.pattern)
        if nik_pos is not None and nik_pos < len(columns) and colnum.any():
            colnum &= _match_where(pc.fill_null(columns[nik_pos], ""), colnum,
                                   _COLNUM.pattern)
    text_only = count == 1
    if nik_pos is not None and nik_pos < len(valid):
        text_only &= ~valid[nik_pos]
    if nama_pos is not None and nama_pos < len(valid):
        # A lone name is still a (damaged) record; a lone text elsewhere is a note.
        text_only &= ~valid[nama_pos]

    for mask, reason in ((footer, SKIP_FOOTER), (section, SKIP_SECTION),
                         (header_repeat, SKIP_HEADER_REPEAT), (colnum, SKIP_COLUMN_NUMBERS),
                         (text_only, SKIP_TEXT_ONLY)):
        if mask.any():
            codes[mask & (codes == RECORD)] = REASONS.index(reason)

    section_values: dict[str, np.ndarray] = {}
    sec_idx = np.flatnonzero(codes == REASONS.index(SKIP_SECTION))
    if len(sec_idx):
        sec_rows = body.take(pa.array(sec_idx)).to_pylist()
        for k, row in zip(sec_idx, sec_rows):
            for fld, value in parse_title_pairs(list(row.values())).items():
                arr = section_values.setdefault(fld, np.full(n, None, dtype=object))
                arr[k] = value
        for fld, arr in section_values.items():
            # forward fill the section value down to the next section row of that field
            idx = np.where(np.array([v is not None for v in arr]), np.arange(n), -1)
            idx = np.maximum.accumulate(idx)
            filled = np.where(idx >= 0, arr[np.maximum(idx, 0)], None)  # type: ignore[call-overload]
            section_values[fld] = filled
    return Body(columns, codes, section_values)
