"""The read stage: any voter-list dump -> one pandas DataFrame with canonical columns.

``read_voters`` is the library entry point; ``load_voters`` also returns, per file and sheet,
what was detected and how every non-empty row was accounted for (loaded or skipped, and why).
"""

from __future__ import annotations

import os
import re
import stat
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, Any, Union

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dptclean import schema
from dptclean.errors import ConfigError, InputError, SchemaError
from dptclean.io import layout as lay
from dptclean.io import lists, messages, sources
from dptclean.io.messages import ReadNote, ReadWarning, rows_text, text
from dptclean.report.privacy import header_cells_text

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
    list_name: str = "DPT"          # the list the records are counted in (DPT / DPK)
    note: str | None = None
    list_type: str | None = None    # what the file says it is: DPT / DPK / DPTb / DPS
    list_source: str | None = None  # where that was read: title / sheet / file / column
    header_from: str | None = None  # the sibling sheet whose header was borrowed
    hidden: str | None = None       # hidden / veryhidden sheet
    remapped_rows: list[int] = field(default_factory=list)  # headers with another order
    notes: list[ReadNote] = field(default_factory=list)
    lost_rows: list[int] = field(default_factory=list)  # data rows that were not read

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_file": self.source_file, "sheet": self.sheet, "list": self.list_name,
            "list_type": self.list_type, "list_source": self.list_source,
            "header_row": self.header_row, "header_from": self.header_from,
            "mapping": self.mapping, "unmapped": self.unmapped,
            "title_values": self.title_values, "records": self.records,
            "skipped": dict(sorted(self.skipped.items())),
            "skipped_rows": {k: v for k, v in sorted(self.skipped_rows.items())},
            "remapped_rows": self.remapped_rows, "hidden": self.hidden,
            "note": self.note, "notes": [n.to_dict() for n in self.notes],
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

    @property
    def notes(self) -> list[ReadNote]:
        return [n for s in self.sheets for n in s.notes]

    def to_dict(self) -> dict[str, Any]:
        return {"records": self.records, "skipped": self.skipped,
                "sheets": [s.to_dict() for s in self.sheets]}


def read_voters(paths: PathLike | Sequence[PathLike], **options: Any) -> pd.DataFrame:
    """Read one or more voter-list files into one DataFrame with canonical columns.

    Options: ``sheets`` (names or 1-based numbers), ``mapping`` (field -> header text),
    ``header_row`` (1-based), ``delimiter``, ``encoding``, ``list_name`` ("DPT"/"DPK"; default:
    "DPK" for files or sheets whose name says DPK), ``include_hidden`` (read hidden sheets),
    ``allow_skipped_sheets`` (go on when a sheet's rows cannot be read), ``progress``.
    """
    return load_voters(paths, **options).frame


@dataclass
class _Options:
    mapping: Mapping[str, str] | None
    header_row: int | None
    list_name: str | None
    explicit_sheet: bool
    include_hidden: bool


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
    include_hidden: bool = False,
    allow_skipped_sheets: bool = False,
) -> LoadResult:
    """Like :func:`read_voters`, and also report the layout and row accounting per sheet.

    A sheet without a header row is read with the header of a sibling sheet when its columns
    and values fit that header; when none fits, its rows are not read and this raises an
    ``InputError`` naming the sheet and rows, unless ``allow_skipped_sheets``. Hidden sheets
    are left out (with a note) unless ``include_hidden``. Notes are also issued as
    :class:`dptclean.io.messages.ReadWarning`.
    """
    paths = _check_arguments(paths, list_name, mapping)
    from dptclean.limits import check_memory

    readable = [p for p in paths if not _is_lock_file(p)]
    if not readable:
        raise InputError(text("only_lock_files"))
    check_memory(readable)  # a clear error now rather than the OOM killer half-way
    _check_no_file_twice(readable)
    opts = _Options(mapping, header_row, list_name, bool(sheets), include_hidden)
    reads: list[_Read] = []
    for n, path in enumerate(paths):
        if _is_lock_file(path):
            reads.append(_lock_file_read(path))
            continue
        file_reads: list[_Read] = []
        for grid in _grids(path, sheets=sheets, delimiter=delimiter, encoding=encoding,
                           header_row=header_row):
            if progress:
                progress(f"reading {grid.source}" + (f" [{grid.sheet}]" if grid.sheet else ""),
                         n, len(paths))
            file_reads.append(_read_grid(grid, opts))
        _read_headerless(file_reads, reads, opts)
        reads.extend(file_reads)
        _check_file_has_records(path, [r.report for r in file_reads])
    if progress:
        progress("reading done", len(paths), len(paths))
    reports = [r.report for r in reads]
    _check_lost_rows(reports, allow_skipped_sheets)
    for report in reports:
        for note in report.notes:
            warnings.warn(ReadWarning(note), stacklevel=2)
    frame = _concat([r.frame for r in reads if r.frame is not None])
    return LoadResult(frame=frame, sheets=reports)


