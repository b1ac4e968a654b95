"""Writers: tables to CSV / XLSX / Parquet / JSON, always atomically and never over an input.

Every writer writes to a temporary file in the target directory and renames it into place, so
an error or Ctrl-C never leaves a half-written output. Text cells that a spreadsheet would run
as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) are neutralised with a
leading apostrophe in CSV and XLSX outputs.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dptclean.errors import ConfigError, OutputError

TABLE_FORMATS = {".csv": "csv", ".tsv": "tsv", ".xlsx": "xlsx", ".parquet": "parquet",
                 ".pq": "parquet", ".json": "json"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def format_for(path: str | os.PathLike, allowed: Iterable[str] | None = None) -> str:
    """The output format named by a path's extension."""
    suffix = Path(path).suffix.lower()
    fmt = TABLE_FORMATS.get(suffix)
    allowed = list(allowed) if allowed is not None else sorted(set(TABLE_FORMATS.values()))
    if fmt is None or fmt not in allowed:
        raise ConfigError(f"{path}: cannot tell the output format from the extension "
                          f"{suffix or '(none)'}; use one of "
                          + ", ".join(sorted({k for k, v in TABLE_FORMATS.items() if v in allowed})))
    return fmt


def check_not_input(path: str | os.PathLike, inputs: Iterable[str | os.PathLike]) -> None:
    """Refuse to write over one of the input files (also through a symlink, another relative
    path or a hard link to it)."""
    target = _real(path)
    for inp in inputs:
        if not isinstance(inp, (str, os.PathLike)) or str(inp) == "-":
            continue
        if _real(inp) == target or _same_file(path, inp):
            raise OutputError(key="output_is_input", path=str(path))


def _same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def _real(path: str | os.PathLike) -> str:
    return os.path.realpath(os.path.abspath(os.fspath(path)))


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[str]:
    """Yield a temporary path next to ``path``; on success it is renamed onto ``path``."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(directory):
        raise OutputError(key="output_dir_missing", params={"directory": directory}, path=path)
    if os.path.isdir(path):
        raise OutputError(key="output_is_directory", path=path)
    if not os.access(directory, os.W_OK):
        raise OutputError(key="output_no_permission", params={"directory": directory}, path=path)
    try:
        # mkstemp makes the file private (0600): a partial file never is readable by others
        fd, tmp = tempfile.mkstemp(prefix=".dptclean-", suffix=Path(path).suffix, dir=directory)
        os.close(fd)
    except OSError as exc:
        raise OutputError(key="output_cannot_create", params={"reason": exc.strerror or exc},
                          path=path) from None
    try:
        yield tmp
        # only the finished file gets its final permissions: those of the file it replaces
        # (an operator's 0600 stays 0600), or what a new file gets under the umask
        os.chmod(tmp, final_mode(path))
        os.replace(tmp, path)
    except OutputError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.path == tmp:  # name the file the user asked for, not the temporary one
            raise OutputError(exc.message, path=path) from None
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        # on Windows a file open in Excel is locked: say so, not just "Permission denied"
        hint = " (tutup berkas di Excel?)" if isinstance(exc, PermissionError) else ""
        raise OutputError(key="output_cannot_write",
                          params={"reason": f"{exc.strerror or exc}{hint}"}, path=path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def final_mode(path: str | os.PathLike, *, directory: bool = False) -> int:
    """The permissions an output at ``path`` gets: those of the file (or directory) it
    replaces, else the default under the current umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return (0o777 if directory else 0o666) & ~umask


def check_distinct(paths: Mapping[str, str | os.PathLike | None]) -> None:
    """Refuse two outputs of one run to the same file (``-o X --dpk-output X``): the second
    would silently replace the first. ``paths`` maps an option name to its path (or None)."""
    seen: dict[str, str] = {}
    for option, path in paths.items():
        if not path or str(path) == "-":
            continue
        real = _real(path)
        if real in seen:
            raise OutputError(f"{seen[real]} and {option} name the same file; give each "
                              "output its own name", path=str(path))
        seen[real] = option


