"""The read stage: any voter-list dump -> one pandas DataFrame with canonical columns.

``read_voters`` is the library entry point; ``load_voters`` also returns, per file and sheet,
what was detected and how every non-empty row was accounted for (loaded or skipped, and why).
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Union

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dptclean import schema
from dptclean.errors import ConfigError, InputError, SchemaError
from dptclean.io import layout as lay
from dptclean.io import sources

PathLike = Union[str, "os.PathLike[str]", IO[bytes]]
ProgressCallback = Callable[[str, int, "int | None"], None]

STRING = pd.StringDtype("pyarrow")


@dataclass
class SheetReport:
    """What was found in one sheet (or CSV/Parquet file) and how its rows were accounted for."""

    source_file: str
    sheet: str | None
    header_row: int | None          # 1-based row/line number of the header
    mapping: dict[str, str]         # canonical field -> header text as found
    unmapped: list[str]             # header cells that map to no field (kept as extra columns)
    title_values: dict[str, str]    # location given in title rows, applied to the whole sheet
    records: int
    skipped: dict[str, int]         # reason -> number of rows
    skipped_rows: dict[str, list[int]] = field(default_factory=dict)  # first rows per reason
    list_name: str = "DPT"
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_file": self.source_file, "sheet": self.sheet, "list": self.list_name,
            "header_row": self.header_row, "mapping": self.mapping, "unmapped": self.unmapped,
            "title_values": self.title_values, "records": self.records,
            "skipped": dict(sorted(self.skipped.items())),
            "skipped_rows": {k: v for k, v in sorted(self.skipped_rows.items())},
            "note": self.note,
        }


@dataclass
class LoadResult:
    """The loaded records and the per-sheet accounting."""

    frame: pd.DataFrame
    sheets: list[SheetReport]

    @property
    def records(self) -> int:
        return len(self.frame)

    @property
    def skipped(self) -> dict[str, int]:
        total: Counter = Counter()
        for s in self.sheets:
            total.update(s.skipped)
        return dict(sorted(total.items()))

    def to_dict(self) -> dict[str, Any]:
        return {"records": self.records, "skipped": self.skipped,
                "sheets": [s.to_dict() for s in self.sheets]}


def read_voters(paths: PathLike | Sequence[PathLike], **options: Any) -> pd.DataFrame:
    """Read one or more voter-list files into one DataFrame with canonical columns.

    Options: ``sheets`` (names or 1-based numbers), ``mapping`` (field -> header text),
    ``header_row`` (1-based), ``delimiter``, ``encoding``, ``list_name`` ("DPT"/"DPK"; default:
    "DPK" for files or sheets whose name says DPK), ``progress`` (callback).
    """
    return load_voters(paths, **options).frame


def load_voters(
    paths: PathLike | Sequence[PathLike],
    *,
    sheets: Sequence[str] | None = None,
    mapping: Mapping[str, str] | None = None,
    header_row: int | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    list_name: str | None = None,
    progress: ProgressCallback | None = None,
) -> LoadResult:
    """Like :func:`read_voters`, and also report the layout and row accounting per sheet."""
    if isinstance(paths, (str, os.PathLike)) or hasattr(paths, "read"):
        paths = [paths]  # type: ignore[list-item]
    paths = list(paths)  # type: ignore[arg-type]
    if not paths:
        raise InputError(key="no_input")
    if list_name is not None and list_name not in ("DPT", "DPK"):
        raise ConfigError(f"list_name must be 'DPT' or 'DPK', not {list_name!r}")
    if mapping:
        unknown = set(mapping) - set(schema.FIELDS) - {schema.RECORD_NO}
        if unknown:
            raise SchemaError(f"--map names unknown fields: {', '.join(sorted(unknown))}")
    from dptclean.limits import check_memory

    check_memory(paths)  # a clear error now rather than the OOM killer half-way
    frames: list[pd.DataFrame] = []
    reports: list[SheetReport] = []
    for n, path in enumerate(paths):
        for grid in _grids(path, sheets=sheets, delimiter=delimiter, encoding=encoding,
                           header_row=header_row):
            if progress:
                progress(f"reading {grid.source}" + (f" [{grid.sheet}]" if grid.sheet else ""),
                         n, len(paths))
            frame, report = _process_grid(grid, mapping=mapping, header_row=header_row,
                                          list_name=list_name, explicit_sheet=bool(sheets))
            reports.append(report)
            if frame is not None:
                frames.append(frame)
        _check_file_has_records(path, reports)
    if progress:
        progress("reading done", len(paths), len(paths))
    frame = _concat(frames)
    return LoadResult(frame=frame, sheets=reports)


def _check_file_has_records(path: PathLike, reports: list[SheetReport]) -> None:
    name = _display_name(path)
    mine = [r for r in reports if r.source_file == name]
    if mine and all(r.header_row is None for r in mine):
        only = mine[0]
        raise SchemaError(only.note or "no recognisable header row", path=name,
                          sheet=only.sheet if len(mine) == 1 else None)


def _display_name(path: PathLike) -> str:
    if hasattr(path, "read"):
        name = getattr(path, "name", None)
        return name if isinstance(name, str) else "<stdin>"
    return os.fspath(path)  # type: ignore[arg-type]


def _grids(path: PathLike, *, sheets, delimiter, encoding, header_row):
    if hasattr(path, "read"):
        data = path.read()  # type: ignore[union-attr]
        if isinstance(data, str):
            data = data.encode("utf-8")
        yield sources.read_csv_bytes(data, _display_name(path), delimiter=delimiter,
                                     encoding=encoding, header_hint=_hint(header_row))
        return
    p = os.fspath(path)  # type: ignore[arg-type]
    if p == "-":
        yield sources.read_csv_bytes(sys.stdin.buffer.read(), "<stdin>", delimiter=delimiter,
                                     encoding=encoding, header_hint=_hint(header_row))
        return
    if not os.path.exists(p):
        raise InputError(key="no_such_file", path=p)
    if os.path.isdir(p):
        raise InputError(key="is_directory_input", path=p)
    suffix = sources.suffix_of(p)
    if suffix in sources.EXCEL_SUFFIXES:
        yield from sources.read_workbook(p, sheets)
    elif suffix in sources.PARQUET_SUFFIXES:
        yield sources.read_parquet(p)
    elif suffix in sources.CSV_SUFFIXES or suffix == "":
        yield sources.read_csv_path(p, delimiter=delimiter, encoding=encoding,
                                    header_hint=_hint(header_row))
    else:
        raise InputError(key="unsupported_type", params={"suffix": repr(suffix)}, path=p)


def _hint(header_row: int | None) -> int | None:
    return None if header_row is None else header_row - 1


# --- from grid to canonical records -------------------------------------------------------------

_SCI = re.compile(r"^\s*(\d)(?:[.,](\d+))?[eE]\+?(\d{1,2})\s*$")
_DOT0 = re.compile(r"^\s*(\d{6,20})[.,]0+\s*$")
_ISO_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00(?:\.0+)?$"
_NUMBER_LIKE = r"^\s*\d(?:[.,]\d+)?[eE]\+?\d{1,2}\s*$|^\s*\d{6,20}[.,]0+\s*$"


def _infer_list(source: str, sheet: str | None) -> str:
    names = [Path(source).stem, sheet or ""]
    return "DPK" if any(re.search(r"(?i)(^|[^A-Z])DPK([^A-Z]|$)", n) for n in names) else "DPT"


def _process_grid(grid: sources.Grid, *, mapping, header_row, list_name, explicit_sheet):  # noqa: C901 (to split: issue 15)
    table = grid.table
    source = grid.source
    lname = list_name or _infer_list(source, grid.sheet)
    if table.num_columns == 0 or table.num_rows == 0:
        return None, SheetReport(source, grid.sheet, None, {}, [], {}, 0, {}, list_name=lname,
                                 note="the sheet is empty")
    header_index = None
    if header_row is not None:
        numbers = grid.numbers(0, table.num_rows)
        hits = np.flatnonzero(numbers == header_row)
        if not len(hits):
            raise SchemaError(f"--header-row {header_row} is outside the data (rows "
                              f"{int(numbers[0])}-{int(numbers[-1])})", path=source,
                              sheet=grid.sheet)
        header_index = int(hits[0])
    try:
        found = lay.detect_layout(table, header_index=header_index, overrides=mapping)
    except SchemaError as exc:
        if explicit_sheet or grid.kind != "excel":
            raise SchemaError(exc.message, path=source, sheet=grid.sheet) from None
        nonempty = _count_nonempty(table)
        return None, SheetReport(source, grid.sheet, None, {}, [], {}, 0,
                                 {"sheet_without_header": nonempty} if nonempty else {},
                                 list_name=lname, note=exc.message)
    fields = set(found.mapping.values())
    if schema.NAMA not in fields:
        raise SchemaError(key="no_nama_column", params={
            "found": ", ".join(h for h in found.headers if h) or "-"},
            path=source, sheet=grid.sheet)
    if schema.NIK not in fields and schema.TANGGAL_LAHIR not in fields:
        raise SchemaError(key="no_nik_or_dob",
                          path=source, sheet=grid.sheet)

    body = lay.classify_body(table, found)
    start = found.data_start
    numbers = grid.numbers(start, table.num_rows)
    header_number = int(grid.numbers(found.header_index, found.header_index + 1)[0])
    skipped = Counter(found.skipped_above)
    skipped_rows: dict[str, list[int]] = {}
    for reason, idx in body.skipped().items():
        skipped[reason] += len(idx)
        skipped_rows[reason] = [int(x) for x in numbers[idx[:20]]]
    for reason, lines in grid.skipped.items():
        skipped[reason] += len(lines)
        skipped_rows.setdefault(reason, []).extend(lines[:20])
    if grid.kind == "parquet":
        skipped.pop(lay.SKIP_HEADER, None)  # Parquet column names are not a row of the file

    keep = np.flatnonzero(body.record_mask)
    n = len(keep)
    if n and int(keep[-1]) - int(keep[0]) + 1 == n:
        first_kept = int(keep[0])
        pick = lambda col: col.slice(first_kept, n)  # noqa: E731 - contiguous: zero-copy
    else:
        take = pa.array(keep, pa.int64())
        pick = lambda col: col.take(take)  # noqa: E731
    data: dict[str, Any] = {}
    unmapped_names: list[str] = []
    for pos, col in enumerate(body.columns):
        fld = found.mapping.get(pos)
        header = found.headers[pos] if pos < len(found.headers) else ""
        if fld is None:
            if not header:
                # an unnamed column: keep it only if it holds anything
                if col.null_count == len(col):
                    continue
                header = f"column_{pos + 1}"
            name = header
            while name in data or name in _RESERVED:
                name = name + "_"
            unmapped_names.append(name)
            data[name] = pick(col)
        else:
            data[fld] = pick(col)
    # values given in title rows or section rows fill their field where the column is empty
    for fld, value in found.title_values.items():
        data[fld] = _fill_scalar(data.get(fld), value, n)
    for fld, values in body.section_values.items():
        data[fld] = _fill(data.get(fld), values[keep])

    # Excel damage: NIK/NKK stored as numbers
    positions = {fld: pos for pos, fld in found.mapping.items()
                 if fld in (schema.NIK, schema.NKK)}
    masks: dict[int, np.ndarray] = {}
    if positions and grid.numeric_cells is not None:
        masks = grid.numeric_cells(sorted(positions.values()))
    notes: dict[str, pd.api.extensions.ExtensionArray] = {}
    for fld, known_col in ((schema.NIK, schema.NIK_DIGITS_KNOWN),
                           (schema.NKK, schema.NKK_DIGITS_KNOWN)):
        if fld in positions:
            mask = masks.get(positions[fld])
            numeric = mask[start:][keep] if mask is not None and len(mask) >= start + (
                int(keep[-1]) + 1 if n else 0) else None
            data[fld], notes[known_col] = _repair_numbers(data[fld], numeric)
    if schema.TANGGAL_LAHIR in data:
        col = data[schema.TANGGAL_LAHIR]
        if pc.any(pc.match_substring(col, " 00:00:00")).as_py():
            data[schema.TANGGAL_LAHIR] = pc.replace_substring_regex(col, _ISO_MIDNIGHT, r"\1")

    frame = pd.DataFrame({k: _to_pandas(v) for k, v in data.items()}, copy=False)
    for k, arr in notes.items():
        frame[k] = arr
    _add_provenance(frame, grid, numbers[keep], lname)
    if grid.kind == "parquet":
        _restore_provenance(frame, unmapped_names)
        lists = frame[schema.LIST].dropna().unique().tolist()
        if len(lists) == 1:
            lname = str(lists[0])  # the list the records were read from originally
    ordered = [c for c in _column_order() if c in frame.columns]
    frame = frame[ordered + [c for c in frame.columns if c not in ordered]]
    report = SheetReport(
        source_file=source, sheet=grid.sheet, header_row=header_number,
        mapping={fld: found.headers[pos] for pos, fld in sorted(found.mapping.items())},
        unmapped=unmapped_names,
        title_values=dict(found.title_values), records=n,
        skipped=dict(skipped), skipped_rows=skipped_rows, list_name=lname)
    return frame, report


# Names an input column cannot keep: canonical, provenance and normalised columns. A file
# written by `dptclean normalize` read again keeps its normalised columns as text under a
# trailing "_" (they are computed afresh), instead of passing "true"/"false" off as booleans.
_NORMALISED = frozenset([schema.NAMA_NORM, schema.NAMA_KEY, schema.TANGGAL_LAHIR_NORM,
                         schema.TANGGAL_LAHIR_STATUS, schema.NIK_NORM, schema.NIK_STATUS,
                         schema.NKK_NORM, schema.NKK_STATUS, schema.NIK_SEX,
                         schema.NIK_BIRTH_DATE, schema.NIK_REGION, schema.NIK_REGION_LEVEL,
                         schema.NIK_SERIAL, schema.JENIS_KELAMIN_NORM, schema.STATUS_KAWIN_NORM,
                         schema.TEMPAT_LAHIR_NORM, schema.TMS, schema.RT_NORM, schema.RW_NORM,
                         schema.TPS_NORM, schema.DISABILITAS_NORM])
_RESERVED = frozenset([schema.LIST, *schema.FIELDS, *schema.READ_NOTES, *schema.PROVENANCE,
                       *_NORMALISED])


def _column_order() -> list[str]:
    return [schema.LIST, *schema.FIELDS, *schema.READ_NOTES, *schema.PROVENANCE]


def _count_nonempty(table: pa.Table) -> int:
    if table.num_columns == 0:
        return 0
    cols = [lay._clean(table.column(i)) for i in range(table.num_columns)]
    valid = np.sum([np.asarray(pc.is_valid(c).to_numpy(zero_copy_only=False)) for c in cols],
                   axis=0)
    return int((valid > 0).sum())


def _fill(col, values: np.ndarray):
    filler = pa.array(values, lay.TEXT)
    if col is None:
        return pa.chunked_array([filler])
    return pc.coalesce(col, filler)


def _fill_scalar(col, value: str, n: int):
    if col is None:
        return pa.chunked_array([_repeat_arrow(value, n)])
    if col.null_count == 0:
        return col
    return pc.coalesce(col, pa.scalar(value, lay.TEXT))


def _may_hold_number_text(col) -> bool:
    """Whether any value could be a number written as text: "3.32001E+15" and
    "3320011411430000.0" both hold a '.' or ','. A scan of the raw bytes, no per-row work."""
    chunks = col.chunks if isinstance(col, pa.ChunkedArray) else [col]
    for chunk in chunks:
        data = chunk.buffers()[2] if len(chunk.buffers()) > 2 else None
        if data is None:
            continue
        raw = np.frombuffer(data, dtype=np.uint8)
        if (raw == ord(".")).any() or (raw == ord(",")).any():
            return True
    return False


def _repair_numbers(col, numeric: np.ndarray | None):
    """Expand NIK/NKK stored as numbers to digit strings; return (column, digits known).

    Only the values that are number cells (``numeric``) or look like numbers written as text
    ("3.32001E+15", "3320011411430000.0") are looked at in Python.
    """
    n = len(col)
    known = np.zeros(n, dtype=np.int8)
    looks = np.zeros(n, dtype=bool)
    if _may_hold_number_text(col):
        looks = np.asarray(pc.fill_null(pc.match_substring_regex(col, _NUMBER_LIKE), False)
                           .to_numpy(zero_copy_only=False), dtype=bool)
    touch = np.flatnonzero(looks | numeric) if numeric is not None else np.flatnonzero(looks)
    if len(touch):
        py = col.take(pa.array(touch)).to_pylist()
        replace = np.zeros(n, dtype=bool)
        new_vals = []
        for i, v in zip(touch.tolist(), py):
            if v is None:
                continue
            digits, k = expand_number_text(v)
            if digits is None:
                continue
            known[i] = k
            if digits != v:
                replace[i] = True
                new_vals.append(digits)
        if new_vals:
            col = pc.replace_with_mask(col.combine_chunks() if isinstance(col, pa.ChunkedArray)
                                       else col, pa.array(replace), pa.array(new_vals, col.type))
    return col, pd.arrays.IntegerArray(known, known == 0)


def expand_number_text(value: str) -> tuple[str | None, int]:
    """A NIK/NKK written by Excel as a number -> (digit string, leading digits trustworthy).

    ``3320011411430000`` from a number cell keeps 15 significant digits (Excel's precision);
    ``3.32001E+15`` keeps 6; ``3320011411430001.0`` keeps all 16.
    """
    s = value.strip()
    m = _SCI.match(s)
    if m:
        lead, frac, exp = m.group(1), m.group(2) or "", int(m.group(3))
        mantissa = (lead + frac).rstrip("0") or "0"
        if len(mantissa) > exp + 1:
            return None, 0
        digits = (lead + frac).ljust(exp + 1, "0")
        return digits, min(len(mantissa), 15)
    m = _DOT0.match(s)
    if m:
        s = m.group(1)
    if s.isdigit():
        sig = len(s.rstrip("0"))
        # Excel keeps 15 significant digits: a trailing zero past them is not real.
        return s, (15 if len(s) >= 16 and sig <= 15 else len(s))
    return None, 0


def _to_pandas(col) -> pd.Series:
    if not isinstance(col, pa.ChunkedArray):
        col = pa.chunked_array([col])
    if col.type != lay.TEXT:
        col = col.cast(lay.TEXT)
    return pd.Series(pd.arrays.ArrowStringArray(col), copy=False)


def _repeat_arrow(value: str | None, n: int) -> pa.Array:
    """``value`` n times (or n nulls), built from buffers: no per-row work."""
    if value is None:
        return pa.nulls(n, lay.TEXT)
    raw = value.encode("utf-8")
    offsets = np.arange(0, (n + 1) * len(raw), len(raw) or 1, dtype=np.int64)[:n + 1] \
        if raw else np.zeros(n + 1, dtype=np.int64)
    return pa.Array.from_buffers(lay.TEXT, n, [None, pa.py_buffer(offsets),
                                               pa.py_buffer(raw * n)])


def _repeat_text(value: str | None, n: int) -> pd.api.extensions.ExtensionArray:
    return pd.arrays.ArrowStringArray(pa.chunked_array([_repeat_arrow(value, n)], type=lay.TEXT))


def _add_provenance(frame: pd.DataFrame, grid: sources.Grid, numbers: np.ndarray,
                    lname: str) -> None:
    n = len(frame)
    frame[schema.LIST] = pd.Categorical.from_codes(
        np.full(n, ["DPT", "DPK"].index(lname), dtype=np.int8), categories=["DPT", "DPK"])
    frame[schema.SOURCE_FILE] = _repeat_text(grid.source, n)
    frame[schema.SHEET] = _repeat_text(grid.sheet, n)
    frame[schema.ROW] = pd.arrays.IntegerArray(np.asarray(numbers, dtype=np.int64),
                                               np.zeros(n, dtype=bool))
    if schema.RECORD_NO not in frame.columns:
        frame[schema.RECORD_NO] = _repeat_text(None, n)


def _restore_provenance(frame: pd.DataFrame, unmapped: list[str]) -> None:
    """A Parquet file written by dptclean keeps the provenance of the original records.

    Its ``source_file``, ``sheet``, ``row``, ``record_no``, ``list`` and read-note columns came
    in as unmapped columns renamed with a trailing ``_``; they replace what this read derived.
    """
    for col in (*schema.PROVENANCE, schema.LIST, *schema.READ_NOTES):
        saved = col + "_"
        if saved not in frame.columns:
            continue
        values = frame.pop(saved)
        if col == schema.ROW:
            frame[col] = pd.to_numeric(values, errors="coerce").astype("Int64")
        elif col in schema.READ_NOTES:
            restored = pd.to_numeric(values, errors="coerce").astype("Int8")
            frame[col] = restored.fillna(frame[col]) if col in frame.columns else restored
        elif col == schema.LIST:
            frame[col] = pd.Categorical(values.astype(object), categories=["DPT", "DPK"])
        else:
            frame[col] = values
        if saved in unmapped:
            unmapped.remove(saved)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        cols = [schema.LIST, *schema.PROVENANCE]
        return pd.DataFrame({c: pd.Series([], dtype=STRING) for c in cols})
    if len(frames) == 1:
        out = frames[0]
    else:
        out = pd.concat(frames, ignore_index=True, sort=False)
        for c in out.columns:
            if c == schema.LIST:
                out[c] = pd.Categorical(out[c].astype(object), categories=["DPT", "DPK"])
            elif c == schema.ROW:
                out[c] = out[c].astype("Int64")
            elif c in schema.READ_NOTES:
                out[c] = out[c].astype("Int8")
            elif out[c].dtype != STRING:
                out[c] = out[c].astype(STRING)
    ordered = [c for c in _column_order() if c in out.columns]
    return out[ordered + [c for c in out.columns if c not in ordered]].reset_index(drop=True)