def _check_arguments(paths, list_name, mapping) -> list:
    if isinstance(paths, (str, os.PathLike)) or hasattr(paths, "read"):
        paths = [paths]
    paths = list(paths)
    if not paths:
        raise InputError(key="no_input")
    if list_name is not None and list_name not in ("DPT", "DPK"):
        raise ConfigError(f"list_name must be 'DPT' or 'DPK', not {list_name!r}")
    if mapping:
        unknown = set(mapping) - set(schema.FIELDS) - {schema.RECORD_NO}
        if unknown:
            raise SchemaError(f"--map names unknown fields: {', '.join(sorted(unknown))}")
    return paths


def _check_no_file_twice(paths: list) -> None:
    """The same list given twice (the same path, or a copy with the same bytes such as
    'dpt (1).xlsx' that dpt/*.xlsx picks up) would count every voter in it twice and make each
    one a duplicate: refused. Only files of equal size are hashed (usually none)."""
    import hashlib

    def sha256_of(name: str) -> str:
        h = hashlib.sha256()
        with open(name, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()

    by_size: dict[int, list[str]] = {}
    for p in paths:
        if hasattr(p, "read") or os.fspath(p) == "-":
            continue
        name = os.fspath(p)
        try:
            st = os.stat(name)
        except OSError:
            continue  # the reader says what is wrong with it
        if stat.S_ISREG(st.st_mode) and st.st_size:
            by_size.setdefault(st.st_size, []).append(name)
    for same in by_size.values():
        seen: dict[str, str] = {}
        for name in same if len(same) > 1 else ():
            digest = sha256_of(name)
            if digest in seen:
                raise InputError(key="same_file_twice", params={"other": seen[digest]},
                                 path=name)
            seen[digest] = name


def _is_lock_file(path: PathLike) -> bool:
    """An Excel lock file (``~$dpt.xlsx``): present while the workbook is open in Excel."""
    if hasattr(path, "read"):
        return False
    name = os.path.basename(os.fspath(path))  # type: ignore[arg-type]
    return name.startswith("~$") and sources.suffix_of(name) in sources.EXCEL_SUFFIXES


def _lock_file_read(path: PathLike) -> _Read:
    name = _display_name(path)
    note = ReadNote("lock_file", path=name)
    return _Read(None, SheetReport(name, None, None, {}, [], {}, 0, {}, note=text("lock_file"),
                                   notes=[note]))


def _check_file_has_records(path: PathLike, reports: list[SheetReport]) -> None:
    name = _display_name(path)
    if reports and all(r.header_row is None and not r.records for r in reports):
        # the most telling reason: a hidden or recap sheet, then any note
        only = next((r for r in reports if r.notes), None) or \
            next((r for r in reports if r.note), reports[0])
        raise SchemaError(only.note or "no recognisable header row", path=name,
                          sheet=only.sheet if len(reports) == 1 else None)


def _check_lost_rows(reports: list[SheetReport], allow: bool) -> None:
    """Rows of a sheet that could not be read: an input error unless allowed."""
    for r in reports:
        if not r.lost_rows:
            continue
        params = {"count": len(r.lost_rows), "rows": rows_text(r.lost_rows),
                  "why": r.note or ""}
        if not allow:
            raise messages.error(InputError, "sheet_not_read", path=r.source_file,
                                 sheet=r.sheet, **params)
        r.notes.append(ReadNote("sheet_not_read_allowed", params, r.source_file, r.sheet))


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
        yield sources.read_csv_bytes(sources.read_stdin(sys.stdin.buffer), "<stdin>", delimiter=delimiter,
                                     encoding=encoding, header_hint=_hint(header_row))
        return
    sources.check_regular_file(p)  # no such file, a directory, a FIFO, /dev/zero
    suffix = sources.suffix_of(p)
    if suffix in sources.EXCEL_SUFFIXES:
        yield from sources.read_workbook(p, sheets)
    elif suffix in sources.PARQUET_SUFFIXES:
        yield sources.read_parquet(p)
    elif suffix in sources.CSV_SUFFIXES or suffix == "":
        yield sources.read_csv_path(p, delimiter=delimiter, encoding=encoding,
                                    header_hint=_hint(header_row))
    elif suffix == ".gz" and sources.suffix_of(p[:-3]) in sources.CSV_SUFFIXES:
        # a compressed dump (dump.csv.gz): the CSV inside, read from memory
        yield sources.read_csv_bytes(sources.read_gzip(p), p, delimiter=delimiter,
                                     encoding=encoding, header_hint=_hint(header_row))
    else:
        raise InputError(key="unsupported_type", params={"suffix": repr(suffix)}, path=p)


def _hint(header_row: int | None) -> int | None:
    return None if header_row is None else header_row - 1


# --- from grid to canonical records -------------------------------------------------------------

_SCI = re.compile(r"^\s*(\d)(?:[.,](\d+))?[eE]\+?(\d{1,2})\s*$")
_DOT0 = re.compile(r"^\s*(\d{6,20})[.,]0+\s*$")
_ISO_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00(?:\.0+)?$"
_NUMBER_LIKE = r"^\s*\d(?:[.,]\d+)?[eE]\+?\d{1,2}\s*$|^\s*\d{6,20}[.,]0+\s*$"

# A row with at least this many filled cells holds data (a voter), not a note.
DATA_ROW_CELLS = 3
SKIP_NO_HEADER = "sheet_without_header"
SKIP_HIDDEN = "hidden_sheet"
SKIP_RECAP = "recap_sheet"


@dataclass
class _Read:
    """One grid read: its records (or None), its report, and for a sheet without a header
    the grid itself, kept to try a sibling's header once the whole file is read."""

    frame: pd.DataFrame | None
    report: SheetReport
    layout: lay.Layout | None = None
    grid: sources.Grid | None = None


def _read_grid(grid: sources.Grid, opts: _Options) -> _Read:
    """Detect the layout of one grid and read its records (or say why it holds none)."""
    table = grid.table
    if grid.hidden and not (opts.include_hidden or opts.explicit_sheet):
        return _skipped_sheet(grid, SKIP_HIDDEN,
                              ReadNote("hidden_sheet", {"state": grid.hidden,
                                                        "rows": _count_nonempty(table)},
                                       grid.source, grid.sheet))
    if table.num_columns == 0 or table.num_rows == 0:
        return _Read(None, SheetReport(grid.source, grid.sheet, None, {}, [], {}, 0, {},
                                       note="the sheet is empty"))
    try:
        found = lay.detect_layout(table, header_index=_header_index(grid, opts.header_row),
                                  overrides=opts.mapping)
    except SchemaError as exc:
        if opts.explicit_sheet or grid.kind != "excel":
            if lay.looks_like_recap(table):
                raise messages.error(SchemaError, "recap_only", path=grid.source,
                                     sheet=grid.sheet) from None
            raise SchemaError(exc.message, path=grid.source, sheet=grid.sheet) from None
        if lay.looks_like_recap(table):
            return _skipped_sheet(grid, SKIP_RECAP, ReadNote("recap_sheet", {}, grid.source,
                                                             grid.sheet))
        return _headerless(grid, exc.message)
    if not _has_required_fields(grid, found, opts):
        return _skipped_sheet(grid, SKIP_RECAP, ReadNote("recap_sheet", {}, grid.source,
                                                         grid.sheet))
    result = _read_segments(grid, found, opts)
    if grid.hidden:
        result.report.hidden = grid.hidden
        result.report.notes.append(ReadNote("hidden_sheet_read", {"state": grid.hidden},
                                            grid.source, grid.sheet))
    result.report.notes[:0] = grid.notes
    _note_hidden_rows(grid, result)
    return result


def _note_hidden_rows(grid: sources.Grid, result: _Read) -> None:
    """Rows hidden in Excel are read (they are in the list; hiding is only a view), and said:
    a count made in Excel leaves them out."""
    if grid.hidden_rows is None or result.frame is None or not len(result.frame):
        return
    read = result.frame[schema.ROW].to_numpy(dtype=np.int64)
    rows = np.intersect1d(read, grid.hidden_rows)
    if len(rows):
        result.report.notes.append(ReadNote("hidden_rows_read", {
            "count": len(rows), "rows": rows_text([int(x) for x in rows])},
            grid.source, grid.sheet))


def _header_index(grid: sources.Grid, header_row: int | None) -> int | None:
    if header_row is None:
        return None
    numbers = grid.numbers(0, grid.table.num_rows)
    hits = np.flatnonzero(numbers == header_row)
    if not len(hits):
        raise SchemaError(f"--header-row {header_row} is outside the data (rows "
                          f"{int(numbers[0])}-{int(numbers[-1])})", path=grid.source,
                          sheet=grid.sheet)
    return int(hits[0])


def _skipped_sheet(grid: sources.Grid, reason: str, note: ReadNote) -> _Read:
    nonempty = _count_nonempty(grid.table)
    why = text("recap_only") if reason == SKIP_RECAP else text(note.key, **note.params)
    return _Read(None, SheetReport(grid.source, grid.sheet, None, {}, [], {}, 0,
                                   {reason: nonempty} if nonempty else {},
                                   note=why, hidden=grid.hidden, notes=[note]))


def _headerless(grid: sources.Grid, why: str) -> _Read:
    """A sheet with no header: kept aside to try a sibling's header (see _read_headerless)."""
    counts = _row_counts(grid.table)
    nonempty = int((counts > 0).sum())
    data = np.flatnonzero(counts >= DATA_ROW_CELLS)
    report = SheetReport(grid.source, grid.sheet, None, {}, [], {}, 0,
                         {SKIP_NO_HEADER: nonempty} if nonempty else {}, note=why)
    report.lost_rows = [int(x) for x in grid.numbers(0, grid.table.num_rows)[data]]
    return _Read(None, report, grid=grid if len(data) else None)


def _has_required_fields(grid: sources.Grid, found: lay.Layout, opts: _Options) -> bool:
    """Raise when the header lacks NAMA or both NIK and TANGGAL LAHIR; False for a recap
    sheet among the sheets of a workbook (skipped, with a note)."""
    fields = set(found.mapping.values())
    if schema.NAMA not in fields:
        if lay.looks_like_recap(grid.table):
            if grid.kind == "excel" and not opts.explicit_sheet:
                return False
            raise messages.error(SchemaError, "recap_only", path=grid.source, sheet=grid.sheet)
        found_text = header_cells_text(found.headers)
        near = [h for h, f in schema.near_miss_headers(found.unmapped, fields).items()
                if f == schema.NAMA]
        if near and not found_text.startswith("a voter's data"):   # headers, not a record
            raise SchemaError(key="no_nama_column_near",
                              params={"found": found_text, "header": f"'{near[0]}'"},
                              path=grid.source, sheet=grid.sheet)
        raise SchemaError(key="no_nama_column", params={"found": found_text},
                          path=grid.source, sheet=grid.sheet)
    if schema.NIK not in fields and schema.TANGGAL_LAHIR not in fields:
        raise SchemaError(key="no_nik_or_dob", path=grid.source, sheet=grid.sheet)
    return True


def _read_segments(grid: sources.Grid, found: lay.Layout, opts: _Options) -> _Read:
    """Read a grid whose header may come again with another column order further down
    (joined exports): each part is read with its own header.

    The report gives the header the first records are read with: when a header is followed
    by another one with no record between them (two header rows naming the same fields in
    different columns), the records are read with the one directly above them, that one is
    reported, and a note names the header that was not used."""
    others = lay.other_header_rows(grid.table, found, opts.mapping)
    if not others:
        frame, report = _records(grid, found, opts.list_name)
        return _Read(frame, report, layout=found)
    cuts = [0] + [row for row, _ in others] + [grid.table.num_rows]
    frames: list[pd.DataFrame] = []
    reports: list[SheetReport] = []
    layouts: list[lay.Layout] = []
    for k in range(len(cuts) - 1):
        part = _sub_grid(grid, cuts[k], cuts[k + 1])
        layout = found if k == 0 else lay.detect_layout(part.table, header_index=0,
                                                        overrides=opts.mapping)
        if k:
            layout.title_values = {**found.title_values, **layout.title_values}
            layout.title_texts = found.title_texts + layout.title_texts
        frame, report = _records(part, layout, opts.list_name)
        frames.append(frame)
        reports.append(report)
        layouts.append(layout)
    lead = next((k for k, r in enumerate(reports) if r.records), 0)
    report = replace(reports[lead], records=0, skipped={}, skipped_rows={})
    for other in reports:
        report.records += other.records
        for reason, count in other.skipped.items():
            report.skipped[reason] = report.skipped.get(reason, 0) + count
        for reason, rows in other.skipped_rows.items():
            report.skipped_rows.setdefault(reason, []).extend(rows)
    report.remapped_rows = [int(grid.numbers(row, row + 1)[0]) for row, _ in others[lead:]]
    if lead:
        unused = [r.header_row for r in reports[:lead] if r.header_row is not None]
        report.notes.append(ReadNote("header_unused", {
            "rows": rows_text(unused), "used": report.header_row}, grid.source, grid.sheet))
    return _Read(_concat(frames), report, layout=layouts[lead])


def _sub_grid(grid: sources.Grid, start: int, stop: int) -> sources.Grid:
    """Rows ``start:stop`` of a grid, keeping their row numbers and number-cell masks."""
    numeric = None
    if grid.numeric_cells is not None:
        parent = grid.numeric_cells

        def numeric(cols: Sequence[int]) -> dict[int, np.ndarray]:
            return {c: m[start:stop] for c, m in parent(cols).items()}

    return replace(grid, table=grid.table.slice(start, stop - start),
                   row_numbers=grid.numbers(start, stop), numeric_cells=numeric,
                   skipped={} if start else grid.skipped)


def _read_headerless(file_reads: list[_Read], earlier: list[_Read], opts: _Options) -> None:
    """Read each sheet without a header with the header its sibling sheets share, when the
    sheet's columns and values fit it (NIK-like digits under NIK, dates under dates ...)."""
    siblings = [r for r in file_reads if r.layout is not None and r.frame is not None]
    siblings += [r for r in earlier if r.layout is not None and r.frame is not None]
    for i, read in enumerate(file_reads):
        if read.grid is None:
            continue
        grid = read.grid
        why = read.report.note  # no sibling sheet: why this one has no header
        for sib in siblings:
            assert sib.layout is not None
            misfit = _header_misfit(grid.table, sib.layout, sib.report.sheet)
            if misfit is None:
                file_reads[i] = _read_with_header(grid, sib, opts)
                break
            why = misfit
        else:
            read.report.note = why
            read.grid = None


def _header_misfit(table: pa.Table, layout: lay.Layout, sibling: str | None) -> str | None:
    """Why the sibling's header does not fit this sheet (None when it fits)."""
    width = len(layout.headers)
    used = _used_width(table)
    needed = [pos for pos, fld in layout.mapping.items() if fld not in _MAY_BE_EMPTY]
    if used > width or (needed and max(needed) >= used):
        return text("sibling_width", sibling=sibling, want=width, have=used)
    column = lay.misfit_column(table, layout)
    if column is not None:
        return text("sibling_values", sibling=sibling, column=column)
    return None


# Columns that may be empty in every record, so a sheet may end before them.
_MAY_BE_EMPTY = frozenset([schema.KETERANGAN, schema.DISABILITAS, schema.TPS, schema.RT,
                           schema.RW, schema.USIA, schema.ALAMAT, schema.STATUS_KAWIN,
                           schema.KELURAHAN, schema.KECAMATAN, schema.KABUPATEN,
                           schema.PROVINSI])


def _used_width(table: pa.Table) -> int:
    """The number of columns up to the last one holding a value."""
    for i in range(table.num_columns - 1, -1, -1):
        if lay._clean(table.column(i)).null_count < table.num_rows:
            return i + 1
    return 0


def _read_with_header(grid: sources.Grid, sibling: _Read, opts: _Options) -> _Read:
    assert sibling.layout is not None
    borrowed = lay.Layout(header_index=-1, header_rows=0, headers=list(sibling.layout.headers),
                          mapping=dict(sibling.layout.mapping), data_start=0)
    frame, report = _records(grid, borrowed, opts.list_name)
    report.header_from = sibling.report.sheet
    report.notes.insert(0, ReadNote("header_borrowed", {
        "sibling": sibling.report.sheet, "records": report.records,
        "rows": rows_text([int(x) for x in frame[schema.ROW]])}, grid.source, grid.sheet))
    return _Read(frame, report, layout=None)


def _records(grid: sources.Grid, found: lay.Layout, list_name: str | None
             ) -> tuple[pd.DataFrame, SheetReport]:
    """The records of a grid under a known layout, and the sheet's report."""
    body = lay.classify_body(grid.table, found)
    numbers = grid.numbers(found.data_start, grid.table.num_rows)
    skipped, skipped_rows = _accounting(grid, found, body, numbers)
    keep = np.flatnonzero(body.record_mask)
    data, unmapped_names = _columns(body, found, keep)
    _fill_location(data, found, body, keep)
    notes = _repair_identity_numbers(data, grid, found, keep)
    _trim_midnight(data)
    listed = lists.decide(grid, found, data, list_name)
    frame = pd.DataFrame({k: _to_pandas(v) for k, v in data.items()}, copy=False)
    for k, arr in notes.items():
        frame[k] = arr
    _add_provenance(frame, grid, numbers[keep], listed.role)
    lname = listed.role
    if grid.kind == "parquet":
        _restore_provenance(frame, unmapped_names)
        saved = frame[schema.LIST].dropna().unique().tolist()
        if len(saved) == 1:
            lname = str(saved[0])  # the list the records were read from originally
    ordered = [c for c in _column_order() if c in frame.columns]
    frame = frame[ordered + [c for c in frame.columns if c not in ordered]]
    header_number = (int(grid.numbers(found.header_index, found.header_index + 1)[0])
                     if found.header_index >= 0 else None)
    report = SheetReport(
        source_file=grid.source, sheet=grid.sheet, header_row=header_number,
        mapping={fld: found.headers[pos] for pos, fld in sorted(found.mapping.items())},
        unmapped=unmapped_names, title_values=dict(found.title_values), records=len(keep),
        skipped=dict(skipped), skipped_rows=skipped_rows, list_name=lname,
        list_type=listed.type, list_source=listed.source)
    near = schema.near_miss_headers(unmapped_names, report.mapping)
    if near:   # a header typo drops a field from matching without a word otherwise
        report.notes.append(ReadNote("header_near_miss", {
            "columns": ", ".join(f"'{h}'" for h in near),
            "fields": ", ".join(f.upper().replace("_", " ") for f in near.values()),
            "maps": " ".join(f"--map {f}='{h}'" for h, f in near.items())},
            grid.source, grid.sheet))
    report.notes.extend(_twice_named(frame, report, unmapped_names))
    return frame, report


# A voter's identifying fields: a second column with the same header and other values makes it
# unclear which one the figures were computed from.
_IDENTITY = (schema.NIK, schema.NKK, schema.NAMA, schema.TANGGAL_LAHIR, schema.JENIS_KELAMIN,
             schema.TEMPAT_LAHIR)


def _twice_named(frame: pd.DataFrame, report: SheetReport, unmapped: list[str]
                 ) -> list[ReadNote]:
    """A note per identifying field whose header appears twice with different values: the first
    column is read, the other kept as an extra column (and not used)."""
    notes = []
    for fld in _IDENTITY:
        header = report.mapping.get(fld)
        if header is None or fld not in frame.columns:
            continue
        key = schema.header_key(header)
        for other in unmapped:
            if other not in frame.columns or schema.header_key(other) != key:
                continue
            a = frame[fld].astype("string").fillna("").str.strip()
            b = frame[other].astype("string").fillna("").str.strip()
            differ = (a != b).to_numpy(dtype=bool)
            if differ.any():
                rows = frame[schema.ROW].to_numpy()[differ]
                notes.append(ReadNote("header_twice", {
                    "header": f"'{header}'", "count": int(differ.sum()),
                    "rows": rows_text([int(x) for x in rows[:20]])},
                    report.source_file, report.sheet))
            break
    return notes


def _accounting(grid: sources.Grid, found: lay.Layout, body: lay.Body, numbers: np.ndarray
                ) -> tuple[Counter, dict[str, list[int]]]:
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
    return skipped, skipped_rows


def _columns(body: lay.Body, found: lay.Layout, keep: np.ndarray
             ) -> tuple[dict[str, Any], list[str]]:
    """The record rows of every column: mapped ones under their field, others by header."""
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
        if fld is not None:
            data[fld] = pick(col)
            continue
        header = found.headers[pos] if pos < len(found.headers) else ""
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
    return data, unmapped_names


def _fill_location(data: dict[str, Any], found: lay.Layout, body: lay.Body,
                   keep: np.ndarray) -> None:
    """Values given in title rows or section rows fill their field where the column is empty."""
    for fld, value in found.title_values.items():
        data[fld] = _fill_scalar(data.get(fld), value, len(keep))
    for fld, values in body.section_values.items():
        data[fld] = _fill(data.get(fld), values[keep])


def _repair_identity_numbers(data: dict[str, Any], grid: sources.Grid, found: lay.Layout,
                             keep: np.ndarray) -> dict[str, Any]:
    """Excel damage: NIK/NKK stored as numbers, expanded to digits; the digits-known notes."""
    positions = {fld: pos for pos, fld in found.mapping.items()
                 if fld in (schema.NIK, schema.NKK)}
    masks: dict[int, np.ndarray] = {}
    if positions and grid.numeric_cells is not None:
        masks = grid.numeric_cells(sorted(positions.values()))
    start, n = found.data_start, len(keep)
    notes: dict[str, Any] = {}
    for fld, known_col in ((schema.NIK, schema.NIK_DIGITS_KNOWN),
                           (schema.NKK, schema.NKK_DIGITS_KNOWN)):
        if fld in positions:
            mask = masks.get(positions[fld])
            numeric = mask[start:][keep] if mask is not None and len(mask) >= start + (
                int(keep[-1]) + 1 if n else 0) else None
            data[fld], notes[known_col] = _repair_numbers(data[fld], numeric)
    return notes


def _trim_midnight(data: dict[str, Any]) -> None:
    if schema.TANGGAL_LAHIR in data:
        col = data[schema.TANGGAL_LAHIR]
        if pc.any(pc.match_substring(col, " 00:00:00")).as_py():
            data[schema.TANGGAL_LAHIR] = pc.replace_substring_regex(col, _ISO_MIDNIGHT, r"\1")


# Names an input column cannot keep: canonical, provenance and normalised columns. A file
# written by `dptclean normalize` read again keeps its normalised columns as text under a
# trailing "_" (they are computed afresh), instead of passing "true"/"false" off as booleans.
_NORMALISED = frozenset([schema.NAMA_NORM, schema.NAMA_KEY, schema.TANGGAL_LAHIR_NORM,
                         schema.TANGGAL_LAHIR_STATUS, schema.TANGGAL_LAHIR_PARTIAL,
                         schema.NIK_NORM, schema.NIK_STATUS,
                         schema.NKK_NORM, schema.NKK_STATUS, schema.NIK_JENIS_KELAMIN,
                         schema.NIK_TANGGAL_LAHIR, schema.NIK_WILAYAH, schema.NIK_WILAYAH_LEVEL,
                         schema.NIK_SERIAL, schema.JENIS_KELAMIN_NORM, schema.STATUS_KAWIN_NORM,
                         schema.TEMPAT_LAHIR_NORM, schema.TMS, schema.RT_NORM, schema.RW_NORM,
                         schema.TPS_NORM, schema.DISABILITAS_NORM])
_RESERVED = frozenset([schema.LIST, *schema.FIELDS, *schema.READ_NOTES, *schema.PROVENANCE,
                       *_NORMALISED])


def _column_order() -> list[str]:
    return [schema.LIST, *schema.FIELDS, *schema.READ_NOTES, *schema.PROVENANCE]


def _row_counts(table: pa.Table) -> np.ndarray:
    """The number of filled cells of every row."""
    if table.num_columns == 0:
        return np.zeros(table.num_rows, dtype=np.int64)
    cols = [lay._clean(table.column(i)) for i in range(table.num_columns)]
    return np.sum([np.asarray(pc.is_valid(c).to_numpy(zero_copy_only=False)) for c in cols],
                  axis=0)


def _count_nonempty(table: pa.Table) -> int:
    return int((_row_counts(table) > 0).sum()) if table.num_columns else 0


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


def _rows_holding(col, chars: bytes) -> np.ndarray:
    """Positions of the values that hold any of the ASCII ``chars`` (from the raw bytes)."""
    chunks = col.chunks if isinstance(col, pa.ChunkedArray) else [col]
    out, base = [], 0
    for chunk in chunks:
        n = len(chunk)
        bufs = chunk.buffers()
        if n and len(bufs) > 2 and bufs[2] is not None:
            width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
            offsets = np.frombuffer(bufs[1], dtype=width)[chunk.offset:chunk.offset + n + 1]
            data = np.frombuffer(bufs[2], dtype=np.uint8)[int(offsets[0]):int(offsets[-1])]
            hold = np.zeros(len(data), dtype=bool)
            for c in chars:   # (a few comparisons beat a table lookup per byte)
                hold |= data == c
            pos = np.flatnonzero(hold) + int(offsets[0])
            rows = np.unique(np.searchsorted(offsets, pos, side="right") - 1)
            out.append(rows[rows < n] + base)
        base += n
    return np.concatenate(out).astype(np.int64) if out else np.zeros(0, dtype=np.int64)


def _repair_numbers(col, numeric: np.ndarray | None):
    """Expand NIK/NKK stored as numbers to digit strings; return (column, digits known).

    Only the values that are number cells (``numeric``) or look like numbers written as text
    ("3.32001E+15", "3320011411430000.0") are looked at in Python.
    """
    n = len(col)
    known = np.zeros(n, dtype=np.int8)
    looks = np.zeros(n, dtype=bool)
    if _may_hold_number_text(col):
        # the pattern needs a '.', ',', 'e' or 'E': only the values holding one are matched
        rows = _rows_holding(col, b".,eE")
        if len(rows):
            some = col.take(pa.array(rows))
            hit = np.asarray(pc.fill_null(pc.match_substring_regex(some, _NUMBER_LIKE), False)
                             .to_numpy(zero_copy_only=False), dtype=bool)
            looks[rows[hit]] = True
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