def write_csv_stdout(frame: pd.DataFrame, stream: Any) -> None:
    """A table as CSV on a stream (stdout), formulas neutralised as in every CSV file."""
    safe = neutralise_formulas(frame)
    quoting = csv.QUOTE_ALL if _any_carriage_return(safe) else csv.QUOTE_MINIMAL
    safe.to_csv(stream, index=False, lineterminator="\n", quoting=quoting)


# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that
# show text in another order than it is stored
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match) -> str:
    ch = match.group(0)
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def plain_text(value: object) -> str:
    """``value`` as text for a terminal or a one-line report: every control character (an
    ESC that could retitle the window or hide text) shown as an escape such as ``\\x1b``."""
    return _CONTROL.sub(_visible, str(value))


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def data_text(value: object) -> str:
    """``value`` to put inside rich markup: control characters shown, markup escaped
    (``dpt [revisi].csv`` stays as it is; ``[link=...]`` is text, not a link)."""
    from rich.markup import escape

    return escape(plain_text(value))


def neutralise_text(value: object) -> object:
    """One text value as :func:`neutralise_formulas` writes it (other values unchanged)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not \
            _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would treat as a formula with an apostrophe.

    Column names too: an unmapped input column keeps its header, which may be a formula.
    """
    out = frame.copy()
    names = [neutralise_text(c) for c in out.columns]
    if names != list(out.columns):
        out.columns = names
    for j in _text_positions(out):
        if not _arrow_any(out.iloc[:, j], _starts_formula):
            continue  # (most columns: no value starts with a formula character)
        text = out.iloc[:, j].astype("string")
        risky = _per_value(text, _risky)
        if risky.any():
            out.isetitem(j, text.where(~risky, "'" + text))
    return out


def _risky(text: pd.Series) -> pd.Series:
    risky = text.str.startswith(_FORMULA_START).fillna(False)
    # plain negative numbers such as "-5" are data, not formulas
    return risky & ~text.str.fullmatch(r"-?\d+(?:[.,]\d+)?").fillna(False)


def _per_value(text: pd.Series, test) -> np.ndarray:
    """``test`` (a "string" Series -> booleans, False where missing) per value of ``text``,
    run once per distinct value: a column repeats its values (the same reason, kelurahan,
    category in many rows)."""
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    hit = np.asarray(test(pd.Series(uniques, dtype="string")), dtype=bool)
    hit = np.append(hit, False)
    return hit[np.where(codes >= 0, codes, len(hit) - 1)]


