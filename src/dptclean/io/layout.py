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


# A key of a title pair inside a longer text ("KELURAHAN/DESA : BUGO     KECAMATAN : WELAHAN"):
# a known key followed by ":" after at least two spaces (or a tab) starts the next pair.
_NEXT_KEY = re.compile(
    r"(?:\s{2,}|\t)(?=(?:PROVINSI|PROPINSI|KABUPATEN(?:\s*/\s*KOTA)?|KAB(?:\s*/\s*KOTA)?|"
    r"KOTA|KECAMATAN|KEC|KELURAHAN(?:\s*/\s*DESA)?|DESA(?:\s*/\s*KELURAHAN)?|TPS|"
    r"NO\.?\s*TPS)\s*:)", re.I)


def _split_pairs(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        out.extend(part.strip() for part in _NEXT_KEY.split(text) if part.strip())
    return out


def parse_title_pairs(cells: Sequence[object]) -> dict[str, str]:
    """Read ``KEY : VALUE`` pairs for location fields from one title row's cells.

    Handles one cell ("KECAMATAN : WELAHAN"), split cells ("KECAMATAN", ": WELAHAN" or
    "KECAMATAN :", "WELAHAN" or "KECAMATAN", ":", "WELAHAN"), several pairs in one row and
    several pairs in one cell ("KELURAHAN/DESA : BUGO     KECAMATAN : WELAHAN").
    """
    texts = _split_pairs([str(c).strip() for c in cells if not _is_empty(c)])
    out: dict[str, str] = {}
    i = 0
    while i < len(texts):
        key_text, value, used = _title_pair_at(texts, i)
        if key_text is not None:
            fld = _TITLE_KEYS.get(schema.header_key(key_text))
            if fld and value:
                out.setdefault(fld, value)
        i += used
    return out


def _title_pair_at(texts: list[str], i: int) -> tuple[str | None, str | None, int]:
    """The pair starting at ``texts[i]``: (key text, value, how many texts it used)."""
    text = texts[i]
    m = _KV.match(text)
    if m:
        value = m.group(2)
        if not value and i + 1 < len(texts):
            return m.group(1), texts[i + 1].lstrip(":").strip(), 2
        return m.group(1), value, 1
    if schema.header_key(text) in _TITLE_KEYS and i + 1 < len(texts):
        nxt = texts[i + 1]
        if nxt.startswith(":"):
            value = nxt[1:].strip()
            if not value and i + 2 < len(texts):
                return text, texts[i + 2], 3
            return text, value, 2
    return None, None, 1


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
    title_texts: list[str] = field(default_factory=list)  # the text of each title row

    @property
    def unmapped(self) -> list[str]:
        return [h for i, h in enumerate(self.headers) if i not in self.mapping and h]


def _row_cells(grid: pa.Table, start: int, stop: int) -> list[list[object]]:
    part = grid.slice(start, max(0, stop - start)).to_pydict()
    cols = list(part.values())
    n = len(cols[0]) if cols else 0
    return [[col[r] for col in cols] for r in range(n)]


def detect_layout(
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
        header_index = _find_header(rows, overrides)
    elif header_index >= len(rows):
        raise SchemaError(f"--header-row {header_index + 1} is past the end of the data")
    headers, header_rows = _header_texts(rows, header_index)
    mapping = schema.map_headers(headers, overrides)
    _check_overrides(headers, header_index, overrides)
    title_values, skipped, titles = _read_title_rows(rows[:header_index])
    skipped[SKIP_HEADER] += header_rows
    data_start = header_index + header_rows
    if data_start < len(rows) and _is_column_numbers(rows[data_start]):
        skipped[SKIP_COLUMN_NUMBERS] += 1
        data_start += 1
    return Layout(header_index=header_index, header_rows=header_rows, headers=headers,
                  mapping=mapping, title_values=title_values, skipped_above=skipped,
                  data_start=data_start, title_texts=titles)


def _find_header(rows: list[list[object]], overrides: Mapping[str, str] | None) -> int:
    best, best_hits = None, 0
    for i, cells in enumerate(rows):
        fields = set(schema.map_headers(cells, overrides).values())
        hits = len(fields)
        # A header names the person: NAMA (or an override) must be among its columns.
        if hits > best_hits and (schema.NAMA in fields or hits >= 4):
            best, best_hits = i, hits
    if best is None or best_hits < 2:
        raise SchemaError(
            f"no recognisable header row in the first {HEADER_SCAN_ROWS} rows "
            "(expected columns such as NIK, NAMA, TANGGAL LAHIR); "
            "use --header-row N and --map FIELD=Header")
    return best


def _header_texts(rows: list[list[object]], header_index: int) -> tuple[list[str], int]:
    """The header cells, combined with a second header row when there is one."""
    headers = ["" if _is_empty(c) else " ".join(str(c).split()) for c in rows[header_index]]
    if header_index + 1 < len(rows):
        combined = combine_sub_header(headers, rows[header_index + 1])
        if combined is not None:
            return combined, 2
    return headers, 1


def combine_sub_header(headers: list[str], below: Sequence[object]) -> list[str] | None:
    """A two-row header: the row under the header names sub-columns, either under an empty
    (merged) header cell (ALAMAT over JALAN/DUKUH, RT, RW) or together with the cell above or
    the merged cell to its left (LAHIR over TEMPAT | TANGGAL: TEMPAT LAHIR, TANGGAL LAHIR).
    None when the row below is not such a sub-header (a record, a row of column numbers)."""
    parents: list[str] = []
    last = ""
    for h in headers:
        last = h or last
        parents.append(h or last)
    out = list(headers)
    changed = False
    for i, cell in enumerate(below):
        if _is_empty(cell):
            continue
        if i >= len(headers):
            return None
        sub = " ".join(str(cell).split())
        name = _sub_header_name(sub, headers[i], parents[i])
        if name is None:
            return None
        if name != headers[i]:
            out[i] = name
            changed = True
    return out if changed else None


def _sub_header_name(sub: str, own: str, parent: str) -> str | None:
    """The header a sub-header cell gives its column, or None when it names no field."""
    own_field = schema.field_for_header(own) if own else None
    candidates = [f"{sub} {parent}", f"{parent} {sub}"] if parent else []
    if own_field is None:
        candidates.insert(0, sub)
    else:
        candidates.append(sub)
    for name in candidates:
        hit = schema.field_for_header(name)
        if hit is None:
            continue
        if own_field is not None:
            # under a header that names a field: a detail of it (ALAMAT over JALAN/DUKUH)
            return own if hit[0] == own_field[0] else None
        return name
    return None


def _check_overrides(headers: list[str], header_index: int,
                     overrides: Mapping[str, str] | None) -> None:
    if not overrides:
        return
    keys = {schema.header_key(h) for h in headers}
    missing = [f"{fld}={hdr!r}" for fld, hdr in overrides.items()
               if schema.header_key(hdr) not in keys]
    if missing:
        raise SchemaError(f"--map names a header that is not in the header row: "
                          f"{', '.join(missing)} (header row {header_index + 1} has: "
                          f"{header_cells_text(headers)})")


def _read_title_rows(rows: list[list[object]]) -> tuple[dict[str, str], Counter, list[str]]:
    title_values: dict[str, str] = {}
    skipped: Counter[str] = Counter()
    texts: list[str] = []
    for cells in rows:
        if all(_is_empty(c) for c in cells):
            skipped[SKIP_BLANK] += 1
            continue
        skipped[SKIP_TITLE] += 1
        texts.append(" ".join(str(c).strip() for c in cells if not _is_empty(c)))
        for fld, value in parse_title_pairs(cells).items():
            title_values.setdefault(fld, value)
    return title_values, skipped, texts


def _is_column_numbers(cells: Sequence[object]) -> bool:
    nonempty = [str(c).strip() for c in cells if not _is_empty(c)]
    return len(nonempty) >= 2 and all(_COLNUM.match(c) for c in nonempty)


# Header words of a recap sheet (counts per TPS): L | P | JUMLAH, LAKI-LAKI | PEREMPUAN.
_RECAP_WORDS = frozenset(["L", "P", "LP", "LAKILAKI", "PEREMPUAN", "JUMLAH", "JML", "TOTAL",
                          "JUMLAHPEMILIH", "JMLPEMILIH", "JUMLAHDPT", "JUMLAHLP", "LK", "PR"])


def looks_like_recap(grid: pa.Table) -> bool:
    """Whether the first rows hold a recap header: TPS (or desa) with counts (L, P, JUMLAH),
    and no NAMA column."""
    for cells in _row_cells(grid, 0, min(grid.num_rows, HEADER_SCAN_ROWS)):
        keys = [schema.header_key(c) for c in cells if not _is_empty(c)]
        fields = set(schema.map_headers(cells).values())
        if schema.NAMA in fields:
            return False
        counts = sum(k in _RECAP_WORDS for k in keys)
        if counts >= 2 and fields & {schema.TPS, schema.KELURAHAN}:
            return True
    return False


def other_header_rows(grid: pa.Table, layout: Layout, overrides: Mapping[str, str] | None
                      ) -> list[tuple[int, dict[int, str]]]:
    """Rows below the header that are a header again with another column order (joined
    exports): (grid row index, its mapping). Found cheaply: in a column that holds numbers
    in records (NIK, NKK, NO, dates, RT, TPS), a header row holds a word."""
    numeric = [schema.NIK, schema.NKK, schema.RECORD_NO, schema.TANGGAL_LAHIR, schema.RT,
               schema.RW, schema.TPS, schema.USIA]
    inv = {fld: pos for pos, fld in layout.mapping.items()}
    probe = next((inv[f] for f in numeric if f in inv and inv[f] < grid.num_columns), None)
    if probe is None or layout.data_start >= grid.num_rows:
        return []
    col = _clean(grid.column(probe).slice(layout.data_start))
    candidates = np.flatnonzero(_starts_with_letter(pc.fill_null(col, "")))
    if not len(candidates):
        return []
    found = []
    rows = grid.slice(layout.data_start).take(pa.array(candidates)).to_pylist()
    for k, row in zip(candidates.tolist(), rows):
        cells = list(row.values())
        mapping = schema.map_headers(cells, overrides)
        fields = set(mapping.values())
        if schema.NAMA in fields and len(fields) >= 3 and mapping != layout.mapping:
            found.append((layout.data_start + int(k), mapping))
    return found


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

    _skip_closing_rows(columns, codes, inv)

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


# Closing rows under a list: the signature block of a KPU form ("Mengetahui," | "KETUA PPS",
# "( SUPARNO )"), counts without the word JUMLAH ("Laki-laki : 120", "L = 120"), notes. They
# hold none of the values that identify a voter (a record number, a NIK or NKK, a birth date,
# a sex code), which the last voter row of a list holds at least one of. At most this many
# such rows end a list; more is a damaged stretch of records, kept as records.
_CLOSING_MAX = 20
_IDENTIFYING: tuple[tuple[str, re.Pattern[str]], ...] = (
    (schema.RECORD_NO, re.compile(r"^\d{1,7}(?:[.,]0+|\.)?$")),
    (schema.NIK, re.compile(r"[\d*]{6}")),
    (schema.NKK, re.compile(r"[\d*]{6}")),
    (schema.TANGGAL_LAHIR, re.compile(r"\d")),
    (schema.JENIS_KELAMIN, re.compile(
        r"(?i)^(?:L|P|LK|PR|LAKI[- ]?LAKI|PEREMPUAN|WANITA|PRIA)$")),
)


def _skip_closing_rows(columns: list[pa.ChunkedArray], codes: np.ndarray,
                       inv: Mapping[str, int]) -> None:
    """Mark as footer the record rows at the end of a body that hold no identifying value
    (in place). Only the last rows are looked at: the loop stops at the last voter row."""
    tests = [(inv[fld], rx) for fld, rx in _IDENTIFYING
             if fld in inv and inv[fld] < len(columns)]
    if not tests:
        return
    tail: list[int] = []
    for k in range(len(codes) - 1, -1, -1):
        if codes[k] != RECORD:
            continue
        if any(isinstance(v := columns[pos][k].as_py(), str) and rx.search(v)
               for pos, rx in tests):
            break
        tail.append(k)
        if len(tail) > _CLOSING_MAX:
            return
    else:
        return  # no row identifies a voter: nothing tells records from closing rows
    codes[tail] = REASONS.index(SKIP_FOOTER)


# What the values of a column look like, for giving a sheet without a header the header of a
# sibling sheet: each pattern must fit most of the column's values.
_VALUE_SHAPES: dict[str, str] = {
    schema.NIK: r"^(?:[\d*]{12,16}|\d{15,17}[.,]0+|\d(?:[.,]\d+)?[eE]\+?\d{1,2})$",
    schema.NKK: r"^(?:[\d*]{12,16}|\d{15,17}[.,]0+|\d(?:[.,]\d+)?[eE]\+?\d{1,2})$",
    schema.TANGGAL_LAHIR: (r"^(?:\d{1,2}\s*[-/.|]\s*\d{1,2}\s*[-/.|]\s*\d{2,4}|"
                           r"\d{4}-\d{1,2}-\d{1,2}(?:[ T][\d:.]+)?|\d{4,5}(?:[.,]\d+)?)$"),
    schema.NAMA: r"[A-Za-z]",
    schema.JENIS_KELAMIN: r"(?i)^(?:L|P|LK|PR|LAKI[- ]?LAKI|PEREMPUAN|WANITA|PRIA)$",
    schema.RECORD_NO: r"^\d{1,7}(?:[.,]0+)?$",
}
# ... and must not hold this (a name with a NIK-long run of digits is a misplaced column)
_VALUE_NOT: dict[str, str] = {schema.NAMA: r"\d{5}"}
_SAMPLE_ROWS = 200
_FIT = 0.8


def misfit_column(grid: pa.Table, layout: Layout) -> str | None:
    """The header of the first column whose values do not fit its field, for a grid read
    with ``layout``'s header; None when they fit. NAMA and a NIK or TANGGAL LAHIR column
    must be among the columns checked."""
    fields = set(layout.mapping.values())
    if schema.NAMA not in fields or not fields & {schema.NIK, schema.TANGGAL_LAHIR}:
        return "NAMA"
    rows = grid.slice(0, min(grid.num_rows, HEADER_SCAN_ROWS * 5))
    cols = [_clean(rows.column(i)) for i in range(rows.num_columns)]
    valid = np.sum([_bools(pc.is_valid(c)) for c in cols], axis=0) if cols else np.zeros(0)
    data = np.flatnonzero(valid >= 3)[:_SAMPLE_ROWS]
    if not len(data):
        return "NAMA"
    for pos, fld in sorted(layout.mapping.items()):
        shape = _VALUE_SHAPES.get(fld)
        if shape is None or pos >= len(cols):
            continue
        values = cols[pos].take(pa.array(data))
        filled = values.length() - values.null_count
        if filled == 0:
            if fld in (schema.NAMA,):
                return layout.headers[pos]
            continue
        fits = pc.match_substring_regex(values, shape)
        if fld in _VALUE_NOT:
            fits = pc.and_(fits, pc.invert(pc.match_substring_regex(values, _VALUE_NOT[fld])))
        fit = int(pc.sum(fits).as_py() or 0)
        if fit < _FIT * filled:
            return layout.headers[pos]
    return None