def write_table(frame: pd.DataFrame, path: str | os.PathLike, *, fmt: str | None = None,
                sheet_name: str = "data", inputs: Iterable[str] = (),
                excel_text: bool = False) -> None:
    """Write a DataFrame to CSV, TSV, XLSX, Parquet or JSON (records), atomically.

    ``excel_text``: in CSV/TSV, write long digit strings (a full NIK/NKK) as ``="3320..."``
    so Excel, opening the file, keeps them as text instead of turning them into 3.32E+15.
    """
    fmt = fmt or format_for(path)
    check_not_input(path, inputs)
    with atomic_path(path) as tmp:
        if fmt in ("csv", "tsv"):
            safe = neutralise_formulas(frame)
            if excel_text:
                safe = excel_text_digits(safe)
            # The csv module quotes a value holding "\n" but not one holding a lone "\r",
            # which every reader then takes for the end of the row: quote everything then.
            quoting = csv.QUOTE_ALL if _any_carriage_return(safe) else csv.QUOTE_MINIMAL
            # UTF-8 with a BOM: Excel then reads the names' letters right (docs/reports.md)
            write_csv(safe, tmp, sep="," if fmt == "csv" else "\t", quoting=quoting)
        elif fmt == "parquet":
            _to_parquet(frame, tmp)
        elif fmt == "xlsx":
            write_xlsx({sheet_name: frame}, tmp, _atomic=False)
        elif fmt == "json":
            records = json.loads(frame.to_json(orient="records", force_ascii=False))
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(records, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
        else:  # pragma: no cover - format_for guards this
            raise ConfigError(f"unknown output format {fmt!r}")


# cells converted at a time by write_csv: a million-record table is written in slices, so its
# text is never all in memory at once (as pandas' to_csv writes in chunks too)
_CSV_CELLS_AT_ONCE = 1_000_000


def write_csv(frame: pd.DataFrame, path: str | os.PathLike, *, sep: str = ",",
              quoting: int = csv.QUOTE_MINIMAL) -> None:
    """``frame.to_csv(path, index=False, sep=sep, encoding="utf-8-sig", lineterminator="\\n",
    quoting=quoting)``, the same bytes, about twice as fast: each column of a slice of rows is
    turned into its cells once, as pandas turns them (missing values empty), and the rows are
    joined without pandas' per-chunk conversion and copies. A column of any other dtype than
    those converted here (dates, nullable floats, ...) leaves the whole table to pandas."""
    ncols = frame.shape[1]
    step = max(1, _CSV_CELLS_AT_ONCE // max(ncols, 1))
    cells = _csv_cells(frame.iloc[:step], quoting) if ncols else None
    if cells is None or isinstance(frame.columns, pd.MultiIndex):
        frame.to_csv(path, index=False, sep=sep, encoding="utf-8-sig", lineterminator="\n",
                     quoting=quoting)
        return
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=sep, lineterminator="\n",
                            quoting=quoting,  # type: ignore[arg-type]
                            quotechar='"', doublequote=True, escapechar=None)
        writer.writerow(list(frame.columns))
        for start in range(0, len(frame), step):
            if start:
                cells = _csv_cells(frame.iloc[start:start + step], quoting)
            assert cells is not None    # (the same dtypes as the first slice)
            if quoting != csv.QUOTE_MINIMAL or ncols < 2:
                writer.writerows(zip(*cells))
                continue
            # QUOTE_MINIMAL: a field without the delimiter, a quote or a line break is written
            # as its text; only the others are quoted
            fields = [_csv_fields(column, sep) for column in cells]
            fh.write("".join(sep.join(row) + "\n" for row in zip(*fields)))


def _csv_fields(cells: list[Any], sep: str) -> list[str]:
    """One column's cells as the csv module writes them (QUOTE_MINIMAL, doubled quotes)."""
    # as the csv module turns a value into text: None empty, anything else by str()
    texts = cells if all(type(v) is str for v in cells) \
        else [v if type(v) is str else "" if v is None else str(v) for v in cells]
    whole = "\x00".join(texts)     # most columns hold none of them: one look at all values
    if not any(ch in whole for ch in (sep, '"', "\n", "\r")):
        return texts
    special = re.compile("[" + re.escape(sep) + '"\n\r]').search
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL,
                        quotechar='"', doublequote=True, escapechar=None)
    for i in [i for i, text in enumerate(texts) if special(text)]:
        text = texts[i]
        if "\r" not in text:
            # the delimiter, the quote and the line terminator are what the csv module quotes
            # for: the value in quotes, its quotes doubled
            texts[i] = '"' + text.replace('"', '""') + '"'
            continue
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([text, ""])          # two fields: a lone empty one would be quoted
        texts[i] = buffer.getvalue()[:-len(sep) - 1]   # less the separator and "\n"
    return texts


def _csv_cells(frame: pd.DataFrame, quoting: int) -> list[list[Any]] | None:
    """Each column's cells as pandas' CSV writer makes them (``get_values_for_csv`` with
    ``na_rep=""``): missing values empty, a NumPy float column as NumPy's text of its values
    (None when every field is quoted: pandas' own text of them there differs between pandas 2
    and 3, so pandas writes it), other values as they are (the csv module writes
    ``str(value)``, a float's ``repr``). None when a column has a dtype not handled here."""
    out: list[list[Any]] = []
    for j in range(frame.shape[1]):
        column = frame.iloc[:, j]
        dtype = column.dtype
        values = column.array
        if isinstance(dtype, np.dtype) and dtype.kind == "f" and quoting:
            return None  # every field quoted: pandas 2 and 3 write such floats differently
        if isinstance(dtype, np.dtype) and dtype.kind in "fiubO":
            arr = column.to_numpy()
            mask = pd.isna(arr)
            cells = (arr.astype(str) if dtype.kind == "f" and not quoting else arr) \
                .astype(object)
        elif isinstance(dtype, (pd.StringDtype, pd.BooleanDtype, pd.Int8Dtype, pd.Int16Dtype,
                                pd.Int32Dtype, pd.Int64Dtype, pd.UInt8Dtype, pd.UInt16Dtype,
                                pd.UInt32Dtype, pd.UInt64Dtype)) \
                or (isinstance(dtype, pd.CategoricalDtype)
                    and dtype.categories.dtype.kind not in "Mm"):
            mask = np.asarray(values.isna())
            cells = np.asarray(values.astype(object))
        else:
            return None
        cells = np.array(cells, dtype=object)   # a copy: the frame's own values stay
        cells[mask] = ""
        out.append(cells.tolist())
    return out


_LONG_DIGITS = r"\d{11,}"


def _text_positions(frame: pd.DataFrame) -> list[int]:
    """Positions of the text columns of ``frame``."""
    return [j for j, dtype in enumerate(frame.dtypes)
            if pd.api.types.is_string_dtype(dtype) or dtype == np.dtype(object)]


def _text_columns(frame: pd.DataFrame) -> Iterator[tuple[int, pd.Series]]:
    """(position, values as strings) of each text column of ``frame``."""
    for j in _text_positions(frame):
        yield j, frame.iloc[:, j].astype("string")


def _arrow_any(column: pd.Series, test) -> bool:
    """Whether ``test`` (an Arrow string array -> booleans, null where missing) holds for a
    value of a text column: one pass in Arrow over the column, without a Python string per
    value (an Arrow-backed column is not converted at all)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(column):
        return False
    values = column.array if isinstance(column.dtype, pd.StringDtype) \
        else column.astype("string").array
    arr = pa.array(values)
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.large_string())
    return pc.any(test(arr)).as_py() is True


def _starts_formula(arr):
    """Values starting with one of :data:`_FORMULA_START` (the cheap part of ``_risky``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.is_in(pc.utf8_slice_codeunits(arr, 0, 1),
                    value_set=pa.array(_FORMULA_START, type=arr.type))


def _has_carriage_return(arr):
    import pyarrow.compute as pc

    return pc.match_substring(arr, "\r")


def excel_text_digits(frame: pd.DataFrame) -> pd.DataFrame:
    """Long digit strings (11 or more digits: NIK, NKK) as ``="digits"``, which Excel shows
    as the digits and keeps as text. Only text columns; other values unchanged."""
    out = frame.copy()
    for j, text in _text_columns(out):
        long = _per_value(text, lambda t: t.str.fullmatch(_LONG_DIGITS).fillna(False))
        if long.any():
            out.isetitem(j, text.where(~long, '="' + text + '"'))
    return out


def _any_carriage_return(frame: pd.DataFrame) -> bool:
    if any("\r" in str(c) for c in frame.columns):
        return True
    return any(_arrow_any(frame.iloc[:, j], _has_carriage_return)
               for j in _text_positions(frame))


def _to_parquet(frame: pd.DataFrame, path: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, compression="zstd")


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | os.PathLike, *,
               _atomic: bool = True, widths: Mapping[str, Mapping[str, int]] | None = None
               ) -> None:
    """Write sheets to an XLSX workbook with frozen headers, autofilters and sane widths."""
    if _atomic:
        with atomic_path(path) as tmp:
            write_xlsx(sheets, tmp, _atomic=False, widths=widths)
        return
    import xlsxwriter

    wb = xlsxwriter.Workbook(os.fspath(path), {"constant_memory": True,
                                               "strings_to_numbers": False,
                                               "strings_to_formulas": False,
                                               "strings_to_urls": False})
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                          "valign": "top"})
    for name, frame in sheets.items():
        ws = wb.add_worksheet(_sheet_name(name))
        frame = neutralise_formulas(frame)
        check_cell_lengths(frame, path)
        cols = list(frame.columns)
        for j, col in enumerate(cols):
            ws.write_string(0, j, str(col), bold)
        for j, col in enumerate(cols):
            values = frame[col]
            sample = values.head(200).astype("string").fillna("")
            width = max([len(str(col))] + [len(v) for v in sample.tolist()]) + 2
            if widths and name in widths and col in widths[name]:
                width = widths[name][col]
            ws.set_column(j, j, min(max(width, 6), 60))
        numeric = [pd.api.types.is_numeric_dtype(frame[c].dtype)
                   and not pd.api.types.is_bool_dtype(frame[c].dtype) for c in cols]
        rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row):
                if value is None:
                    continue
                if numeric[j]:
                    ws.write_number(i, j, float(value))
                else:
                    ws.write_string(i, j, str(value))
        ws.freeze_panes(1, 0)
        if cols:
            ws.autofilter(0, 0, max(len(frame), 1), len(cols) - 1)
    try:
        wb.close()
    except Exception as exc:  # xlsxwriter raises its own types
        message = f"cannot write the workbook: {exc}"
        discard_failed_workbook(exc)
        raise OutputError(message, path=str(path)) from None


XLSX_MAX_CELL = 32_767  # characters an Excel cell holds; xlsxwriter cuts longer ones silently


def check_cell_lengths(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Refuse to write values an Excel cell cannot hold, naming the column and how many,
    instead of a workbook whose cells were cut short without a word."""
    for col in frame.columns:
        s = frame[col]
        if not (pd.api.types.is_string_dtype(s.dtype) or s.dtype == object):
            continue
        lengths = s.astype("string").str.len()
        over = int((lengths > XLSX_MAX_CELL).sum())
        if over:
            raise OutputError(
                f"column {col}: {over:,} value(s) longer than {XLSX_MAX_CELL:,} characters, "
                "the most an Excel cell holds; they would be cut short. Write .csv or "
                ".parquet instead", path=os.fspath(path))


def discard_failed_workbook(exc: BaseException) -> None:
    """Let go of a workbook whose writing failed (disk full) without a traceback.

    xlsxwriter leaves its zip archive open when writing it fails; the archive, reachable from
    the exception's frames, closes when it is collected and fails again (the disk is still
    full): Python prints that as "Exception ignored in ZipFile.__del__" with a traceback.
    Its frames are cleared here, with such OSErrors silenced while the archive is collected.
    """
    import gc
    import sys
    import traceback

    previous = sys.unraisablehook

    def quiet(unraisable):  # type: ignore[no-untyped-def]
        if not isinstance(unraisable.exc_value, OSError):
            previous(unraisable)

    sys.unraisablehook = quiet
    try:
        seen = 0
        cur: BaseException | None = exc
        while cur is not None and seen < 8:
            if cur.__traceback__ is not None:
                traceback.clear_frames(cur.__traceback__)
                cur.__traceback__ = None
            cur = cur.__context__
            seen += 1
        gc.collect()
    finally:
        sys.unraisablehook = previous


def _sheet_name(name: str) -> str:
    bad = '[]:*?/\\'
    clean = "".join("_" if ch in bad else ch for ch in str(name)).strip("'") or "sheet"
    return clean[:31]


def write_json(data: Any, path: str | os.PathLike, *, inputs: Iterable[str] = ()) -> None:
    """Write JSON (UTF-8, sorted keys as given, trailing newline) atomically."""
    check_not_input(path, inputs)
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(dumps_json(data))


def write_text(text: str, path: str | os.PathLike, *, inputs: Iterable[str] = ()) -> None:
    """Write text (UTF-8, LF line ends) atomically."""
    check_not_input(path, inputs)
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


def dumps_json(data: Any) -> str:
    """Deterministic JSON text: the same data always gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _json_default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
